import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, type SqlValue, type Statement } from '../database/prepared.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import type { DomainEventType } from '../domain-events/event-types.js';
import type { ReservationEventContext } from '../reservations/reservation-events.js';
import {
  creatorVenuesDelete, creatorVenuesInsert, dayStart, daysOf, rejectionsDelete, rejectionsInsert, roomDaysDelete, roomDaysInsert, type CreatorKeys, type RollUpKeys,
} from './rollup-sql.js';

/** Every change of a reservation's room, time, status or kind records one of these (a check-in changes none of them). */
const RESERVATION_CHANGES: DomainEventType[] = ['reservation.created', 'reservation.approved', 'reservation.rejected', 'reservation.cancelled', 'reservation.moved', 'reservation.no_show'];

const statement = (name: string, sql: (d: { pg: boolean }) => string): Statement => ({ name, sql: sql({ pg: true }), sqlite: sql({ pg: false }) });
const roomDays = (keys: RollUpKeys) => [
  statement(`rk_rollup_days_delete_${keys}`, () => roomDaysDelete(keys)), statement(`rk_rollup_days_insert_${keys}`, (d) => roomDaysInsert(d, keys)),
  statement(`rk_rollup_rejections_delete_${keys}`, () => rejectionsDelete(keys)), statement(`rk_rollup_rejections_insert_${keys}`, (d) => rejectionsInsert(d, keys)),
];
const creatorVenues = (keys: CreatorKeys) => [statement(`rk_rollup_creators_delete_${keys}`, () => creatorVenuesDelete(keys)), statement(`rk_rollup_creators_insert_${keys}`, (d) => creatorVenuesInsert(d, keys))];
const [DAYS_DELETE, DAYS_INSERT, REJECTIONS_DELETE, REJECTIONS_INSERT] = roomDays('room');
const VENUE_DAYS = roomDays('venue');
const [CREATOR_DELETE, CREATOR_INSERT] = creatorVenues('creator');
const [VENUE_CREATORS_DELETE, VENUE_CREATORS_INSERT] = creatorVenues('venue');
/**
 * PostgreSQL: one transaction at a time recomputes a venue's rows, so none reads the reservations before another's
 * change commits and then writes over its rows (SQLite's writer is serial). An advisory lock, not a row lock, so it
 * never meets the foreign keys' row locks; the last lock a change takes, so it cannot deadlock.
 */
const LOCK: Statement = { name: 'rk_rollup_lock', sql: 'SELECT pg_advisory_xact_lock(1764860000, $1)' };

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

  private async onReservation(m: EntityManager, event: DomainEvent<ReservationEventContext>): Promise<void> {
    const { reservation: r, venue } = event.context;
    const previous = (event.payload.previous ?? null) as { roomId: number; start: string; end: string } | null;
    await this.lock(m, venue.id);
    await this.recomputeDays(m, venue.id, venue.timezone, r.roomId, r.startAt, r.endAt);
    if (previous) await this.recomputeDays(m, venue.id, venue.timezone, previous.roomId, new Date(previous.start), new Date(previous.end));
    await this.run(m, CREATOR_DELETE, [venue.id, r.creatorId]);
    await this.run(m, CREATOR_INSERT, [venue.id, r.creatorId]);
  }

  private async recomputeDays(m: EntityManager, venueId: number, zone: string, roomId: number, start: Date, end: Date): Promise<void> {
    const [first, last] = daysOf(start, end, zone);
    const [from, to] = [dayStart(first, zone), dayStart(last + 1, zone)];
    await this.run(m, DAYS_DELETE, [venueId, roomId, first, last]);
    await this.run(m, DAYS_INSERT, [roomId, from, to, first, last]);
    await this.run(m, REJECTIONS_DELETE, [venueId, roomId, first, last]);
    await this.run(m, REJECTIONS_INSERT, [roomId, from, to]);
  }

  private async recomputeVenue(m: EntityManager, venueId: number): Promise<void> {
    await this.lock(m, venueId);
    for (const s of [...VENUE_DAYS, VENUE_CREATORS_DELETE, VENUE_CREATORS_INSERT]) await this.run(m, s, [venueId]);
  }

  private async lock(m: EntityManager, venueId: number): Promise<void> {
    if (this.prepared.isPostgres) await this.run(m, LOCK, [venueId]);
  }

  private run(m: EntityManager, s: Statement, values: SqlValue[]): Promise<unknown> {
    return this.prepared.rows(m, s, values);
  }
}
