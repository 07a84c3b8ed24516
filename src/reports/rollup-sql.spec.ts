import { dayNumber, daysOf, dayStart, localDay, monthStart, periodParts } from './rollup-sql.js';

describe('roll-up days and months', () => {
  it('numbers local days in the venue zone, whatever the server zone: a booking across midnight touches two', () => {
    // Friday 7 August 2026 22.30 – Saturday 01.15 WITA (UTC+8).
    const [first, last] = daysOf(new Date('2026-08-07T14:30:00Z'), new Date('2026-08-07T17:15:00Z'), 'Asia/Makassar');
    expect([first, last]).toEqual([dayNumber('2026-08-07'), dayNumber('2026-08-08')]);
    expect(localDay(new Date('2026-08-07T14:30:00Z'), 'Asia/Jakarta')).toBe(dayNumber('2026-08-07'));
    expect(dayStart(dayNumber('2026-08-08'), 'Asia/Jayapura')).toEqual(new Date('2026-08-07T15:00:00Z'));
  });

  it('a booking ending at midnight stays on its own day', () => {
    expect(daysOf(new Date('2026-08-07T15:00:00Z'), new Date('2026-08-07T16:00:00Z'), 'Asia/Makassar')).toEqual([dayNumber('2026-08-07'), dayNumber('2026-08-07')]);
  });

  it('reads whole months from the monthly rows and the days around them from the daily ones', () => {
    const d = dayNumber;
    expect(monthStart(d('2024-02-29'))).toBe(d('2024-02-01'));
    expect(periodParts(d('2026-07-01'), d('2026-09-30'))).toEqual({ head: [1, 0], tail: [1, 0], months: [d('2026-07-01'), d('2026-09-01')] });
    expect(periodParts(d('2026-07-15'), d('2026-09-10'))).toEqual({ head: [d('2026-07-15'), d('2026-07-31')], tail: [d('2026-09-01'), d('2026-09-10')], months: [d('2026-08-01'), d('2026-08-01')] });
    expect(periodParts(d('2026-08-03'), d('2026-08-30'))).toEqual({ head: [d('2026-08-03'), d('2026-08-30')], tail: [1, 0], months: [1, 0] });
    expect(periodParts(d('2026-12-01'), d('2027-01-31'))).toEqual({ head: [1, 0], tail: [1, 0], months: [d('2026-12-01'), d('2027-01-01')] });
  });
});
