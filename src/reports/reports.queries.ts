import { Injectable } from '@nestjs/common';
import { Prepared, type SqlValue, type Statement } from '../database/prepared.js';
import { RESERVATION_STATUSES } from '../reservations/reservation.entity.js';
import { LONGEST_BOOKING_MS } from '../reservations/reservations.queries.js';
import { VENUE_TIMEZONES } from '../venues/venue.entity.js';
import { LEAD_BUCKETS } from './lead-time.js';
import { periodInstants, type Period } from './period.js';
import { dayNumber, HOURS, REQUEST_COLUMNS } from './rollup-sql.js';

/** Which reservations and events a report reads: venues (always a list), optionally one room kind. */
export interface ReportScope { venueIds: number[]; roomKind: string | null }

export interface RoomUseRow { roomId: number; bookingMinutes: number; eventMinutes: number; pendingMinutes: number; blockMinutes: number; bookings: number }
/** Confirmed minutes per local hour (0–23) of one local weekday (0 = Monday). */
export interface HeatRow { weekday: number; minutes: number[] }
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

const eventRows = (d: Dialect, k: number | null) => `FROM events e JOIN venues v ON v.id = e.venue_id
  WHERE ${venueIn(d, 'e.venue_id')} AND e.status IN ('published', 'completed') AND e.starts_at >= $2 AND e.starts_at < $3
    AND e.starts_at >= ${bound(d, 'v', 'ps')} AND e.starts_at < ${bound(d, 'v', 'pe')}${k ? ` AND EXISTS (SELECT 1 FROM event_sessions es JOIN rooms rk ON rk.id = es.room_id WHERE es.event_id = e.id AND rk.kind = $${k})` : ''}`;

/** Confirmed bookings (event sessions too: their organiser booked the room) whose start falls in the period. */
const servedRows = (d: Dialect, k: number | null) => `${perVenue(d)} WHERE r.kind = 'booking'${roomKind(k)}
  AND r.status = 'confirmed' AND r.start_at >= $2 AND r.start_at < $3 AND r.start_at >= b.ps AND r.start_at < b.pe`;

/**
 * The roll-up statements (report_room_days and report_rejection_days, kept by ReportRollups): $1 the venue ids, $2–$3 the period's first and last
 * local day, $4 the room kind if any. A venue's days sit together under its primary key: one range per venue.
 */
const dayRows = (d: Dialect, withKind: boolean) => `FROM report_room_days d WHERE ${venueIn(d, 'd.venue_id')} AND d.local_day >= $2 AND d.local_day <= $3${withKind ? ' AND d.room_id IN (SELECT id FROM rooms WHERE kind = $4)' : ''}`;
const ROLL_UPS = {
  // A booking running on into the period from an earlier day counts once, on the period's first day.
  roomDays: (d: Dialect, withKind: boolean) => `SELECT d.room_id, SUM(d.booking_seconds) AS booking, SUM(d.event_seconds) AS event, SUM(d.pending_seconds) AS pending,
      SUM(d.block_seconds) AS block, SUM(d.bookings_started) + SUM(CASE WHEN d.local_day = $2 THEN d.bookings_carried ELSE 0 END) AS bookings,
      ${REQUEST_COLUMNS.map((c) => `SUM(d.${c}) AS ${c}`).join(', ')}
    ${dayRows(d, withKind)} GROUP BY d.room_id`,
  reasons: (d: Dialect, withKind: boolean) => `SELECT d.reason, SUM(d.requests) AS n ${dayRows(d, withKind).replace('report_room_days', 'report_rejection_days')} GROUP BY d.reason`,
  // Day 0 (1970-01-01) was a Thursday: weekday 3 counting from Monday.
  heat: (d: Dialect, withKind: boolean) => `SELECT (d.local_day + 3) % 7 AS weekday, ${HOURS.map((h) => `SUM(d.h${h}) AS h${h}`).join(', ')}
    ${dayRows(d, withKind)} GROUP BY (d.local_day + 3) % 7`,
};

