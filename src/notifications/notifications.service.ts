import { Injectable } from '@nestjs/common';
import nunjucks from 'nunjucks';
import type { EntityManager } from 'typeorm';
import type { AppConfig, Locale } from '../../config/configuration.js';
import { buildCalendar, type CalendarItem } from '../calendar/ics.js';
import { registrationItems, reservationItem } from '../calendar/items.js';
import { InjectConfig } from '../common/config.provider.js';
import { translator } from '../common/i18n.js';
import { formatDateTime, formatInterval } from '../common/time.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from '../registrations/registration.entity.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import { OutboxMessage } from './outbox-message.entity.js';

export type ReservationChange = 'confirmed' | 'updated' | 'cancelled' | 'rejected';
export type RegistrationChange = 'confirmed' | 'promoted' | 'updated' | 'waitlisted' | 'cancelled' | 'reminder' | 'link';
export type ReservationNotice = ReservationChange | 'reminder';

/**
 * Intent-named messages, written to the outbox inside the caller's transaction (so a change and its email commit or
 * roll back together). Rendering happens here; sending is the worker's job.
 */
@Injectable()
export class NotificationsService {
  private readonly sender: { name: string; email: string };

  constructor(@InjectConfig() private readonly config: AppConfig) {
    const match = /^(.*?)\s*<([^>]+)>$/.exec(config.mail.from);
    this.sender = match ? { name: match[1].replace(/"/g, '') || 'Ruang Kreatif', email: match[2] } : { name: 'Ruang Kreatif', email: config.mail.from };
  }

  get from(): string {
    return this.config.mail.from;
  }

  /** A booking's creator learns of its confirmation, a change, a cancellation or a rejection, with the calendar entry. */
  async reservation(m: EntityManager, r: Reservation, room: Room, venue: Venue, creator: { name: string; email: string; locale: Locale | null }, change: ReservationNotice): Promise<void> {
    const locale = creator.locale ?? this.config.defaultLocale;
    const t = translator(locale);
    const item = { ...reservationItem(this.config.publicBaseUrl, Object.assign(r, { room: Object.assign(room, { venue }) }), locale), organizer: this.sender, attendee: { name: creator.name, email: creator.email } };
    const method = change === 'reminder' ? null : change === 'confirmed' || change === 'updated' ? 'REQUEST' : 'CANCEL';
    await this.enqueue(m, {
      dedupeKey: change === 'reminder' ? `reservation-${r.id}-reminder-${r.startAt.getTime()}` : `reservation-${r.id}-seq-${r.sequence}-${change}`, kind: `reservation_${change}`, recipient: creator.email,
      subject: t(`mail.reservation_${change}`, { title: r.title }), locale, name: creator.name,
      lines: [t('mail.when', { when: formatInterval(r.startAt, r.endAt, venue.timezone, locale) }), t('mail.where', { where: item.location }),
        ...(r.statusReason && method === 'CANCEL' ? [t('mail.reason', { reason: r.statusReason })] : [])],
      url: item.url!, items: method ? [{ ...item, status: method === 'CANCEL' ? 'cancelled' : 'confirmed' }] : [], method,
    });
  }

  /** An attendee's seat, waiting-list place, promotion or cancellation; calendar entries only for a real seat. */
  async registration(m: EntityManager, reg: Registration, event: EventWithDetails, change: RegistrationChange, position: number | null = null, token: string | null = null): Promise<void> {
    const t = translator(reg.locale);
    const base = this.config.publicBaseUrl;
    const method = change === 'confirmed' || change === 'promoted' || change === 'updated' ? 'REQUEST' : change === 'cancelled' ? 'CANCEL' : null;
    const items: CalendarItem[] = registrationItems(base, reg, event).map((i) => ({
      ...i, organizer: this.sender, attendee: { name: reg.name, email: reg.email }, status: method === 'CANCEL' ? 'cancelled' : 'confirmed',
    }));
    const first = event.sessions[0];
    await this.enqueue(m, {
      dedupeKey: change === 'reminder' ? `registration-${reg.id}-reminder-${event.startsAt.getTime()}`
        : change === 'link' ? `registration-${reg.id}-link-${reg.tokenHash}` : `registration-${reg.id}-seq-${reg.sequence}-${event.sequence}-${change}`, kind: `registration_${change}`, recipient: reg.email,
      subject: t(`mail.registration_${change}`, { title: event.title }), locale: reg.locale, name: reg.name,
      lines: [
        t('mail.when', { when: formatDateTime(event.startsAt, event.venue.timezone, reg.locale) }),
        t('mail.where', { where: [first?.room?.name, event.venue.name, event.venue.address, event.venue.city].filter(Boolean).join(', ') }),
        ...(method === 'REQUEST' || change === 'reminder' ? [t('mail.ticket', { code: reg.ticketCode }), t('mail.qr_attached')] : []),
        ...(change === 'waitlisted' && position ? [t('mail.position', { position })] : []),
        ...(reg.cancelReason ? [t('mail.reason', { reason: reg.cancelReason })] : []),
      ],
      // The first message (and a requested new link) carries the secret manage link; it is never stored in plain.
      url: token ? `${base}/registrations/${token}` : `${base}/events/${event.id}`, items: method ? items : [], method,
      ticketCode: method === 'REQUEST' || change === 'reminder' ? reg.ticketCode : null,
    });
  }

  private async enqueue(m: EntityManager, msg: {
    dedupeKey: string; kind: string; recipient: string; subject: string; locale: Locale; name: string; lines: string[]; url: string;
    items: CalendarItem[]; method: 'REQUEST' | 'CANCEL' | null; ticketCode?: string | null;
  }): Promise<void> {
    const t = translator(msg.locale);
    const context = { t, locale: msg.locale, name: msg.name, heading: msg.subject, lines: msg.lines, url: msg.url };
    const ics = msg.method && msg.items.length ? buildCalendar({ name: msg.subject, method: msg.method }, msg.items) : null;
    await m.createQueryBuilder().insert().into(OutboxMessage).values({
      dedupeKey: msg.dedupeKey, kind: msg.kind, recipient: msg.recipient, subject: msg.subject,
      textBody: nunjucks.render('mail/message.txt.njk', context), htmlBody: nunjucks.render('mail/message.html.njk', context),
      ics, icsMethod: ics ? msg.method : null, ticketCode: msg.ticketCode ?? null, status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, lastError: null, sentAt: null,
    }).orIgnore().execute();
  }
}
