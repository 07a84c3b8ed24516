import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared } from '../database/prepared.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import type { EventChangeContext } from '../events/event-events.js';
import { EventDetailsQuery } from '../events/event-details.queries.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { RegistrationEventContext } from '../registrations/registration-events.js';
import { Registration } from '../registrations/registration.entity.js';
import type { ReservationDraftContext, ReservationEventContext } from '../reservations/reservation-events.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import { ReservationQueries } from '../reservations/reservations.queries.js';
import { NotificationsService, type OutboxRow, type RegistrationChange, type RenderedRegistrationMail, type RenderedReservationMail, type ReservationChange } from './notifications.service.js';

const RESERVATION_MAIL = {
  'reservation.created': 'confirmed', 'reservation.approved': 'confirmed', 'reservation.rejected': 'rejected',
  'reservation.cancelled': 'cancelled', 'reservation.moved': 'updated', 'reservation.no_show': 'no_show',
} as const satisfies Record<string, ReservationChange>;

const REGISTRATION_MAIL = {
  'registration.confirmed': 'confirmed', 'registration.waitlisted': 'waitlisted', 'registration.promoted': 'promoted',
  'registration.cancelled': 'cancelled', 'registration.link_requested': 'link',
} as const satisfies Record<string, RegistrationChange>;

/**
 * Whether a new reservation gets an invitation: a request waits for the manager, a block is nobody's booking, an
 * event's room is the event's business, and a series gets one for its first date (`seriesIndex` 0; the personal
 * calendar feed carries the whole series).
 */
const invites = (r: Reservation, seriesIndex: number): boolean => r.kind === 'booking' && r.status === 'confirmed' && !r.eventId && seriesIndex === 0;

/**
 * Mail is a subscriber of the domain-event stream: each change's message is written to the outbox in the change's own
 * transaction (so both commit or neither does), with the same dedupe keys, subjects and calendar parts as ever.
 * Reminders are not changes; the mail worker queues them itself.
 */
@Injectable()
export class MailSubscriber implements OnModuleInit {
  private readonly reservations: ReservationQueries;
  private readonly events: EventDetailsQuery;

  constructor(private readonly stream: DomainEvents, private readonly notifications: NotificationsService, prepared: Prepared) {
    this.reservations = new ReservationQueries(prepared);
    this.events = new EventDetailsQuery(prepared);
  }

  onModuleInit(): void {
    this.stream.subscribe(Object.keys(RESERVATION_MAIL) as Array<keyof typeof RESERVATION_MAIL>, (m, e, rendered) => this.reservation(m, e, rendered as RenderedReservationMail | undefined), {
      prepare: (type, ctx: ReservationDraftContext) => (type === 'reservation.created' && invites(ctx.reservation, 0)
        ? this.notifications.renderReservation(ctx.reservation, ctx.room, ctx.venue, ctx.creator, 'confirmed') : undefined),
    });
    this.stream.subscribe(Object.keys(REGISTRATION_MAIL) as Array<keyof typeof REGISTRATION_MAIL>, (m, e, rendered) => this.registration(m, e, rendered as RenderedRegistrationMail | undefined), {
      prepare: (type, ctx: RegistrationEventContext) => this.notifications.renderRegistration(ctx.registration, ctx.event, REGISTRATION_MAIL[type as keyof typeof REGISTRATION_MAIL], ctx.token ?? null),
      handleMany: (m, events, rendered) => this.registrations(m, events, rendered as Array<RenderedRegistrationMail | undefined>),
    });
    this.stream.subscribe(['event.changed'], (m, e) => this.eventChanged(m, e));
  }

