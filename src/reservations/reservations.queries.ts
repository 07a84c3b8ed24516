import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { LIKE_ESCAPE } from '../common/like.js';
import { Prepared, type Statement } from '../database/prepared.js';
import { Room } from '../rooms/room.entity.js';
import { Closure } from '../venues/closure.entity.js';
import type { ClosureRange } from '../venues/opening-hours.js';
import { Venue } from '../venues/venue.entity.js';
import type { BusyInterval } from './availability.js';
import { Reservation, type ReservationKind, type ReservationStatus } from './reservation.entity.js';
import { instant } from '../database/sql-time.js';

/** An active reservation or block as the availability rules and the public week need it. */
export interface ActiveRow {
  id: number; roomId: number; kind: ReservationKind; status: ReservationStatus; creatorId: number;
  startAt: Date; endAt: Date; occupiedEndAt: Date;
}

/**
 * A booking holds its room for at most a day plus the buffer (rooms allow at most 24 h and a 4 h buffer, checked on
 * every booking path), so a booking meeting a window starts at most this long before it: the scan is bounded at
 * both ends by the (room_id, start_at) index. Blocks have no maximum length; they are read apart, by their own index.
 */
export const LONGEST_BOOKING_MS = 2 * 86_400_000;
/** The longest buffer a room may have (room rules): a booking starting this long after a stretch still matters to it. */
export const LONGEST_BUFFER_MS = 4 * 3_600_000;

const COLUMNS = 'id, room_id, kind, status, creator_id, start_at, end_at, occupied_end_at';
const ACTIVE = "status IN ('pending', 'confirmed')";
// $1 room ids, $2 window start, $3 window end, $4 window start − LONGEST_BOOKING_MS (other numbers where a statement says).
const activeIn = (rooms: string, [from, to, before] = ['$2', '$3', '$4']): Statement['sql'] => `
  SELECT ${COLUMNS} FROM reservations
    WHERE ${rooms} AND ${ACTIVE} AND start_at >= ${before} AND start_at < ${to} AND occupied_end_at > ${from}
  UNION ALL
  SELECT ${COLUMNS} FROM reservations
    WHERE ${rooms} AND kind = 'block' AND ${ACTIVE} AND start_at < ${before} AND occupied_end_at > ${from}
  ORDER BY start_at`;

const active: Statement = {
  name: 'rk_reservations_active',
  sql: activeIn('room_id = ANY($1::int[])'),
  sqlite: activeIn('room_id IN (SELECT value FROM json_each($1))'),
};

const ROOM_VENUE_COLUMNS = `r.id, r.venue_id, r.name, r.kind, r.capacity, r.amenities, r.photos, r.description, r.slot_minutes, r.min_minutes,
      r.max_minutes, r.buffer_minutes, r.horizon_days, r.requires_approval, r.max_hours_per_week, r.max_future_reservations, r.check_in_minutes, r.active,
      r.created_at, r.updated_at, v.code AS v_code, v.name AS v_name, v.address AS v_address, v.city AS v_city,
      v.province AS v_province, v.timezone AS v_timezone, v.phone AS v_phone, v.email AS v_email, v.description AS v_description,
      v.latitude AS v_latitude, v.longitude AS v_longitude, v.active AS v_active,
      v.no_show_limit AS v_no_show_limit, v.no_show_window_days AS v_no_show_window_days, v.no_show_approval_days AS v_no_show_approval_days, v.created_at AS v_created_at, v.updated_at AS v_updated_at`;
const ROOM_WITH_VENUE = `${ROOM_VENUE_COLUMNS}
    FROM rooms r JOIN venues v ON v.id = r.venue_id`;
const roomWithVenue: Statement = { name: 'rk_room_context', sql: `SELECT ${ROOM_WITH_VENUE} WHERE r.id = $1` };

