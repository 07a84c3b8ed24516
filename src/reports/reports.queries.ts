import { Injectable } from '@nestjs/common';
import { Prepared, type SqlValue, type Statement } from '../database/prepared.js';
import { LONGEST_BOOKING_MS } from '../reservations/reservations.queries.js';
import { VENUE_TIMEZONES } from '../venues/venue.entity.js';
import { leadBucketSql } from './lead-time.js';
import { periodInstants, type Period } from './period.js';

/** Which reservations and events a report reads: venues (always a list), optionally one room kind. */
export interface ReportScope { venueIds: number[]; roomKind: string | null }

export interface RoomUseRow { roomId: number; bookingMinutes: number; eventMinutes: number; pendingMinutes: number; blockMinutes: number; bookings: number }
export interface UseSpanRow { zone: string; start: Date; end: Date; count: number }
export interface CountRow { key: string; count: number }
export interface HistoryRow { action: string; bucket: string; count: number }
export interface EventKindRow { kind: string; events: number; registrations: number; waitlisted: number; checkIns: number; pastRegistrations: number }
export interface ReachRow { consent: boolean; sector: string | null; scale: string | null; province: string | null; returning: boolean; count: number }
export interface VenueCreatorsRow { venueId: number; creators: number }

/**
 * Every statement takes the same first parameters: $1 the venue ids, $2/$3 a UTC window wide enough for every zone
 * (so the (venue_id, start_at, …) index bounds the scan), $4–$15 zone, start and end of the period in each Indonesian
 * zone, picked per row by a CASE on the venue's zone, which clips each row to its own venue's local dates (a joined
 * table of the four zones made PostgreSQL scan the range once per zone). Extra parameters follow from $16. Text
 * differs between the engines only in casts, array membership and epoch maths.
 */
interface Dialect { pg: boolean }
const venueIn = (d: Dialect, column: string) => (d.pg ? `${column} = ANY($1::int[])` : `${column} IN (SELECT value FROM json_each($1))`);
/** The period's first (`ps`) or end (`pe`) instant in the zone of `venue` (an alias of venues). */
const bound = (d: Dialect, venue: string, which: 'ps' | 'pe') => `CASE ${venue}.timezone ${VENUE_TIMEZONES.map((_, i) => {
  const n = 4 + i * 3;
  const at = which === 'ps' ? n + 1 : n + 2;
  return d.pg ? `WHEN $${n}::text THEN $${at}::timestamptz` : `WHEN $${n} THEN $${at}`;
}).join(' ')} END`;
const later = (d: Dialect, a: string, b: string) => (d.pg ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`);
const earlier = (d: Dialect, a: string, b: string) => (d.pg ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`);
const seconds = (d: Dialect, to: string, from: string) => (d.pg ? `EXTRACT(EPOCH FROM (${to} - ${from}))` : `(unixepoch(${to}) - unixepoch(${from}))`);
const roomKind = (kindParam: number | null) => (kindParam ? ` AND r.room_id IN (SELECT id FROM rooms WHERE kind = $${kindParam})` : '');
/**
 * The venues of the scope with their zone and the period's bounds in it, worked out once per venue (not once per
 * reservation row) and materialised, so the scan below compares plain columns; `b` drives the loop, one index range of
 * reservations per venue (SQLite keeps the CROSS JOIN order; PostgreSQL picks the join itself).
 */
const bounds = (d: Dialect) => `b AS MATERIALIZED (SELECT v.id, v.timezone AS tz, ${bound(d, 'v', 'ps')} AS ps, ${bound(d, 'v', 'pe')} AS pe
    FROM venues v WHERE ${venueIn(d, 'v.id')})`;
// SQLite would rather take the narrower (venue_id, start_at) index and read every row's status from the table.
const perVenue = (d: Dialect) => (d.pg ? 'FROM b JOIN reservations r ON r.venue_id = b.id' : 'FROM b CROSS JOIN reservations r INDEXED BY IDX_reservations_report ON r.venue_id = b.id');

/** Active bookings and blocks meeting the period, each clipped to it: `s`/`e` the clipped span, `tz` the venue's zone. */
const useRows = (d: Dialect, k: number | null) => {
  const cols = `r.room_id, r.kind, r.status, r.event_id, b.tz, ${later(d, 'r.start_at', 'b.ps')} AS s, ${earlier(d, 'r.end_at', 'b.pe')} AS e`;
  const where = `${roomKind(k)} AND r.status IN ('pending', 'confirmed') AND r.start_at < b.pe AND r.end_at > b.ps`;
  // Blocks have no longest length: they are found per room through their own partial index (room_id, occupied_end_at).
  return `u0 AS NOT MATERIALIZED (
      SELECT ${cols} ${perVenue(d)} WHERE r.kind = 'booking' AND r.start_at >= $2 AND r.start_at < $3${where}
      UNION ALL
      SELECT ${cols} FROM b ${d.pg ? 'JOIN' : 'CROSS JOIN'} rooms m ON m.venue_id = b.id ${d.pg ? 'JOIN' : 'CROSS JOIN'} reservations r ON r.room_id = m.id
        WHERE r.kind = 'block' AND r.occupied_end_at > $2 AND r.start_at < $3${where})`;
};