type Builder = (d: Dialect, k: number | null) => string;
const BUILDERS: Record<string, { sql: Builder; extra: number }> = {
  eventKinds: { extra: 1, sql: (d, k) => `SELECT e.kind, COUNT(DISTINCT e.id) AS events,
      SUM(CASE WHEN g.status = 'confirmed' THEN 1 ELSE 0 END) AS registrations,
      SUM(CASE WHEN g.status = 'waitlisted' THEN 1 ELSE 0 END) AS waitlisted,
      SUM(CASE WHEN g.status = 'confirmed' AND g.checked_in_at IS NOT NULL THEN 1 ELSE 0 END) AS check_ins,
      SUM(CASE WHEN g.status = 'confirmed' AND e.ends_at <= $16 THEN 1 ELSE 0 END) AS past_registrations
    ${eventRows(d, k).replace('WHERE', 'LEFT JOIN registrations g ON g.event_id = e.id WHERE')} GROUP BY e.kind` },
  promotions: { extra: 0, sql: (d, k) => `SELECT e.kind AS k, COUNT(*) AS n
    ${eventRows(d, k).replace('WHERE', "JOIN domain_events de ON de.event_id = e.id AND de.type = 'registration.promoted' WHERE")} GROUP BY e.kind` },
  // First-time or returning: a first confirmed booking day at some venue (report_creator_venues, kept with every
  // change) before the period's first local date ($16).
  reach: { extra: 1, sql: (d, k) => `WITH ${bounds(d)}, pairs AS (SELECT DISTINCT r.venue_id, r.creator_id ${servedRows(d, k)}), served AS (SELECT DISTINCT creator_id FROM pairs)
    SELECT 'venue' AS part, venue_id, ${d.pg ? 'NULL::boolean' : 'NULL'} AS consent, ${d.pg ? 'NULL::text' : 'NULL'} AS sector, ${d.pg ? 'NULL::text' : 'NULL'} AS scale,
      ${d.pg ? 'NULL::text' : 'NULL'} AS province, 0 AS is_returning, COUNT(*) AS n FROM pairs GROUP BY venue_id
    UNION ALL
    SELECT 'reach', NULL, COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}) AS consent, p.sector, p.scale, p.province,
      CASE WHEN EXISTS (SELECT 1 FROM report_creator_venues f WHERE f.creator_id = s.creator_id AND f.first_day < $16) THEN 1 ELSE 0 END AS is_returning,
      COUNT(*) AS n
    FROM served s LEFT JOIN creator_profiles p ON p.user_id = s.creator_id
    GROUP BY COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}), p.sector, p.scale, p.province, 7` },
};
type QueryName = keyof typeof BUILDERS;

const num = (v: unknown): number => Number(v ?? 0);

/** The report's aggregates: room use from the daily roll-ups, the rest one GROUP BY pass each over an indexed range (docs/decisions.md). */
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

  private rollUp<T>(name: keyof typeof ROLL_UPS, scope: ReportScope, period: Period): Promise<T[]> {
    if (!scope.venueIds.length) return Promise.resolve([]);
    const key = `${name}${scope.roomKind ? '_kind' : ''}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const sql = ROLL_UPS[name];
      statement = { name: `rk_report_${key}`, sql: sql({ pg: true }, !!scope.roomKind), sqlite: sql({ pg: false }, !!scope.roomKind) };
      this.statements.set(key, statement);
    }
    const values: SqlValue[] = [scope.venueIds, dayNumber(period.from), dayNumber(period.to), ...(scope.roomKind ? [scope.roomKind] : [])];
    return this.prepared.rows<T>(null, statement, values);
  }

  /** Minutes per room (booked, event, pending, blocked), confirmed minutes per local weekday and hour, and the requests. */
  async use(scope: ReportScope, period: Period) {
    const minutes = (v: unknown) => Math.round(num(v) / 60);
    const [rooms, heat, reasons] = await Promise.all((['roomDays', 'heat', 'reasons'] as const).map((name) => this.rollUp<Record<string, unknown>>(name, scope, period)));
    return {
      ...this.requests(rooms, reasons),
      rooms: rooms.map((r): RoomUseRow => ({
        roomId: num(r.room_id), bookingMinutes: minutes(r.booking), eventMinutes: minutes(r.event), pendingMinutes: minutes(r.pending), blockMinutes: minutes(r.block), bookings: num(r.bookings),
      })),
      heat: heat.map((r): HeatRow => ({ weekday: num(r.weekday), minutes: HOURS.map((h) => num(r[`h${h}`]) / 60) })),
    };
  }

  /** Requests by status, the ten most given rejection reasons, approvals and cancellations by how late they came. */
  private requests(rooms: Array<Record<string, unknown>>, reasons: Array<Record<string, unknown>>): { statuses: CountRow[]; reasons: CountRow[]; history: HistoryRow[] } {
    const total = (column: string) => rooms.reduce((sum, r) => sum + num(r[column]), 0);
    const approved = total('requests_approved');
    return {
      statuses: RESERVATION_STATUSES.map((key) => ({ key, count: total(`requests_${key}`) })).filter((s) => s.count > 0),
      reasons: reasons.map((r) => ({ key: String(r.reason), count: num(r.n) })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, 10),
      history: [
        ...(approved ? [{ action: 'approved', bucket: '', count: approved }] : []),
        ...LEAD_BUCKETS.map((b) => ({ action: 'cancelled', bucket: b.key, count: total(`cancelled_${b.key}`) })).filter((h) => h.count > 0),
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
    const rows = await this.run<Record<string, unknown>>('reach', scope, period, [dayNumber(period.from)]);
    return {
      reach: rows.filter((r) => r.part === 'reach').map((r) => ({
        consent: r.consent === true || Number(r.consent) === 1, sector: (r.sector as string) ?? null, scale: (r.scale as string) ?? null,
        province: (r.province as string) ?? null, returning: num(r.is_returning) === 1, count: num(r.n),
      })),
      venueCreators: rows.filter((r) => r.part === 'venue').map((r) => ({ venueId: num(r.venue_id), creators: num(r.n) })),
    };
  }
}
