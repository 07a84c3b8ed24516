import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { RuleViolationError } from '../common/errors.js';
import { Prepared } from '../database/prepared.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { activeBetween, recordHistory, recordReservation } from './affected-bookings.js';
import { checkRules, findConflict, occupiedRange } from './availability.js';
import { AvailabilityService } from './availability.service.js';
import { busyOf, checkFairUse, ruleViolationError, slotTaken } from './booking-checks.js';
import { cancelledBy } from './reservation-events.js';
import { ACTIVE_STATUSES, Reservation } from './reservation.entity.js';
import { ReservationQueries } from './reservations.queries.js';

/** The rooms an event's sessions hold, taken and released inside the event's own write transaction. */
@Injectable()
export class EventRoomsService {
  private readonly queries: ReservationQueries;

  constructor(private readonly venues: VenuesService, private readonly availability: AvailabilityService, private readonly stream: DomainEvents, prepared: Prepared) {
    this.queries = new ReservationQueries(prepared);
  }

  /**
   * Holds rooms for an event's sessions inside the caller's write transaction: the same rules and the same
   * no-overlap check as any booking (PostgreSQL's constraint included), pending where the room needs approval.
   * `replacing` are the event's current reservations, which a changed programme replaces; they are cancelled.
   */
  async reserveWithin(
    m: EntityManager, user: User, eventId: number, wanted: Array<{ roomId: number; start: Date; end: Date; title: string; headcount: number }>,
    replacing: Reservation[] = [],
  ): Promise<Reservation[]> {
    const now = new Date();
    const created: Array<{ row: Reservation; room: Room; venue: Venue }> = [];
    // Released first, in the same transaction: a failure below rolls this back too, and PostgreSQL's constraint
    // never sees the old and the new programme active at once.
    if (replacing.length) {
      for (const r of replacing) { r.status = 'cancelled'; r.statusReason = 'event_changed'; r.sequence += 1; }
      await m.save(replacing);
      await recordHistory(m, replacing, user.id, 'cancelled', 'event_changed', { eventId });
      await this.recordReleased(m, user, replacing, 'event_changed');
    }
    for (const [index, w] of wanted.entries()) {
      const ctx = await this.availability.roomContext(w.roomId, user, m);
      const violations = checkRules({ ...w, headcount: Math.min(w.headcount, ctx.room.capacity) }, ctx.rules, ctx.venue.timezone, ctx.weekly, ctx.closures, now);
      if (violations.length) throw ruleViolationError(violations[0], w, ctx, (f) => `sessions.${index}.${f === 'headcount' ? 'capacity' : f}`);
      const existing = await activeBetween(m, [w.roomId], new Date(w.start.getTime() - 86_400_000), new Date(w.end.getTime() + 86_400_000));
      const conflict = findConflict(w, existing.map(busyOf), ctx.rules.bufferMinutes);
      if (conflict) throw slotTaken(conflict, ctx.venue.timezone, null);
      const manages = await this.venues.canManage(user, ctx.venue.id);
      // The room's fair-use limits hold for an event's sessions as for bookings: an event is no way around them.
      await checkFairUse(this.queries, m, user, ctx, [w], manages).catch((error: unknown) => {
        if (!(error instanceof RuleViolationError)) throw error;
        throw new RuleViolationError(error.code, error.params, [{ field: `sessions.${index}`, code: `errors.${error.code}`, params: error.params }]);
      });
      const row = await m.save(m.create(Reservation, {
        roomId: w.roomId, venueId: ctx.venue.id, creatorId: user.id, kind: 'booking', status: ctx.room.requiresApproval && !manages ? 'pending' : 'confirmed',
        title: w.title, headcount: Math.min(w.headcount, ctx.room.capacity), notes: '', startAt: w.start, endAt: w.end,
        occupiedEndAt: occupiedRange(w.start, w.end, ctx.rules.bufferMinutes).end, seriesId: null, statusReason: null, sequence: 0, eventId,
      }));
      created.push({ row, room: ctx.room, venue: ctx.venue });
    }
    await recordHistory(m, created.map((c) => c.row), user.id, 'created', null, { eventId });
    for (const c of created) await recordReservation(this.stream, m, 'reservation.created', user.id, c.row, c.room, c.venue);
    return created.map((c) => c.row);
  }

  /** Releases an event's rooms (its reservations are cancelled with the event). */
  async releaseWithin(m: EntityManager, user: User, eventId: number, reason: string): Promise<void> {
    const rows = await m.findBy(Reservation, { eventId, status: In(ACTIVE_STATUSES) });
    for (const r of rows) { r.status = 'cancelled'; r.statusReason = reason; r.sequence += 1; }
    await m.save(rows);
    await recordHistory(m, rows, user.id, 'cancelled', reason, { eventId });
    await this.recordReleased(m, user, rows, reason);
  }

  private async recordReleased(m: EntityManager, user: User, rows: Reservation[], reason: string): Promise<void> {
    if (!rows.length) return;
    const full = await m.find(Reservation, { where: { id: In(rows.map((r) => r.id)) }, relations: { room: { venue: true } }, order: { startAt: 'ASC', id: 'ASC' } });
    for (const r of full) await recordReservation(this.stream, m, 'reservation.cancelled', user.id, r, r.room, r.room.venue, { reason, by: cancelledBy(r, user.id) });
  }
}
