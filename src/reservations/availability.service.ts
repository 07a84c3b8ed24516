import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { isValidIsoDate, toZonedIso } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { groupHours } from '../venues/opening-hours.js';
import { VenuesService } from '../venues/venues.service.js';
import { dayNumber, freeIntervals, isoDateOf, localMidnight } from './availability.js';
import { busyOf, type RoomContext } from './booking-checks.js';
import { approvalHold } from './no-show-fair-use.js';
import type { Room } from '../rooms/room.entity.js';
import type { Closure } from '../venues/closure.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import { LONGEST_BOOKING_MS, LONGEST_BUFFER_MS, ReservationQueries, type ActiveRow } from './reservations.queries.js';

const MAX_RANGE_DAYS = 42;
/** No zone is further than 14 hours from UTC (Pacific/Kiritimati; the furthest west is 12 hours behind). */
const WIDEST_OFFSET_MS = 14 * 3_600_000;

/** Closures that can still matter to a booking: those not ended two days ago. */
const closuresFrom = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

type LoadedContext = { room: Room & { venue: Venue }; hours: Array<{ weekday: number; opens: string; closes: string }>; closures: Closure[] };

function contextOf({ room, hours, closures }: LoadedContext): RoomContext {
  return {
    room, venue: room.venue, weekly: groupHours(hours), closures,
    rules: {
      slotMinutes: room.slotMinutes, minMinutes: room.minMinutes, maxMinutes: room.maxMinutes,
      bufferMinutes: room.bufferMinutes, horizonDays: room.horizonDays, capacity: room.capacity,
    },
  };
}

/** Reads a room's booking context and its free and busy times: what the week grid, the booking form and the writers need. */
@Injectable()
export class AvailabilityService {
  private readonly queries: ReservationQueries;

  constructor(@InjectDataSource() private readonly db: DataSource, private readonly venues: VenuesService, prepared: Prepared) {
    this.queries = new ReservationQueries(prepared);
  }

  /** A room with its venue, weekly hours, closures and rules: everything the booking rules need. */
  async roomContext(roomId: number, viewer: User | null = null, m: EntityManager = this.db.manager): Promise<RoomContext> {
    const loaded = await this.queries.roomContext(roomId, m === this.db.manager ? null : m);
    return this.visible(loaded ? contextOf(loaded) : null, viewer);
  }

  /**
   * The room's context and its active rows meeting [from, to) in one statement (one round trip on PostgreSQL), read
   * fresh on every request: a booking or a rule changed on another instance shows at once.
   */
  private async roomWeek(roomId: number, viewer: User | null, from: Date, to: Date): Promise<{ ctx: RoomContext; rows: ActiveRow[] }> {
    const loaded = await this.queries.roomWeek(roomId, closuresFrom(), from, to);
    return { ctx: await this.visible(loaded ? contextOf(loaded) : null, viewer), rows: loaded?.rows ?? [] };
  }

  /** Inactive rooms and rooms of inactive venues exist only for those who manage them. */
  private async visible(ctx: RoomContext | null, viewer: User | null): Promise<RoomContext> {
    if (!ctx || ((!ctx.room.active || !ctx.venue.active) && !(await this.venues.canManage(viewer, ctx.room.venueId)))) {
      throw new NotFoundError('room_not_found');
    }
    return ctx;
  }

  /** Until when the user's bookings at the venue need approval because of no-shows (null: they do not), for the form's notice. */
  async noShowHold(user: User, venue: Venue): Promise<Date | null> {
    if (await this.venues.canManage(user, venue.id)) return null;
    return approvalHold(this.queries, user.id, venue);
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
    // The venue's zone comes with the row, so the read spans the dates' midnights in every zone (UTC−12 to UTC+14) and
    // is cut here to what `ReservationQueries.active` gives for the venue's window: what holds the dates, and what
    // starts within the longest buffer after them (a new booking's buffer must fit).
    const utcFrom = Date.parse(`${fromDate}T00:00:00Z`);
    const utcUpper = Date.parse(`${isoDateOf(dayNumber(toDate) + 1)}T00:00:00Z`);
    const read = await this.roomWeek(roomId, viewer, new Date(utcFrom - WIDEST_OFFSET_MS), new Date(utcUpper + WIDEST_OFFSET_MS + LONGEST_BUFFER_MS));
    const { ctx } = read;
    const zone = ctx.venue.timezone;
    const lower = new Date(localMidnight(fromDate, zone));
    const upper = new Date(localMidnight(isoDateOf(dayNumber(toDate) + 1), zone));
    const until = upper.getTime() + LONGEST_BUFFER_MS;
    const rows = read.rows.filter((r) => r.occupiedEndAt > lower && r.startAt.getTime() < until
      && (r.kind === 'block' || r.startAt.getTime() >= lower.getTime() - LONGEST_BOOKING_MS));
    const free = freeIntervals(fromDate, toDate, ctx.rules, zone, ctx.weekly, ctx.closures, rows.map(busyOf), new Date());
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
}
