import { registrationClosedReason } from './registration-window.js';

const now = new Date('2026-12-01T00:00:00Z');
const later = new Date('2026-12-10T00:00:00Z');

describe('registrationClosedReason', () => {
  const base = { status: 'published', startsAt: later, opensAt: null, closesAt: null, now };
  it('names why registration is closed', () => {
    expect(registrationClosedReason(base)).toBeNull();
    expect(registrationClosedReason({ ...base, status: 'draft' })).toBe('event_not_published');
    expect(registrationClosedReason({ ...base, status: 'cancelled' })).toBe('event_cancelled');
    expect(registrationClosedReason({ ...base, opensAt: new Date('2026-12-02T00:00:00Z') })).toBe('registration_not_open');
    expect(registrationClosedReason({ ...base, closesAt: now })).toBe('registration_closed');
    expect(registrationClosedReason({ ...base, startsAt: now })).toBe('event_started');
  });
});
