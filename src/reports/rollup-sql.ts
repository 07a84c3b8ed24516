import { luxonZone } from '../common/time.js';
import { RESERVATION_STATUSES } from '../reservations/reservation.entity.js';
import { VENUE_TIMEZONES } from '../venues/venue.entity.js';
import { LEAD_BUCKETS, leadBucketSql } from './lead-time.js';

/**
 * The reports' daily roll-ups (docs/decisions.md "Reports read daily roll-ups"), as SQL both engines run: one text
 * recomputes the rows of some keys from the reservations themselves, whether for one room's few local days (the
 * domain-event subscriber), one venue (a zone change) or everything (the migration's backfill, the demo seed, the
 * national data set). Days are local days of the venue's zone, numbered from 1970-01-01 (day 0, a Thursday).
 */

/** Seconds east of UTC of each venue zone. Indonesian zones keep one offset all year (no summer time since 1988). */
export const ZONE_OFFSET_SECONDS: Record<string, number> = Object.fromEntries(
  VENUE_TIMEZONES.map((zone) => [zone, luxonZone(zone).offset(Date.UTC(2026, 0, 1)) * 60]),
);
export const HOURS = Array.from({ length: 24 }, (_, h) => h);
const DAY = 86_400;

/** The local day number of an instant in a zone. */
export const localDay = (at: Date, zone: string): number => Math.floor((Math.floor(at.getTime() / 1000) + ZONE_OFFSET_SECONDS[zone]) / DAY);
/** The local day number of a YYYY-MM-DD date (the same in every zone). */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
/** The UTC instant a local day begins in a zone. */
export const dayStart = (day: number, zone: string): Date => new Date((day * DAY - ZONE_OFFSET_SECONDS[zone]) * 1000);
/** The local days `[start, end)` touches in a zone, first and last. */
export const daysOf = (start: Date, end: Date, zone: string): [number, number] => {
  const off = ZONE_OFFSET_SECONDS[zone];
  return [localDay(start, zone), Math.ceil((Math.floor(end.getTime() / 1000) + off) / DAY) - 1];
};

interface Dialect { pg: boolean }
const epoch = (d: Dialect, column: string) => (d.pg ? `FLOOR(EXTRACT(EPOCH FROM ${column}))::bigint` : `unixepoch(${column})`);
const later = (d: Dialect, a: string, b: string) => (d.pg ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`);
const earlier = (d: Dialect, a: string, b: string) => (d.pg ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`);
const offsetOf = (venue: string) => `CASE ${venue}.timezone ${Object.entries(ZONE_OFFSET_SECONDS).map(([z, s]) => `WHEN '${z}' THEN ${s}`).join(' ')} END`;

/** Requests (creators' bookings, not event sessions) by status, approved ones, and cancelled ones by how late. */
export const REQUEST_COLUMNS = [...RESERVATION_STATUSES.map((status) => `requests_${status}`), 'requests_approved', ...LEAD_BUCKETS.map((b) => `cancelled_${b.key}`)];
export const ROOM_DAY_COLUMNS = ['booking_seconds', 'event_seconds', 'pending_seconds', 'block_seconds', 'bookings_started', 'bookings_carried', ...HOURS.map((h) => `h${h}`), ...REQUEST_COLUMNS];

/**
 * Which reservations a recomputation reads and which local days it writes: `$1…` placeholders in this order.
 * `room`: one room ($1) between two instants ($2, $3), days $4–$5 (its DELETE: venue $1, room $2, days $3–$4);
 * `venue`: one venue ($1); `all`: everything.
 */
export type RollUpKeys = 'room' | 'venue' | 'all';

const seconds = (d: Dialect, to: string, from: string) => (d.pg ? `EXTRACT(EPOCH FROM (${to} - ${from}))` : `(unixepoch(${to}) - unixepoch(${from}))`);
const isRequest = "r.kind = 'booking' AND COALESCE(r.event_id, 0) = 0";

