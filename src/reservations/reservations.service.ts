import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError, type Params } from '../common/errors.js';
import { translate } from '../common/i18n.js';
import { escapeLike, LIKE_ESCAPE } from '../common/like.js';
import {
  formatClockRanges, formatDate, formatInterval, formatLocalDate, formatWeekday, isValidIsoDate, localized, luxonZone, parseClock, parseZonedIso, todayIn, toZonedIso,
  type LocalizedText,
} from '../common/time.js';
import { ShortCache } from '../common/short-cache.js';
import { Prepared } from '../database/prepared.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { Room } from '../rooms/room.entity.js';
import { Closure } from '../venues/closure.entity.js';
import { OpeningHour } from '../venues/opening-hour.entity.js';
import { groupHours, minutesOf, type ClosureRange, type WeeklyHours } from '../venues/opening-hours.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  checkRules, findConflict, freeIntervals, minutesInLocalWeek, occupiedRange,
  type BusyInterval, type Interval, type RoomRules, type RuleViolation,
} from './availability.js';
import { expandRecurrence, formatRecurrence, parseRecurrence } from './recurrence.js';
import { cancelOrRefuse, recordHistory } from './affected-bookings.js';
import { mondayOf } from './week-grid.js';
import { ReservationHistory } from './reservation-history.entity.js';
import { ReservationSeries } from './reservation-series.entity.js';
import { ACTIVE_STATUSES, Reservation } from './reservation.entity.js';
import { ReservationQueries } from './reservations.queries.js';

export interface RoomContext {
  room: Room;
  venue: Venue;
  weekly: WeeklyHours;
  closures: ClosureRange[];
  rules: RoomRules;
}

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

export interface SearchInput {
  date: string;
  from: string;
  to: string;
  province?: string;
  city?: string;
  minCapacity?: number;
  roomKind?: string;
  amenity?: string;
}

const MAX_RANGE_DAYS = 42;

/** A stretch of time named in the venue's local time, in each reader's language: "Selasa, 8 Desember 2026, 13.00–15.00 WITA". */
export function localInterval(start: Date, end: Date, zone: string): LocalizedText {
  return localized((locale) => formatInterval(start, end, zone, locale));
}

/**
 * A broken booking rule as a domain error whose message names the rule in the venue's own terms (that weekday's
 * opening hours, the closure's date) and sits on the field it concerns: `start` or `end` (the API's names; forms
 * rename them). The same for bookings, moves and event sessions.
 */
export function ruleViolationError(v: RuleViolation, req: Interval, ctx: Pick<RoomContext, 'weekly' | 'closures'> & { venue: { timezone: string } }, fieldOf: (f: 'start' | 'end' | 'headcount') => string = (f) => f): RuleViolationError {
  const zone = ctx.venue.timezone;
  const local = DateTime.fromJSDate(req.start, { zone: luxonZone(zone) });
  const params: Params = { ...v.params };
  let field: 'start' | 'end' | 'headcount' = v.code === 'headcount_out_of_range' ? 'headcount' : v.code === 'in_past' || v.code === 'beyond_horizon' ? 'start' : 'end';
  if (v.code === 'outside_hours') {
    const ranges = ctx.weekly[local.weekday] ?? [];
    const minute = local.hour * 60 + local.minute;
    if (!ranges.some((r) => minutesOf(r.opens) <= minute && minute < minutesOf(r.closes))) field = 'start';
    params.rule = localized((locale) => ranges.length
      ? translate(locale, 'reservations.rule.open', { hours: formatClockRanges(ranges, zone, locale), weekday: formatWeekday(local.weekday, locale) })
      : translate(locale, 'reservations.rule.closed_weekday', { weekday: formatWeekday(local.weekday, locale) }));
  }
  if (v.code === 'in_closure') params.date = localized((locale) => formatDate(req.start, zone, locale));
  if (v.code === 'beyond_horizon') {
    const last = DateTime.now().setZone(luxonZone(zone)).plus({ days: Number(v.params.days) }).toISODate()!;
    params.last = localized((locale) => formatLocalDate(last, locale));
  }
  return new RuleViolationError(`reservation_${v.code}`, params, [{ field: fieldOf(field), code: `errors.reservation_${v.code}`, params }]);
}

