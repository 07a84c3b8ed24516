import { DateTime } from 'luxon';
import { luxonZone } from '../common/time.js';
import { closureOn, minutesOf, type ClosureRange, type WeeklyHours } from '../venues/opening-hours.js';

/**
 * Pure booking maths: rules, overlaps and free intervals. Instants are `Date`s (UTC); local dates and clock
 * times are read in the venue's IANA zone, never the server's.
 *
 * The occupancy model: an existing booking holds [start, end + buffer), a block holds [start, end), and a new
 * request [s, e) needs [s, e + buffer) free. PostgreSQL's exclusion constraint compares exactly these ranges.
 */

export interface Interval { start: Date; end: Date }

export interface BusyInterval extends Interval {
  kind: 'reservation' | 'block' | 'event';
  id?: number;
  /** The stored end of the held range (end plus the buffer at booking time); computed from the buffer when absent. */
  occupiedEnd?: Date;
}

export interface RoomRules {
  slotMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  bufferMinutes: number;
  horizonDays: number;
  capacity: number;
}

export type RuleCode =
  | 'end_before_start' | 'in_past' | 'beyond_horizon' | 'not_on_slot' | 'too_short' | 'too_long'
  | 'in_closure' | 'outside_hours' | 'headcount_out_of_range';

export interface RuleViolation { code: RuleCode; params: Record<string, string | number> }

const MINUTE = 60_000;

const localOf = (instant: Date, zone: string): DateTime => DateTime.fromJSDate(instant, { zone: luxonZone(zone) });

/** The held range of a booking: its end pushed out by the buffer. */
export function occupiedRange(start: Date, end: Date, bufferMinutes: number): Interval {
  return { start, end: new Date(end.getTime() + bufferMinutes * MINUTE) };
}

const occupiedEndOf = (busy: BusyInterval, bufferMinutes: number): Date =>
  busy.occupiedEnd ?? (busy.kind === 'block' ? busy.end : occupiedRange(busy.start, busy.end, bufferMinutes).end);

/**
 * Local calendar date, minutes since local midnight and sub-minute rest of an instant in a zone. Plain arithmetic
 * on the zone's offset: the network search checks every candidate room with it, and luxon objects cost ~50x more.
 */
function localParts(instant: Date, zone: string): { date: string; minutes: number; rest: number } {
  const shifted = new Date(instant.getTime() + luxonZone(zone).offset(instant.getTime()) * MINUTE);
  return {
    date: shifted.toISOString().slice(0, 10),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    rest: shifted.getUTCSeconds() * 1000 + shifted.getUTCMilliseconds(),
  };
}

const DAY = 86_400_000;
export const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY;
export const isoDateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** Every rule a single request breaks, most fundamental first (the first one is what a person is told). */
export function checkRules(
  req: Interval & { headcount: number },
  rules: RoomRules,
  zone: string,
  weekly: WeeklyHours,
  closures: ClosureRange[],
  now: Date,
): RuleViolation[] {
  if (req.end.getTime() <= req.start.getTime()) return [{ code: 'end_before_start', params: {} }];
  const found: RuleViolation[] = [];
  const start = localParts(req.start, zone);
  const end = localParts(req.end, zone);
  const today = localParts(now, zone).date;

  if (req.start.getTime() < now.getTime()) found.push({ code: 'in_past', params: {} });
  if (dayNumber(start.date) - dayNumber(today) > rules.horizonDays) {
    found.push({ code: 'beyond_horizon', params: { days: rules.horizonDays } });
  }
  const onGrid = (t: { minutes: number; rest: number }) => t.rest === 0 && t.minutes % rules.slotMinutes === 0;
  if (!onGrid(start) || !onGrid(end)) found.push({ code: 'not_on_slot', params: { slot: rules.slotMinutes } });
  const minutes = (req.end.getTime() - req.start.getTime()) / MINUTE;
  if (minutes < rules.minMinutes) found.push({ code: 'too_short', params: { min: rules.minMinutes } });
  if (minutes > rules.maxMinutes) found.push({ code: 'too_long', params: { max: rules.maxMinutes } });

  // A request longer than the room allows is refused for that; walking its days (to year 9999) would stall the process.
  const lastDay = end.minutes === 0 && end.rest === 0 ? dayNumber(end.date) - 1 : dayNumber(end.date);
  let closure: ClosureRange | null = null;
  if (minutes <= rules.maxMinutes) {
    for (let day = dayNumber(start.date); day <= lastDay && !closure; day++) closure = closureOn(isoDateOf(day), closures);
  }
  if (closure) found.push({ code: 'in_closure', params: { reason: closure.reason } });
  else if (!withinOpenHours(start, end, weekly)) found.push({ code: 'outside_hours', params: {} });

  if (!Number.isInteger(req.headcount) || req.headcount < 1 || req.headcount > rules.capacity) {
    found.push({ code: 'headcount_out_of_range', params: { capacity: rules.capacity } });
  }
  return found;
}

