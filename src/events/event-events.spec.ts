import { eventChanges, eventPayload } from './event-events.js';
import type { EventRecord } from './event.entity.js';

const event = {
  id: 4, title: 'Kelas Foto Produk', kind: 'workshop', status: 'published', venueId: 2, capacity: 20,
  startsAt: new Date('2026-12-08T01:00:00Z'), endsAt: new Date('2026-12-08T07:00:00Z'),
  venue: { timezone: 'Asia/Jakarta' },
  sessions: [
    { title: 'Praktik', startAt: new Date('2026-12-08T05:00:00Z'), endAt: new Date('2026-12-08T07:00:00Z'), roomId: 8 },
    { title: 'Teori', startAt: new Date('2026-12-08T01:00:00Z'), endAt: new Date('2026-12-08T03:00:00Z'), roomId: 7 },
  ],
} as const;

describe('eventPayload', () => {
  it('gives the event with its page and its sessions in start order, times in the venue\'s offset', () => {
    expect(eventPayload(event as never, 'https://ruangkreatif.id', { reason: 'Pembicara sakit' })).toEqual({
      event: {
        id: 4, title: 'Kelas Foto Produk', kind: 'workshop', status: 'published', venueId: 2, start: '2026-12-08T08:00:00+07:00', end: '2026-12-08T14:00:00+07:00',
        timezone: 'Asia/Jakarta', capacity: 20, url: 'https://ruangkreatif.id/events/4',
        sessions: [
          { title: 'Teori', start: '2026-12-08T08:00:00+07:00', end: '2026-12-08T10:00:00+07:00', roomId: 7 },
          { title: 'Praktik', start: '2026-12-08T12:00:00+07:00', end: '2026-12-08T14:00:00+07:00', roomId: 8 },
        ],
      },
      reason: 'Pembicara sakit',
    });
  });
});

describe('eventChanges', () => {
  const before = {
    kind: 'workshop', title: 'A', summary: '', description: '', tags: ['foto'], language: 'id', capacity: 20, coverImageUrl: null,
    registrationOpensAt: null, registrationClosesAt: new Date('2026-12-07T00:00:00Z'), startsAt: new Date('2026-12-08T01:00:00Z'), endsAt: new Date('2026-12-08T07:00:00Z'),
  } as unknown as EventRecord;

  it('names the fields whose values differ, and nothing when nothing differs', () => {
    expect(eventChanges(before, { ...before, tags: ['foto'], registrationClosesAt: new Date('2026-12-07T00:00:00Z') } as EventRecord, false)).toEqual([]);
    expect(eventChanges(before, { ...before, capacity: 30, tags: ['foto', 'umkm'] } as EventRecord, false)).toEqual(['tags', 'capacity']);
  });

  it('reads the event\'s times as start and end, and a replaced programme as sessions', () => {
    expect(eventChanges(before, { ...before, startsAt: new Date('2026-12-09T01:00:00Z') } as EventRecord, true)).toEqual(['start', 'sessions']);
  });
});
