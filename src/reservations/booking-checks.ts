import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, RuleViolationError, type Params } from '../common/errors.js';
import { translate } from '../common/i18n.js';
import { formatClockRanges, formatDate, formatInterval, formatLocalDate, formatWeekday, localized, luxonZone, toZonedIso, type LocalizedText } from '../common/time.js';
import type { Room } from '../rooms/room.entity.js';
import { minutesOf, type ClosureRange, type WeeklyHours } from '../venues/opening-hours.js';
import type { Venue } from '../venues/venue.entity.js';
import { findConflict, minutesInLocalWeek, type BusyInterval, type Interval, type RoomRules, type RuleViolation } from './availability.js';
import type { Reservation } from './reservation.entity.js';
import type { ReservationQueries } from './reservations.queries.js';

/** A room with its venue, weekly hours, closures and rules: everything the booking rules need. */
export interface RoomContext {
  room: Room;
  venue: Venue;
  weekly: WeeklyHours;
  closures: ClosureRange[];
  rules: RoomRules;
}

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

export const busyOf = (r: Pick<Reservation, 'startAt' | 'endAt' | 'occupiedEndAt' | 'kind' | 'id'>): BusyInterval => ({
  start: r.startAt, end: r.endAt, occupiedEnd: r.occupiedEndAt, kind: r.kind === 'block' ? 'block' : 'reservation', id: r.id,
});

/** The refusal naming what holds the slot (a booking or a block), or for a series every date that clashes. */
export function slotTaken(conflict: BusyInterval, zone: string, seriesDates: Interval[] | null): ConflictError {
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
export async function raceLost(queries: ReservationQueries, ctx: RoomContext, wanted: Interval): Promise<ConflictError> {
  const rows = await queries.active([ctx.room.id], new Date(wanted.start.getTime() - 86_400_000), new Date(wanted.end.getTime() + 86_400_000));
  const conflict = findConflict(wanted, rows.map(busyOf), ctx.rules.bufferMinutes);
  return conflict ? slotTaken(conflict, ctx.venue.timezone, null) : new ConflictError('slot_taken', { when: localInterval(wanted.start, wanted.end, ctx.venue.timezone) });
}

/** Whether a booking by this user is counted against the room's fair-use limits (managers are exempt). */
export const fairUseApplies = (ctx: RoomContext, manages: boolean): boolean =>
  !manages && Boolean(ctx.room.maxFutureReservations || ctx.room.maxHoursPerWeek);

/**
 * Fair use per room: at most N future reservations and H hours per local week for one creator (managers exempt). Runs
 * in the write transaction after the creator's row lock, so two simultaneous bookings cannot both pass.
 */
export async function checkFairUse(queries: ReservationQueries, m: EntityManager, user: User, ctx: RoomContext, adding: Interval[], manages: boolean): Promise<void> {
  if (!fairUseApplies(ctx, manages)) return;
  const now = new Date();
  const mine = await queries.ownActiveBookings(m, ctx.room.id, user.id, new Date(now.getTime() - 8 * 86_400_000));
  const future = mine.filter((r) => r.startAt > now);
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
