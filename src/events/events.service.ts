import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { escapeLike, LIKE_ESCAPE } from '../common/like.js';
import { isValidIsoDate, luxonZone, parseZonedIso } from '../common/time.js';
import { Transactions } from '../database/transactions.js';
import { Registration } from '../registrations/registration.entity.js';
import { whoIsPromoted } from '../registrations/waitlist.js';
import { ACTIVE_STATUSES, Reservation } from '../reservations/reservation.entity.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DateTime } from 'luxon';
import { EventSession } from './event-session.entity.js';
import { EventRecord } from './event.entity.js';
import type { CreateEventDto, EventQueryDto, SessionDto, UpdateEventDto } from './events.dto.js';

export interface EventCounts { confirmed: number; waitlisted: number; checkedIn: number }
export type EventWithDetails = EventRecord & { venue: Venue; sessions: Array<EventSession & { room: Room }> };

const PAGE_SIZE = 20;

/** Promotes the earliest waitlisted registrations into free seats, inside the caller's transaction (event row locked). */
export async function promoteWaitlist(m: EntityManager, event: EventRecord, now = new Date()): Promise<Registration[]> {
  const confirmed = await m.countBy(Registration, { eventId: event.id, status: 'confirmed' });
  const waitlisted = await m.find(Registration, { where: { eventId: event.id, status: 'waitlisted' }, order: { arrival: 'ASC' }, take: Math.max(0, event.capacity - confirmed) });
  const promoted = whoIsPromoted({ capacity: event.capacity, confirmed, waitlisted, eventStatus: event.status, startsAt: event.startsAt, now });
  const rows = waitlisted.filter((w) => promoted.some((p) => p.id === w.id));
  for (const r of rows) { r.status = 'confirmed'; r.sequence += 1; }
  if (rows.length) await m.save(rows);
  return rows;
}

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly reservations: ReservationsService,
    private readonly notifications: NotificationsService,
  ) {}

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
    const event = await this.db.getRepository(EventRecord).findOne({ where: { id }, relations: { venue: true, sessions: { room: true }, organiser: true } });
    if (!event) throw new NotFoundError('event_not_found');
    const canOrganise = await this.canOrganise(viewer, event);
    if (event.status === 'draft' && !canOrganise) throw new NotFoundError('event_not_found');
    event.sessions.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    const counts = (await this.counts([id])).get(id)!;
    return { event: event as EventWithDetails, counts, spotsLeft: Math.max(0, event.capacity - counts.confirmed), canOrganise };
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
    const event = await this.db.getRepository(EventRecord).findOne({ where: { id }, relations: { venue: true, sessions: { room: true } } });
    if (!event) throw new NotFoundError('event_not_found');
    return { event: event as EventWithDetails };
  }

  /** Reads and checks a programme: times with offsets, rooms of the event's venue, capacity within the rooms. */
  private async programme(m: EntityManager, venueId: number, capacity: number, sessions: SessionDto[]) {
    const fields: FieldError[] = [];
    const parsed = sessions.map((s, i) => {
      const start = parseZonedIso(s.start);
      const end = parseZonedIso(s.end);
      if (!start) fields.push({ field: `sessions.${i}.start`, code: 'datetime' });
      if (!end) fields.push({ field: `sessions.${i}.end`, code: 'datetime' });
      return { ...s, start: start!, end: end! };
    });
    if (fields.length) throw new ValidationError(fields);
    const rooms = await m.findBy(Room, { id: In([...new Set(parsed.map((s) => s.roomId))]) });
    for (const [i, s] of parsed.entries()) {
      const room = rooms.find((r) => r.id === s.roomId);
      if (!room || room.venueId !== venueId) throw new RuleViolationError('session_room_not_in_venue', {}, [{ field: `sessions.${i}.roomId`, code: 'errors.session_room_not_in_venue' }]);
      const seats = s.capacity ?? capacity;
      if (seats > room.capacity) {
        throw new RuleViolationError(s.capacity ? 'session_capacity_exceeds_room' : 'capacity_exceeds_room', { room: room.name, capacity: room.capacity },
          [{ field: s.capacity ? `sessions.${i}.capacity` : 'capacity', code: s.capacity ? 'errors.session_capacity_exceeds_room' : 'errors.capacity_exceeds_room', params: { room: room.name, capacity: room.capacity } }]);
      }
    }
    parsed.sort((a, b) => a.start.getTime() - b.start.getTime());
    return { sessions: parsed, startsAt: parsed[0].start, endsAt: new Date(Math.max(...parsed.map((s) => s.end.getTime()))) };
  }

  private window(opens: string | undefined | null, closes: string | undefined | null) {
    const fields: FieldError[] = [];
    const opensAt = opens ? parseZonedIso(opens) : null;
    const closesAt = closes ? parseZonedIso(closes) : null;
    if (opens && !opensAt) fields.push({ field: 'registrationOpensAt', code: 'datetime' });
    if (closes && !closesAt) fields.push({ field: 'registrationClosesAt', code: 'datetime' });
    if (fields.length) throw new ValidationError(fields);
    if (opensAt && closesAt && closesAt <= opensAt) throw new RuleViolationError('registration_window_reversed', {}, [{ field: 'registrationClosesAt', code: 'errors.registration_window_reversed' }]);
    return { opensAt, closesAt };
  }

  /**
   * Creates a draft event. Its sessions hold their rooms at once through the reservation engine: every booking rule
   * applies and a taken room refuses the whole event (409), all in one write transaction.
   */
  async create(user: User, dto: CreateEventDto): Promise<EventRecord> {
    const venue = await this.db.getRepository(Venue).findOneBy({ id: dto.venueId });
    if (!venue || (!venue.active && !(await this.venues.canManage(user, venue.id)))) throw new NotFoundError('venue_not_found');
    const { opensAt, closesAt } = this.window(dto.registrationOpensAt, dto.registrationClosesAt);
    return this.tx.write(async (m) => {
      const plan = await this.programme(m, venue.id, dto.capacity, dto.sessions);
      const event = await m.save(m.create(EventRecord, {
        organiserId: user.id, venueId: venue.id, kind: dto.kind, status: 'draft', title: dto.title, summary: dto.summary ?? '',
        description: dto.description ?? '', tags: dto.tags ?? [], language: dto.language ?? 'id', capacity: dto.capacity,
        registrationOpensAt: opensAt, registrationClosesAt: closesAt, startsAt: plan.startsAt, endsAt: plan.endsAt,
        arrivals: 0, sequence: 0, cancelReason: null, coverImageUrl: dto.coverImageUrl || null,
      }));
      await this.holdRooms(m, user, event, plan.sessions, []);
      return event;
    });
  }

  private async holdRooms(m: EntityManager, user: User, event: EventRecord, sessions: Array<Omit<SessionDto, 'start' | 'end'> & { start: Date; end: Date }>, replacing: Reservation[]) {
    const held = await this.reservations.reserveWithin(m, user, event.id, sessions.map((s) => ({
      roomId: s.roomId, start: s.start, end: s.end, title: `${event.title}: ${s.title}`, headcount: s.capacity ?? event.capacity,
    })), replacing);
    await m.save(sessions.map((s, i) => m.create(EventSession, {
      eventId: event.id, roomId: s.roomId, reservationId: held[i].id, title: s.title, speaker: s.speaker ?? '', startAt: s.start, endAt: s.end, capacity: s.capacity ?? null,
    })));
  }

  private async loadForChange(m: EntityManager, user: User, id: number): Promise<EventRecord> {
    await this.tx.lockRow(m, 'events', id);
    const event = await m.findOneBy(EventRecord, { id });
    if (!event) throw new NotFoundError('event_not_found');
    if (!(await this.canOrganise(user, event))) throw new ForbiddenError('not_event_organiser');
    return event;
  }

  /**
   * Changes an event. A new programme is checked again in full and replaces the old one (its rooms released in the
   * same transaction); a higher capacity promotes the waiting list at once; a lower one may not drop below the
   * confirmed seats. Changes to time or room raise the calendar sequence.
   */
  async update(user: User, id: number, dto: UpdateEventDto): Promise<{ event: EventRecord; promoted: Registration[] }> {
    const { opensAt, closesAt } = this.window(dto.registrationOpensAt, dto.registrationClosesAt);
    return this.tx.write(async (m) => {
      const event = await this.loadForChange(m, user, id);
      if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError('event_not_editable', { status: event.status });
      const capacity = dto.capacity ?? event.capacity;
      if (dto.capacity !== undefined) {
        const confirmed = await m.countBy(Registration, { eventId: id, status: 'confirmed' });
        if (dto.capacity < confirmed) throw new RuleViolationError('capacity_below_confirmed', { confirmed }, [{ field: 'capacity', code: 'errors.capacity_below_confirmed', params: { confirmed } }]);
      }
      let before: EventSession[] = [];
      if (dto.sessions) {
        const plan = await this.programme(m, event.venueId, capacity, dto.sessions);
        const current = await m.findBy(Reservation, { eventId: id, status: In(ACTIVE_STATUSES) });
        before = await m.findBy(EventSession, { eventId: id });
        await m.delete(EventSession, { eventId: id });
        Object.assign(event, { startsAt: plan.startsAt, endsAt: plan.endsAt, sequence: event.sequence + 1 });
        await this.holdRooms(m, user, Object.assign(event, { title: dto.title ?? event.title, capacity }), plan.sessions, current);
      } else if (dto.capacity !== undefined && dto.capacity > event.capacity) {
        const sessions = await m.find(EventSession, { where: { eventId: id }, relations: { room: true } });
        const tooSmall = sessions.find((s) => !s.capacity && s.room.capacity < dto.capacity!);
        if (tooSmall) throw new RuleViolationError('capacity_exceeds_room', { room: tooSmall.room.name, capacity: tooSmall.room.capacity }, [{ field: 'capacity', code: 'errors.capacity_exceeds_room', params: { room: tooSmall.room.name, capacity: tooSmall.room.capacity } }]);
      }
      Object.assign(event, {
        kind: dto.kind ?? event.kind, title: dto.title ?? event.title, summary: dto.summary ?? event.summary, description: dto.description ?? event.description,
        tags: dto.tags ?? event.tags, language: dto.language ?? event.language, capacity,
        coverImageUrl: dto.coverImageUrl !== undefined ? dto.coverImageUrl || null : event.coverImageUrl,
        registrationOpensAt: dto.registrationOpensAt !== undefined ? opensAt : event.registrationOpensAt,
        registrationClosesAt: dto.registrationClosesAt !== undefined ? closesAt : event.registrationClosesAt,
      });
      await m.save(event);
      const promoted = await promoteWaitlist(m, event);
      const details = await m.findOneOrFail(EventRecord, { where: { id }, relations: { venue: true, sessions: { room: true } } }) as EventWithDetails;
      for (const p of promoted) await this.notifications.registration(m, p, details, 'promoted');
      if (dto.sessions) {
        // A new time or room reaches every attendee's calendar as an update of the same entry (higher SEQUENCE).
        const seated = await m.findBy(Registration, { eventId: id, status: 'confirmed' });
        for (const r of seated.filter((r) => !promoted.some((p) => p.id === r.id))) await this.notifications.registration(m, r, details, 'updated', null, null, before);
      }
      return { event, promoted };
    });
  }

  /** Publishes a draft; rooms still awaiting a manager's approval keep it unpublished. */
  async publish(user: User, id: number): Promise<EventRecord> {
    return this.tx.write(async (m) => {
      const event = await this.loadForChange(m, user, id);
      if (event.status !== 'draft') throw new ConflictError('event_not_draft', { status: event.status });
      if (event.startsAt <= new Date()) throw new RuleViolationError('event_in_past');
      const sessions = await m.findBy(EventSession, { eventId: id });
      const held = await m.findBy(Reservation, { id: In(sessions.map((s) => s.reservationId ?? 0)) });
      const pending = held.filter((r) => r.status === 'pending').length;
      if (pending) throw new ConflictError('event_rooms_pending', { count: pending });
      // A manager may have rejected a room request: the programme must change before the event can go out.
      if (held.length < sessions.length || held.some((r) => r.status !== 'confirmed')) throw new ConflictError('event_rooms_released');
      event.status = 'published';
      return m.save(event);
    });
  }

  /** Cancels an event: its rooms are released and every registration is cancelled with the reason. */
  async cancel(user: User, id: number, reason: string): Promise<EventRecord> {
    return this.tx.write(async (m) => {
      const event = await this.loadForChange(m, user, id);
      if (event.status === 'cancelled') throw new ConflictError('event_already_cancelled');
      event.status = 'cancelled';
      event.cancelReason = reason;
      event.sequence += 1;
      await m.save(event);
      await this.reservations.releaseWithin(m, user, id, reason);
      const active = await m.findBy(Registration, { eventId: id, status: In(['confirmed', 'waitlisted']) });
      for (const r of active) Object.assign(r, { status: 'cancelled', cancelledAt: new Date(), cancelReason: reason, sequence: r.sequence + 1 });
      await m.save(active);
      const details = await m.findOneOrFail(EventRecord, { where: { id }, relations: { venue: true, sessions: { room: true } } }) as EventWithDetails;
      for (const r of active) await this.notifications.registration(m, r, details, 'cancelled');
      return event;
    });
  }
}