// A reservation (columns as b_*), its room and venue (as ROOM_WITH_VENUE), and its creator (u_*): what its mail shows.
const withRoomAndCreator: Statement = {
  name: 'rk_reservation_with_room_and_creator',
  sql: `SELECT b.id AS b_id, b.kind AS b_kind, b.status AS b_status, b.title AS b_title, b.headcount AS b_headcount, b.notes AS b_notes,
      b.start_at AS b_start_at, b.end_at AS b_end_at, b.occupied_end_at AS b_occupied_end_at, b.series_id AS b_series_id,
      b.status_reason AS b_status_reason, b.event_id AS b_event_id, b.checked_in_at AS b_checked_in_at, b.sequence AS b_sequence,
      b.creator_id AS b_creator_id, b.created_at AS b_created_at, b.updated_at AS b_updated_at,
      u.name AS u_name, u.email AS u_email, u.locale AS u_locale, ${ROOM_WITH_VENUE}
    JOIN reservations b ON b.room_id = r.id JOIN users u ON u.id = b.creator_id WHERE b.id = $1`,
};

/** The filters of a network search; a place is matched on the indexed LOWER(city) and LOWER(province) keys. */
export interface CandidateFilters { city?: string; province?: string; minCapacity?: number; roomKind?: string; amenityPattern?: string }
export const SEARCH_CANDIDATES = 300;

// One statement per kind of place, so each plan can use its index ($1–$3 the optional filters, $4/$5 the place keys).
const PLACES = { city: 'LOWER(v.city) = $4', province: 'LOWER(v.province) = $4', both: 'LOWER(v.city) = $4 AND LOWER(v.province) = $5', none: 'TRUE' };
const candidatesIn = (place: keyof typeof PLACES): Statement => {
  const sql = `SELECT ${ROOM_WITH_VENUE}
    WHERE ${PLACES[place]} AND r.active AND v.active AND ($1::int IS NULL OR r.capacity >= $1::int)
      AND ($2::varchar IS NULL OR r.kind = $2::varchar) AND ($3::text IS NULL OR r.amenities LIKE $3::text ${LIKE_ESCAPE})
    ORDER BY r.capacity, r.id LIMIT ${SEARCH_CANDIDATES}`;
  return { name: `rk_search_candidates_${place}`, sql, sqlite: sql.replace(/::\w+/g, '') };
};
const candidates = { city: candidatesIn('city'), province: candidatesIn('province'), both: candidatesIn('both'), none: candidatesIn('none') };
const venuesIn = (column: string) => ({ sql: `${column} = ANY($1::int[])`, sqlite: `${column} IN (SELECT value FROM json_each($1))` });
const hoursOfVenues: Statement = {
  name: 'rk_search_hours',
  sql: `SELECT venue_id, weekday, opens, closes FROM venue_opening_hours WHERE ${venuesIn('venue_id').sql}`,
  sqlite: `SELECT venue_id, weekday, opens, closes FROM venue_opening_hours WHERE ${venuesIn('venue_id').sqlite}`,
};
const closuresOnDate: Statement = {
  name: 'rk_search_closures',
  sql: `SELECT venue_id, start_date, end_date, reason FROM venue_closures WHERE ${venuesIn('venue_id').sql} AND start_date <= $2 AND end_date >= $2`,
  sqlite: `SELECT venue_id, start_date, end_date, reason FROM venue_closures WHERE ${venuesIn('venue_id').sqlite} AND start_date <= $2 AND end_date >= $2`,
};
// A room's context and its active rows in one round trip: $1 room, $2 closures ending on or after this date, $3–$5 the
// busy read's window as in `activeIn`. Hours, closures and rows come back as JSON arrays of arrays.
const weekOf = (agg: string, row: string): string => `SELECT ${ROOM_VENUE_COLUMNS},
      (SELECT ${agg}(${row}(h.weekday, h.opens, h.closes)) FROM venue_opening_hours h WHERE h.venue_id = r.venue_id) AS w_hours,
      (SELECT ${agg}(${row}(c.id, c.start_date, c.end_date, c.reason, c.kind, c.estimated, c.created_at, c.updated_at))
        FROM venue_closures c WHERE c.venue_id = r.venue_id AND c.end_date >= $2) AS w_closures,
      (SELECT ${agg}(${row}(b.id, b.kind, b.status, b.creator_id, b.start_at, b.end_at, b.occupied_end_at))
        FROM (${activeIn('room_id = r.id', ['$3', '$4', '$5'])}) b) AS w_busy
    FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE r.id = $1`;