/** True when the whole request lies inside one opening range of its local day (a range may close at 24:00). */
function withinOpenHours(start: { date: string; minutes: number }, end: { date: string; minutes: number; rest: number }, weekly: WeeklyHours): boolean {
  const startDay = dayNumber(start.date);
  const endMinutes = dayNumber(end.date) === startDay ? end.minutes + end.rest / MINUTE
    : dayNumber(end.date) === startDay + 1 && end.minutes === 0 && end.rest === 0 ? 24 * 60 : Infinity;
  const weekday = ((new Date(startDay * DAY).getUTCDay() + 6) % 7) + 1;
  return (weekly[weekday] ?? []).some((r) => minutesOf(r.opens) <= start.minutes && endMinutes <= minutesOf(r.closes));
}

/** The first existing booking or block the request would overlap, buffers included; null when the slot is free. */
export function findConflict(req: Interval, busy: BusyInterval[], bufferMinutes: number): BusyInterval | null {
  const held = occupiedRange(req.start, req.end, bufferMinutes);
  return [...busy]
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .find((b) => held.start.getTime() < occupiedEndOf(b, bufferMinutes).getTime() && b.start.getTime() < held.end.getTime()) ?? null;
}

/**
 * Intervals on the local dates `fromDate`..`toDate` (inclusive) that can be booked as a whole: inside opening
 * hours, on the slot grid, not in the past or beyond the horizon, and far enough from every existing booking
 * that the new one's buffer and theirs both fit. Pieces shorter than the minimum duration are dropped.
 */
export function freeIntervals(
  fromDate: string,
  toDate: string,
  rules: RoomRules,
  zone: string,
  weekly: WeeklyHours,
  closures: ClosureRange[],
  busy: BusyInterval[],
  now: Date,
): Interval[] {
  // A new booking [s, e) is clear of an existing one iff it stays out of [start - buffer, occupiedEnd).
  const taken = busy
    .map((b) => ({ start: b.start.getTime() - rules.bufferMinutes * MINUTE, end: occupiedEndOf(b, rules.bufferMinutes).getTime() }))
    .sort((a, b) => a.start - b.start);
  const lastBookable = dayNumber(localParts(now, zone).date) + rules.horizonDays;
  const result: Interval[] = [];
  const slot = rules.slotMinutes * MINUTE;
  for (let day = dayNumber(fromDate); day <= Math.min(dayNumber(toDate), lastBookable); day++) {
    const date = isoDateOf(day);
    if (closureOn(date, closures)) continue;
    const midnight = localMidnight(date, zone);
    const weekday = ((new Date(day * DAY).getUTCDay() + 6) % 7) + 1;
    for (const range of weekly[weekday] ?? []) {
      let pieces = [{ start: Math.max(midnight + minutesOf(range.opens) * MINUTE, now.getTime()), end: midnight + minutesOf(range.closes) * MINUTE }];
      for (const t of taken) {
        if (t.start >= pieces[pieces.length - 1].end) break;
        pieces = pieces.flatMap((p) => {
          if (t.end <= p.start || t.start >= p.end) return [p];
          return [{ start: p.start, end: t.start }, { start: t.end, end: p.end }].filter((q) => q.end > q.start);
        });
        if (!pieces.length) break;
      }
      for (const p of pieces) {
        const start = midnight + Math.ceil((p.start - midnight) / slot) * slot;
        const end = midnight + Math.floor((p.end - midnight) / slot) * slot;
        if (end - start >= rules.minMinutes * MINUTE) result.push({ start: new Date(start), end: new Date(end) });
      }
    }
  }
  return result;
}

/** The instant of local midnight of a date in a zone (its offset taken at that day's noon, safe for any zone). */
export function localMidnight(date: string, zone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const offset = luxonZone(zone).offset(utcMidnight + 12 * 3_600_000);
  return utcMidnight - offset * MINUTE;
}

/** Minutes of `intervals` that fall in the local ISO week (Monday to Sunday in `zone`) containing `instant`. */
export function minutesInLocalWeek(instant: Date, zone: string, intervals: Interval[]): number {
  const weekStart = localOf(instant, zone).startOf('week').toMillis();
  const weekEnd = localOf(instant, zone).startOf('week').plus({ weeks: 1 }).toMillis();
  let total = 0;
  for (const i of intervals) {
    const overlap = Math.min(i.end.getTime(), weekEnd) - Math.max(i.start.getTime(), weekStart);
    if (overlap > 0) total += overlap;
  }
  return total / MINUTE;
}