/** Bookings of creators (not event sessions) whose start falls in the period: the requests. */
// COALESCE: an `event_id IS NULL` test would tempt SQLite into the event_id index, which holds every creator's booking.
const requestRows = (d: Dialect, k: number | null) => `${perVenue(d)} WHERE r.kind = 'booking'${roomKind(k)}
  AND COALESCE(r.event_id, 0) = 0 AND r.start_at >= $2 AND r.start_at < $3 AND r.start_at >= b.ps AND r.start_at < b.pe`;

const eventRows = (d: Dialect, k: number | null) => `FROM events e JOIN venues v ON v.id = e.venue_id
  WHERE ${venueIn(d, 'e.venue_id')} AND e.status IN ('published', 'completed') AND e.starts_at >= $2 AND e.starts_at < $3
    AND e.starts_at >= ${bound(d, 'v', 'ps')} AND e.starts_at < ${bound(d, 'v', 'pe')}${k ? ` AND EXISTS (SELECT 1 FROM event_sessions es JOIN rooms rk ON rk.id = es.room_id WHERE es.event_id = e.id AND rk.kind = $${k})` : ''}`;

/** Confirmed bookings (event sessions too: their organiser booked the room) whose start falls in the period. */
const servedRows = (d: Dialect, k: number | null) => `${perVenue(d)} WHERE r.kind = 'booking'${roomKind(k)}
  AND r.status = 'confirmed' AND r.start_at >= $2 AND r.start_at < $3 AND r.start_at >= b.ps AND r.start_at < b.pe`;

