import { DateTime } from 'luxon';
import { minutesOf, type WeeklyHours } from '../venues/opening-hours.js';
import { datesOf, type Period } from './period.js';

export interface ClosureDays { startDate: string; endDate: string; kind: string }

/** Open minutes of a venue in a period, and the minutes its usual hours lost to holidays and to other closures. */
export interface OpenTime { openMinutes: number; holidayMinutes: number; closureMinutes: number; openDays: number }

const HOLIDAY_KINDS = new Set(['holiday', 'collective_leave']);

/** A local date of a period with its ISO weekday (1 = Monday). */
export interface PeriodDay { date: string; weekday: number }

/** The period's dates and weekdays, worked out once and shared by every venue of a report. */
export const periodDays = (period: Pick<Period, 'from' | 'to'>): PeriodDay[] =>
  datesOf(period).map((date) => ({ date, weekday: DateTime.fromISO(date, { zone: 'UTC' }).weekday }));

/**
 * Minutes a venue is open over the local dates of `period`: each date's weekly hours (wall clock in the venue's zone;
 * Indonesian zones keep one offset, so wall-clock minutes are real minutes), nothing on a date a closure covers.
 * National holidays reach a venue as closures of kind holiday / collective_leave (preloaded from holidays.ts when the
 * venue is made; a venue that opens on one deletes it), so they are counted apart from other closures.
 */
export function openTime(period: Pick<Period, 'from' | 'to'>, weekly: WeeklyHours, closures: ClosureDays[], days = periodDays(period)): OpenTime {
  const result: OpenTime = { openMinutes: 0, holidayMinutes: 0, closureMinutes: 0, openDays: 0 };
  const perWeekday = [0, 1, 2, 3, 4, 5, 6, 7].map((weekday) => (weekly[weekday] ?? []).reduce((sum, r) => sum + minutesOf(r.closes) - minutesOf(r.opens), 0));
  for (const { date, weekday } of days) {
    const usual = perWeekday[weekday];
    const closure = closures.find((c) => c.startDate <= date && date <= c.endDate);
    if (!closure) {
      result.openMinutes += usual;
      if (usual > 0) result.openDays += 1;
    } else if (HOLIDAY_KINDS.has(closure.kind)) result.holidayMinutes += usual;
    else result.closureMinutes += usual;
  }
  return result;
}

/** Booked ÷ open, 0 when nothing is open. */
export const utilisation = (booked: number, open: number): number => (open > 0 ? booked / open : 0);
