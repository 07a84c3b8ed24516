import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { parseZonedIso, toZonedIso } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { lostRace, Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { VenuesService } from '../venues/venues.service.js';
import { activeBetween, cancelOrRefuse, recordHistory, recordReservation } from './affected-bookings.js';
import { checkRules, findConflict, occupiedRange, type Interval } from './availability.js';
import { AvailabilityService } from './availability.service.js';
import { busyOf, checkFairUse, fairUseApplies, localInterval, raceLost, ruleViolationError, slotTaken, type RoomContext } from './booking-checks.js';
import { approvalHold } from './no-show-fair-use.js';
import { expandRecurrence, formatRecurrence, parseRecurrence } from './recurrence.js';
import type { ReservationDraftContext } from './reservation-events.js';
import { ReservationSeries } from './reservation-series.entity.js';
import { Reservation } from './reservation.entity.js';
import { ReservationQueries } from './reservations.queries.js';

export interface CreateReservationInput {
  roomId: number;
  start: string;
  end: string;
  headcount: number;
  title: string;
  notes?: string;
  recurrence?: string;
  skipConflicts?: boolean;
}

/** The insert found its slot held (by a booking committed since the check outside the writer, or a race on PostgreSQL). */
class SlotHeld extends Error {}

/** New reservations: a creator's booking or weekly series, and a manager's block. */
@Injectable()
export class BookingsService {
  private readonly queries: ReservationQueries;

  constructor(
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly availability: AvailabilityService,
    private readonly stream: DomainEvents,
    prepared: Prepared,
  ) {
    this.queries = new ReservationQueries(prepared);
  }

  /**
   * Books a room (or a recurring series) for a creator. Every rule is checked; the check for overlaps and the
   * insert happen in one write transaction, and on PostgreSQL the exclusion constraint refuses any race.
   * A series is created whole or not at all, unless `skipConflicts` asks to leave out the clashing dates.
   */
  async create(user: User, input: CreateReservationInput): Promise<Reservation[] & { timezone: string }> {
    const start = parseZonedIso(input.start);
    const end = parseZonedIso(input.end);
    const fields: FieldError[] = [];
    if (!start) fields.push({ field: 'start', code: 'datetime' });
    if (!end) fields.push({ field: 'end', code: 'datetime' });
    if (fields.length) throw new ValidationError(fields);
    const ctx = await this.availability.roomContext(input.roomId, user);
    const manages = await this.venues.canManage(user, ctx.venue.id);
    const zone = ctx.venue.timezone;

    let occurrences: Interval[] = [{ start: start!, end: end! }];
    let rrule: string | null = null;
    if (input.recurrence) {
      const parsed = parseRecurrence(input.recurrence);
      if ('error' in parsed) throw new RuleViolationError(parsed.error, {}, [{ field: 'recurrence', code: parsed.error }]);
      const expanded = expandRecurrence({ start: start!, end: end! }, parsed.rule, zone);
      if ('error' in expanded) throw new RuleViolationError(expanded.error, {}, [{ field: 'recurrence', code: expanded.error }]);
      occurrences = expanded;
      rrule = formatRecurrence(parsed.rule);
    }

    const now = new Date();
    const broken = occurrences.map((o) => ({ o, violations: checkRules({ ...o, headcount: input.headcount }, ctx.rules, zone, ctx.weekly, ctx.closures, now) }))
      .filter((x) => x.violations.length);
    if (broken.length && (!rrule || !input.skipConflicts || broken.length === occurrences.length)) {
      const refusal = ruleViolationError(broken[0].violations[0], broken[0].o, ctx);
      throw new RuleViolationError(refusal.code, refusal.params, refusal.fields,
        rrule ? { dates: broken.map((b) => ({ start: toZonedIso(b.o.start, zone), end: toZonedIso(b.o.end, zone), rule: b.violations[0].code })) } : undefined);
    }
    const wanted = occurrences.filter((o) => !broken.some((b) => b.o === o));
    // Everything that does not need the writer is settled before it: the no-show hold (the worker marks no-shows
    // minutes after the fact, so reading it here instead of under the lock changes nothing), the status, the rows.
    const held = !manages && !ctx.room.requiresApproval && (await approvalHold(this.queries, user.id, ctx.venue)) !== null;
    const status = (ctx.room.requiresApproval || held) && !manages ? 'pending' : 'confirmed';
    const rowOf = (o: Interval): Reservation => Object.assign(new Reservation(), {
      roomId: ctx.room.id, venueId: ctx.venue.id, creatorId: user.id, kind: 'booking', status,
      title: input.title, headcount: input.headcount, notes: input.notes ?? '', startAt: o.start, endAt: o.end,
      occupiedEndAt: occupiedRange(o.start, o.end, ctx.rules.bufferMinutes).end, seriesId: null, statusReason: null, sequence: 0, eventId: null,
    });
    const fairUse = fairUseApplies(ctx, manages);
    // A single booking's invitation renders now, outside the writer (which fills in the id and stamp the insert
    // returns); a series' first date is known only once the writer has seen which dates are free.
    const prepared = rrule ? undefined
      : this.stream.prepare([{ type: 'reservation.created', context: { reservation: rowOf(wanted[0]), room: ctx.room, venue: ctx.venue, creator: user } satisfies ReservationDraftContext }]);

    try {
      return await this.tx.write(async (m) => {
        // The creator's row lock serialises their own bookings for the fair-use count; without limits nothing needs it
        // (double bookings are refused by the insert's own check and, on PostgreSQL, the exclusion constraint).
        if (fairUse) await this.tx.lockRow(m, 'users', user.id);
        const toCreate = rrule ? await this.freeDates(m, ctx, wanted, Boolean(input.skipConflicts)) : wanted;
        if (fairUse) await checkFairUse(this.queries, m, user, ctx, toCreate, manages);
        const series = rrule ? await m.save(m.create(ReservationSeries, { roomId: ctx.room.id, creatorId: user.id, rrule })) : null;
        const created: Reservation[] = [];
        for (const o of toCreate) {
          const row = await this.queries.insertIfFree(m, Object.assign(rowOf(o), { seriesId: series?.id ?? null }), { actorId: user.id, details: { status } });
          if (!row) throw new SlotHeld();
          created.push(row);
        }
        for (const [i, row] of created.entries()) await recordReservation(this.stream, m, 'reservation.created', user.id, row, ctx.room, ctx.venue, {}, i, prepared);
        return Object.assign(created, { timezone: zone });
      });
    } catch (error) {
      if (error instanceof SlotHeld || lostRace(error)) throw await raceLost(this.queries, ctx, occurrences[0]);
      throw error;
    }
  }

  /**
   * The dates of a series that nothing holds; refused as a whole, listing every clash, unless `skipConflicts` asks to
   * leave the clashing dates out (and at least one is free).
   */
  private async freeDates(m: EntityManager, ctx: RoomContext, wanted: Interval[], skipConflicts: boolean): Promise<Interval[]> {
    const span = { start: wanted[0].start, end: wanted[wanted.length - 1].end };
    const existing = await this.queries.active([ctx.room.id], new Date(span.start.getTime() - 86_400_000), new Date(span.end.getTime() + 86_400_000), m);
    const busy = existing.map(busyOf);
    const clashes = wanted.map((o) => ({ o, conflict: findConflict(o, busy, ctx.rules.bufferMinutes) })).filter((x) => x.conflict);
    if (clashes.length && (!skipConflicts || clashes.length === wanted.length)) {
      throw slotTaken(clashes[0].conflict!, ctx.venue.timezone, clashes.map((c) => c.o));
    }
    return wanted.filter((o) => !clashes.some((c) => c.o === o));
  }

  /**
   * Blocks a room (maintenance, private use). Bookings in the way are not hidden: without `cancelAffected` the
   * block is refused and the bookings are listed; with it they are cancelled with the given reason.
   */
  async block(user: User, roomId: number, input: { start: string; end: string; reason: string; cancelAffected?: boolean }): Promise<{ block: Reservation; cancelled: Reservation[] }> {
    const ctx = await this.availability.roomContext(roomId, user);
    if (!(await this.venues.canManage(user, ctx.venue.id))) throw new ForbiddenError('not_venue_manager');
    const start = parseZonedIso(input.start);
    const end = parseZonedIso(input.end);
    if (!start || !end) throw new ValidationError([...(start ? [] : [{ field: 'start', code: 'datetime' }]), ...(end ? [] : [{ field: 'end', code: 'datetime' }])]);
    if (end <= start) throw new RuleViolationError('reservation_end_before_start', {}, [{ field: 'end', code: 'errors.reservation_end_before_start' }]);
    try {
      return await this.tx.write(async (m) => {
        const existing = await activeBetween(m, [roomId], start, end);
        const inTheWay = existing.filter((r) => r.startAt < end && r.occupiedEndAt > start);
        const otherBlock = inTheWay.find((r) => r.kind === 'block');
        if (otherBlock) throw slotTaken(busyOf(otherBlock), ctx.venue.timezone, null);
        const cancelled = await cancelOrRefuse(m, this.stream, user.id, inTheWay, input.cancelAffected ? input.reason : null, ctx.venue.timezone, 'manager');
        const block = await m.save(m.create(Reservation, {
          roomId, venueId: ctx.venue.id, creatorId: user.id, kind: 'block', status: 'confirmed', title: input.reason,
          headcount: 0, notes: '', startAt: start, endAt: end, occupiedEndAt: end, seriesId: null, statusReason: null, sequence: 0,
        }));
        await recordHistory(m, [block], user.id, 'created', input.reason, { kind: 'block' });
        await recordReservation(this.stream, m, 'reservation.created', user.id, block, ctx.room, ctx.venue, { reason: input.reason });
        return { block, cancelled };
      });
    } catch (error) {
      if (lostRace(error)) throw new ConflictError('slot_taken', { when: localInterval(start, end, ctx.venue.timezone) });
      throw error;
    }
  }
}