  /**
   * The booking's creator hears of it; an event's rooms are the event's business (its attendees hear of the event).
   * `rendered`: the invitation of a new booking, rendered before its transaction, to complete.
   */
  private async reservation(m: EntityManager, event: DomainEvent<ReservationEventContext | undefined>, rendered?: RenderedReservationMail): Promise<void> {
    const change = RESERVATION_MAIL[event.type as keyof typeof RESERVATION_MAIL];
    const ctx = event.context;
    if (event.type === 'reservation.created' && ctx) {
      if (!invites(ctx.reservation, ctx.seriesIndex ?? 0)) return;
      if (rendered) return this.notifications.insert(m, rendered.complete(ctx.reservation.id, ctx.reservation.updatedAt));
    }
    const id = (event.payload as { reservation?: { id?: number } }).reservation?.id;
    if (!id) return;
    const loaded = await this.reservations.withRoomAndCreator(id, m);
    if (!loaded) return;
    const { reservation: r, creator } = loaded;
    const sessionRoom = r.eventId !== null;
    if (event.type === 'reservation.created' && !invites(r, event.context?.seriesIndex ?? 0)) return;
    if (event.type === 'reservation.cancelled' && sessionRoom) return;
    if (event.type === 'reservation.moved' && (r.kind !== 'booking' || r.status !== 'confirmed')) return;
    // A no-show's message says when the creator's next bookings there need approval, if this release started that.
    const until = (event.payload as { approvalRequiredUntil?: string | null }).approvalRequiredUntil;
    await this.notifications.reservation(m, r, r.room, r.room.venue, creator, change, { approvalUntil: until ? new Date(until) : null });
  }

  /** `rendered`: the messages the recorder had rendered before its transaction (a new registration), to complete. */
  private async registration(m: EntityManager, event: DomainEvent<RegistrationEventContext | undefined>, rendered?: RenderedRegistrationMail): Promise<void> {
    const change = REGISTRATION_MAIL[event.type as keyof typeof REGISTRATION_MAIL];
    const ctx = event.context;
    if (rendered && ctx) return this.notifications.insert(m, rendered.complete(ctx.registration.id, ctx.position ?? null));
    const id = (event.payload as { registration?: { id?: number } }).registration?.id;
    const registration = ctx?.registration ?? (id ? await m.findOneBy(Registration, { id }) : null);
    if (!registration) return;
    const details = ctx?.event ?? await this.details(m, registration.eventId);
    await this.notifications.registration(m, registration, details, change, ctx?.position ?? null, ctx?.token ?? null);
  }

  /** A batch of registrations, in order: the messages rendered beforehand are completed and written together, the others one by one. */
  private async registrations(m: EntityManager, events: Array<DomainEvent<RegistrationEventContext | undefined>>, rendered: Array<RenderedRegistrationMail | undefined>): Promise<void> {
    let pending: OutboxRow[] = [];
    for (const [i, e] of events.entries()) {
      if (rendered[i] && e.context) {
        pending.push(...rendered[i]!.complete(e.context.registration.id, e.context.position ?? null));
        continue;
      }
      await this.notifications.insert(m, pending);
      pending = [];
      await this.registration(m, e);
    }
    await this.notifications.insert(m, pending);
  }

  /** A new programme reaches every seated attendee's calendar as an update of the same entries (higher SEQUENCE). */
  private async eventChanged(m: EntityManager, event: DomainEvent<EventChangeContext | undefined>): Promise<void> {
    if (!(event.payload as { changes?: string[] }).changes?.includes('sessions') || !event.eventId) return;
    const details = (event.context?.event as EventWithDetails | undefined) ?? await this.details(m, event.eventId);
    // Those promoted by this change get their own invitation (registration.promoted) instead.
    const promoted = new Set((event.context?.promoted ?? []).map((p) => p.id));
    const seated = await m.find(Registration, { where: { eventId: details.id, status: 'confirmed' }, order: { id: 'ASC' } });
    for (const r of seated.filter((s) => !promoted.has(s.id))) await this.notifications.registration(m, r, details, 'updated', null, null, event.context?.before ?? []);
  }

  private async details(m: EntityManager, id: number): Promise<EventWithDetails> {
    const details = await this.events.details(id, m);
    if (!details) throw new Error(`event ${id} of a recorded change is gone`);
    return details;
  }
}