const busyOf = (r: Pick<Reservation, 'startAt' | 'endAt' | 'occupiedEndAt' | 'kind' | 'id'>): BusyInterval => ({
  start: r.startAt, end: r.endAt, occupiedEnd: r.occupiedEndAt, kind: r.kind === 'block' ? 'block' : 'reservation', id: r.id,
});

@Injectable()
export class ReservationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly notifications: NotificationsService,
    prepared: Prepared,
  ) {
    this.queries = new ReservationQueries(prepared);
  }

  private readonly queries: ReservationQueries;

  /** A room with its venue, weekly hours, closures and rules: everything the booking rules need. */
  async roomContext(roomId: number, viewer: User | null = null, m: EntityManager = this.db.manager): Promise<RoomContext> {
    const ctx = await this.loadRoomContext(roomId, m);
    if (!ctx || ((!ctx.room.active || !ctx.venue.active) && !(await this.venues.canManage(viewer, ctx.room.venueId)))) {
      throw new NotFoundError('room_not_found');
    }
    return ctx;
  }

  /**
   * The public availability view reads a room's rules, hours and closures on every request; it reuses a copy for up
   * to two seconds unless this process has written anything since (measured: these three queries were a third of its
   * cost). Another instance's change shows here within two seconds. Booking never uses it: `create`, `move`, `block`
   * and events read fresh rules through `roomContext`.
   */
  async cachedRoomContext(roomId: number, viewer: User | null): Promise<RoomContext> {
    const ctx = await this.contexts.get(roomId, () => this.loadRoomContext(roomId, this.db.manager));
    if (!ctx || ((!ctx.room.active || !ctx.venue.active) && !(await this.venues.canManage(viewer, ctx.room.venueId)))) {
      throw new NotFoundError('room_not_found');
    }
    return ctx;
  }

  private readonly contexts = new ShortCache<RoomContext | null>();
  private readonly searchCandidates = new ShortCache<{ rooms: Array<Room & { venue: Venue }>; hours: OpeningHour[]; closures: Closure[] }>();

  private async loadRoomContext(roomId: number, m: EntityManager): Promise<RoomContext | null> {
    const loaded = await this.queries.roomContext(roomId, m === this.db.manager ? null : m);
    if (!loaded) return null;
    const { room, hours, closures } = loaded;
    return {
      room, venue: room.venue, weekly: groupHours(hours), closures,
      rules: {
        slotMinutes: room.slotMinutes, minMinutes: room.minMinutes, maxMinutes: room.maxMinutes,
        bufferMinutes: room.bufferMinutes, horizonDays: room.horizonDays, capacity: room.capacity,
      },
    };
  }

  /** Active reservations and blocks of rooms whose occupied range meets [from, to). */
  private activeBetween(m: EntityManager, roomIds: number[], from: Date, to: Date): Promise<Reservation[]> {
    if (!roomIds.length) return Promise.resolve([]);
    return m.createQueryBuilder(Reservation, 'r')
      .where('r.room_id IN (:...roomIds)', { roomIds })
      .andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
      .andWhere('r.start_at < :to', { to })
      .andWhere('r.occupied_end_at > :from', { from })
      .orderBy('r.start_at', 'ASC')
      .getMany();
  }

  /** Free and busy intervals of a room over local dates `from`..`to` (inclusive), in the venue's offset. */
  async availability(roomId: number, fromDate: string, toDate: string, viewer: User | null) {
    const fields: FieldError[] = [];
    if (!isValidIsoDate(fromDate)) fields.push({ field: 'from', code: 'date' });
    if (!isValidIsoDate(toDate)) fields.push({ field: 'to', code: 'date' });
    if (fields.length) throw new ValidationError(fields);
    const days = (Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000;
    if (days < 0) throw new RuleViolationError('range_reversed', {}, [{ field: 'to', code: 'range_reversed' }]);
    if (days >= MAX_RANGE_DAYS) throw new RuleViolationError('range_too_long', { days: MAX_RANGE_DAYS });
    const ctx = await this.cachedRoomContext(roomId, viewer);
    const zone = ctx.venue.timezone;
    const local = luxonZone(zone);
    const from = DateTime.fromISO(fromDate, { zone: local }).minus({ days: 1 }).toJSDate();
    const to = DateTime.fromISO(toDate, { zone: local }).plus({ days: 2 }).toJSDate();
    const rows = await this.queries.active([roomId], from, to);
    const free = freeIntervals(fromDate, toDate, ctx.rules, zone, ctx.weekly, ctx.closures, rows.map(busyOf), new Date());
    const lower = DateTime.fromISO(fromDate, { zone: local }).toJSDate();
    const upper = DateTime.fromISO(toDate, { zone: local }).plus({ days: 1 }).toJSDate();
    return {
      timezone: zone,
      free: free.map((i) => ({ start: toZonedIso(i.start, zone), end: toZonedIso(i.end, zone) })),
      // Other people's bookings: only when and what kind, never who or why.
      busy: rows.filter((r) => r.startAt < upper && r.endAt > lower).map((r) => ({
        start: toZonedIso(r.startAt, zone), end: toZonedIso(r.endAt, zone),
        kind: r.kind === 'block' ? 'blocked' : r.status === 'pending' ? 'pending' : 'reserved',
        ...(viewer && r.creatorId === viewer.id && r.kind === 'booking' ? { id: r.id, mine: true } : {}),
      })),
      context: ctx,
      rows,
    };
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
    const ctx = await this.roomContext(input.roomId, user);
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

    try {
      return await this.tx.write(async (m) => {
        await this.tx.lockRow(m, 'users', user.id);
        const span = { start: wanted[0].start, end: wanted[wanted.length - 1].end };
        const existing = await this.queries.active([ctx.room.id], new Date(span.start.getTime() - 86_400_000), new Date(span.end.getTime() + 86_400_000), m);
        const busy = existing.map(busyOf);
        const clashes = wanted.map((o) => ({ o, conflict: findConflict(o, busy, ctx.rules.bufferMinutes) })).filter((x) => x.conflict);
        if (clashes.length && (!rrule || !input.skipConflicts || clashes.length === wanted.length)) {
          throw this.slotTaken(clashes[0].conflict!, zone, rrule ? clashes.map((c) => c.o) : null);
        }
        const toCreate = wanted.filter((o) => !clashes.some((c) => c.o === o));
        await this.checkFairUse(m, user, ctx, toCreate, manages);

        const series = rrule ? await m.save(m.create(ReservationSeries, { roomId: ctx.room.id, creatorId: user.id, rrule })) : null;
        const status = ctx.room.requiresApproval && !manages ? 'pending' : 'confirmed';
        const created: Reservation[] = [];
        for (const o of toCreate) {
          const row = await this.queries.insert(m, m.create(Reservation, {
            roomId: ctx.room.id, venueId: ctx.venue.id, creatorId: user.id, kind: 'booking', status,
            title: input.title, headcount: input.headcount, notes: input.notes ?? '', startAt: o.start, endAt: o.end,
            occupiedEndAt: occupiedRange(o.start, o.end, ctx.rules.bufferMinutes).end, seriesId: series?.id ?? null,
            statusReason: null, sequence: 0,
          }));
          created.push(row);
        }
        await recordHistory(m, created, user.id, 'created', null, { status });
        // One invitation for the first date (the personal calendar feed carries the whole series).
        if (status === 'confirmed' && created.length) await this.notifications.reservation(m, created[0], ctx.room, ctx.venue, user, 'confirmed');
        return Object.assign(created, { timezone: zone });
      });
    } catch (error) {
      if (isConstraintViolation(error)) throw await this.raceLost(ctx, occurrences[0]);
      throw error;
    }
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
    const created: Reservation[] = [];
    // Released first, in the same transaction: a failure below rolls this back too, and PostgreSQL's constraint
    // never sees the old and the new programme active at once.
    if (replacing.length) {
      for (const r of replacing) { r.status = 'cancelled'; r.statusReason = 'event_changed'; r.sequence += 1; }
      await m.save(replacing);
      await recordHistory(m, replacing, user.id, 'cancelled', 'event_changed', { eventId });
    }
    for (const [index, w] of wanted.entries()) {
      const ctx = await this.roomContext(w.roomId, user, m);
      const violations = checkRules({ ...w, headcount: Math.min(w.headcount, ctx.room.capacity) }, ctx.rules, ctx.venue.timezone, ctx.weekly, ctx.closures, now);
      if (violations.length) throw ruleViolationError(violations[0], w, ctx, (f) => `sessions.${index}.${f === 'headcount' ? 'capacity' : f}`);
      const existing = await this.activeBetween(m, [w.roomId], new Date(w.start.getTime() - 86_400_000), new Date(w.end.getTime() + 86_400_000));
      const conflict = findConflict(w, existing.map(busyOf), ctx.rules.bufferMinutes);
      if (conflict) throw this.slotTaken(conflict, ctx.venue.timezone, null);
      const manages = await this.venues.canManage(user, ctx.venue.id);
      // The room's fair-use limits hold for an event's sessions as for bookings: an event is no way around them.
      await this.checkFairUse(m, user, ctx, [w], manages).catch((error: unknown) => {
        if (!(error instanceof RuleViolationError)) throw error;
        throw new RuleViolationError(error.code, error.params, [{ field: `sessions.${index}`, code: `errors.${error.code}`, params: error.params }]);
      });
      created.push(await m.save(m.create(Reservation, {
        roomId: w.roomId, venueId: ctx.venue.id, creatorId: user.id, kind: 'booking', status: ctx.room.requiresApproval && !manages ? 'pending' : 'confirmed',
        title: w.title, headcount: Math.min(w.headcount, ctx.room.capacity), notes: '', startAt: w.start, endAt: w.end,
        occupiedEndAt: occupiedRange(w.start, w.end, ctx.rules.bufferMinutes).end, seriesId: null, statusReason: null, sequence: 0, eventId,
      })));
    }
    await recordHistory(m, created, user.id, 'created', null, { eventId });
    return created;
  }

  /** Releases an event's rooms (its reservations are cancelled with the event). */
  async releaseWithin(m: EntityManager, user: User, eventId: number, reason: string): Promise<void> {
    const rows = await m.findBy(Reservation, { eventId, status: In(ACTIVE_STATUSES) });
    for (const r of rows) { r.status = 'cancelled'; r.statusReason = reason; r.sequence += 1; }
    await m.save(rows);
    await recordHistory(m, rows, user.id, 'cancelled', reason, { eventId });
  }

  /** Fair use per room: at most N future reservations and H hours per local week for one creator (managers exempt). */
  private async checkFairUse(m: EntityManager, user: User, ctx: RoomContext, adding: Interval[], manages: boolean): Promise<void> {
    if (manages || (!ctx.room.maxFutureReservations && !ctx.room.maxHoursPerWeek)) return;
    const mine = await m.createQueryBuilder(Reservation, 'r')
      .where('r.room_id = :roomId AND r.creator_id = :userId AND r.kind = :kind', { roomId: ctx.room.id, userId: user.id, kind: 'booking' })
      .andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
      .andWhere('r.end_at > :now', { now: new Date(Date.now() - 8 * 86_400_000) })
      .getMany();
    const future = mine.filter((r) => r.startAt > new Date());
    if (ctx.room.maxFutureReservations && future.length + adding.length > ctx.room.maxFutureReservations) {
      throw new RuleViolationError('fair_use_future', { max: ctx.room.maxFutureReservations, current: future.length });
    }
    if (ctx.room.maxHoursPerWeek) {
      const all = [...mine.map((r) => ({ start: r.startAt, end: r.endAt })), ...adding];
      for (const o of adding) {
        const minutes = minutesInLocalWeek(o.start, ctx.venue.timezone, all);
        if (minutes > ctx.room.maxHoursPerWeek * 60) {
          throw new RuleViolationError('fair_use_hours', { max: ctx.room.maxHoursPerWeek, hours: Math.round((minutes / 60) * 10) / 10 });
        }
      }
    }
  }

  private slotTaken(conflict: BusyInterval, zone: string, seriesDates: Interval[] | null): ConflictError {
    const when = localInterval(conflict.start, conflict.end, zone);
    const details = {
      conflict: { start: toZonedIso(conflict.start, zone), end: toZonedIso(conflict.end, zone), kind: conflict.kind },
      ...(seriesDates ? { dates: seriesDates.map((o) => ({ start: toZonedIso(o.start, zone), end: toZonedIso(o.end, zone) })) } : {}),
    };
    if (seriesDates) {
      const dates = localized((locale) => seriesDates.map((o) => formatDate(o.start, zone, locale)).join('; '));
      return new ConflictError('series_conflicts', { dates, count: seriesDates.length }, [], details);
    }
    return new ConflictError(conflict.kind === 'block' ? 'slot_blocked' : 'slot_taken', { when }, [], details);
  }

  /** PostgreSQL refused the insert (another instance won the race): name what now holds the slot. */
  private async raceLost(ctx: RoomContext, wanted: Interval): Promise<ConflictError> {
    const rows = await this.queries.active([ctx.room.id], new Date(wanted.start.getTime() - 86_400_000), new Date(wanted.end.getTime() + 86_400_000));
    const conflict = findConflict(wanted, rows.map(busyOf), ctx.rules.bufferMinutes);
    return conflict ? this.slotTaken(conflict, ctx.venue.timezone, null) : new ConflictError('slot_taken', { when: localInterval(wanted.start, wanted.end, ctx.venue.timezone) });
  }


  async get(id: number): Promise<Reservation> {
    const row = await this.db.getRepository(Reservation).findOne({ where: { id }, relations: { room: { venue: true }, creator: true } });
    if (!row) throw new NotFoundError('reservation_not_found');
    return row;
  }

  /** A reservation as its creator or the venue's managers may see it; anyone else gets 404. */
  async getVisible(user: User, id: number): Promise<Reservation & { room: Room & { venue: Venue } }> {
    const row = await this.get(id);
    if (row.creatorId !== user.id && !(await this.venues.canManage(user, row.venueId))) throw new NotFoundError('reservation_not_found');
    return row as Reservation & { room: Room & { venue: Venue } };
  }

  async history(user: User, id: number): Promise<ReservationHistory[]> {
    await this.getVisible(user, id);
    return this.db.getRepository(ReservationHistory).find({ where: { reservationId: id }, order: { id: 'ASC' } });
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
    const row = await this.get(id);
    if (!(await this.venues.canManage(user, row.venueId))) throw new ForbiddenError('not_venue_manager');
    return this.tx.write(async (m) => {
      const current = await m.findOneByOrFail(Reservation, { id });
      if (current.status !== 'pending') throw new ConflictError('reservation_not_pending', { status: current.status });
      current.status = status;
      current.statusReason = reason;
      current.sequence += 1;
      await m.save(current);
      await recordHistory(m, [current], user.id, status === 'confirmed' ? 'approved' : 'rejected', reason, { status });
      await this.notifications.reservation(m, current, row.room, row.room.venue, row.creator, status === 'confirmed' ? 'confirmed' : 'rejected');
      return current;
    });
  }

  /**
   * Cancels a reservation: its creator until it starts, the venue's managers any time (with a reason).
   * `following` also cancels the later occurrences of its series.
   */
  async cancel(user: User, id: number, reason: string | null, scope: 'one' | 'following' = 'one'): Promise<Reservation[]> {
    const row = await this.get(id);
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
      for (const target of targets) await this.notifications.reservation(m, target, row.room, row.room.venue, row.creator, 'cancelled');
      return targets;
    });
  }

  /** Moves a reservation to another time or room of the same venue; every rule is checked again. */
  async move(user: User, id: number, input: { roomId?: number; start: string; end: string }): Promise<Reservation> {
    const row = await this.get(id);
    if (!(await this.venues.canManage(user, row.venueId))) throw new ForbiddenError('not_venue_manager');
    if (row.eventId) throw new ConflictError('reservation_belongs_to_event', { title: row.title });
    if (!ACTIVE_STATUSES.includes(row.status)) throw new ConflictError('reservation_not_active');
    const start = parseZonedIso(input.start);
    const end = parseZonedIso(input.end);
    if (!start || !end) throw new ValidationError([...(start ? [] : [{ field: 'start', code: 'datetime' }]), ...(end ? [] : [{ field: 'end', code: 'datetime' }])]);
    const ctx = await this.roomContext(input.roomId ?? row.roomId, user);
    if (ctx.venue.id !== row.venueId) throw new RuleViolationError('move_other_venue');
    const violations = checkRules({ start, end, headcount: row.headcount }, ctx.rules, ctx.venue.timezone, ctx.weekly, ctx.closures, new Date());
    if (violations.length) throw ruleViolationError(violations[0], { start, end }, ctx);
    try {
      return await this.tx.write(async (m) => {
        const existing = (await this.activeBetween(m, [ctx.room.id], new Date(start.getTime() - 86_400_000), new Date(end.getTime() + 86_400_000)))
          .filter((r) => r.id !== id);
        const conflict = findConflict({ start, end }, existing.map(busyOf), ctx.rules.bufferMinutes);
        if (conflict) throw this.slotTaken(conflict, ctx.venue.timezone, null);
        const current = await m.findOneByOrFail(Reservation, { id });
        const before = { roomId: current.roomId, start: current.startAt.toISOString(), end: current.endAt.toISOString() };
        Object.assign(current, {
          roomId: ctx.room.id, startAt: start, endAt: end, sequence: current.sequence + 1,
          occupiedEndAt: occupiedRange(start, end, current.kind === 'block' ? 0 : ctx.rules.bufferMinutes).end,
        });
        await m.save(current);
        await recordHistory(m, [current], user.id, 'moved', null, { before, after: { roomId: ctx.room.id, start: start.toISOString(), end: end.toISOString() } });
        if (current.kind === 'booking' && current.status === 'confirmed') await this.notifications.reservation(m, current, ctx.room, ctx.venue, row.creator, 'updated');
        return current;
      });
    } catch (error) {
      if (isConstraintViolation(error)) throw await this.raceLost(ctx, { start, end });
      throw error;
    }
  }

  /**
   * Blocks a room (maintenance, private use). Bookings in the way are not hidden: without `cancelAffected` the
   * block is refused and the bookings are listed; with it they are cancelled with the given reason.
   */
  async block(user: User, roomId: number, input: { start: string; end: string; reason: string; cancelAffected?: boolean }): Promise<{ block: Reservation; cancelled: Reservation[] }> {
    const ctx = await this.roomContext(roomId, user);
    if (!(await this.venues.canManage(user, ctx.venue.id))) throw new ForbiddenError('not_venue_manager');
    const start = parseZonedIso(input.start);
    const end = parseZonedIso(input.end);
    if (!start || !end) throw new ValidationError([...(start ? [] : [{ field: 'start', code: 'datetime' }]), ...(end ? [] : [{ field: 'end', code: 'datetime' }])]);
    if (end <= start) throw new RuleViolationError('reservation_end_before_start', {}, [{ field: 'end', code: 'errors.reservation_end_before_start' }]);
    try {
      return await this.tx.write(async (m) => {
        const existing = await this.activeBetween(m, [roomId], start, end);
        const inTheWay = existing.filter((r) => r.startAt < end && r.occupiedEndAt > start);
        const otherBlock = inTheWay.find((r) => r.kind === 'block');
        if (otherBlock) throw this.slotTaken(busyOf(otherBlock), ctx.venue.timezone, null);
        const cancelled = await cancelOrRefuse(m, user.id, inTheWay, input.cancelAffected ? input.reason : null, ctx.venue.timezone, this.notifications);
        const block = await m.save(m.create(Reservation, {
          roomId, venueId: ctx.venue.id, creatorId: user.id, kind: 'block', status: 'confirmed', title: input.reason,
          headcount: 0, notes: '', startAt: start, endAt: end, occupiedEndAt: end, seriesId: null, statusReason: null, sequence: 0,
        }));
        await recordHistory(m, [block], user.id, 'created', input.reason, { kind: 'block' });
        return { block, cancelled };
      });
    } catch (error) {
      if (isConstraintViolation(error)) throw new ConflictError('slot_taken', { when: localInterval(start, end, ctx.venue.timezone) });
      throw error;
    }
  }


  /** The creator's bookings: upcoming, past and cancelled or rejected. */
  async mine(user: User): Promise<{ upcoming: Reservation[]; past: Reservation[]; cancelled: Reservation[] }> {
    const rows = await this.db.getRepository(Reservation).find({
      where: { creatorId: user.id, kind: 'booking' }, relations: { room: { venue: true } }, order: { startAt: 'ASC' },
    });
    const now = new Date();
    return {
      upcoming: rows.filter((r) => ACTIVE_STATUSES.includes(r.status) && r.endAt > now),
      past: rows.filter((r) => ACTIVE_STATUSES.includes(r.status) && r.endAt <= now).reverse(),
      cancelled: rows.filter((r) => !ACTIVE_STATUSES.includes(r.status)).reverse(),
    };
  }

  /**
   * Every room of a venue with its active reservations and blocks, for the managers' grids: the local day `date`
   * (default today at the venue) and the `span - 1` days after it, or with `'week'` the ISO week (Monday to Sunday,
   * as Indonesian calendars run) that holds it. Opening hours and closures come along, so grids can show what is closed.
   */
  async schedule(user: User, venueId: number, date: string | undefined, span: number | 'week') {
    const week = span === 'week';
    await this.venues.assertCanManage(user, venueId);
    if (date !== undefined && !isValidIsoDate(date)) throw new ValidationError([{ field: 'date', code: 'date' }]);
    const venue = await this.db.getRepository(Venue).findOneByOrFail({ id: venueId });
    const zone = venue.timezone;
    const focus = date ?? todayIn(zone);
    const firstDate = week ? mondayOf(focus) : focus;
    const days = span === 'week' ? 7 : span;
    const rooms = await this.db.getRepository(Room).find({ where: { venueId }, order: { capacity: 'ASC', id: 'ASC' } });
    const from = DateTime.fromISO(firstDate, { zone: luxonZone(zone) }).toJSDate();
    const to = DateTime.fromISO(firstDate, { zone: luxonZone(zone) }).plus({ days }).toJSDate();
    const rows = await this.db.getRepository(Reservation).createQueryBuilder('r')
      .leftJoinAndSelect('r.creator', 'creator')
      .where('r.venue_id = :venueId', { venueId }).andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
      .andWhere('r.start_at < :to AND r.end_at > :from', { from, to }).orderBy('r.start_at').getMany();
    const weekly = groupHours(await this.db.getRepository(OpeningHour).findBy({ venueId }));
    const lastDate = DateTime.fromISO(firstDate, { zone: 'UTC' }).plus({ days: days - 1 }).toISODate()!;
    const closures = await this.db.getRepository(Closure).createQueryBuilder('c').where('c.venue_id = :venueId', { venueId })
      .andWhere('c.start_date <= :last AND c.end_date >= :first', { first: firstDate, last: lastDate }).getMany();
    return { venue, zone, focus, fromDate: firstDate, days, rooms, reservations: rows, weekly, closures };
  }

  /** Active rooms of a venue, for the manager's move form. */
  venueRooms(venueId: number): Promise<Room[]> {
    return this.db.getRepository(Room).find({ where: { venueId, active: true }, order: { name: 'ASC' } });
  }

  /** Pending requests in the venues the user manages, oldest first. */
  async pending(user: User): Promise<Reservation[]> {
    const qb = this.db.getRepository(Reservation).createQueryBuilder('r')
      .leftJoinAndSelect('r.room', 'room').leftJoinAndSelect('room.venue', 'venue').leftJoinAndSelect('r.creator', 'creator')
      .where('r.status = :status', { status: 'pending' }).andWhere('r.end_at > :now', { now: new Date() })
      .orderBy('r.created_at', 'ASC');
    if (user.role !== 'admin') {
      const ids = await this.venues.managedVenueIds(user);
      if (!ids.length) return [];
      qb.andWhere('r.venue_id IN (:...ids)', { ids });
    }
    return qb.getMany();
  }

  /** Rooms matching the search filters, with their venues' hours and the closures on the date. */
  private async searchRooms(input: SearchInput) {
    const qb = this.db.getRepository(Room).createQueryBuilder('room').innerJoinAndSelect('room.venue', 'venue')
      .where('room.active = :a AND venue.active = :a', { a: true });
    if (input.province) qb.andWhere('LOWER(venue.province) = :province', { province: input.province.toLowerCase() });
    if (input.city) qb.andWhere('LOWER(venue.city) = :city', { city: input.city.toLowerCase() });
    if (input.minCapacity) qb.andWhere('room.capacity >= :cap', { cap: input.minCapacity });
    if (input.roomKind) qb.andWhere('room.kind = :kind', { kind: input.roomKind });
    if (input.amenity) qb.andWhere(`room.amenities LIKE :amenity ${LIKE_ESCAPE}`, { amenity: `%${escapeLike(JSON.stringify(input.amenity))}%` });
    const rooms = await qb.orderBy('room.capacity', 'ASC').addOrderBy('room.id', 'ASC').limit(300).getMany() as Array<Room & { venue: Venue }>; // many-to-one join: LIMIT is exact
    if (!rooms.length) return { rooms, hours: [], closures: [] };
    const venueIds = [...new Set(rooms.map((r) => r.venueId))];
    const [hours, closures] = await Promise.all([
      this.db.getRepository(OpeningHour).findBy({ venueId: In(venueIds) }),
      this.db.getRepository(Closure).createQueryBuilder('c').where('c.venue_id IN (:...venueIds)', { venueIds })
        .andWhere('c.start_date <= :d AND c.end_date >= :d', { d: input.date }).getMany(),
    ]);
    return { rooms, hours, closures };
  }

  /**
   * Network search: rooms free for the whole local window on `date` (opening hours, closures, rules and existing
   * bookings respected), filtered by place, capacity, kind and amenity; the closest capacity fit first.
   */
  async search(query: SearchInput, viewer: User | null) {
    const fields: FieldError[] = [];
    if (!isValidIsoDate(query.date)) fields.push({ field: 'date', code: 'date' });
    // A window typed the Indonesian way (13.00) reads like 13:00, whether it came from the page or the API.
    const [from, to] = (['from', 'to'] as const).map((key) => {
      const clock = parseClock(query[key] ?? '');
      if (!clock || clock === '24:00') fields.push({ field: key, code: 'clock' });
      return clock ?? '';
    });
    if (fields.length) throw new ValidationError(fields);
    const input = { ...query, from, to };
    if (input.to <= input.from) throw new RuleViolationError('reservation_end_before_start', {}, [{ field: 'to', code: 'errors.reservation_end_before_start' }]);

    const key = JSON.stringify([input.date, input.province, input.city, input.minCapacity, input.roomKind, input.amenity].map((v) => v ?? null).map(String).map((v) => v.toLowerCase()));
    const { rooms, hours, closures } = await this.searchCandidates.get(key, () => this.searchRooms(input));
    if (!rooms.length) return [];
    const venueIds = [...new Set(rooms.map((r) => r.venueId))];
    const windowIn = new Map([...new Set(rooms.map((r) => r.venue.timezone))].map((name) => {
      const zone = luxonZone(name);
      return [name, { start: DateTime.fromISO(`${input.date}T${input.from}`, { zone }).toJSDate(), end: DateTime.fromISO(`${input.date}T${input.to}`, { zone }).toJSDate() }];
    }));
    const windows = new Map(rooms.map((room) => [room.id, windowIn.get(room.venue.timezone)!]));
    const all = [...windows.values()];
    const lower = new Date(Math.min(...all.map((w) => w.start.getTime())) - 86_400_000);
    const upper = new Date(Math.max(...all.map((w) => w.end.getTime())) + 86_400_000);
    const busy = await this.queries.busyByRoom(rooms.map((r) => r.id), lower, upper);
    const now = new Date();
    const weeklyOf = new Map(venueIds.map((id) => [id, groupHours(hours.filter((h) => h.venueId === id))]));
    const closuresOf = new Map(venueIds.map((id) => [id, closures.filter((c) => c.venueId === id)]));
    const results = rooms.filter((room) => {
      const w = windows.get(room.id)!;
      const rules: RoomRules = { slotMinutes: room.slotMinutes, minMinutes: room.minMinutes, maxMinutes: room.maxMinutes, bufferMinutes: room.bufferMinutes, horizonDays: room.horizonDays, capacity: room.capacity };
      const weekly = weeklyOf.get(room.venueId)!;
      const venueClosures = closuresOf.get(room.venueId)!;
      if (checkRules({ ...w, headcount: Math.min(input.minCapacity ?? 1, room.capacity) }, rules, room.venue.timezone, weekly, venueClosures, now).length) return false;
      return !findConflict(w, busy.get(room.id) ?? [], room.bufferMinutes);
    });
    const want = input.minCapacity ?? 1;
    return results.sort((a, b) => (a.capacity - want) - (b.capacity - want) || a.venue.name.localeCompare(b.venue.name))
      .slice(0, 100).map((room) => ({ room, venue: room.venue, window: windows.get(room.id)! }));
  }
}