/**
 * Rows of `report_room_days` for the keys: per room and local day, the seconds of confirmed bookings, event sessions,
 * pending requests and blocks clipped to the day, the confirmed bookings and sessions that start that day or run on
 * into it from an earlier one, the confirmed seconds in each local hour (the heatmap), and the requests that start
 * that day by outcome. Each active reservation is split into its local days by a recursive walk from its first day.
 */
export function roomDaysInsert(d: Dialect, keys: RollUpKeys): string {
  const filter = keys === 'room' ? ' AND r.room_id = $1 AND r.start_at < $3 AND r.end_at > $2' : keys === 'venue' ? ' AND r.venue_id = $1' : '';
  const confirmed = "p.what IN ('booking', 'event')";
  const ds = '(p.day * 86400 - p.off)';
  const hour = (h: number) => `SUM(CASE WHEN ${confirmed} THEN ${later(d, '0', `${earlier(d, 'p.pe', `${ds} + ${(h + 1) * 3600}`)} - ${later(d, 'p.ps', `${ds} + ${h * 3600}`)}`)} ELSE 0 END)`;
  const time = (what: string) => `SUM(CASE WHEN p.what = '${what}' THEN p.pe - p.ps ELSE 0 END)`;
  const requests = (test: string) => `SUM(CASE WHEN p.is_first = 1 AND p.request = 1 AND ${test} THEN 1 ELSE 0 END)`;
  const cancelledAt = "(SELECT MIN(h.created_at) FROM reservation_history h WHERE h.reservation_id = r.id AND h.action = 'cancelled')";
  const carried = 'venue_id, room_id, what, status, request, approved, lead, s, e, off';
  return `WITH RECURSIVE src AS (
      SELECT r.venue_id, r.room_id, ${epoch(d, 'r.start_at')} AS s, ${epoch(d, 'r.end_at')} AS e, ${offsetOf('v')} AS off, r.status,
        CASE WHEN r.status NOT IN ('pending', 'confirmed') THEN 'none' WHEN r.kind = 'block' THEN 'block' WHEN r.status = 'pending' THEN 'pending'
          WHEN r.event_id IS NULL THEN 'booking' ELSE 'event' END AS what,
        CASE WHEN ${isRequest} THEN 1 ELSE 0 END AS request,
        CASE WHEN EXISTS (SELECT 1 FROM reservation_history h WHERE h.reservation_id = r.id AND h.action = 'approved') THEN 1 ELSE 0 END AS approved,
        CASE WHEN r.status = 'cancelled' AND ${cancelledAt} IS NOT NULL THEN ${leadBucketSql(seconds(d, 'r.start_at', cancelledAt))} END AS lead
      FROM reservations r JOIN venues v ON v.id = r.venue_id
      WHERE (r.status IN ('pending', 'confirmed') OR ${isRequest})${filter}),
    piece AS (
      SELECT ${carried}, (s + off) / 86400 AS day, 1 AS is_first FROM src
      UNION ALL
      SELECT ${carried}, day + 1, 0 FROM piece WHERE what <> 'none' AND (day + 1) * 86400 - off < e),
    p AS (
      SELECT ${carried.replace(', s, e, off', '')}, day, is_first, off, ${later(d, 's', 'day * 86400 - off')} AS ps, ${earlier(d, 'e', '(day + 1) * 86400 - off')} AS pe
      FROM piece${keys === 'room' ? ' WHERE day >= $4 AND day <= $5' : ''})
    INSERT INTO report_room_days (venue_id, local_day, room_id, ${ROOM_DAY_COLUMNS.join(', ')})
    SELECT p.venue_id, p.day, p.room_id, ${time('booking')}, ${time('event')}, ${time('pending')}, ${time('block')},
      SUM(CASE WHEN ${confirmed} AND p.is_first = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN ${confirmed} AND p.is_first = 0 THEN 1 ELSE 0 END),
      ${HOURS.map(hour).join(', ')},
      ${RESERVATION_STATUSES.map((status) => requests(`p.status = '${status}'`)).join(', ')}, ${requests('p.approved = 1')},
      ${LEAD_BUCKETS.map((b) => requests(`p.lead = '${b.key}'`)).join(', ')}
    FROM p GROUP BY p.venue_id, p.day, p.room_id`;
}

