import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, In } from 'typeorm';
import { RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { escapeLike, LIKE_ESCAPE } from '../common/like.js';
import { ShortCache } from '../common/short-cache.js';
import { isValidIsoDate, luxonZone, parseClock } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { Room } from '../rooms/room.entity.js';
import { Closure } from '../venues/closure.entity.js';
import { OpeningHour } from '../venues/opening-hour.entity.js';
import { groupHours } from '../venues/opening-hours.js';
import type { Venue } from '../venues/venue.entity.js';
import { checkRules, findConflict, type RoomRules } from './availability.js';
import { ReservationQueries } from './reservations.queries.js';

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

/** The network search: which rooms are free for a whole local window on a date. */
@Injectable()
export class RoomSearchService {
  private readonly queries: ReservationQueries;
  private readonly candidates = new ShortCache<{ rooms: Array<Room & { venue: Venue }>; hours: OpeningHour[]; closures: Closure[] }>();

  constructor(@InjectDataSource() private readonly db: DataSource, prepared: Prepared) {
    this.queries = new ReservationQueries(prepared);
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
  async search(query: SearchInput) {
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
    const { rooms, hours, closures } = await this.candidates.get(key, () => this.searchRooms(input));
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
