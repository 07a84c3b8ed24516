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
/** A roll-up's DELETE and INSERT with their values, as two steps of a pipeline. */
const pair = ([del, insert]: [Statement, Statement], deleteValues: SqlValue[], insertValues: SqlValue[]): Array<[Statement, SqlValue[]]> => [[del, deleteValues], [insert, insertValues]];
/** What one transaction's changes touched in one venue (ReportRollups.onReservation). */
interface Pending { seq: number; zones: Set<string>; days: Map<string, { roomId: number; first: number; last: number; zone: string }>; creators: Set<number> }
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

  /** Per transaction and venue: the keys its changes touched, recomputed together just before it commits. */
  private readonly pending = new WeakMap<EntityManager, Map<number, Pending>>();
  private seq = 0;

  /**
   * Notes the keys of the event's payload (what every `reservation.*` event carries), before and after a move: the
   * room's local days and the creator's first day at the venue. They are recomputed once, at the end of the
   * transaction, after all of its changes (a closure cancelling twenty bookings of one room's day recomputes that day
   * once), with the venue's lock as the last lock the transaction takes.
   */
  private onReservation(m: EntityManager, event: DomainEvent): Promise<void> {
    const r = event.payload.reservation as Pick<Snapshot, 'roomId' | 'venueId' | 'creatorId' | 'start' | 'end' | 'timezone'> | undefined;
    if (!r) return Promise.resolve();
    const previous = event.payload.previous as { roomId: number; start: string; end: string } | undefined;
    let venues = this.pending.get(m);
    if (!venues) this.pending.set(m, (venues = new Map()));
    let keys = venues.get(r.venueId);
    if (!keys) venues.set(r.venueId, (keys = { seq: ++this.seq, zones: new Set(), days: new Map(), creators: new Set() }));
    // Once per set of keys (beforeCommit keeps the first of a name). The set is taken when it runs, and a change noted
    // after that (by other work before the commit) starts a new set with its own run; a manager whose transaction
    // rolled back and that is used again recomputes too much at worst, never too little.
    Transactions.beforeCommit(m, `report-rollups:${r.venueId}:${keys.seq}`, () => this.recomputeKeys(m, r.venueId));
    keys.zones.add(r.timezone);
    for (const at of previous ? [r, previous] : [r]) {
      const [first, last] = daysOf(new Date(at.start), new Date(at.end), r.timezone);
      keys.days.set(`${at.roomId}:${first}:${last}:${r.timezone}`, { roomId: at.roomId, first, last, zone: r.timezone });
    }
    keys.creators.add(r.creatorId);
    return Promise.resolve();
  }

  /**
   * The noted keys' rows, deleted and inserted again: each room's local days, then its months and its venue's months
   * that hold those days, then each creator's first day; on PostgreSQL after the venue's lock, all in one round trip
   * (Prepared.pipeline: a booking's roll-ups were ten). The zone the days were numbered in was read before the
   * transaction; one changed since (committed before the lock) renumbers every day, so then the whole venue is
   * recomputed over what was just written.
   */
  private async recomputeKeys(m: EntityManager, venueId: number): Promise<void> {
    const venues = this.pending.get(m);
    const keys = venues?.get(venueId);
    if (!venues || !keys) return;
    venues.delete(venueId);
    const steps: Array<[Statement, SqlValue[]]> = this.prepared.isPostgres ? [[LOCK, [venueId]]] : [];
    for (const { roomId, first, last, zone } of keys.days.values()) {
      const [from, to] = [dayStart(first, zone), dayStart(last + 1, zone)];
      const [monthsFrom, monthsTo] = [monthStart(first), monthStart(monthStart(last) + 31)];
      steps.push(...pair(ROOM.days, [venueId, roomId, first, last], [roomId, from, to, first, last]));
      steps.push(...pair(ROOM.rejections, [venueId, roomId, first, last], [roomId, from, to]));
      steps.push(...pair(ROOM.roomMonths, [venueId, roomId, monthsFrom, monthsTo], [venueId, roomId, monthsFrom, monthsTo]));
      steps.push(...pair(ROOM.venueMonths, [venueId, monthsFrom, monthsTo], [venueId, monthsFrom, monthsTo]));
    }
    for (const creatorId of keys.creators) steps.push(...pair(CREATOR, [venueId, creatorId], [venueId, creatorId]));
    await this.prepared.pipeline(m, steps);
    const zone = (await this.prepared.one<{ timezone: string }>(m, ZONE, [venueId]))?.timezone;
    if (keys.zones.size !== 1 || !keys.zones.has(zone ?? '')) await this.recomputeVenue(m, venueId, false);
  }

  /** All of a venue's rows (a zone change), with its lock unless the caller holds it. */
  private async recomputeVenue(m: EntityManager, venueId: number, lock = true): Promise<void> {
    const steps: Array<[Statement, SqlValue[]]> = lock && this.prepared.isPostgres ? [[LOCK, [venueId]]] : [];
    for (const keys of [VENUE.days, VENUE.rejections, VENUE.roomMonths, VENUE.venueMonths, VENUE_CREATORS]) steps.push(...pair(keys, [venueId], [venueId]));
    await this.prepared.pipeline(m, steps);
  }
}
