import { DateTime } from 'luxon';
import { luxonZone } from '../common/time.js';

/** A weekly schedule: ISO weekday (1 = Monday … 7 = Sunday) to open ranges of local "HH:mm". */
export type WeeklyHours = Record<number, Array<{ opens: string; closes: string }>>;
export interface ClosureRange { startDate: string; endDate: string; reason: string }
export interface DayHours { date: string; weekday: number; ranges: Array<{ opens: string; closes: string }>; closure: ClosureRange | null }

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Checks ranges of one weekday: valid clock times, opens before closes, no overlap. Returns error codes. */
export function validateDayRanges(ranges: Array<{ opens: string; closes: string }>): string[] {
  const problems: string[] = [];
  for (const range of ranges) {
    if (!HHMM.test(range.opens) || !HHMM.test(range.closes)) problems.push('hours_invalid_time');
    else if (minutesOf(range.opens) >= minutesOf(range.closes)) problems.push('hours_opens_after_closes');
  }
  if (problems.length) return problems;
  const sorted = [...ranges].sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOf(sorted[i].opens) < minutesOf(sorted[i - 1].closes)) return ['hours_overlap'];
  }
  return [];
}

/** The closure covering a local date, if any (dates compare as ISO strings). */
export function closureOn<C extends ClosureRange>(date: string, closures: C[]): C | null {
  return closures.find((c) => c.startDate <= date && date <= c.endDate) ?? null;
}

/** The hours of each local date from `fromDate` for `days` days, closures applied. */
export function hoursForDays(fromDate: string, days: number, weekly: WeeklyHours, closures: ClosureRange[]): DayHours[] {
  const start = DateTime.fromISO(fromDate, { zone: 'UTC' });
  return Array.from({ length: days }, (_, i) => {
    const day = start.plus({ days: i });
    const date = day.toISODate()!;
    const closure = closureOn(date, closures);
    const ranges = closure ? [] : [...(weekly[day.weekday] ?? [])].sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
    return { date, weekday: day.weekday, ranges, closure };
  });
}

/**
 * The UTC instants a venue is open on one local date: wall-clock ranges read in the venue's zone.
 * Indonesian zones have no daylight saving, but the conversion goes through the zone anyway.
 */
export function openIntervalsOn(date: string, zone: string, weekly: WeeklyHours, closures: ClosureRange[]): Array<{ start: Date; end: Date }> {
  const [day] = hoursForDays(date, 1, weekly, closures);
  return day.ranges.map((r) => {
    const base = DateTime.fromISO(date, { zone: luxonZone(zone) });
    return {
      start: base.plus({ minutes: minutesOf(r.opens) }).toJSDate(),
      end: base.plus({ minutes: minutesOf(r.closes) }).toJSDate(),
    };
  });
}

export function groupHours(rows: Array<{ weekday: number; opens: string; closes: string }>): WeeklyHours {
  const weekly: WeeklyHours = {};
  for (const row of rows) (weekly[row.weekday] ??= []).push({ opens: row.opens, closes: row.closes });
  for (const ranges of Object.values(weekly)) ranges.sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
  return weekly;
}