const roomWeek: Statement = { name: 'rk_room_week', sql: weekOf('json_agg', 'json_build_array'), sqlite: weekOf('json_group_array', 'json_array') };
const hoursOf: Statement = { name: 'rk_room_context_hours', sql: 'SELECT weekday, opens, closes FROM venue_opening_hours WHERE venue_id = $1' };
const closuresOf: Statement = {
  name: 'rk_room_context_closures',
  sql: 'SELECT id, venue_id, start_date, end_date, reason, kind, estimated, created_at, updated_at FROM venue_closures WHERE venue_id = $1 AND end_date >= $2',
};

const BOOKING_COLUMNS = `room_id, venue_id, creator_id, kind, status, title, headcount, notes, start_at, end_at, occupied_end_at,
  series_id, status_reason, sequence, event_id`;
// $1 room, $9 start, $11 occupied end, $16 start − LONGEST_BOOKING_MS: the same bounded read as `activeIn`.
const NOTHING_HELD = `NOT EXISTS (SELECT 1 FROM reservations
      WHERE room_id = $1 AND ${ACTIVE} AND start_at >= $16 AND start_at < $11 AND occupied_end_at > $9)
    AND NOT EXISTS (SELECT 1 FROM reservations
      WHERE room_id = $1 AND kind = 'block' AND ${ACTIVE} AND start_at < $16 AND occupied_end_at > $9)`;
const insertIfFreeSql = (values: string): string => `INSERT INTO reservations (${BOOKING_COLUMNS})
    SELECT ${values} WHERE ${NOTHING_HELD} RETURNING id, created_at, updated_at`;
const PG_TYPES = ['int', 'int', 'int', 'varchar', 'varchar', 'varchar', 'int', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'int', 'varchar', 'int', 'int'];

/**
 * The booking write: inserted only if nothing holds its room's occupied range (the same bounds as the busy check), so
 * the check and the insert are one statement. On PostgreSQL its history row ($17 actor, $18 details, $19 time) comes
 * in the same round trip; SQLite has no INSERT in WITH and writes it with `insertHistory` (microseconds in-process).
 */
const insertIfFree: Statement = {
  name: 'rk_reservations_insert_if_free',
  sql: `WITH inserted AS (${insertIfFreeSql(PG_TYPES.map((type, i) => `$${i + 1}::${type}`).join(', '))}),
    history AS (INSERT INTO reservation_history (reservation_id, actor_id, action, reason, details, created_at)
      SELECT id, $17::int, 'created', NULL, $18::text, $19::timestamptz FROM inserted)
    SELECT id, created_at, updated_at FROM inserted`,
  sqlite: insertIfFreeSql(PG_TYPES.map((_, i) => `$${i + 1}`).join(', ')),
};
const insertHistory: Statement = {
  name: 'rk_reservation_history_insert',
  sql: `INSERT INTO reservation_history (reservation_id, actor_id, action, reason, details, created_at) VALUES ($1, $2, 'created', NULL, $3, $4)`,
};

// SQLite without statistics prefers the covering report index (venue_id, start_at, …), which reads every booking of
// the venue in the window; the creator's own no-shows are a handful of entries of (creator_id, status, start_at).
const noShowsSql = (index: string) => `SELECT start_at FROM reservations${index} WHERE creator_id = $1 AND status = 'no_show' AND venue_id = $2 AND start_at > $3`;
const noShowsSince: Statement = {
  name: 'rk_reservations_no_shows', sql: noShowsSql(''), sqlite: noShowsSql(' INDEXED BY IDX_reservations_creator_status_start'),
};
const ownActiveBookings: Statement = {
  name: 'rk_reservations_fair_use',
  // occupied_end_at ≥ end_at, so its bound changes no answer; it lets (room_id, occupied_end_at) skip the room's past.
  sql: `SELECT start_at, end_at FROM reservations
    WHERE room_id = $1 AND creator_id = $2 AND kind = 'booking' AND ${ACTIVE} AND end_at > $3 AND occupied_end_at > $3`,
};

interface RawRow {
  id: number; room_id: number; kind: ReservationKind; status: ReservationStatus; creator_id: number;
  start_at: Date | string; end_at: Date | string; occupied_end_at: Date | string;
}

