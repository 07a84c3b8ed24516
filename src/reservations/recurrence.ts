import { DateTime } from 'luxon';
import type { Interval } from './availability.js';

/**
 * The RRULE subset creators may use for a series: FREQ=DAILY|WEEKLY, INTERVAL, BYDAY, and COUNT or UNTIL.
 * Occurrences keep the first booking's local wall-clock time in the venue's zone.
 */
export interface RecurrenceRule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday), sorted; empty means "the first booking's weekday" for WEEKLY. */
  byDay: number[];
  count: number | null;
  /** Last local date (inclusive), YYYY-MM-DD. */
  until: string | null;
}

export type RecurrenceError =
  | 'rrule_freq' | 'rrule_interval' | 'rrule_byday' | 'rrule_count_or_until' | 'rrule_unknown_part'
  | 'rrule_too_many' | 'rrule_count' | 'rrule_until' | 'rrule_invalid';

export const MAX_OCCURRENCES = 200;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const KNOWN = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL']);

/** Reads "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6" (an optional "RRULE:" prefix is fine); each mistake has its own code. */
export function parseRecurrence(text: string): { rule: RecurrenceRule } | { error: RecurrenceError } {
  const body = text.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(part.trim());
    if (!match) return { error: 'rrule_invalid' };
    const key = match[1].toUpperCase();
    if (!KNOWN.has(key)) return { error: 'rrule_unknown_part' };
    if (parts.has(key)) return { error: 'rrule_invalid' };
    parts.set(key, match[2].trim().toUpperCase());
  }

  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return { error: 'rrule_freq' };

  let interval = 1;
  if (parts.has('INTERVAL')) {
    interval = /^\d{1,2}$/.test(parts.get('INTERVAL')!) ? Number(parts.get('INTERVAL')) : 0;
    if (interval < 1 || interval > 52) return { error: 'rrule_interval' };
  }

  const byDay: number[] = [];
  if (parts.has('BYDAY')) {
    for (const day of parts.get('BYDAY')!.split(',')) {
      const index = DAYS.indexOf(day.trim());
      if (index < 0) return { error: 'rrule_byday' };
      if (!byDay.includes(index + 1)) byDay.push(index + 1);
    }
    byDay.sort((a, b) => a - b);
  }

  if (parts.has('COUNT') === parts.has('UNTIL')) return { error: 'rrule_count_or_until' };
  let count: number | null = null;
  let until: string | null = null;
  if (parts.has('COUNT')) {
    count = /^\d{1,6}$/.test(parts.get('COUNT')!) ? Number(parts.get('COUNT')) : 0;
    if (count < 1) return { error: 'rrule_count' };
    if (count > MAX_OCCURRENCES) return { error: 'rrule_too_many' };
  } else {
    until = untilDate(parts.get('UNTIL')!);
    if (!until) return { error: 'rrule_until' };
  }
  return { rule: { freq, interval, byDay, count, until } };
}

/** UNTIL as a local date: "2026-12-31", "20261231" or "20261231T235959Z" (the date part is what counts). */
function untilDate(value: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(T\d{6}Z?)?$/.exec(value);
  if (!match) return null;
  const date = DateTime.fromObject({ year: +match[1], month: +match[2], day: +match[3] }, { zone: 'UTC' });
  return date.isValid ? date.toISODate() : null;
}

/**
 * Every occurrence of a series, the first booking included when it matches the rule. A weekly rule with BYDAY
 * starts on the first listed day on or after the first booking. More than 200 occurrences is refused whole.
 */
export function expandRecurrence(first: Interval, rule: RecurrenceRule, zone: string): Interval[] | { error: RecurrenceError } {
  const start = DateTime.fromJSDate(first.start, { zone });
  const end = DateTime.fromJSDate(first.end, { zone });
  const dayOffset = end.startOf('day').diff(start.startOf('day'), 'days').days;
  const clock = (d: DateTime) => ({ hour: d.hour, minute: d.minute, second: d.second, millisecond: 0 });
  const occurrenceOn = (date: DateTime): Interval => ({
    start: date.set(clock(start)).toJSDate(),
    end: date.plus({ days: dayOffset }).set(clock(end)).toJSDate(),
  });

  const firstDay = start.startOf('day');
  const candidates = function* (): Generator<DateTime> {
    if (rule.freq === 'DAILY') {
      for (let day = firstDay; ; day = day.plus({ days: rule.interval })) {
        if (!rule.byDay.length || rule.byDay.includes(day.weekday)) yield day;
      }
    }
    const days = rule.byDay.length ? rule.byDay : [start.weekday];
    for (let week = firstDay.startOf('week'); ; week = week.plus({ weeks: rule.interval })) {
      for (const weekday of days) {
        const day = week.plus({ days: weekday - 1 });
        if (day >= firstDay) yield day;
      }
    }
  };

  const result: Interval[] = [];
  // Bounded: at most 200 occurrences, and UNTIL cuts the walk off by date.
  let steps = 0;
  for (const day of candidates()) {
    if (++steps > 10_000) break;
    if (rule.until && day.toISODate()! > rule.until) break;
    if (rule.count !== null && result.length >= rule.count) break;
    if (result.length >= MAX_OCCURRENCES) return { error: 'rrule_too_many' };
    result.push(occurrenceOn(day));
  }
  if (!result.length) return { error: 'rrule_until' };
  return result;
}

/** The canonical text of a rule, as stored with the series. */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map((d) => DAYS[d - 1]).join(',')}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.replaceAll('-', '')}`);
  return parts.join(';');
}
