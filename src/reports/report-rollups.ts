import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, type SqlValue, type Statement } from '../database/prepared.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import type { DomainEventType } from '../domain-events/event-types.js';
import type { reservationSnapshot } from '../reservations/reservation-events.js';
import {
  creatorVenuesDelete, creatorVenuesInsert, dayStart, daysOf, monthStart, rejectionsDelete, rejectionsInsert, roomDaysDelete, roomDaysInsert,
  roomMonthsDelete, roomMonthsInsert, venueMonthsDelete, venueMonthsInsert, type CreatorKeys, type RollUpKeys,
} from './rollup-sql.js';

/** Every change of a reservation's room, time, status or kind records one of these (a check-in changes none of them). */
const RESERVATION_CHANGES: DomainEventType[] = ['reservation.created', 'reservation.approved', 'reservation.rejected', 'reservation.cancelled', 'reservation.moved', 'reservation.no_show'];

type Snapshot = ReturnType<typeof reservationSnapshot>;
type Sql = (d: { pg: boolean }) => string;
/** A roll-up's DELETE and INSERT for some keys, as prepared statements. */
const recompute = (name: string, del: Sql, insert: Sql): [Statement, Statement] => [
  { name: `rk_rollup_${name}_delete`, sql: del({ pg: true }), sqlite: del({ pg: false }) },
  { name: `rk_rollup_${name}_insert`, sql: insert({ pg: true }), sqlite: insert({ pg: false }) },
];
const byRooms = (keys: RollUpKeys) => ({
  days: recompute(`days_${keys}`, () => roomDaysDelete(keys), (d) => roomDaysInsert(d, keys)),
  rejections: recompute(`rejections_${keys}`, () => rejectionsDelete(keys), (d) => rejectionsInsert(d, keys)),
  roomMonths: recompute(`room_months_${keys}`, () => roomMonthsDelete(keys), (d) => roomMonthsInsert(d, keys)),
  venueMonths: recompute(`venue_months_${keys}`, () => venueMonthsDelete(keys), (d) => venueMonthsInsert(d, keys)),
});
const byCreators = (keys: CreatorKeys) => recompute(`creators_${keys}`, () => creatorVenuesDelete(keys), (d) => creatorVenuesInsert(d, keys));
const ROOM = byRooms('room');
const VENUE = byRooms('venue');
const CREATOR = byCreators('creator');
const VENUE_CREATORS = byCreators('venue');

/**
 * PostgreSQL: one transaction at a time recomputes a venue's rows, so none reads the reservations before another's
 * change commits and then writes over its rows (SQLite's writer is serial). An advisory lock, not a row lock, so it
 * never meets the foreign keys' row locks; the last lock a change takes, so it cannot deadlock.
 */
const LOCK: Statement = { name: 'rk_rollup_lock', sql: 'SELECT pg_advisory_xact_lock(1764860000, $1)' };
const ZONE: Statement = { name: 'rk_rollup_zone', sql: 'SELECT timezone FROM venues WHERE id = $1' };

/**
 * Keeps the reports' daily roll-ups in the change's own transaction: on every reservation change the rows of the
 * (room, local day) keys it touched, before and after, are recomputed from the reservations themselves (delete and
 * insert, never a delta, so they cannot drift), and so is the creator's first booking day at the venue. A venue whose
 * zone changes has all its rows recomputed.
 */
@Injectable()
export class ReportRollups implements OnModuleInit {
  constructor(private readonly stream: DomainEvents, private readonly prepared: Prepared) {}

  onModuleInit(): void {
    this.stream.subscribe(RESERVATION_CHANGES, (m, event) => this.onReservation(m, event));
    this.stream.subscribe(['venue.timezone_changed'], (m, event) => this.recomputeVenue(m, event.venueId!));
  }

  /**
   * Recomputes from the event's payload (what every `reservation.*` event carries), before and after a move, once per
   * key at the end of the transaction: after all of its changes (a closure cancelling twenty bookings of one room's
   * day recomputes that day once), and with the venue's lock as the last lock the transaction takes.
   */
  private onReservation(m: EntityManager, event: DomainEvent): Promise<void> {
    const r = event.payload.reservation as Pick<Snapshot, 'roomId' | 'venueId' | 'creatorId' | 'start' | 'end' | 'timezone'> | undefined;
    if (!r) return Promise.resolve();
    const previous = event.payload.previous as { roomId: number; start: string; end: string } | undefined;
    const later = (key: string, work: () => Promise<void>) => Transactions.beforeCommit(m, `report-rollups:${r.venueId}:${key}`, work);
    later('lock', () => this.lock(m, r.venueId));
    for (const at of previous ? [r, previous] : [r]) {
      const [first, last] = daysOf(new Date(at.start), new Date(at.end), r.timezone);
      later(`days:${at.roomId}:${first}:${last}`, async () => {
        // The zone was read before the transaction; one changed since (committed before this lock) renumbers every day.
        if (await this.zoneOf(m, r.venueId) !== r.timezone) return this.recomputeVenue(m, r.venueId);
        return this.recomputeDays(m, r.venueId, r.timezone, at.roomId, first, last);
      });
    }
    later(`creator:${r.creatorId}`, () => this.both(m, CREATOR, [r.venueId, r.creatorId], [r.venueId, r.creatorId]));
    return Promise.resolve();
  }

  /** The room's local days `first`–`last`, then its months and its venue's months that hold those days. */
  private async recomputeDays(m: EntityManager, venueId: number, zone: string, roomId: number, first: number, last: number): Promise<void> {
    const [from, to] = [dayStart(first, zone), dayStart(last + 1, zone)];
    const [monthsFrom, monthsTo] = [monthStart(first), monthStart(monthStart(last) + 31)];
    await this.both(m, ROOM.days, [venueId, roomId, first, last], [roomId, from, to, first, last]);
    await this.both(m, ROOM.rejections, [venueId, roomId, first, last], [roomId, from, to]);
    await this.both(m, ROOM.roomMonths, [venueId, roomId, monthsFrom, monthsTo], [venueId, roomId, monthsFrom, monthsTo]);
    await this.both(m, ROOM.venueMonths, [venueId, monthsFrom, monthsTo], [venueId, monthsFrom, monthsTo]);
  }

  private async recomputeVenue(m: EntityManager, venueId: number): Promise<void> {
    await this.lock(m, venueId);
    for (const pair of [VENUE.days, VENUE.rejections, VENUE.roomMonths, VENUE.venueMonths, VENUE_CREATORS]) await this.both(m, pair, [venueId], [venueId]);
  }

  /** Deletes the keys' rows and inserts them again from what they are computed from. */
  private async both(m: EntityManager, [del, insert]: [Statement, Statement], deleteValues: SqlValue[], insertValues: SqlValue[]): Promise<void> {
    await this.run(m, del, deleteValues);
    await this.run(m, insert, insertValues);
  }

  private async zoneOf(m: EntityManager, venueId: number): Promise<string | undefined> {
    return (await this.prepared.one<{ timezone: string }>(m, ZONE, [venueId]))?.timezone;
  }

  private async lock(m: EntityManager, venueId: number): Promise<void> {
    if (this.prepared.isPostgres) await this.run(m, LOCK, [venueId]);
  }

  private run(m: EntityManager, s: Statement, values: SqlValue[]): Promise<unknown> {
    return this.prepared.rows(m, s, values);
  }
}
