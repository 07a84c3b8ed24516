import { closureOn, groupHours, hoursForDays, openIntervalsOn, validateDayRanges } from './opening-hours.js';

const weekly = groupHours([
  { weekday: 1, opens: '08:00', closes: '16:00' },
  { weekday: 5, opens: '13:00', closes: '16:00' },
  { weekday: 5, opens: '08:00', closes: '11:30' },
]);

describe('opening hours', () => {
  it('sorts the ranges of a day and leaves missing days closed', () => {
    expect(weekly[5]).toEqual([{ opens: '08:00', closes: '11:30' }, { opens: '13:00', closes: '16:00' }]);
    expect(weekly[7]).toBeUndefined();
  });

  it('refuses inverted, overlapping or impossible ranges and accepts back-to-back ones', () => {
    expect(validateDayRanges([{ opens: '16:00', closes: '08:00' }])).toEqual(['hours_opens_after_closes']);
    expect(validateDayRanges([{ opens: '08:00', closes: '12:00' }, { opens: '11:59', closes: '15:00' }])).toEqual(['hours_overlap']);
    expect(validateDayRanges([{ opens: '24:30', closes: '25:00' }])).toEqual(['hours_invalid_time']);
    expect(validateDayRanges([{ opens: '08:00', closes: '12:00' }, { opens: '12:00', closes: '15:00' }])).toEqual([]);
  });

  it('turns local hours into UTC instants in each zone', () => {
    const monday = '2026-11-23';
    expect(openIntervalsOn(monday, 'Asia/Jakarta', weekly, [])[0].start.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(openIntervalsOn(monday, 'Asia/Makassar', weekly, [])[0].start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(openIntervalsOn(monday, 'Asia/Jayapura', weekly, [])[0].end.toISOString()).toBe('2026-11-23T07:00:00.000Z');
  });

  it('closes a venue on every day of a closure, ends included', () => {
    const closures = [{ startDate: '2026-12-24', endDate: '2026-12-25', reason: 'Natal' }];
    expect(closureOn('2026-12-25', closures)?.reason).toBe('Natal');
    expect(closureOn('2026-12-26', closures)).toBeNull();
    const days = hoursForDays('2026-12-23', 4, groupHours([3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' }))), closures);
    expect(days.map((d) => d.ranges.length)).toEqual([1, 0, 0, 1]);
    expect(openIntervalsOn('2026-12-24', 'Asia/Jakarta', weekly, closures)).toEqual([]);
  });
});
