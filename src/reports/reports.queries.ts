import { Injectable } from '@nestjs/common';
import { Prepared, type SqlValue, type Statement } from '../database/prepared.js';
import { RESERVATION_STATUSES } from '../reservations/reservation.entity.js';
import { LONGEST_BOOKING_MS } from '../reservations/reservations.queries.js';
import { VENUE_TIMEZONES } from '../venues/venue.entity.js';
import { LEAD_BUCKETS } from './lead-time.js';
import type { ClosureDays } from './open-time.js';
import { periodInstants, type Period } from './period.js';
import type { RoomInput } from './report-model.js';
import { dayNumber, HOURS, periodParts, REQUEST_COLUMNS, WEEK_HOURS } from './rollup-sql.js';

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
export interface HoursRow { venueId: number; weekday: number; opens: string; closes: string }
export interface ClosureRow extends ClosureDays { venueId: number }

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
// The confirmed bookings alone, from their partial index (migration 1764870000000); SQLite is told, or it takes the
// narrower (venue_id, start_at) index and reads every row's kind and status from the table.
const perVenue = (d: Dialect) => (d.pg ? 'FROM b JOIN reservations r ON r.venue_id = b.id' : 'FROM b CROSS JOIN reservations r INDEXED BY IDX_reservations_served ON r.venue_id = b.id');

const eventRows = (d: Dialect, k: number | null) => `FROM events e JOIN venues v ON v.id = e.venue_id
  WHERE ${venueIn(d, 'e.venue_id')} AND e.status IN ('published', 'completed') AND e.starts_at >= $2 AND e.starts_at < $3
    AND e.starts_at >= ${bound(d, 'v', 'ps')} AND e.starts_at < ${bound(d, 'v', 'pe')}${k ? ` AND EXISTS (SELECT 1 FROM event_sessions es JOIN rooms rk ON rk.id = es.room_id WHERE es.event_id = e.id AND rk.kind = $${k})` : ''}`;

/** Confirmed bookings (event sessions too: their organiser booked the room) whose start falls in the period. */
const servedRows = (d: Dialect, k: number | null) => `${perVenue(d)} WHERE r.kind = 'booking'${roomKind(k)}
  AND r.status = 'confirmed' AND r.start_at >= $2 AND r.start_at < $3 AND r.start_at >= b.ps AND r.start_at < b.pe`;

/**
 * The roll-up statements (ReportRollups keeps the tables): a period's whole months are read from the monthly rows,
 * the days before and after them from the daily ones (periodParts). $1 is always the venue ids; the room kind, if
 * any, follows a statement's own parameters. Each table's primary key starts with the venue: one range per venue.
 */
const kindIn = (alias: string, k: number | null) => (k ? ` AND ${alias}.room_id IN (SELECT id FROM rooms WHERE kind = $${k})` : '');
// PostgreSQL: joined to the unnested ids, so it may hash them (an `= ANY` of 5,000 ids descends the index 5,000 times).
const scoped = (d: Dialect, table: string, alias: string) => (d.pg ? `${table} ${alias} JOIN unnest($1::int[]) AS scope(id) ON scope.id = ${alias}.venue_id WHERE`
  : `${table} ${alias} WHERE ${alias}.venue_id IN (SELECT value FROM json_each($1)) AND`);
/** One part of a period (periodParts) read from a roll-up table: the rows of the scope's venues in a range of days. */
interface Part { table: string; column: string; range: [number, number] }
const rows = (d: Dialect, part: Part, lo: number, k: number | null, alias = 'r') =>
  `FROM ${scoped(d, part.table, alias)} ${alias}.${part.column} >= $${lo} AND ${alias}.${part.column} <= $${lo + 1}${kindIn(alias, k)}`;
/** A statement over some parts: `$1` the venue ids, then `before` values, then each part's range, then the room kind. */
interface RollUp { before: number; sql: (d: Dialect, parts: Part[], k: number | null) => string }
const unionOf = (parts: Part[], select: (part: Part, lo: number) => string, before: number) =>
  parts.map((part, i) => select(part, 2 + before + i * 2)).join(' UNION ALL ');
