import { DateTime } from 'luxon';
import { In, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { toZonedIso } from '../common/time.js';
import type { DomainEvents, PreparedChange } from '../domain-events/domain-events.service.js';
import type { DomainEventType } from '../domain-events/event-types.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import { reservationPayload, type CancelledBy, type ReservationEventContext } from './reservation-events.js';
import { ReservationHistory, type ReservationAction } from './reservation-history.entity.js';
import { ACTIVE_STATUSES, Reservation } from './reservation.entity.js';

/** Appends one history row per reservation: nothing is ever deleted, every change is kept. */
export async function recordHistory(
  m: EntityManager, rows: Reservation[], actorId: number | null, action: ReservationAction, reason: string | null, details: Record<string, unknown>,
): Promise<void> {
  if (!rows.length) return;
  const createdAt = new Date();
  await m.save(rows.map((r) => m.create(ReservationHistory, { reservationId: r.id, actorId, action, reason, details, createdAt })));
}

/**
 * Records one `reservation.*` domain event in the change's transaction; subscribers (mail) get the rows already loaded,
 * and what they `prepared` before the transaction, if the caller had them prepare.
 */
export function recordReservation(
  stream: DomainEvents, m: EntityManager, type: Extract<DomainEventType, `reservation.${string}`>, actorId: number | null,
  r: Reservation, room: Room, venue: Venue, extra: Parameters<typeof reservationPayload>[3] = {}, seriesIndex?: number, prepared?: PreparedChange,
) {
  return stream.record<ReservationEventContext>(m, {
    type, actorId, venueId: r.venueId, eventId: r.eventId ?? null, subjectUserId: r.creatorId, payload: reservationPayload(r, room, venue, extra),
  }, { reservation: r, room, venue, ...(seriesIndex === undefined ? {} : { seriesIndex }) }, prepared);
}

/** Active reservations and blocks of rooms whose occupied range meets [from, to), as entities. */
export function activeBetween(m: EntityManager, roomIds: number[], from: Date, to: Date): Promise<Reservation[]> {
  if (!roomIds.length) return Promise.resolve([]);
  return m.createQueryBuilder(Reservation, 'r')
    .where('r.room_id IN (:...roomIds)', { roomIds })
    .andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
    .andWhere('r.start_at < :to', { to })
    .andWhere('r.occupied_end_at > :from', { from })
    .orderBy('r.start_at', 'ASC')
    .getMany();
}

/** Active bookings of a venue that touch local dates `fromDate`..`toDate` (inclusive). */
export function bookingsOnDates(m: EntityManager, venueId: number, zone: string, fromDate: string, toDate: string): Promise<Reservation[]> {
  const from = DateTime.fromISO(fromDate, { zone }).toJSDate();
  const to = DateTime.fromISO(toDate, { zone }).plus({ days: 1 }).toJSDate();
  return m.createQueryBuilder(Reservation, 'r').where('r.venue_id = :venueId', { venueId })
    .andWhere('r.kind = :kind', { kind: 'booking' }).andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
    .andWhere('r.start_at < :to AND r.end_at > :from', { from, to }).orderBy('r.start_at').getMany();
}

/**
 * Bookings in the way of a closure or block are never hidden: with no `reason` the change is refused (409)
 * listing them; with a reason they are cancelled, and each cancellation is recorded (`by` a closure or a manager's
 * block), so the creators are told that reason.
 */
export async function cancelOrRefuse(
  m: EntityManager, stream: DomainEvents, actorId: number, affected: Reservation[], reason: string | null, zone: string, by: CancelledBy,
): Promise<Reservation[]> {
  const bookings = affected.filter((r) => r.kind === 'booking');
  if (!bookings.length) return [];
  // Sessions of an event are not cancelled from under its attendees: the event must move or be cancelled first.
  const eventRooms = bookings.filter((r) => r.eventId);
  if (eventRooms.length) {
    throw new ConflictError('event_in_the_way', { title: eventRooms[0].title }, [], {
      affected: eventRooms.map((r) => ({ id: r.id, title: r.title, status: r.status, eventId: r.eventId, start: toZonedIso(r.startAt, zone), end: toZonedIso(r.endAt, zone) })),
    });
  }
  if (!reason) {
    throw new ConflictError('bookings_affected', { count: bookings.length }, [], {
      affected: bookings.map((r) => ({ id: r.id, title: r.title, status: r.status, start: toZonedIso(r.startAt, zone), end: toZonedIso(r.endAt, zone) })),
    });
  }
  for (const r of bookings) {
    r.status = 'cancelled';
    r.statusReason = reason;
    r.sequence += 1;
  }
  await m.save(bookings);
  await recordHistory(m, bookings, actorId, 'cancelled', reason, { by: 'venue' });
  const full = await m.find(Reservation, { where: { id: In(bookings.map((b) => b.id)) }, relations: { room: { venue: true } }, order: { startAt: 'ASC', id: 'ASC' } });
  for (const r of full) await recordReservation(stream, m, 'reservation.cancelled', actorId, r, r.room, r.room.venue, { reason, by });
  return bookings;
}
