import type { Registration } from './registration.entity.js';
import { registrationPayload } from './registration-events.js';

const event = { id: 4, title: 'Kelas Kopi', startsAt: new Date('2026-12-08T01:00:00Z'), venue: { timezone: 'Asia/Jayapura' } };
const base = {
  id: 9, eventId: 4, status: 'waitlisted', name: 'Yosef', email: 'yosef@contoh.id', phone: '+628123', ticketCode: 'ABCD2345', checkedInAt: null,
} as unknown as Registration;

describe('registrationPayload', () => {
  it('names the attendee and the event, never the email, phone or ticket code', () => {
    const payload = registrationPayload(base, event, 3);
    expect(payload).toEqual({
      registration: { id: 9, eventId: 4, status: 'waitlisted', waitlistPosition: 3, name: 'Yosef', checkedInAt: null },
      event: { id: 4, title: 'Kelas Kopi', start: '2026-12-08T10:00:00+09:00', timezone: 'Asia/Jayapura' },
    });
    expect(JSON.stringify(payload)).not.toMatch(/contoh\.id|\+628123|ABCD2345/);
  });

  it('gives a place on the waiting list only to a waitlisted registration, and the check-in time in the venue\'s offset', () => {
    const checked = { ...base, status: 'confirmed', checkedInAt: new Date('2026-12-08T00:55:00Z') } as Registration;
    expect(registrationPayload(checked, event, 3).registration).toMatchObject({ waitlistPosition: null, checkedInAt: '2026-12-08T09:55:00+09:00' });
  });
});
