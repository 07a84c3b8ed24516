import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { escapeLike, LIKE_ESCAPE } from '../common/like.js';
import { isValidIsoDate, luxonZone } from '../common/time.js';
import { Registration } from '../registrations/registration.entity.js';
import { Prepared } from '../database/prepared.js';
import { Reservation } from '../reservations/reservation.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { DateTime } from 'luxon';
import { EventDetailsQuery } from './event-details.queries.js';
import { EventSession } from './event-session.entity.js';
import { EventRecord } from './event.entity.js';
import type { EventQueryDto } from './events.dto.js';

export interface EventCounts { confirmed: number; waitlisted: number; checkedIn: number }
export type EventWithDetails = EventRecord & { venue: Venue; sessions: Array<EventSession & { room: Room }> };

const PAGE_SIZE = 20;

/** Reads of events: the listing, one event with its programme, the organiser's own, how its rooms are held. */
@Injectable()
export class EventsService {
  private readonly eventDetails: EventDetailsQuery;

  constructor(@InjectDataSource() private readonly db: DataSource, private readonly venues: VenuesService, prepared: Prepared) {
    this.eventDetails = new EventDetailsQuery(prepared);
  }

  /** One event with venue and programme (sessions by start), whatever its state; null when unknown. `m` reads inside a transaction. */
  details(id: number, m: EntityManager | null = null): Promise<EventWithDetails | null> {
    return this.eventDetails.details(id, m);
  }

  /** The organiser, the venue's managers and admins may change an event and see its attendees. */
  async canOrganise(user: User | null, event: EventRecord): Promise<boolean> {
    if (!user) return false;
    return user.role === 'admin' || event.organiserId === user.id || (await this.venues.canManage(user, event.venueId));
  }