type Builder = (d: Dialect, k: number | null) => string;
const BUILDERS: Record<string, { sql: Builder; extra: number }> = {
  // The clipped rows, read twice from the index (cheaper than materialising them): minutes and counts per room, kind,
  // status and whether an event holds it (summed per room in TypeScript, cheaper than five CASE sums per row), and the
  // confirmed spans for the heatmap. Identical spans collapse (bookings keep to the slot grid), so few rows come back.
  use: { extra: 0, sql: (d, k) => `WITH ${bounds(d)}, ${useRows(d, k)}
    SELECT 'room' AS part, room_id, ${d.pg ? 'NULL::text' : 'NULL'} AS tz, ${d.pg ? 'NULL::timestamptz' : 'NULL'} AS s, ${d.pg ? 'NULL::timestamptz' : 'NULL'} AS e,
      kind, status, CASE WHEN event_id IS NULL THEN 0 ELSE 1 END AS of_event, SUM(${seconds(d, 'e', 's')}) / 60.0 AS minutes, COUNT(*) AS n
    FROM u0 GROUP BY room_id, kind, status, CASE WHEN event_id IS NULL THEN 0 ELSE 1 END
    UNION ALL
    SELECT 'span', NULL, tz, s, e, NULL, NULL, NULL, 0, COUNT(*) FROM u0 WHERE kind = 'booking' AND status = 'confirmed' GROUP BY tz, s, e` },
  // One pass over the requests: by status, the rejection reason (read from the row only when rejected, so the scan
  // stays on the covering index), whether a manager approved it (one probe of its history), and for a cancelled one
  // how long before the start that happened.
  requests: { extra: 0, sql: (d, k) => `WITH ${bounds(d)} SELECT q.status AS k, q.reason, q.approved, CASE WHEN q.lead IS NULL THEN NULL ELSE ${leadBucketSql(`q.lead`)} END AS bucket, COUNT(*) AS n
    FROM (SELECT r.status, CASE WHEN r.status = 'rejected' THEN COALESCE((SELECT x.status_reason FROM reservations x WHERE x.id = r.id), '') END AS reason,
        CASE WHEN EXISTS (SELECT 1 FROM reservation_history h WHERE h.reservation_id = r.id AND h.action = 'approved') THEN 1 ELSE 0 END AS approved,
        CASE WHEN r.status = 'cancelled' THEN ${seconds(d, 'r.start_at', "(SELECT MIN(h.created_at) FROM reservation_history h WHERE h.reservation_id = r.id AND h.action = 'cancelled')")} END AS lead
      ${requestRows(d, k)}) q
    GROUP BY q.status, q.reason, q.approved, CASE WHEN q.lead IS NULL THEN NULL ELSE ${leadBucketSql(`q.lead`)} END` },
  eventKinds: { extra: 1, sql: (d, k) => `SELECT e.kind, COUNT(DISTINCT e.id) AS events,
      SUM(CASE WHEN g.status = 'confirmed' THEN 1 ELSE 0 END) AS registrations,
      SUM(CASE WHEN g.status = 'waitlisted' THEN 1 ELSE 0 END) AS waitlisted,
      SUM(CASE WHEN g.status = 'confirmed' AND g.checked_in_at IS NOT NULL THEN 1 ELSE 0 END) AS check_ins,
      SUM(CASE WHEN g.status = 'confirmed' AND e.ends_at <= $16 THEN 1 ELSE 0 END) AS past_registrations
    ${eventRows(d, k).replace('WHERE', 'LEFT JOIN registrations g ON g.event_id = e.id WHERE')} GROUP BY e.kind` },
  promotions: { extra: 0, sql: (d, k) => `SELECT e.kind AS k, COUNT(*) AS n
    ${eventRows(d, k).replace('WHERE', "JOIN domain_events de ON de.event_id = e.id AND de.type = 'registration.promoted' WHERE")} GROUP BY e.kind` },
  // First-time or returning: any confirmed booking anywhere before the period, read in that booking's venue zone. In two
  // steps, each a short walk of the (creator_id, start_at) index: the creator's first booking (MIN, which PostgreSQL
  // reads as ORDER BY … LIMIT 1 on that index; an EXISTS there tempted it into a sequential scan) before the wide
  // window, when every zone's period has yet to begin; else one inside the window (two days) before its zone's start.
  reach: { extra: 0, sql: (d, k) => `WITH ${bounds(d)}, pairs AS (SELECT DISTINCT r.venue_id, r.creator_id ${servedRows(d, k)}), served AS (SELECT DISTINCT creator_id FROM pairs)
    SELECT 'venue' AS part, venue_id, ${d.pg ? 'NULL::boolean' : 'NULL'} AS consent, ${d.pg ? 'NULL::text' : 'NULL'} AS sector, ${d.pg ? 'NULL::text' : 'NULL'} AS scale,
      ${d.pg ? 'NULL::text' : 'NULL'} AS province, 0 AS is_returning, COUNT(*) AS n FROM pairs GROUP BY venue_id
    UNION ALL
    SELECT 'reach', NULL, COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}) AS consent, p.sector, p.scale, p.province,
      CASE WHEN ${d.pg ? "(SELECT MIN(x.start_at) FROM reservations x WHERE x.creator_id = s.creator_id AND x.kind = 'booking' AND x.status = 'confirmed') < $2"
        : "EXISTS (SELECT 1 FROM reservations x WHERE x.creator_id = s.creator_id AND x.start_at < $2 AND x.kind = 'booking' AND x.status = 'confirmed')"}
        OR EXISTS (SELECT 1 FROM reservations x JOIN venues xv ON xv.id = x.venue_id
          WHERE x.creator_id = s.creator_id AND x.start_at >= $2 AND x.start_at < ${bound(d, 'xv', 'ps')} AND x.kind = 'booking' AND x.status = 'confirmed')
        THEN 1 ELSE 0 END AS is_returning,
      COUNT(*) AS n
    FROM served s LEFT JOIN creator_profiles p ON p.user_id = s.creator_id
    GROUP BY COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}), p.sector, p.scale, p.province, 7` },
};
type QueryName = keyof typeof BUILDERS;

const instant = (v: Date | string): Date => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));
const num = (v: unknown): number => Number(v ?? 0);

