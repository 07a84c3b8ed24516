import { DateTime } from 'luxon';
import { expandRecurrence, formatRecurrence, parseRecurrence, type RecurrenceRule } from './recurrence.js';

const ZONE = 'Asia/Jayapura'; // WIT, UTC+9
const first = { start: DateTime.fromISO('2026-12-07T10:00', { zone: ZONE }).toJSDate(), end: DateTime.fromISO('2026-12-07T12:00', { zone: ZONE }).toJSDate() };
const rule = (text: string): RecurrenceRule => {
  const parsed = parseRecurrence(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.rule;
};
const localStarts = (text: string) => {
  const result = expandRecurrence(first, rule(text), ZONE);
  if ('error' in result) throw new Error(result.error);
  return result.map((o) => DateTime.fromJSDate(o.start, { zone: ZONE }).toFormat("ccc yyyy-MM-dd HH:mm"));
};

describe('parseRecurrence', () => {
  it('reads the supported subset', () => {
    expect(rule('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,MO;COUNT=4')).toEqual({ freq: 'WEEKLY', interval: 2, byDay: [1, 3], count: 4, until: null });
    expect(rule('freq=daily;until=2026-12-31')).toEqual({ freq: 'DAILY', interval: 1, byDay: [], count: null, until: '2026-12-31' });
    expect(rule('FREQ=DAILY;UNTIL=20261231T235959Z').until).toBe('2026-12-31');
  });

  it.each([
    ['FREQ=MONTHLY;COUNT=3', 'rrule_freq'],
    ['FREQ=WEEKLY;INTERVAL=0;COUNT=3', 'rrule_interval'],
    ['FREQ=WEEKLY;INTERVAL=x;COUNT=3', 'rrule_interval'],
    ['FREQ=WEEKLY;BYDAY=MO,XX;COUNT=3', 'rrule_byday'],
    ['FREQ=WEEKLY;BYDAY=1MO;COUNT=3', 'rrule_byday'],
    ['FREQ=WEEKLY', 'rrule_count_or_until'],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20261231', 'rrule_count_or_until'],
    ['FREQ=WEEKLY;COUNT=3;BYMONTH=1', 'rrule_unknown_part'],
    ['FREQ=WEEKLY;COUNT=201', 'rrule_too_many'],
    ['FREQ=WEEKLY;COUNT=-1', 'rrule_count'],
    ['FREQ=WEEKLY;UNTIL=2026-02-30', 'rrule_until'],
    ['FREQ=WEEKLY;;COUNT=3', 'rrule_invalid'],
    ['FREQ=WEEKLY;COUNT=3;COUNT=4', 'rrule_invalid'],
  ])('refuses %s with %s', (text, code) => {
    expect(parseRecurrence(text)).toEqual({ error: code });
  });

  it('writes a canonical rule back', () => {
    expect(formatRecurrence(rule('freq=weekly;byday=fr,mo;count=3'))).toBe('FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3');
    expect(formatRecurrence(rule('FREQ=DAILY;INTERVAL=2;UNTIL=2026-12-31'))).toBe('FREQ=DAILY;INTERVAL=2;UNTIL=20261231');
  });
});

describe('expandRecurrence', () => {
  it('repeats weekly at the same local time', () => {
    expect(localStarts('FREQ=WEEKLY;COUNT=3')).toEqual(['Mon 2026-12-07 10:00', 'Mon 2026-12-14 10:00', 'Mon 2026-12-21 10:00']);
  });

  it('walks the listed weekdays, every other week, from the first booking on', () => {
    expect(localStarts('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4'))
      .toEqual(['Mon 2026-12-07 10:00', 'Thu 2026-12-10 10:00', 'Mon 2026-12-21 10:00', 'Thu 2026-12-24 10:00']);
    expect(localStarts('FREQ=WEEKLY;BYDAY=WE;COUNT=2')).toEqual(['Wed 2026-12-09 10:00', 'Wed 2026-12-16 10:00']);
  });

  it('repeats daily until a local date, inclusive, keeping the duration', () => {
    const result = expandRecurrence(first, rule('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=2026-12-14'), ZONE);
    if ('error' in result) throw new Error(result.error);
    expect(result.map((o) => DateTime.fromJSDate(o.start, { zone: ZONE }).toISODate())).toEqual(
      ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14']);
    expect(result.every((o) => o.end.getTime() - o.start.getTime() === 2 * 3_600_000)).toBe(true);
  });

  it('refuses a series longer than 200 occurrences and one that ends before it starts', () => {
    expect(expandRecurrence(first, rule('FREQ=DAILY;UNTIL=2028-12-31'), ZONE)).toEqual({ error: 'rrule_too_many' });
    expect(expandRecurrence(first, rule('FREQ=DAILY;UNTIL=2026-12-01'), ZONE)).toEqual({ error: 'rrule_until' });
  });
});
