import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, type Statement } from '../database/prepared.js';
import type { BusyInterval } from './availability.js';
import type { Reservation, ReservationKind, ReservationStatus } from './reservation.entity.js';

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

const COLUMNS = 'id, room_id, kind, status, creator_id, start_at, end_at, occupied_end_at';
const ACTIVE = "status IN ('pending', 'confirmed')";
// $1 room ids, $2 window start, $3 window end, $4 window start − LONGEST_BOOKING_MS.
const activeIn = (rooms: string): Statement['sql'] => `
  SELECT ${COLUMNS} FROM reservations
    WHERE ${rooms} AND ${ACTIVE} AND start_at >= $4 AND start_at < $3 AND occupied_end_at > $2
  UNION ALL
  SELECT ${COLUMNS} FROM reservations
    WHERE ${rooms} AND kind = 'block' AND ${ACTIVE} AND start_at < $4 AND occupied_end_at > $2
  ORDER BY start_at`;

const active: Statement = {
  name: 'rk_reservations_active',
  sql: activeIn('room_id = ANY($1::int[])'),
  sqlite: activeIn('room_id IN (SELECT value FROM json_each($1))'),
};

const insertBooking: Statement = {
  name: 'rk_reservations_insert',
  sql: `INSERT INTO reservations (room_id, venue_id, creator_id, kind, status, title, headcount, notes, start_at, end_at, occupied_end_at,
      series_id, status_reason, sequence, event_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id, created_at, updated_at`,
};

interface RawRow {
  id: number; room_id: number; kind: ReservationKind; status: ReservationStatus; creator_id: number;
  start_at: Date | string; end_at: Date | string; occupied_end_at: Date | string;
}

// SQLite returns the UTC text TypeORM wrote, PostgreSQL Date objects.
const instant = (v: Date | string): Date => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

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
   * Inserts a reservation built with `m.create(Reservation, …)` inside the caller's write transaction and returns it
   * with its id and timestamps (one statement; TypeORM's save would select the generated columns again).
   */
  async insert(m: EntityManager, r: Reservation): Promise<Reservation> {
    const row = await this.prepared.one<{ id: number; created_at: Date | string; updated_at: Date | string }>(m, insertBooking, [
      r.roomId, r.venueId, r.creatorId, r.kind, r.status, r.title, r.headcount, r.notes, r.startAt, r.endAt, r.occupiedEndAt,
      r.seriesId ?? null, r.statusReason ?? null, r.sequence ?? 0, r.eventId ?? null,
    ]);
    return Object.assign(r, { id: Number(row!.id), createdAt: instant(row!.created_at), updatedAt: instant(row!.updated_at) });
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