/** The report's aggregates: each one GROUP BY pass over an indexed range, run on demand (docs/decisions.md). */
@Injectable()
export class ReportQueries {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly prepared: Prepared) {}

  private statement(name: QueryName, withKind: boolean): Statement {
    const key = `${name}${withKind ? '_kind' : ''}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const builder = BUILDERS[name];
      const kindParam = withKind ? 16 + builder.extra : null;
      statement = { name: `rk_report_${key}`, sql: builder.sql({ pg: true }, kindParam), sqlite: builder.sql({ pg: false }, kindParam) };
      this.statements.set(key, statement);
    }
    return statement;
  }

  private async run<T>(name: QueryName, scope: ReportScope, period: Period, extra: SqlValue[] = []): Promise<T[]> {
    if (!scope.venueIds.length) return [];
    const perZone = VENUE_TIMEZONES.map((zone) => ({ zone, ...periodInstants(period, zone) }));
    const wideStart = new Date(Math.min(...perZone.map((z) => z.start.getTime())) - LONGEST_BOOKING_MS);
    const wideEnd = new Date(Math.max(...perZone.map((z) => z.end.getTime())));
    const values: SqlValue[] = [scope.venueIds, wideStart, wideEnd, ...perZone.flatMap((z) => [z.zone, z.start, z.end]), ...extra];
    if (scope.roomKind) values.push(scope.roomKind);
    return this.prepared.rows<T>(null, this.statement(name, !!scope.roomKind), values);
  }

  /** Minutes per room (booked, event, pending, blocked) and the confirmed spans for the heatmap. */
  async use(scope: ReportScope, period: Period): Promise<{ rooms: RoomUseRow[]; spans: UseSpanRow[] }> {
    const rows = await this.run<Record<string, unknown>>('use', scope, period);
    const rooms = new Map<number, RoomUseRow>();
    for (const r of rows) {
      if (r.part !== 'room') continue;
      const roomId = num(r.room_id);
      let room = rooms.get(roomId);
      if (!room) rooms.set(roomId, room = { roomId, bookingMinutes: 0, eventMinutes: 0, pendingMinutes: 0, blockMinutes: 0, bookings: 0 });
      const minutes = num(r.minutes);
      if (r.kind === 'block') room.blockMinutes += minutes;
      else if (r.status === 'pending') room.pendingMinutes += minutes;
      else if (num(r.of_event) === 1) { room.eventMinutes += minutes; room.bookings += num(r.n); }
      else { room.bookingMinutes += minutes; room.bookings += num(r.n); }
    }
    return {
      rooms: [...rooms.values()].map((r) => ({
        ...r, bookingMinutes: Math.round(r.bookingMinutes), eventMinutes: Math.round(r.eventMinutes), pendingMinutes: Math.round(r.pendingMinutes), blockMinutes: Math.round(r.blockMinutes),
      })),
      spans: rows.filter((r) => r.part === 'span').map((r) => ({ zone: String(r.tz), start: instant(r.s as Date | string), end: instant(r.e as Date | string), count: num(r.n) })),
    };
  }

  /** Requests by status, the ten most given rejection reasons, approvals and cancellations by how late they came. */
  async requests(scope: ReportScope, period: Period): Promise<{ statuses: CountRow[]; reasons: CountRow[]; history: HistoryRow[] }> {
    const rows = (await this.run<Record<string, unknown>>('requests', scope, period)).map((r) => ({
      status: String(r.k), reason: r.reason as string | null, approved: num(r.approved) === 1, bucket: r.bucket as string | null, n: num(r.n),
    }));
    const tally = (items: typeof rows, key: (r: (typeof rows)[number]) => string) => {
      const counts = new Map<string, number>();
      for (const r of items) counts.set(key(r), (counts.get(key(r)) ?? 0) + r.n);
      return counts;
    };
    const byStatus = tally(rows, (r) => r.status);
    const reasons = tally(rows.filter((r) => r.status === 'rejected'), (r) => r.reason ?? '');
    const leads = tally(rows.filter((r) => r.bucket !== null), (r) => r.bucket!);
    const approved = rows.filter((r) => r.approved).reduce((sum, r) => sum + r.n, 0);
    return {
      statuses: [...byStatus].map(([key, count]) => ({ key, count })),
      reasons: [...reasons].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, 10),
      history: [
        ...(approved ? [{ action: 'approved', bucket: '', count: approved }] : []),
        ...[...leads].map(([bucket, count]) => ({ action: 'cancelled', bucket, count })),
      ],
    };
  }

  promotions(scope: ReportScope, period: Period): Promise<CountRow[]> {
    return this.run<{ k: string; n: unknown }>('promotions', scope, period).then((rows) => rows.map((r) => ({ key: r.k, count: num(r.n) })));
  }

  async eventKinds(scope: ReportScope, period: Period, now: Date): Promise<EventKindRow[]> {
    const rows = await this.run<Record<string, unknown>>('eventKinds', scope, period, [now]);
    return rows.map((r) => ({
      kind: String(r.kind), events: num(r.events), registrations: num(r.registrations), waitlisted: num(r.waitlisted),
      checkIns: num(r.check_ins), pastRegistrations: num(r.past_registrations),
    }));
  }

  /** Creators served: by consent, sector, scale, home province and first-time or returning; and per venue. */
  async reach(scope: ReportScope, period: Period): Promise<{ reach: ReachRow[]; venueCreators: VenueCreatorsRow[] }> {
    const rows = await this.run<Record<string, unknown>>('reach', scope, period);
    return {
      reach: rows.filter((r) => r.part === 'reach').map((r) => ({
        consent: r.consent === true || Number(r.consent) === 1, sector: (r.sector as string) ?? null, scale: (r.scale as string) ?? null,
        province: (r.province as string) ?? null, returning: num(r.is_returning) === 1, count: num(r.n),
      })),
      venueCreators: rows.filter((r) => r.part === 'venue').map((r) => ({ venueId: num(r.venue_id), creators: num(r.n) })),
    };
  }
}
