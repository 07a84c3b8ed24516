import { DateTime } from 'luxon';

/** The local date of the next given ISO weekday (1 = Monday) at least `minDays` days after today in `zone`. */
export function nextWeekday(zone: string, weekday: number, minDays = 2): string {
  let day = DateTime.now().setZone(zone).startOf('day').plus({ days: minDays });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** "2026-12-07T10:00:00+08:00" for a local date and wall-clock time in `zone`. */
export function at(date: string, time: string, zone: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** A local date as people read it, written by luxon (the app uses Intl): "Senin, 7 Desember 2026" / "Monday, 7 December 2026". */
export function longDate(date: string, locale: 'id' | 'en' = 'id'): string {
  return DateTime.fromISO(date).setLocale(locale === 'id' ? 'id-ID' : 'en-GB').toFormat('cccc, d MMMM yyyy');
}