const ROOM_SUMS = ['booking_seconds', 'event_seconds', 'pending_seconds', 'block_seconds', 'bookings_started', ...REQUEST_COLUMNS];
const ROLL_UPS: Record<'roomDays' | 'heatDays' | 'heatMonths' | 'reasons', RollUp> = {
  // A booking running on into the period from an earlier day counts once, on the period's first day ($2).
  // Each part is summed by room on its own (a GROUP BY straight over the table's range; a UNION of raw rows under one
  // GROUP BY took twice as long), and the parts' sums are added up when there are several.
  roomDays: {
    before: 1,
    sql: (d, parts, k) => {
      const part = (p: Part, lo: number) => `SELECT r.room_id, ${ROOM_SUMS.map((c) => `SUM(r.${c}) AS ${c}`).join(', ')},
        SUM(CASE WHEN r.${p.column} = $2 THEN r.bookings_carried ELSE 0 END) AS bookings_carried ${rows(d, p, lo, k)} GROUP BY r.room_id`;
      if (parts.length === 1) return part(parts[0], 3);
      return `SELECT x.room_id, ${[...ROOM_SUMS, 'bookings_carried'].map((c) => `SUM(x.${c}) AS ${c}`).join(', ')} FROM (${unionOf(parts, part, 1)}) x GROUP BY x.room_id`;
    },
  },
  // Day 0 (1970-01-01) was a Thursday: weekday 3 counting from Monday.
  heatDays: {
    before: 0,
    sql: (d, parts, k) => `SELECT (x.local_day + 3) % 7 AS weekday, ${HOURS.map((h) => `SUM(x.h${h}) AS h${h}`).join(', ')}
      FROM (${unionOf(parts, (part, lo) => `SELECT r.local_day, ${HOURS.map((h) => `r.h${h}`).join(', ')} ${rows(d, part, lo, k)}`, 0)}) x
      GROUP BY (x.local_day + 3) % 7`,
  },
  heatMonths: { before: 0, sql: (d, parts) => `SELECT ${WEEK_HOURS.map((c) => `SUM(r.${c.column}) AS ${c.column}`).join(', ')} ${rows(d, parts[0], 2, null)}` },
  reasons: { before: 0, sql: (d, parts, k) => `SELECT r.reason, SUM(r.requests) AS n ${rows(d, parts[0], 2, k)} GROUP BY r.reason` },
};
const DAYS = { table: 'report_room_days', column: 'local_day' };
const MONTHS = { table: 'report_room_months', column: 'month_day' };
const isEmpty = (range: [number, number]) => range[0] > range[1];

/** What open minutes are worked out from, read as plain rows (a network has 15,000 rooms and 60,000 hours and closures). */
const INPUTS = {
  rooms: (d: Dialect, k: number | null) => `SELECT id, venue_id, name, kind, active FROM rooms WHERE ${venueIn(d, 'venue_id')}${k ? ` AND kind = $${k}` : ''} ORDER BY venue_id, name, id`,
  hours: (d: Dialect) => `SELECT venue_id, weekday, opens, closes FROM venue_opening_hours WHERE ${venueIn(d, 'venue_id')}`,
  closures: (d: Dialect) => `SELECT venue_id, start_date, end_date, kind FROM venue_closures WHERE ${venueIn(d, 'venue_id')} AND start_date <= $3 AND end_date >= $2`,
};

