import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { escapeLike } from '../common/like.js';
import { ShortCache } from '../common/short-cache.js';
import { isValidIsoDate, luxonZone, parseClock } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import type { Room } from '../rooms/room.entity.js';
import { groupHours, type WeeklyHours } from '../venues/opening-hours.js';
import type { Venue } from '../venues/venue.entity.js';
import { checkRules, findConflict, type Interval, type RoomRules } from './availability.js';
import { LONGEST_BUFFER_MS, ReservationQueries } from './reservations.queries.js';

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

/** Free rooms a search answers at most (the page shows them all; the API pages through them). */
export const SEARCH_RESULTS = 100;

interface Candidates { rooms: Array<Room & { venue: Venue; rules: RoomRules }>; weekly: Map<number, WeeklyHours> }

/** The network search: which rooms are free for a whole local window on a date. */
@Injectable()
export class RoomSearchService {
  private readonly queries: ReservationQueries;
  // Keyed by the filters, not the date: the same city's rooms and hours serve every date searched within two seconds.
  private readonly candidates = new ShortCache<Candidates>();

  constructor(prepared: Prepared) {
    this.queries = new ReservationQueries(prepared);
  }

  /** Rooms matching the search filters (prepared statements on the place keys), with their rules and venues' weekly hours. */
  private async searchRooms(input: SearchInput): Promise<Candidates> {
    const rooms = await this.queries.searchCandidates({
      city: input.city, province: input.province, minCapacity: input.minCapacity, roomKind: input.roomKind,
      amenityPattern: input.amenity ? `%${escapeLike(JSON.stringify(input.amenity))}%` : undefined,
    });
    const hours = rooms.length ? await this.queries.hoursOfVenues([...new Set(rooms.map((r) => r.venueId))]) : new Map();
    return {
      rooms: rooms.map((room) => Object.assign(room, { rules: {
        slotMinutes: room.slotMinutes, minMinutes: room.minMinutes, maxMinutes: room.maxMinutes, bufferMinutes: room.bufferMinutes,
        horizonDays: room.horizonDays, capacity: room.capacity,
      } })),
      weekly: new Map([...hours].map(([venueId, rows]) => [venueId, groupHours(rows)])),
    };
  }

  /**
   * Network search: rooms free for the whole local window on `date` (opening hours, closures, rules and existing
   * bookings respected), filtered by place, capacity, kind and amenity; the closest capacity fit first, at most
   * SEARCH_RESULTS of them.
   */
  async search(query: SearchInput): Promise<Array<{ room: Room; venue: Venue; window: Interval }>> {
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

    const key = JSON.stringify([input.province, input.city, input.minCapacity, input.roomKind, input.amenity].map((v) => String(v ?? null).toLowerCase()));
    const { rooms, weekly } = await this.candidates.get(key, () => this.searchRooms(input));
    if (!rooms.length) return [];
    const windowIn = new Map([...new Set(rooms.map((r) => r.venue.timezone))].map((name) => {
      const zone = luxonZone(name);
      return [name, { start: DateTime.fromISO(`${input.date}T${input.from}`, { zone }).toJSDate(), end: DateTime.fromISO(`${input.date}T${input.to}`, { zone }).toJSDate() }];
    }));
    const all = [...windowIn.values()];
    // Only what can clash with a window: from its start to its end plus the longest buffer (the read is bounded by index).
    const lower = new Date(Math.min(...all.map((w) => w.start.getTime())));
    const upper = new Date(Math.max(...all.map((w) => w.end.getTime())) + LONGEST_BUFFER_MS);
    const venueIds = [...weekly.keys()];
    const [busy, closures] = await Promise.all([
      this.queries.busyByRoom(rooms.map((r) => r.id), lower, upper), this.queries.closuresOn(venueIds, input.date),
    ]);
    const now = new Date();
    const free = rooms.filter((room) => {
      const w = windowIn.get(room.venue.timezone)!;
      const zone = room.venue.timezone;
      if (checkRules({ ...w, headcount: Math.min(input.minCapacity ?? 1, room.capacity) }, room.rules, zone, weekly.get(room.venueId) ?? {}, closures.get(room.venueId) ?? [], now).length) return false;
      return !findConflict(w, busy.get(room.id) ?? [], room.bufferMinutes);
    });
    const want = input.minCapacity ?? 1;
    return free.sort((a, b) => (a.capacity - want) - (b.capacity - want) || a.venue.name.localeCompare(b.venue.name))
      .slice(0, SEARCH_RESULTS).map((room) => ({ room, venue: room.venue, window: windowIn.get(room.venue.timezone)! }));
  }
}
