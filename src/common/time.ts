import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';

const zones = new Map<string, Zone>();

/**
 * The luxon zone for an IANA name. Indonesia's zones keep one offset all year, and luxon works an IANA offset out
 * through Intl on every conversion (the main cost of the availability maths), so a zone whose offset is the same
 * across the surrounding years becomes a fixed offset. Zones with daylight saving stay IANA zones.
 */
export function luxonZone(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    const iana = IANAZone.create(name);
    const now = Date.now();
    const offsets = new Set([-3, -2, -1, 0, 1, 2, 3, 4].map((q) => iana.offset(now + q * 91 * 86_400_000)));
    zone = iana.isValid && offsets.size === 1 ? FixedOffsetZone.instance([...offsets][0]) : iana;
    zones.set(name, zone);
  }
  return zone;
}
import type { Locale } from '../../config/configuration.js';

const ZONE_LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** WIB, WITA or WIT for an Indonesian IANA zone. */
export function zoneLabel(zone: string): string {
  return ZONE_LABELS[zone] ?? zone;
}

type Instant = Date | string | DateTime;
const INTL_LOCALES: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

/** One cached Intl formatter per language, zone and shape: the only place dates and times are written for people. */
function intl(locale: Locale, zone: string, shape: 'date' | 'time' | 'short' | 'stamp'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${shape}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = shape === 'date' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : shape === 'short' ? { weekday: 'short', day: 'numeric', month: 'short' }
        : shape === 'stamp' ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
          : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    format = new Intl.DateTimeFormat(INTL_LOCALES[locale] ?? 'id-ID', { ...options, timeZone: zone });
    formats.set(key, format);
  }
  return format;
}

const toDate = (instant: Instant): Date => instant instanceof DateTime ? instant.toJSDate()
  : typeof instant === 'string' ? new Date(Date.parse(instant)) : instant;

