import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../common/errors.js';
import { parseZonedIso } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { lostRace, Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { VenuesService } from '../venues/venues.service.js';
import { activeBetween, recordHistory, recordReservation } from './affected-bookings.js';
import { checkRules, findConflict, occupiedRange } from './availability.js';
import { AvailabilityService } from './availability.service.js';
import { busyOf, raceLost, ruleViolationError, slotTaken } from './booking-checks.js';
import { cancelledBy } from './reservation-events.js';
import { ACTIVE_STATUSES, Reservation } from './reservation.entity.js';
import { ReservationQueries } from './reservations.queries.js';
import { ReservationsService } from './reservations.service.js';

/** What happens to a reservation after it is made: approval or rejection, cancellation, a move. */
@Injectable()
export class ReservationChangesService {
  private readonly queries: ReservationQueries;

  constructor(
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly reservations: ReservationsService,
    private readonly availability: AvailabilityService,
    private readonly stream: DomainEvents,
    prepared: Prepared,
  ) {
    this.queries = new ReservationQueries(prepared);
  }

  /** Approves a pending request (the venue's managers only). */
  async approve(user: User, id: number): Promise<Reservation> {
    return this.decide(user, id, 'confirmed', null);
  }

  /** Rejects a pending request with a reason (required) the creator is told; the slot is free again at once. */
  async reject(user: User, id: number, reason: string | undefined): Promise<Reservation> {
    if (!reason || reason.trim().length < 3) throw new RuleViolationError('reason_required', {}, [{ field: 'reason', code: 'errors.reason_required' }]);
    return this.decide(user, id, 'rejected', reason.trim());
  }

  private async decide(user: User, id: number, status: 'confirmed' | 'rejected', reason: string | null): Promise<Reservation> {
    const row = await this.reservations.get(id);
    if (!(await this.venues.canManage(user, row.venueId))) throw new ForbiddenError('not_venue_manager');
    return this.tx.write(async (m) => {
      const current = await m.findOneByOrFail(Reservation, { id });
      if (current.status !== 'pending') throw new ConflictError('reservation_not_pending', { status: current.status });
      current.status = status;
      current.statusReason = reason;
      current.sequence += 1;
      await m.save(current);
      await recordHistory(m, [current], user.id, status === 'confirmed' ? 'approved' : 'rejected', reason, { status });
      await recordReservation(this.stream, m, status === 'confirmed' ? 'reservation.approved' : 'reservation.rejected', user.id, current, row.room, row.room.venue, { reason });
      return current;
    });
  }

  /**
   * Cancels a reservation: its creator until it starts, the venue's managers any time (with a reason).
   * `following` also cancels the later occurrences of its series.
   */
  async cancel(user: User, id: number, reason: string | null, scope: 'one' | 'following' = 'one'): Promise<Reservation[]> {
    const row = await this.reservations.get(id);
    const manages = await this.venues.canManage(user, row.venueId);
    if (row.creatorId !== user.id && !manages) throw new NotFoundError('reservation_not_found');
    // An event's room is released by changing or cancelling the event, so its attendees are never left without a room.
    if (row.eventId) throw new ConflictError('reservation_belongs_to_event', { title: row.title });
    if (!manages && row.startAt <= new Date()) throw new RuleViolationError('reservation_already_started');
    if (manages && row.creatorId !== user.id && !reason) {
      throw new RuleViolationError('reason_required', {}, [{ field: 'reason', code: 'reason_required' }]);
    }
    return this.tx.write(async (m) => {
      const targets = scope === 'following' && row.seriesId
        ? await m.createQueryBuilder(Reservation, 'r').where('r.series_id = :s', { s: row.seriesId })
          .andWhere('r.start_at >= :from', { from: row.startAt }).andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES }).getMany()
        : await m.findBy(Reservation, { id, status: In(ACTIVE_STATUSES) });
      if (!targets.length) throw new ConflictError('reservation_not_active');
      for (const target of targets) {
        target.status = 'cancelled';
        target.statusReason = reason;
        target.sequence += 1;
      }
      await m.save(targets);
      await recordHistory(m, targets, user.id, 'cancelled', reason, { scope });
      for (const target of targets) {
        await recordReservation(this.stream, m, 'reservation.cancelled', user.id, target, row.room, row.room.venue, { reason, by: cancelledBy(target, user.id) });
      }
      return targets;
    });
  }

  /** Moves a reservation to another time or room of the same venue; every rule is checked again. */
  async move(user: User, id: number, input: { roomId?: number; start: string; end: string }): Promise<Reservation> {
    const row = await this.reservations.get(id);
    if (!(await this.venues.canManage(user, row.venueId))) throw new ForbiddenError('not_venue_manager');
    if (row.eventId) throw new ConflictError('reservation_belongs_to_event', { title: row.title });
    if (!ACTIVE_STATUSES.includes(row.status)) throw new ConflictError('reservation_not_active');
    const start = parseZonedIso(input.start);
    const end = parseZonedIso(input.end);
    if (!start || !end) throw new ValidationError([...(start ? [] : [{ field: 'start', code: 'datetime' }]), ...(end ? [] : [{ field: 'end', code: 'datetime' }])]);
    const ctx = await this.availability.roomContext(input.roomId ?? row.roomId, user);
    if (ctx.venue.id !== row.venueId) throw new RuleViolationError('move_other_venue');
    const violations = checkRules({ start, end, headcount: row.headcount }, ctx.rules, ctx.venue.timezone, ctx.weekly, ctx.closures, new Date());
    if (violations.length) throw ruleViolationError(violations[0], { start, end }, ctx);
    try {
      return await this.tx.write(async (m) => {
        const existing = (await activeBetween(m, [ctx.room.id], new Date(start.getTime() - 86_400_000), new Date(end.getTime() + 86_400_000)))
          .filter((r) => r.id !== id);
        const conflict = findConflict({ start, end }, existing.map(busyOf), ctx.rules.bufferMinutes);
        if (conflict) throw slotTaken(conflict, ctx.venue.timezone, null);
        const current = await m.findOneByOrFail(Reservation, { id });
        const previous = { roomId: current.roomId, startAt: current.startAt, endAt: current.endAt };
        const before = { roomId: current.roomId, start: current.startAt.toISOString(), end: current.endAt.toISOString() };
        Object.assign(current, {
          roomId: ctx.room.id, startAt: start, endAt: end, sequence: current.sequence + 1,
          // A check-in belongs to the time it was made for: the moved booking needs its own.
          checkedInAt: null,
          occupiedEndAt: occupiedRange(start, end, current.kind === 'block' ? 0 : ctx.rules.bufferMinutes).end,
        });
        await m.save(current);
        await recordHistory(m, [current], user.id, 'moved', null, { before, after: { roomId: ctx.room.id, start: start.toISOString(), end: end.toISOString() } });
        await recordReservation(this.stream, m, 'reservation.moved', user.id, current, ctx.room, ctx.venue, { previous });
        return current;
      });
    } catch (error) {
      if (lostRace(error)) throw await raceLost(this.queries, ctx, { start, end });
      throw error;
    }
  }
}
