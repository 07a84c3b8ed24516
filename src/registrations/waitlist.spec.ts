import { whoIsPromoted } from './waitlist.js';

const now = new Date('2026-12-01T00:00:00Z');
const later = new Date('2026-12-10T00:00:00Z');

describe('whoIsPromoted', () => {
  const waitlisted = [{ id: 7, arrival: 9 }, { id: 3, arrival: 4 }, { id: 5, arrival: 6 }];

  it('fills only the free seats, earliest arrival first', () => {
    expect(whoIsPromoted({ capacity: 40, confirmed: 38, waitlisted, eventStatus: 'published', startsAt: later, now }).map((w) => w.id)).toEqual([3, 5]);
    expect(whoIsPromoted({ capacity: 40, confirmed: 40, waitlisted, eventStatus: 'published', startsAt: later, now })).toEqual([]);
  });

  it('promotes nobody once the event started or when it is not published', () => {
    expect(whoIsPromoted({ capacity: 40, confirmed: 10, waitlisted, eventStatus: 'published', startsAt: now, now })).toEqual([]);
    expect(whoIsPromoted({ capacity: 40, confirmed: 10, waitlisted, eventStatus: 'cancelled', startsAt: later, now })).toEqual([]);
  });
});