/** "Senin, 17 Agustus 2026" / "Monday, 17 August 2026": the parts put together the same way in both languages. */
const longDate = (date: Date, zone: string, locale: Locale): string => {
  const parts = Object.fromEntries(intl(locale, zone, 'date').formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}`;
};
const clockOf = (date: Date, zone: string, locale: Locale): string => intl(locale, zone, 'time').format(date);

/** "10.00 WIB" (Indonesian) or "10:00 WIB" (English): 24-hour clock in the venue's zone. */
export function formatTime(instant: Instant, zone: string, locale: Locale, withZone = true): string {
  const time = clockOf(toDate(instant), zone, locale);
  return withZone ? `${time} ${zoneLabel(zone)}` : time;
}

/** A log line's instant, to the second: "3 Des 2026 17.41.05 WIB" / "3 Dec 2026 17:41:05 WIB". */
export function formatStamp(instant: Instant, zone: string, locale: Locale): string {
  const parts = Object.fromEntries(intl(locale, zone, 'stamp').formatToParts(toDate(instant)).map((p) => [p.type, p.value]));
  const sep = locale === 'id' ? '.' : ':';
  return `${parts.day} ${parts.month.replace(/\.$/, '')} ${parts.year} ${parts.hour}${sep}${parts.minute}${sep}${parts.second} ${zoneLabel(zone)}`;
}

/** "Senin, 17 Agustus 2026" / "Monday, 17 August 2026" in the venue's zone. */
export function formatDate(instant: Instant, zone: string, locale: Locale): string {
  return longDate(toDate(instant), zone, locale);
}

/** "Senin, 17 Agustus 2026 pukul 10.00 WIB" / "Monday, 17 August 2026 at 10:00 WIB". */
export function formatDateTime(instant: Instant, zone: string, locale: Locale): string {
  const joiner = locale === 'en' ? 'at' : 'pukul';
  return `${formatDate(instant, zone, locale)} ${joiner} ${formatTime(instant, zone, locale)}`;
}

/**
 * A stretch of time as people read it, in the reader's language and the venue's zone:
 * "Selasa, 8 Desember 2026, 13.00–15.00 WITA" / "Tuesday, 8 December 2026, 13:00–15:00 WITA"; a stretch past
 * midnight names both dates. Every date and time in messages comes from here.
 */
export function formatInterval(start: Instant, end: Instant, zone: string, locale: Locale): string {
  const from = toDate(start);
  const to = toDate(end);
  const fromDate = longDate(from, zone, locale);
  const toDay = longDate(to, zone, locale);
  const label = zoneLabel(zone);
  if (fromDate === toDay) return `${fromDate}, ${clockOf(from, zone, locale)}–${clockOf(to, zone, locale)} ${label}`;
  return `${fromDate}, ${clockOf(from, zone, locale)} – ${toDay}, ${clockOf(to, zone, locale)} ${label}`;
}

/** A local calendar date "YYYY-MM-DD" written for people: "Senin, 17 Agustus 2026". */
export function formatLocalDate(isoDate: string, locale: Locale): string {
  return longDate(new Date(`${isoDate}T12:00:00Z`), 'UTC', locale);
}

/** A local calendar date in short form for tables: "Sen, 17 Agu" / "Mon, 17 Aug". */
export function formatShortDate(isoDate: string, locale: Locale): string {
  const parts = Object.fromEntries(intl(locale, 'UTC', 'short').formatToParts(new Date(`${isoDate}T12:00:00Z`)).map((p) => [p.type, p.value]));
  return `${parts.weekday}, ${parts.day} ${parts.month}`;
}

/** The name of an ISO weekday (1 = Monday): "Selasa" / "Tuesday". */
export function formatWeekday(isoWeekday: number, locale: Locale): string {
  // 2024-01-01 was a Monday.
  const day = new Date(Date.UTC(2024, 0, isoWeekday, 12));
  return Object.fromEntries(intl(locale, 'UTC', 'date').formatToParts(day).map((p) => [p.type, p.value])).weekday;
}

/** Wall-clock ranges of one day with the zone: "08.00–16.00 WIB" or "08.00–11.30 dan 13.00–16.00 WIB". */
export function formatClockRanges(ranges: Array<{ opens: string; closes: string }>, zone: string, locale: Locale): string {
  const texts = ranges.map((r) => `${formatClock(r.opens, locale)}–${formatClock(r.closes, locale)}`);
  const and = locale === 'en' ? ' and ' : ' dan ';
  const joined = texts.length > 1 ? `${texts.slice(0, -1).join(', ')}${and}${texts[texts.length - 1]}` : texts.join('');
  return `${joined} ${zoneLabel(zone)}`;
}

/** A message value written in each language, picked by the reader's language when the message is translated. */
export type LocalizedText = Record<Locale, string>;

/** Writes `text` for every language the app speaks: services use it for dates and rules in their errors. */
export function localized(text: (locale: Locale) => string): LocalizedText {
  return { id: text('id'), en: text('en') };
}

/**
 * A typed wall-clock time as "HH:mm": Indonesians write "13.00", others "13:00"; "9.30", "0930" and a bare "8"
 * are read too. Null when it is not a time of day (24:00 is one: the end of a day).
 */
export function parseClock(text: string): string | null {
  const match = /^(\d{1,2})(?:[.:]?(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2] ?? '0')];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A local wall-clock "HH:mm" shown in the locale's style: "08.00" or "08:00". */
export function formatClock(hhmm: string, locale: Locale): string {
  return locale === 'id' ? hhmm.replace(':', '.') : hhmm;
}

/** Today's date in a zone, "YYYY-MM-DD". */
export function todayIn(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(luxonZone(zone)).toISODate()!;
}

export function isValidIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/** "2026-12-07T10:00:00+08:00": an instant in the venue's offset, without milliseconds (plain arithmetic, no luxon objects). */
export function toZonedIso(instant: Date, zone: string): string {
  const ms = Math.floor(instant.getTime() / 1000) * 1000;
  const offset = luxonZone(zone).offset(ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` value ("2026-12-08T09:30", seconds optional) read as a wall clock in `zone`; null when it is none. */
export function parseLocalDateTime(text: unknown, zone: string): Date | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text.trim())) return null;
  const parsed = DateTime.fromISO(text.trim(), { zone: luxonZone(zone) });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** The wall clock of an instant in `zone` as a `datetime-local` value, "2026-12-08T09:30". */
export function toLocalDateTimeValue(instant: Date, zone: string): string {
  return toZonedIso(instant, zone).slice(0, 16);
}

/** An ISO 8601 calendar date-time with its offset (or Z): the only form APIs accept for an instant, and what `parseZonedIso` reads. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 date-time that names its offset (or Z); anything else is null, so no time is read in the server's zone. */
export function parseZonedIso(text: unknown): Date | null {
  if (typeof text !== 'string' || !ISO_WITH_OFFSET.test(text)) return null;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}