export const roomDaysDelete = (keys: RollUpKeys): string => (keys === 'room'
  ? 'DELETE FROM report_room_days WHERE venue_id = $1 AND room_id = $2 AND local_day >= $3 AND local_day <= $4'
  : keys === 'venue' ? 'DELETE FROM report_room_days WHERE venue_id = $1' : 'DELETE FROM report_room_days');

/** Rows of `report_rejection_days`: rejected requests per room, local day of their start and reason. */
export function rejectionsInsert(d: Dialect, keys: RollUpKeys): string {
  const filter = keys === 'room' ? ' AND r.room_id = $1 AND r.start_at >= $2 AND r.start_at < $3' : keys === 'venue' ? ' AND r.venue_id = $1' : '';
  return `INSERT INTO report_rejection_days (venue_id, local_day, room_id, reason, requests)
    SELECT r.venue_id, (${epoch(d, 'r.start_at')} + ${offsetOf('v')}) / 86400 AS day, r.room_id, COALESCE(r.status_reason, '') AS reason, COUNT(*)
    FROM reservations r JOIN venues v ON v.id = r.venue_id
    WHERE ${isRequest} AND r.status = 'rejected'${filter} GROUP BY r.venue_id, 2, r.room_id, 4`;
}

export const rejectionsDelete = (keys: RollUpKeys): string => (keys === 'room'
  ? 'DELETE FROM report_rejection_days WHERE venue_id = $1 AND room_id = $2 AND local_day >= $3 AND local_day <= $4'
  : keys === 'venue' ? 'DELETE FROM report_rejection_days WHERE venue_id = $1' : 'DELETE FROM report_rejection_days');

/**
 * Rows of `report_creator_venues`: the local day of each creator's first confirmed booking (event sessions included)
 * at each venue, which tells a returning creator from a first-time one. `creator`: one venue ($1) and one creator ($2).
 */
export function creatorVenuesInsert(d: Dialect, keys: CreatorKeys): string {
  const filter = keys === 'creator' ? ' AND r.venue_id = $1 AND r.creator_id = $2' : keys === 'venue' ? ' AND r.venue_id = $1' : '';
  return `INSERT INTO report_creator_venues (venue_id, creator_id, first_day)
    SELECT r.venue_id, r.creator_id, MIN((${epoch(d, 'r.start_at')} + ${offsetOf('v')}) / 86400)
    FROM reservations r JOIN venues v ON v.id = r.venue_id
    WHERE r.kind = 'booking' AND r.status = 'confirmed'${filter} GROUP BY r.venue_id, r.creator_id`;
}

export type CreatorKeys = 'creator' | 'venue' | 'all';

export const creatorVenuesDelete = (keys: CreatorKeys): string => (keys === 'creator'
  ? 'DELETE FROM report_creator_venues WHERE venue_id = $1 AND creator_id = $2'
  : keys === 'venue' ? 'DELETE FROM report_creator_venues WHERE venue_id = $1' : 'DELETE FROM report_creator_venues');