// SQLite returns the UTC text TypeORM wrote, PostgreSQL Date objects.

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
// An instant inside JSON: PostgreSQL writes timestamptz with its offset, SQLite the UTC text TypeORM wrote.
const jsonInstant = (v: string): Date => (v.includes('T') ? new Date(v) : instant(v));
const numberOrNull = (v: unknown) => (v === null ? null : Number(v));

/** A row of `ROOM_WITH_VENUE` as entity objects. */
function roomWithVenueOf(r: Record<string, unknown>): Room & { venue: Venue } {
  const venueId = Number(r.venue_id);
  const venue = Object.assign(new Venue(), {
    id: venueId, code: r.v_code, name: r.v_name, address: r.v_address, city: r.v_city, province: r.v_province, timezone: r.v_timezone,
    phone: r.v_phone, email: r.v_email, description: r.v_description, latitude: numberOrNull(r.v_latitude),
    longitude: numberOrNull(r.v_longitude), active: Boolean(r.v_active),
    noShowLimit: Number(r.v_no_show_limit), noShowWindowDays: Number(r.v_no_show_window_days), noShowApprovalDays: Number(r.v_no_show_approval_days),
    createdAt: instant(r.v_created_at as string), updatedAt: instant(r.v_updated_at as string),
  });
  return Object.assign(new Room(), {
    id: Number(r.id), venueId, name: r.name, kind: r.kind, capacity: Number(r.capacity), amenities: json(r.amenities), photos: json(r.photos),
    description: r.description, slotMinutes: Number(r.slot_minutes), minMinutes: Number(r.min_minutes), maxMinutes: Number(r.max_minutes),
    bufferMinutes: Number(r.buffer_minutes), horizonDays: Number(r.horizon_days), requiresApproval: Boolean(r.requires_approval),
    maxHoursPerWeek: numberOrNull(r.max_hours_per_week), maxFutureReservations: numberOrNull(r.max_future_reservations),
    checkInMinutes: numberOrNull(r.check_in_minutes), active: Boolean(r.active),
    createdAt: instant(r.created_at as string), updatedAt: instant(r.updated_at as string), venue,
  }) as Room & { venue: Venue };
}

/** A reservation loaded for its creator's mail. */
export interface ReservationWithCreator {
  reservation: Reservation & { room: Room & { venue: Venue } };
  creator: Pick<User, 'name' | 'email' | 'locale'>;
}

/** The reservation hot paths as prepared statements returning plain rows. */
@Injectable()
export class ReservationQueries {
  constructor(private readonly prepared: Prepared) {}

  /**
   * Active reservations and blocks of `roomIds` whose occupied range meets [from, to), earliest first. Inside a write
   * transaction pass its manager `m` (PostgreSQL then reads on that transaction's connection).
   */
  async active(roomIds: number[], from: Date, to: Date, m: EntityManager | null = null): Promise<ActiveRow[]> {
    if (!roomIds.length) return [];
    const rows = await this.prepared.rows<RawRow>(m, active, [roomIds, from, to, new Date(from.getTime() - LONGEST_BOOKING_MS)]);
    return rows.map((r) => ({
      id: Number(r.id), roomId: Number(r.room_id), kind: r.kind, status: r.status, creatorId: Number(r.creator_id),
      startAt: instant(r.start_at), endAt: instant(r.end_at), occupiedEndAt: instant(r.occupied_end_at),
    }));
  }

