import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { ShortCache } from '../common/short-cache.js';
import { isValidIsoDate, toZonedIso } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { groupHours } from '../venues/opening-hours.js';
import { VenuesService } from '../venues/venues.service.js';
import { dayNumber, freeIntervals, isoDateOf, localMidnight } from './availability.js';
import { busyOf, type RoomContext } from './booking-checks.js';
import { approvalHold } from './no-show-fair-use.js';
import type { Venue } from '../venues/venue.entity.js';
import { LONGEST_BUFFER_MS, ReservationQueries } from './reservations.queries.js';

const MAX_RANGE_DAYS = 42;

/** Reads a room's booking context and its free and busy times: what the week grid, the booking form and the writers need. */
@Injectable()
export class AvailabilityService {
  private readonly queries: ReservationQueries;
  private readonly contexts = new ShortCache<RoomContext | null>();

  constructor(@InjectDataSource() private readonly db: DataSource, private readonly venues: VenuesService, prepared: Prepared) {
    this.queries = new ReservationQueries(prepared);
  }

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
    const ctx = await this.cachedRoomContext(roomId, viewer);
    const zone = ctx.venue.timezone;
    const lower = new Date(localMidnight(fromDate, zone));
    const upper = new Date(localMidnight(isoDateOf(dayNumber(toDate) + 1), zone));
    // What holds the dates, and what starts within the longest buffer after them (a new booking's buffer must fit).
    const rows = await this.queries.active([roomId], lower, new Date(upper.getTime() + LONGEST_BUFFER_MS));
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