  async counts(eventIds: number[]): Promise<Map<number, EventCounts>> {
    const result = new Map<number, EventCounts>(eventIds.map((id) => [id, { confirmed: 0, waitlisted: 0, checkedIn: 0 }]));
    if (!eventIds.length) return result;
    const rows: Array<{ event_id: number; status: string; n: string | number; checked: string | number }> = await this.db.getRepository(Registration)
      .createQueryBuilder('r').select('r.event_id', 'event_id').addSelect('r.status', 'status').addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN r.checked_in_at IS NULL THEN 0 ELSE 1 END)', 'checked')
      .where('r.event_id IN (:...eventIds)', { eventIds }).groupBy('r.event_id').addGroupBy('r.status').getRawMany();
    for (const row of rows) {
      const c = result.get(Number(row.event_id))!;
      if (row.status === 'confirmed') { c.confirmed = Number(row.n); c.checkedIn = Number(row.checked); }
      if (row.status === 'waitlisted') c.waitlisted = Number(row.n);
    }
    return result;
  }

  /** Upcoming published events, filtered; each with its seats left. */
  async list(query: EventQueryDto) {
    const bad = (['from', 'to'] as const).filter((k) => query[k] !== undefined && !isValidIsoDate(query[k]!));
    if (bad.length) throw new ValidationError(bad.map((field) => ({ field, code: 'date' })));
    const qb = this.db.getRepository(EventRecord).createQueryBuilder('e').innerJoinAndSelect('e.venue', 'venue')
      .where('e.status = :status', { status: 'published' }).andWhere('e.ends_at > :now', { now: new Date() });
    if (query.province) qb.andWhere('LOWER(venue.province) = :province', { province: query.province.toLowerCase() });
    if (query.city) qb.andWhere('LOWER(venue.city) = :city', { city: query.city.toLowerCase() });
    if (query.venueId) qb.andWhere('e.venue_id = :venueId', { venueId: query.venueId });
    if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
    // Both sides are lowered by the database, so SQLite (ASCII only) and PostgreSQL each agree with themselves.
    // Tags are stored as JSON text: a tag matches as its JSON string, quotes included.
    if (query.tag) qb.andWhere(`LOWER(e.tags) LIKE LOWER(:tag) ${LIKE_ESCAPE}`, { tag: `%${escapeLike(JSON.stringify(query.tag))}%` });
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      qb.andWhere(`(LOWER(e.title) LIKE LOWER(:like) ${LIKE_ESCAPE} OR LOWER(e.summary) LIKE LOWER(:like) ${LIKE_ESCAPE} OR LOWER(e.tags) LIKE LOWER(:like) ${LIKE_ESCAPE})`, { like });
    }
    // Dates are local to each venue; a day's window is at most 2 hours wider than any Indonesian zone's, so compare
    // against the earliest and latest offsets and let the exact local check below drop the edges.
    if (query.from) qb.andWhere('e.ends_at > :from', { from: DateTime.fromISO(query.from, { zone: 'UTC+9' }).toJSDate() });
    if (query.to) qb.andWhere('e.starts_at < :to', { to: DateTime.fromISO(query.to, { zone: 'UTC+7' }).plus({ days: 1 }).toJSDate() });
    const page = query.page ?? 1;
    const [rows, total] = await qb.orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC').skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).getManyAndCount();
    const items = rows.filter((e) => {
      const zone = luxonZone(e.venue.timezone);
      const startDate = DateTime.fromJSDate(e.startsAt, { zone }).toISODate()!;
      const endDate = DateTime.fromJSDate(e.endsAt, { zone }).toISODate()!;
      return (!query.from || endDate >= query.from) && (!query.to || startDate <= query.to);
    });
    const counts = await this.counts(items.map((e) => e.id));
    return { items: items.map((e) => ({ event: e, counts: counts.get(e.id)!, spotsLeft: Math.max(0, e.capacity - counts.get(e.id)!.confirmed) })), total, page, pageSize: PAGE_SIZE };
  }

  /** One event with venue and programme; drafts only for those who organise it. */
  async get(id: number, viewer: User | null): Promise<{ event: EventWithDetails; counts: EventCounts; spotsLeft: number; canOrganise: boolean }> {
    const event = await this.eventDetails.page(id);
    if (!event) throw new NotFoundError('event_not_found');
    const canOrganise = await this.canOrganise(viewer, event);
    if (event.status === 'draft' && !canOrganise) throw new NotFoundError('event_not_found');
    const counts = (await this.counts([id])).get(id)!;
    return { event, counts, spotsLeft: Math.max(0, event.capacity - counts.confirmed), canOrganise };
  }

  /**
   * Active venues with their active rooms, for the organiser's "new event" form. `managedByViewer` says whether the
   * viewer's requests there skip approval (a venue's managers and admins hold rooms at once; others wait).
   */
  async venueRoomChoices(viewer: User | null = null): Promise<Array<Venue & { rooms: Room[]; managedByViewer: boolean }>> {
    const venues = await this.db.getRepository(Venue).find({ where: { active: true }, relations: { rooms: true }, order: { name: 'ASC' } });
    const managed = new Set(viewer?.role === 'manager' ? await this.venues.managedVenueIds(viewer) : []);
    return venues
      .map((v) => Object.assign(v, {
        rooms: v.rooms.filter((r) => r.active).sort((a, b) => a.name.localeCompare(b.name)),
        managedByViewer: viewer?.role === 'admin' || managed.has(v.id),
      }))
      .filter((v) => v.rooms.length > 0);
  }

  /** How each session's room is held: 'confirmed', 'pending' (awaiting the venue manager) or 'released' (rejected or freed). */
  async roomHolds(eventId: number): Promise<Map<number, 'confirmed' | 'pending' | 'released'>> {
    const sessions = await this.db.getRepository(EventSession).findBy({ eventId });
    const ids = sessions.map((s) => s.reservationId).filter((id): id is number => id !== null);
    const held = ids.length ? await this.db.getRepository(Reservation).findBy({ id: In(ids) }) : [];
    const status = new Map(held.map((r) => [r.id, r.status]));
    return new Map(sessions.map((s) => {
      const state = s.reservationId === null ? undefined : status.get(s.reservationId);
      return [s.id, state === 'confirmed' ? 'confirmed' : state === 'pending' ? 'pending' : 'released'];
    }));
  }

  /** Events the user organises that have not ended yet, drafts included, soonest first. */
  async organisedBy(user: User): Promise<Array<EventRecord & { venue: Venue }>> {
    return this.db.getRepository(EventRecord).createQueryBuilder('e').innerJoinAndSelect('e.venue', 'venue')
      .where('e.organiser_id = :id', { id: user.id }).andWhere('e.ends_at > :now', { now: new Date() })
      .orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC').take(50).getMany() as Promise<Array<EventRecord & { venue: Venue }>>;
  }

  /** The event behind a registration, whatever its state (an attendee's calendar must also learn of a cancellation). */
  async getForAttendee(id: number): Promise<{ event: EventWithDetails }> {
    const event = await this.details(id);
    if (!event) throw new NotFoundError('event_not_found');
    return { event };
  }
}