  /**
   * A room with its venue, its venue's weekly hours and the closures that have not ended two days ago (what the
   * booking rules need), as entity objects built from three prepared statements. Undefined for an unknown room.
   */
  async roomContext(roomId: number, m: EntityManager | null = null) {
    const r = await this.prepared.one<Record<string, unknown>>(m, roomWithVenue, [roomId]);
    if (!r) return undefined;
    const venueId = Number(r.venue_id);
    // Inside a transaction both run on its one connection, which takes one query at a time.
    const hours = await this.prepared.rows<{ weekday: number; opens: string; closes: string }>(m, hoursOf, [venueId]);
    const closures = await this.prepared.rows<Record<string, unknown>>(m, closuresOf, [venueId, new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)]);
    const room = roomWithVenueOf(r);
    const { venue } = room;
    return {
      room, venue, hours: hours.map((h) => ({ weekday: Number(h.weekday), opens: h.opens, closes: h.closes })),
      closures: closures.map((c) => Object.assign(new Closure(), {
        id: Number(c.id), venueId: Number(c.venue_id), startDate: c.start_date, endDate: c.end_date, reason: c.reason, kind: c.kind,
        estimated: Boolean(c.estimated), createdAt: instant(c.created_at as string), updatedAt: instant(c.updated_at as string),
      })),
    };
  }

  /**
   * `roomContext` and `active` in one statement (one round trip on PostgreSQL): the room, its venue's hours and the
   * closures that have not ended by `closuresFrom`, and the room's active rows meeting [from, to), earliest first.
   */
  async roomWeek(roomId: number, closuresFrom: string, from: Date, to: Date) {
    const r = await this.prepared.one<Record<string, unknown>>(null, roomWeek, [roomId, closuresFrom, from, to, new Date(from.getTime() - LONGEST_BOOKING_MS)]);
    if (!r) return undefined;
    const list = (v: unknown) => (json(v) ?? []) as unknown[][];
    const room = roomWithVenueOf(r);
    return {
      room, venue: room.venue,
      hours: list(r.w_hours).map(([weekday, opens, closes]) => ({ weekday: Number(weekday), opens: opens as string, closes: closes as string })),
      closures: list(r.w_closures).map(([id, startDate, endDate, reason, kind, estimated, createdAt, updatedAt]) => Object.assign(new Closure(), {
        id: Number(id), venueId: room.venueId, startDate, endDate, reason, kind, estimated: Boolean(estimated),
        createdAt: jsonInstant(createdAt as string), updatedAt: jsonInstant(updatedAt as string),
      })),
      rows: list(r.w_busy).map(([id, kind, status, creatorId, startAt, endAt, occupiedEndAt]): ActiveRow => ({
        id: Number(id), roomId, kind: kind as ReservationKind, status: status as ReservationStatus, creatorId: Number(creatorId),
        startAt: jsonInstant(startAt as string), endAt: jsonInstant(endAt as string), occupiedEndAt: jsonInstant(occupiedEndAt as string),
      })).sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || a.id - b.id),
    };
  }

  /**
   * A reservation with its room, venue and creator, as entity objects from one prepared statement (inside a write
   * transaction pass its manager). Undefined for an unknown id.
   */
  async withRoomAndCreator(id: number, m: EntityManager | null = null): Promise<ReservationWithCreator | undefined> {
    const b = await this.prepared.one<Record<string, unknown>>(m, withRoomAndCreator, [id]);
    if (!b) return undefined;
    const room = roomWithVenueOf(b);
    const orNull = (v: unknown) => (v === null ? null : instant(v as string));
    const reservation = Object.assign(new Reservation(), {
      id: Number(b.b_id), roomId: room.id, venueId: room.venueId, creatorId: Number(b.b_creator_id), kind: b.b_kind, status: b.b_status,
      title: b.b_title, headcount: Number(b.b_headcount), notes: b.b_notes, startAt: instant(b.b_start_at as string), endAt: instant(b.b_end_at as string),
      occupiedEndAt: instant(b.b_occupied_end_at as string), seriesId: numberOrNull(b.b_series_id), statusReason: b.b_status_reason,
      eventId: numberOrNull(b.b_event_id), checkedInAt: orNull(b.b_checked_in_at), sequence: Number(b.b_sequence),
      createdAt: instant(b.b_created_at as string), updatedAt: instant(b.b_updated_at as string), room,
    }) as Reservation & { room: Room & { venue: Venue } };
    return { reservation, creator: { name: b.u_name as string, email: b.u_email as string, locale: b.u_locale as User['locale'] } };
  }

  /**
   * Inserts a booking inside the caller's write transaction unless something active holds its room's occupied range
   * (then undefined, and nothing is written), with its 'created' history row; returns it with its id and timestamps.
   */
  async insertIfFree(m: EntityManager, r: Reservation, history: { actorId: number; details: Record<string, unknown> }): Promise<Reservation | undefined> {
    const at = new Date();
    const details = JSON.stringify(history.details);
    const row = await this.prepared.one<{ id: number; created_at: Date | string; updated_at: Date | string }>(m, insertIfFree, [
      r.roomId, r.venueId, r.creatorId, r.kind, r.status, r.title, r.headcount, r.notes, r.startAt, r.endAt, r.occupiedEndAt,
      r.seriesId ?? null, r.statusReason ?? null, r.sequence ?? 0, r.eventId ?? null, new Date(r.startAt.getTime() - LONGEST_BOOKING_MS),
      history.actorId, details, at,
    ]);
    if (!row) return undefined;
    if (!this.prepared.isPostgres) await this.prepared.rows(m, insertHistory, [Number(row.id), history.actorId, details, at]);
    return Object.assign(r, { id: Number(row.id), createdAt: instant(row.created_at), updatedAt: instant(row.updated_at) });
  }

  /** Start times of a creator's no-shows at a venue since `since` (on (creator_id, status, start_at)). */
  async noShowTimes(creatorId: number, venueId: number, since: Date, m: EntityManager | null = null): Promise<Date[]> {
    const rows = await this.prepared.rows<{ start_at: Date | string }>(m, noShowsSince, [creatorId, venueId, since]);
    return rows.map((r) => instant(r.start_at));
  }

  /** A creator's active bookings of a room that end after `since`: what the fair-use limits count. */
  async ownActiveBookings(m: EntityManager, roomId: number, creatorId: number, since: Date): Promise<Array<{ startAt: Date; endAt: Date }>> {
    const rows = await this.prepared.rows<{ start_at: Date | string; end_at: Date | string }>(m, ownActiveBookings, [roomId, creatorId, since]);
    return rows.map((r) => ({ startAt: instant(r.start_at), endAt: instant(r.end_at) }));
  }

  /** Active rooms of active venues matching the search filters, smallest first (at most SEARCH_CANDIDATES), with their venues. */
  async searchCandidates(f: CandidateFilters): Promise<Array<Room & { venue: Venue }>> {
    const city = f.city?.toLowerCase();
    const province = f.province?.toLowerCase();
    const place = city && province ? 'both' : city ? 'city' : province ? 'province' : 'none';
    const keys = [city, province].filter((k): k is string => Boolean(k));
    const rows = await this.prepared.rows<Record<string, unknown>>(null, candidates[place], [f.minCapacity ?? null, f.roomKind ?? null, f.amenityPattern ?? null, ...keys]);
    return rows.map(roomWithVenueOf);
  }

  /** Weekly hours of each of `venueIds`. */
  async hoursOfVenues(venueIds: number[]): Promise<Map<number, Array<{ weekday: number; opens: string; closes: string }>>> {
    const byVenue = new Map(venueIds.map((id) => [id, [] as Array<{ weekday: number; opens: string; closes: string }>]));
    for (const h of await this.prepared.rows<{ venue_id: number; weekday: number; opens: string; closes: string }>(null, hoursOfVenues, [venueIds])) {
      byVenue.get(Number(h.venue_id))?.push({ weekday: Number(h.weekday), opens: h.opens, closes: h.closes });
    }
    return byVenue;
  }

  /** The closures of `venueIds` that include the local date `date`, per venue. */
  async closuresOn(venueIds: number[], date: string): Promise<Map<number, ClosureRange[]>> {
    const byVenue = new Map<number, ClosureRange[]>();
    for (const c of await this.prepared.rows<{ venue_id: number; start_date: string; end_date: string; reason: string }>(null, closuresOnDate, [venueIds, date])) {
      byVenue.set(Number(c.venue_id), [...(byVenue.get(Number(c.venue_id)) ?? []), { startDate: c.start_date, endDate: c.end_date, reason: c.reason }]);
    }
    return byVenue;
  }

  /** Held intervals per room over [from, to), for the network search. */
  async busyByRoom(roomIds: number[], from: Date, to: Date): Promise<Map<number, BusyInterval[]>> {
    const result = new Map<number, BusyInterval[]>();
    for (const r of await this.active(roomIds, from, to)) {
      const list = result.get(r.roomId) ?? [];
      list.push({ start: r.startAt, end: r.endAt, occupiedEnd: r.occupiedEndAt, kind: r.kind === 'block' ? 'block' : 'reservation' });
      result.set(r.roomId, list);
    }
    return result;
  }
}

/** The statements whose plans `bench/explain.mjs` prints (the app's own text, so the plans in docs/benchmarks.md cannot drift). */
export const EXPLAINED = { active, candidatesByCity: candidates.city, hoursOfVenues, insertIfFree };
