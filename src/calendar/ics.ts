import ical, { foldLines, formatDate, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/**
 * Building .ics files. Every date-time is written in UTC (ending in Z), which every client reads correctly and which
 * needs no VTIMEZONE; people still see the venue's local time in the description and on the pages. The traps of the
 * library (see shared/calendar-checklist.md) are handled here, once: stable UIDs and sequences, DTSTAMP set by us,
 * the calendar name escaped (the library writes it raw), and the final CRLF the grammar requires.
 */
export interface CalendarItem {
  /** Stable per booking, registration or event session, e.g. `reservation-12@ruangkreatif.id`. */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** When the item last changed: DTSTAMP, so an unchanged feed stays byte-identical (and keeps its ETag). */
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  url?: string;
  status: 'confirmed' | 'cancelled' | 'tentative';
  geo?: { lat: number; lon: number } | null;
  /**
   * Invitations only: the sender (must equal the message's From) and the one recipient. No reply is asked for (RSVP
   * FALSE): nobody reads replies to the sender's mailbox (docs/decisions.md).
   */
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
}

export interface CalendarOptions {
  name: string;
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH' | null;
  /** Seconds; written as REFRESH-INTERVAL and X-PUBLISHED-TTL for subscription feeds. */
  ttlSeconds?: number;
}

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED, tentative: ICalEventStatus.TENTATIVE } as const;
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

/** TEXT may hold no control character but tab and line breaks (which are then escaped). */
const printable = (text: string): string => text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');

/**
 * RFC 5545 TEXT (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`, other control characters
 * dropped. ical-generator does this for the event's texts but writes NAME and X-WR-CALNAME as given.
 */
export const escapeText = (text: string): string => printable(text).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');

export function buildCalendar(options: CalendarOptions, items: CalendarItem[]): string {
  const calendar = ical({
    name: escapeText(options.name),
    prodId: { company: 'Ruang Kreatif', product: 'ruang-kreatif', language: 'ID' },
    ...(options.method ? { method: ICalCalendarMethod[options.method] } : {}),
    ...(options.ttlSeconds ? { ttl: options.ttlSeconds } : {}),
  });
  for (const item of items) {
    calendar.createEvent({
      id: item.uid,
      sequence: item.sequence,
      stamp: item.stamp,
      start: item.start,
      end: item.end,
      summary: printable(item.summary),
      description: printable(item.description),
      location: item.geo ? { title: printable(item.location), geo: item.geo } : printable(item.location),
      url: item.url ?? null,
      status: STATUS[item.status],
      ...(item.organizer ? { organizer: { name: oneLine(item.organizer.name), email: item.organizer.email } } : {}),
      ...(item.attendee ? {
        // A cancellation asks for nothing (RFC 5546 §3.2.5): no PARTSTAT, no RSVP.
        attendees: [{
          name: oneLine(item.attendee.name), email: item.attendee.email, role: ICalAttendeeRole.REQ,
          ...(options.method === 'CANCEL' ? {} : { status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }),
        }],
      } : {}),
    });
  }
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** What a calendar built ahead of time (`fillInCalendar`) carries as DTSTAMP before the real stamp is known. */
export const PLACEHOLDER_STAMP = new Date(0);

/**
 * Completes a one-item calendar built ahead of time with stand-ins (texts in `marks`, `PLACEHOLDER_STAMP` as its
 * stamp): unfolded, filled in, folded again, so the result is the one `buildCalendar` makes from the real values.
 */
export function fillInCalendar(ics: string, marks: Record<string, string>, stamp: Date): string {
  let text = ics.replace(/\r\n /g, '');
  for (const [mark, value] of Object.entries(marks)) text = text.replaceAll(mark, value);
  return foldLines(text.replace(`DTSTAMP:${formatDate(null, PLACEHOLDER_STAMP)}`, `DTSTAMP:${formatDate(null, stamp)}`));
}

/** Google Calendar's "add event" link (times in UTC). */
export function googleCalendarLink(item: Pick<CalendarItem, 'start' | 'end' | 'summary' | 'description' | 'location'>): string {
  const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const params = new URLSearchParams({ action: 'TEMPLATE', text: item.summary, dates: `${utc(item.start)}/${utc(item.end)}`, details: item.description, location: item.location });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** Outlook.com's "add event" link (times in UTC). */
export function outlookCalendarLink(item: Pick<CalendarItem, 'start' | 'end' | 'summary' | 'description' | 'location'>): string {
  const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const params = new URLSearchParams({ rru: 'addevent', subject: item.summary, startdt: utc(item.start), enddt: utc(item.end), body: item.description, location: item.location });
  return `https://outlook.live.com/calendar/0/action/compose?${params.toString()}`;
}

/** The `webcal://` form of an http(s) feed URL: only the scheme changes. */
export const webcalUrl = (httpsUrl: string): string => httpsUrl.replace(/^https?:\/\//, 'webcal://');
