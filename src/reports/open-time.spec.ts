import { openTime, utilisation } from './open-time.js';

const WEEKDAYS_8_17 = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ opens: '08:00', closes: '17:00' }]]));

describe('open time of a venue', () => {
  it('counts weekday hours, less holidays and closures, each apart', () => {
    // 1–14 August 2026: 10 weekdays; the 12th is closed for maintenance, the 17th (outside) is a holiday.
    const closures = [
      { startDate: '2026-08-12', endDate: '2026-08-12', kind: 'maintenance' },
      { startDate: '2026-08-17', endDate: '2026-08-17', kind: 'holiday' },
    ];
    expect(openTime({ from: '2026-08-01', to: '2026-08-14' }, WEEKDAYS_8_17, closures)).toEqual({ openMinutes: 9 * 540, holidayMinutes: 0, closureMinutes: 540, openDays: 9 });
    expect(openTime({ from: '2026-08-17', to: '2026-08-17' }, WEEKDAYS_8_17, closures)).toEqual({ openMinutes: 0, holidayMinutes: 540, closureMinutes: 0, openDays: 0 });
  });

  it('adds split ranges of one day, and a closure on a day the venue is shut anyway costs nothing', () => {
    const split = { 6: [{ opens: '08:00', closes: '11:30' }, { opens: '13:00', closes: '16:00' }] };
    expect(openTime({ from: '2026-08-01', to: '2026-08-02' }, split, [{ startDate: '2026-08-02', endDate: '2026-08-02', kind: 'other' }]))
      .toEqual({ openMinutes: 390, holidayMinutes: 0, closureMinutes: 0, openDays: 1 });
  });

  it('utilisation is booked ÷ open, and 0 when nothing is open', () => {
    expect(utilisation(90, 360)).toBe(0.25);
    expect(utilisation(60, 0)).toBe(0);
  });
});