/** The day number of the first of the month `day` falls in. */
export const monthStart = (day: number): number => {
  const date = new Date(day * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
};
const monthOf = (d: Dialect, day: string) => (d.pg ? `(${day} - EXTRACT(DAY FROM DATE '1970-01-01' + ${day})::int + 1)`
  : `(${day} - CAST(strftime('%d', ${day} * 86400, 'unixepoch') AS INTEGER) + 1)`);

/** The columns of `report_room_months`: a room's month, summed from its days (no hours: the heatmap has its own). */
export const ROOM_MONTH_COLUMNS = ROOM_DAY_COLUMNS.filter((c) => !/^h\d+$/.test(c));
export const WEEK_HOURS = [0, 1, 2, 3, 4, 5, 6].flatMap((w) => HOURS.map((h) => ({ w, h, column: `w${w}h${h}` })));

/**
 * `report_room_months`, summed from `report_room_days` (so the two cannot disagree): a whole month of a period reads
 * one row per room instead of one per day. `bookings_carried` is the month's first day's. Keys `room`: venue $1,
 * room $2, months starting from day $3 up to before day $4; `venue`: venue $1.
 */
export function roomMonthsInsert(d: Dialect, keys: RollUpKeys): string {
  const filter = keys === 'room' ? ' WHERE venue_id = $1 AND room_id = $2 AND local_day >= $3 AND local_day < $4' : keys === 'venue' ? ' WHERE venue_id = $1' : '';
  const month = monthOf(d, 'local_day');
  return `INSERT INTO report_room_months (venue_id, month_day, room_id, ${ROOM_MONTH_COLUMNS.join(', ')})
    SELECT venue_id, ${month}, room_id, ${ROOM_MONTH_COLUMNS.map((c) => (c === 'bookings_carried' ? `SUM(CASE WHEN local_day = ${month} THEN ${c} ELSE 0 END)` : `SUM(${c})`)).join(', ')}
    FROM report_room_days${filter} GROUP BY venue_id, ${month}, room_id`;
}

export const roomMonthsDelete = (keys: RollUpKeys): string => (keys === 'room'
  ? 'DELETE FROM report_room_months WHERE venue_id = $1 AND room_id = $2 AND month_day >= $3 AND month_day < $4'
  : keys === 'venue' ? 'DELETE FROM report_room_months WHERE venue_id = $1' : 'DELETE FROM report_room_months');

/**
 * `report_venue_months`: a venue's confirmed seconds per local weekday × hour over a month, all rooms together, summed
 * from `report_room_days`: the heatmap of a whole month is one row per venue. Keys `room`: venue $1, days $2 to
 * before $3 (whole months); `venue`: venue $1.
 */
export function venueMonthsInsert(d: Dialect, keys: RollUpKeys): string {
  const filter = keys === 'room' ? ' WHERE venue_id = $1 AND local_day >= $2 AND local_day < $3' : keys === 'venue' ? ' WHERE venue_id = $1' : '';
  const month = monthOf(d, 'local_day');
  return `INSERT INTO report_venue_months (venue_id, month_day, ${WEEK_HOURS.map((c) => c.column).join(', ')})
    SELECT venue_id, ${month}, ${WEEK_HOURS.map(({ w, h }) => `SUM(CASE WHEN (local_day + 3) % 7 = ${w} THEN h${h} ELSE 0 END)`).join(', ')}
    FROM report_room_days${filter} GROUP BY venue_id, ${month}`;
}

export const venueMonthsDelete = (keys: RollUpKeys): string => (keys === 'room'
  ? 'DELETE FROM report_venue_months WHERE venue_id = $1 AND month_day >= $2 AND month_day < $3'
  : keys === 'venue' ? 'DELETE FROM report_venue_months WHERE venue_id = $1' : 'DELETE FROM report_venue_months');

/** A period's local days as the roll-ups read them: whole months from the monthly rows, the days around them daily. */
export interface PeriodParts { head: [number, number]; tail: [number, number]; months: [number, number] }
const NONE: [number, number] = [1, 0];

/** Inclusive ranges of day numbers (empty when the first is above the second); `months` holds month-start days. */
export function periodParts(from: number, to: number): PeriodParts {
  const first = monthStart(from) === from ? from : monthStart(monthStart(from) + 31);
  const end = monthStart(to + 1);
  if (first >= end) return { head: [from, to], tail: NONE, months: NONE };
  return { head: first > from ? [from, first - 1] : NONE, tail: end <= to ? [end, to] : NONE, months: [first, monthStart(end - 1)] };
}

/** Everything recomputed from the reservations: the backfill of an upgraded installation, the seeds, bulk loads. */
export const rebuildAll = (d: Dialect): string[] => [
  roomDaysDelete('all'), roomDaysInsert(d, 'all'), roomMonthsDelete('all'), roomMonthsInsert(d, 'all'), venueMonthsDelete('all'), venueMonthsInsert(d, 'all'),
  rejectionsDelete('all'), rejectionsInsert(d, 'all'), creatorVenuesDelete('all'), creatorVenuesInsert(d, 'all'),
];