type Builder = (d: Dialect, k: number | null) => string;
const BUILDERS: Record<string, { sql: Builder; extra: number }> = {
  // Seats and waiting places from the events' counters (kept by triggers with every registration, migration
  // 1764612000000); check-ins counted from the partial index of checked-in seats (migration 1764870000000).
  eventKinds: { extra: 1, sql: (d, k) => `SELECT e.kind, COUNT(*) AS events, SUM(e.confirmed_count) AS registrations, SUM(e.waitlisted_count) AS waitlisted,
      SUM((SELECT COUNT(*) FROM registrations g WHERE g.event_id = e.id AND g.status = 'confirmed' AND g.checked_in_at IS NOT NULL)) AS check_ins,
      SUM(CASE WHEN e.ends_at <= $16 THEN e.confirmed_count ELSE 0 END) AS past_registrations
    ${eventRows(d, k)} GROUP BY e.kind` },
  promotions: { extra: 0, sql: (d, k) => `SELECT e.kind AS k, COUNT(*) AS n
    ${eventRows(d, k).replace('WHERE', "JOIN domain_events de ON de.event_id = e.id AND de.type = 'registration.promoted' WHERE")} GROUP BY e.kind` },
  // Creators served per venue: a distinct count per venue, streamed venue by venue along the index.
  venueCreators: { extra: 0, sql: (d, k) => `WITH ${bounds(d)} SELECT r.venue_id, COUNT(DISTINCT r.creator_id) AS n ${servedRows(d, k)} GROUP BY r.venue_id` },
  // The creators served, by consent, sector, scale, home province and first-time or returning: a first confirmed
  // booking day at some venue (report_creator_venues, kept with every change) before the period's first local date
  // ($16). A statement of its own beside the per-venue counts: one DISTINCT over (venue, creator) pairs feeding both
  // cost more than the two (PostgreSQL runs them at once).
  reach: { extra: 1, sql: (d, k) => `WITH ${bounds(d)}, served AS (SELECT DISTINCT r.creator_id ${servedRows(d, k)})
    SELECT COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}) AS consent, p.sector, p.scale, p.province,
      CASE WHEN EXISTS (SELECT 1 FROM report_creator_venues f WHERE f.creator_id = s.creator_id AND f.first_day < $16) THEN 1 ELSE 0 END AS is_returning,
      COUNT(*) AS n
    FROM served s LEFT JOIN creator_profiles p ON p.user_id = s.creator_id
    GROUP BY COALESCE(p.report_consent, ${d.pg ? 'false' : '0'}), p.sector, p.scale, p.province, 5` },
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
    return this.prepared.read<T>(this.statement(name, !!scope.roomKind), values);
  }

  /** Runs a roll-up statement over the parts that are not empty (none: no rows). */
  private rollUp<T>(name: keyof typeof ROLL_UPS, scope: ReportScope, parts: Part[], before: SqlValue[] = []): Promise<T[]> {
    const present = parts.filter((p) => !isEmpty(p.range));
    if (!present.length) return Promise.resolve([]);
    const key = `${name}_${present.map((p) => p.table).join('_')}${scope.roomKind ? '_kind' : ''}`;
    const rollUp = ROLL_UPS[name];
    let statement = this.statements.get(key);
    if (!statement) {
      const k = scope.roomKind ? 2 + rollUp.before + present.length * 2 : null;
      statement = { name: `rk_report_${name}_${this.statements.size}`, sql: rollUp.sql({ pg: true }, present, k), sqlite: rollUp.sql({ pg: false }, present, k) };
      this.statements.set(key, statement);
    }
    const values: SqlValue[] = [scope.venueIds, ...before, ...present.flatMap((p) => p.range), ...(scope.roomKind ? [scope.roomKind] : [])];
    return this.prepared.read<T>(statement, values);
  }

  /**
   * Minutes per room (booked, event, pending, blocked), confirmed minutes per local weekday and hour, and the requests.
   * The monthly heatmap holds every room of a venue, so a report of one room kind reads the heatmap from the days.
   */
  async use(scope: ReportScope, period: Period) {
    if (!scope.venueIds.length) return { ...this.requests([], []), rooms: [], heat: [] };
    const [from, to] = [dayNumber(period.from), dayNumber(period.to)];
    const { head, tail, months } = periodParts(from, to);
    const [days, heatDays] = scope.roomKind ? [[head, tail], [[from, to] as [number, number]]] : [[head, tail], [head, tail]];
    type Row = Record<string, unknown>;
    const [rooms, dayHeat, monthHeat, reasons] = await Promise.all([
      this.rollUp<Row>('roomDays', scope, [...days.map((range) => ({ ...DAYS, range })), { ...MONTHS, range: months }], [from]),
      this.rollUp<Row>('heatDays', scope, heatDays.map((range) => ({ ...DAYS, range }))),
      scope.roomKind ? Promise.resolve([]) : this.rollUp<Row>('heatMonths', scope, [{ table: 'report_venue_months', column: 'month_day', range: months }]),
      this.rollUp<Row>('reasons', scope, [{ table: 'report_rejection_days', column: 'local_day', range: [from, to] }]),
    ]);
    const minutes = (v: unknown) => Math.round(num(v) / 60);
    const heat: HeatRow[] = dayHeat.map((r) => ({ weekday: num(r.weekday), minutes: HOURS.map((h) => num(r[`h${h}`]) / 60) }));
    for (const r of monthHeat) heat.push(...[0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, minutes: HOURS.map((h) => num(r[`w${weekday}h${h}`]) / 60) })));
    return {
      ...this.requests(rooms, reasons),
      rooms: rooms.map((r): RoomUseRow => ({
        roomId: num(r.room_id), bookingMinutes: minutes(r.booking_seconds), eventMinutes: minutes(r.event_seconds), pendingMinutes: minutes(r.pending_seconds),
        blockMinutes: minutes(r.block_seconds), bookings: num(r.bookings_started) + num(r.bookings_carried),
      })),
      heat,
    };
  }

  /** The scope's rooms, weekly hours and the closures meeting the period. */
  async inputs(scope: ReportScope, period: Period): Promise<{ rooms: RoomInput[]; hours: HoursRow[]; closures: ClosureRow[] }> {
    if (!scope.venueIds.length) return { rooms: [], hours: [], closures: [] };
    const statement = (name: keyof typeof INPUTS, k: number | null) => {
      const key = `inputs_${name}${k ? '_kind' : ''}`;
      const built = this.statements.get(key) ?? { name: `rk_report_${key}`, sql: INPUTS[name]({ pg: true }, k), sqlite: INPUTS[name]({ pg: false }, k) };
      this.statements.set(key, built);
      return built;
    };
    type Row = Record<string, unknown>;
    const [rooms, hours, closures] = await Promise.all([
      this.prepared.read<Row>(statement('rooms', scope.roomKind ? 2 : null), scope.roomKind ? [scope.venueIds, scope.roomKind] : [scope.venueIds]),
      this.prepared.read<Row>(statement('hours', null), [scope.venueIds]),
      this.prepared.read<Row>(statement('closures', null), [scope.venueIds, period.from, period.to]),
    ]);
    return {
      rooms: rooms.map((r) => ({ id: num(r.id), venueId: num(r.venue_id), name: String(r.name), kind: String(r.kind), active: r.active === true || num(r.active) === 1 })),
      hours: hours.map((h) => ({ venueId: num(h.venue_id), weekday: num(h.weekday), opens: String(h.opens), closes: String(h.closes) })),
      closures: closures.map((c) => ({ venueId: num(c.venue_id), startDate: String(c.start_date), endDate: String(c.end_date), kind: String(c.kind) })),
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
    type Row = Record<string, unknown>;
    const [rows, perVenue] = await Promise.all([this.run<Row>('reach', scope, period, [dayNumber(period.from)]), this.run<Row>('venueCreators', scope, period)]);
    return {
      reach: rows.map((r) => ({
        consent: r.consent === true || Number(r.consent) === 1, sector: (r.sector as string) ?? null, scale: (r.scale as string) ?? null,
        province: (r.province as string) ?? null, returning: num(r.is_returning) === 1, count: num(r.n),
      })),
      venueCreators: perVenue.map((r) => ({ venueId: num(r.venue_id), creators: num(r.n) })),
    };
  }
}
