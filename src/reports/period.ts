import { DateTime } from 'luxon';
import { ValidationError, type FieldError } from '../common/errors.js';
import { isValidIsoDate, luxonZone } from '../common/time.js';

export const PERIOD_PRESETS = ['this_month', 'last_month', 'this_quarter', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
/** Longest period a report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

/** Local calendar dates of a report, `to` inclusive. */
export interface Period { preset: PeriodPreset; from: string; to: string; days: number }

const dayCount = (from: string, to: string): number =>
  Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days) + 1;

/** The dates of a preset around `today` (a local date). */
export function presetDates(preset: Exclude<PeriodPreset, 'custom'>, today: string): { from: string; to: string } {
  const day = DateTime.fromISO(today, { zone: 'UTC' });
  const start = preset === 'this_month' ? day.startOf('month')
    : preset === 'last_month' ? day.minus({ months: 1 }).startOf('month') : day.startOf('quarter');
  const end = preset === 'this_quarter' ? start.endOf('quarter') : start.endOf('month');
  return { from: start.toISODate()!, to: end.toISODate()! };
}

/**
 * The period a report asks for: `from`/`to` (YYYY-MM-DD, `to` inclusive, future dates allowed for planned use), or a
 * preset; nothing given means this month. Bad dates, `from` after `to` or more than MAX_REPORT_DAYS are a 400.
 */
export function resolvePeriod(query: { period?: unknown; from?: unknown; to?: unknown }, today: string): Period {
  const preset = typeof query.period === 'string' && query.period ? query.period : (query.from || query.to ? 'custom' : 'this_month');
  if (!(PERIOD_PRESETS as readonly string[]).includes(preset)) throw new ValidationError([{ field: 'period', code: 'report_period' }]);
  if (preset !== 'custom') {
    const dates = presetDates(preset as Exclude<PeriodPreset, 'custom'>, today);
    return { preset: preset as PeriodPreset, ...dates, days: dayCount(dates.from, dates.to) };
  }
  const fields: FieldError[] = [];
  for (const key of ['from', 'to'] as const) {
    const value = query[key];
    if (typeof value !== 'string' || !isValidIsoDate(value)) fields.push({ field: key, code: 'date' });
  }
  if (fields.length) throw new ValidationError(fields);
  const [from, to] = [query.from as string, query.to as string];
  if (from > to) throw new ValidationError([{ field: 'to', code: 'report_to_before_from' }]);
  const days = dayCount(from, to);
  if (days > MAX_REPORT_DAYS) throw new ValidationError([{ field: 'to', code: 'report_range_too_long', params: { max: MAX_REPORT_DAYS } }]);
  return { preset: 'custom', from, to, days };
}

/** The UTC instants of a period in one zone: local midnight of `from` up to local midnight after `to`. */
export function periodInstants(period: Pick<Period, 'from' | 'to'>, zone: string): { start: Date; end: Date } {
  const z = luxonZone(zone);
  return {
    start: DateTime.fromISO(period.from, { zone: z }).toJSDate(),
    end: DateTime.fromISO(period.to, { zone: z }).plus({ days: 1 }).toJSDate(),
  };
}

/** Every local date of a period, in order. */
export function datesOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const start = DateTime.fromISO(period.from, { zone: 'UTC' });
  return Array.from({ length: dayCount(period.from, period.to) }, (_, i) => start.plus({ days: i }).toISODate()!);
}
