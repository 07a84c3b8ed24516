import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import { InjectConfig } from '../common/config.provider.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../common/errors.js';
import { parseZonedIso } from '../common/time.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { Registration } from '../registrations/registration.entity.js';
import { EventRoomsService } from '../reservations/event-rooms.service.js';
import { ACTIVE_STATUSES, Reservation } from '../reservations/reservation.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { eventChanges, eventPayload, type EventChangeContext } from './event-events.js';
import { EventSession } from './event-session.entity.js';
import { EventRecord } from './event.entity.js';
import type { CreateEventDto, SessionDto, UpdateEventDto } from './events.dto.js';
import { EventsService, type EventWithDetails } from './events.service.js';

/**
 * Creating and changing events. Each change of a published event is recorded on the domain-event stream in its own
 * transaction; what it means for registrations (the waiting list moves up, seats are cancelled) and for mail is the
 * subscribers' business.
 */
@Injectable()
export class EventChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly events: EventsService,
    private readonly rooms: EventRoomsService,
    private readonly stream: DomainEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

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
    const held = await this.rooms.reserveWithin(m, user, event.id, sessions.map((s) => ({
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
    if (!(await this.events.canOrganise(user, event))) throw new ForbiddenError('not_event_organiser');
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
      const was = { ...event };
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
      const changes = eventChanges(was, event, Boolean(dto.sessions));
      // A draft is the organiser's workspace: only a published event's changes are recorded (and reach anyone).
      if (event.status !== 'published' || !changes.length) return { event, promoted: [] };
      const details = await this.details(m, id);
      const context: EventChangeContext = { event: details, before, promoted: [] };
      await this.stream.record(m, {
        type: 'event.changed', actorId: user.id, venueId: event.venueId, eventId: id, subjectUserId: event.organiserId,
        payload: eventPayload(details, this.config.publicBaseUrl, { changes }),
      }, context);
      return { event, promoted: context.promoted };
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
      await m.save(event);
      await this.stream.record(m, {
        type: 'event.published', actorId: user.id, venueId: event.venueId, eventId: id, subjectUserId: event.organiserId,
        payload: eventPayload(await this.details(m, id), this.config.publicBaseUrl),
      });
      return event;
    });
  }

  /** Cancels an event: its rooms are released, and (a subscriber's job) every registration is cancelled with the reason. */
  async cancel(user: User, id: number, reason: string): Promise<EventRecord> {
    return this.tx.write(async (m) => {
      const event = await this.loadForChange(m, user, id);
      if (event.status === 'cancelled') throw new ConflictError('event_already_cancelled');
      const wasPublished = event.status === 'published';
      event.status = 'cancelled';
      event.cancelReason = reason;
      event.sequence += 1;
      await m.save(event);
      await this.rooms.releaseWithin(m, user, id, reason);
      if (!wasPublished) return event;
      const details = await this.details(m, id);
      const context: EventChangeContext = { event: details, before: [], promoted: [] };
      await this.stream.record(m, {
        type: 'event.cancelled', actorId: user.id, venueId: event.venueId, eventId: id, subjectUserId: event.organiserId,
        payload: eventPayload(details, this.config.publicBaseUrl, { reason }),
      }, context);
      return event;
    });
  }

  private async details(m: EntityManager, id: number): Promise<EventWithDetails> {
    const event = await this.events.details(id, m);
    if (!event) throw new NotFoundError('event_not_found');
    return event;
  }
}
