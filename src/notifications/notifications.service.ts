import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import nunjucks from 'nunjucks';
import type { EntityManager } from 'typeorm';
import type { AppConfig, Locale } from '../../config/configuration.js';
import { buildCalendar, fillInCalendar, PLACEHOLDER_STAMP, type CalendarItem } from '../calendar/ics.js';
import { registrationItems, reservationItem, sessionsInOrder, sessionUid } from '../calendar/items.js';
import { InjectConfig } from '../common/config.provider.js';
import { translator } from '../common/i18n.js';
import { formatDate, formatDateTime, formatInterval } from '../common/time.js';
import { VIEWS_DIR } from '../common/views.js';
import { Prepared, type Statement } from '../database/prepared.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from '../registrations/registration.entity.js';
import { Reservation } from '../reservations/reservation.entity.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';

export type ReservationChange = 'confirmed' | 'updated' | 'cancelled' | 'rejected' | 'no_show';
export type RegistrationChange = 'confirmed' | 'promoted' | 'updated' | 'waitlisted' | 'cancelled' | 'reminder' | 'link';
export type ReservationNotice = ReservationChange | 'reminder';

/** HTML escaped, text as it is: a plain-text part shows `"Kopi" & Teh`, never `&quot;Kopi&quot; &amp; Teh`. */
const templates = {
  html: new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: true }),
  text: new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), { autoescape: false }),
};

/** A rendered message as the outbox stores it. */
export interface OutboxRow {
  dedupeKey: string; kind: string; recipient: string; subject: string; textBody: string; htmlBody: string;
  ics: string | null; icsMethod: 'REQUEST' | 'CANCEL' | null; ticketCode: string | null;
}

interface Message {
  dedupeKey: string; kind: string; recipient: string; subject: string; locale: Locale; name: string; lines: string[]; url: string;
  items: CalendarItem[]; method: 'REQUEST' | 'CANCEL' | null; ticketCode?: string | null;
}

const INSERT: Statement = {
  name: 'outbox_insert',
  sql: `INSERT INTO outbox_messages (dedupe_key, kind, recipient, subject, text_body, html_body, ics, ics_method, ticket_code, status, attempts, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 0, $10) ON CONFLICT (dedupe_key) DO NOTHING`,
};

const INSERT_MANY: Statement = {
  name: 'outbox_insert_many',
  sql: `INSERT INTO outbox_messages (dedupe_key, kind, recipient, subject, text_body, html_body, ics, ics_method, ticket_code, status, attempts, next_attempt_at)
        SELECT m.*, 'pending', 0, $10 FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::text[], $7::text[], $8::varchar[], $9::varchar[]) AS m
        ON CONFLICT (dedupe_key) DO NOTHING`,
};

// Stand-ins for what only the seat statement decides (the registration's id, its waiting-list place), replaced in the
// rendered text once known; random per process, so no attendee's name can contain one.
const MARK = randomBytes(6).toString('hex');
const ID_MARK = `@@id${MARK}@@`;
const POSITION_MARK = `@@position${MARK}@@`;

/** A rendered row with each stand-in replaced by its value, in the dedupe key and both bodies (the calendar apart). */
const fillIn = (row: OutboxRow, values: Record<string, string>): OutboxRow => {
  const fill = (text: string) => Object.entries(values).reduce((out, [mark, value]) => out.replaceAll(mark, value), text);
  return { ...row, dedupeKey: fill(row.dedupeKey), textBody: fill(row.textBody), htmlBody: fill(row.htmlBody) };
};

/**
 * A registration's messages rendered before its transaction (no lock held while templates and calendars render):
 * `complete` fills in the id and the waiting-list place the seat statement returned.
 */
export interface RenderedRegistrationMail {
  complete(id: number, position: number | null): OutboxRow[];
}

/** A new booking's invitation rendered before its transaction: `complete` fills in the id and stamp of the insert. */
export interface RenderedReservationMail {
  complete(id: number, stamp: Date): OutboxRow[];
}

/** Who a booking's messages go to: its creator. */
export type Recipient = { name: string; email: string; locale: Locale | null };

/**
 * Intent-named messages, written to the outbox inside the caller's transaction (so a change and its email commit or
 * roll back together). Rendering happens here; sending is the worker's job.
 */
@Injectable()
export class NotificationsService {
  private readonly sender: { name: string; email: string };

  constructor(@InjectConfig() private readonly config: AppConfig, private readonly prepared: Prepared) {
    const match = /^(.*?)\s*<([^>]+)>$/.exec(config.mail.from);
    this.sender = match ? { name: match[1].replace(/"/g, '') || 'Ruang Kreatif', email: match[2] } : { name: 'Ruang Kreatif', email: config.mail.from };
  }

  get from(): string {
    return this.config.mail.from;
  }

  /**
   * A booking's creator learns of its confirmation, a change, a cancellation, a rejection or its release for want of a
   * check-in (a no-show, with the approval period it started if any), with the calendar entry.
   */
  async reservation(m: EntityManager, r: Reservation, room: Room, venue: Venue, creator: Recipient, change: ReservationNotice,
    options: { approvalUntil?: Date | null } = {}): Promise<void> {
    await this.insert(m, [this.reservationRow(r, room, venue, creator, change, options)]);
  }

  /**
   * The same message rendered ahead of the transaction for a booking not inserted yet (`draft` has every other value
   * the message shows); `complete` fills in the id and the stamp the insert returned.
   */
  renderReservation(draft: Reservation, room: Room, venue: Venue, creator: Recipient, change: ReservationChange): RenderedReservationMail {
    // The id's stand-in takes the id's place in the rendering; it is a string only until `complete`.
    const row = this.reservationRow(Object.assign(new Reservation(), draft, { id: ID_MARK as unknown as number, updatedAt: PLACEHOLDER_STAMP }), room, venue, creator, change);
    return {
      complete: (id, stamp) => [{
        ...fillIn(row, { [ID_MARK]: String(id) }), ics: row.ics && fillInCalendar(row.ics, { [ID_MARK]: String(id) }, stamp),
      }],
    };
  }

  private reservationRow(r: Reservation, room: Room, venue: Venue, creator: Recipient, change: ReservationNotice, options: { approvalUntil?: Date | null } = {}): OutboxRow {
    const locale = creator.locale ?? this.config.defaultLocale;
    const t = translator(locale);
    const item = { ...reservationItem(this.config.publicBaseUrl, Object.assign(r, { room: Object.assign(room, { venue }) }), locale), organizer: this.sender, attendee: { name: creator.name, email: creator.email } };
    const method = change === 'reminder' ? null : change === 'confirmed' || change === 'updated' ? 'REQUEST' : 'CANCEL';
    return this.render({
      dedupeKey: change === 'reminder' ? `reservation-${r.id}-reminder-${r.startAt.getTime()}` : `reservation-${r.id}-seq-${r.sequence}-${change}`, kind: `reservation_${change}`, recipient: creator.email,
      subject: t(`mail.reservation_${change}`, { title: r.title }), locale, name: creator.name,
      lines: [t('mail.when', { when: formatInterval(r.startAt, r.endAt, venue.timezone, locale) }), t('mail.where', { where: item.location }),
        ...(r.statusReason && method === 'CANCEL' ? [t('mail.reason', { reason: r.statusReason })] : []),
        ...(options.approvalUntil ? [t('mail.approval_until', { until: formatDate(options.approvalUntil, venue.timezone, locale) })] : []),
        ...(method === 'REQUEST' ? [t('mail.cancel_booking')] : [])],
      url: item.url!, items: method ? [{ ...item, status: method === 'CANCEL' ? 'cancelled' : 'confirmed' }] : [], method,
    });
  }

  /**
   * An attendee's seat, waiting-list place, promotion or cancellation; calendar entries only for a real seat. Each
   * session is its own calendar entry (UID `event-N-sK`, as in the downloads and feeds), and an iTIP message carries one
   * UID (clients read only the first of several), so a multi-session event sends one message per session. `before` is
   * the programme an update replaced: sessions it no longer has are cancelled in the attendee's calendar.
   */
  async registration(m: EntityManager, reg: Registration, event: EventWithDetails, change: RegistrationChange, position: number | null = null, token: string | null = null,
    before: Array<{ startAt: Date; endAt: Date; title: string }> = []): Promise<void> {
    await this.insert(m, this.registrationRows(reg, event, change, position, token, before));
  }

  /**
   * The same messages rendered ahead of the transaction for a registration whose id and waiting-list place are not
   * known yet (`draft` has every other value the messages show).
   */
  renderRegistration(draft: Registration, event: EventWithDetails, change: RegistrationChange, token: string | null): RenderedRegistrationMail {
    const rows = this.registrationRows(draft, event, change, POSITION_MARK, token, [], ID_MARK);
    return {
      complete: (id, position) => rows.map((row) => fillIn(row, { [ID_MARK]: String(id), [POSITION_MARK]: String(position) })),
    };
  }

  private registrationRows(reg: Registration, event: EventWithDetails, change: RegistrationChange, position: number | string | null, token: string | null,
    before: Array<{ startAt: Date; endAt: Date; title: string }>, id: number | string = reg.id): OutboxRow[] {
    const t = translator(reg.locale);
    const base = this.config.publicBaseUrl;
    const method = change === 'confirmed' || change === 'promoted' || change === 'updated' ? 'REQUEST' : change === 'cancelled' ? 'CANCEL' : null;
    const people = { organizer: this.sender, attendee: { name: reg.name, email: reg.email } };
    const entries: CalendarItem[] = method ? registrationItems(base, reg, event).map((i) => ({ ...i, ...people, status: method === 'CANCEL' ? 'cancelled' : 'confirmed' })) : [];
    const sessions = sessionsInOrder(event.sessions);
    const where = (room: Room | undefined) => [room?.name, event.venue.name, event.venue.address, event.venue.city].filter(Boolean).join(', ');
    const key = change === 'reminder' ? `registration-${id}-reminder-${event.startsAt.getTime()}`
      : change === 'link' ? `registration-${id}-link-${reg.tokenHash}` : `registration-${id}-seq-${reg.sequence}-${event.sequence}-${change}`;
    const subject = t(`mail.registration_${change}`, { title: event.title });
    const eventUrl = `${base}/events/${event.id}`;
    const rows = [this.render({
      dedupeKey: key, kind: `registration_${change}`, recipient: reg.email, subject, locale: reg.locale, name: reg.name,
      lines: [
        t('mail.when', { when: formatDateTime(event.startsAt, event.venue.timezone, reg.locale) }),
        t('mail.where', { where: where(sessions[0]?.room) }),
        ...(method === 'REQUEST' || change === 'reminder' ? [t('mail.ticket', { code: reg.ticketCode }), t('mail.qr_attached')] : []),
        ...(change === 'waitlisted' && position ? [t('mail.position', { position })] : []),
        ...(reg.cancelReason ? [t('mail.reason', { reason: reg.cancelReason })] : []),
        ...(entries.length > 1 ? [t('mail.sessions_split', { count: entries.length })] : []),
        // Replies to the invitation reach nobody: say how to cancel instead (docs/decisions.md).
        ...(method === 'REQUEST' ? [t(token ? 'mail.cancel_by_link' : 'mail.cancel_by_earlier_link')] : []),
      ],
      // The first message (and a requested new link) carries the secret manage link; it is never stored in plain.
      url: token ? `${base}/registrations/${token}` : eventUrl, items: entries.slice(0, 1), method,
      ticketCode: method === 'REQUEST' || change === 'reminder' ? reg.ticketCode : null,
    })];
    for (let i = 1; i < entries.length; i++) {
      const [entry, session] = [entries[i], sessions[i]];
      rows.push(this.render({
        dedupeKey: `${key}-s${i + 1}`, kind: `registration_${change}`, recipient: reg.email, locale: reg.locale, name: reg.name,
        subject: t('mail.session_subject', { subject, index: i + 1, count: entries.length }),
        lines: [t('mail.session', { title: session.title }), t('mail.when', { when: formatInterval(session.startAt, session.endAt, event.venue.timezone, reg.locale) }),
          t('mail.where', { where: where(session.room) }), ...(method === 'REQUEST' ? [t('mail.cancel_by_earlier_link')] : [])],
        url: eventUrl, items: [entry], method,
      }));
    }
    if (change !== 'updated') return rows;
    const gone = sessionsInOrder(before).slice(sessions.length);
    for (const [j, session] of gone.entries()) {
      const index = sessions.length + j;
      rows.push(this.render({
        dedupeKey: `${key}-dropped-s${index + 1}`, kind: 'registration_session_dropped', recipient: reg.email, locale: reg.locale, name: reg.name,
        subject: t('mail.registration_session_dropped', { title: event.title, session: session.title }),
        lines: [t('mail.when', { when: formatDateTime(session.startAt, event.venue.timezone, reg.locale) })],
        url: eventUrl, method: 'CANCEL',
        items: [{
          uid: sessionUid(base, event.id, index), sequence: event.sequence, start: session.startAt, end: session.endAt, stamp: event.updatedAt,
          summary: `${event.title}: ${session.title}`, description: eventUrl, location: where(undefined), url: eventUrl, status: 'cancelled', ...people,
        }],
      }));
    }
    return rows;
  }

  /** An endpoint's owner learns that its deliveries kept failing for a day and the endpoint was switched off. */
  async webhookDisabled(m: EntityManager, owner: { name: string; email: string; locale: Locale | null }, endpoint: { id: number; url: string }, error: string, deliveryId: number): Promise<void> {
    const locale = owner.locale ?? this.config.defaultLocale;
    const t = translator(locale);
    await this.insert(m, [this.render({
      dedupeKey: `webhook-${endpoint.id}-disabled-${deliveryId}`, kind: 'webhook_disabled', recipient: owner.email, locale, name: owner.name,
      subject: t('mail.webhook_disabled', { url: endpoint.url.slice(0, 200) }),
      lines: [t('mail.webhook_disabled_why', { url: endpoint.url }), t('mail.webhook_last_error', { error: error.slice(0, 300) }), t('mail.webhook_enable_again')],
      url: `${this.config.publicBaseUrl}/manage/webhooks/${endpoint.id}`, items: [], method: null,
    })]);
  }

  private render(msg: Message): OutboxRow {
    const t = translator(msg.locale);
    const ics = msg.method && msg.items.length ? buildCalendar({ name: msg.subject, method: msg.method }, msg.items) : null;
    // The footer mentions a calendar part only when the message carries one.
    const context = { t, locale: msg.locale, name: msg.name, heading: msg.subject, lines: msg.lines, url: msg.url, calendar: ics ? msg.method : null };
    return {
      dedupeKey: msg.dedupeKey, kind: msg.kind, recipient: msg.recipient, subject: msg.subject,
      textBody: templates.text.render('mail/message.txt.njk', context), htmlBody: templates.html.render('mail/message.html.njk', context),
      ics, icsMethod: ics ? msg.method : null, ticketCode: msg.ticketCode ?? null,
    };
  }

  /**
   * Writes rendered messages in `m`'s transaction; a message whose dedupe key is already there is not written again.
   * Several rows go in one statement on PostgreSQL (one round trip); SQLite inserts row by row, in-process.
   */
  async insert(m: EntityManager, rows: OutboxRow[]): Promise<void> {
    const now = new Date();
    const values = (r: OutboxRow) => [r.dedupeKey, r.kind, r.recipient, r.subject, r.textBody, r.htmlBody, r.ics, r.icsMethod, r.ticketCode];
    if (rows.length > 1 && this.prepared.isPostgres) {
      await this.prepared.rows(m, INSERT_MANY, [...Array.from({ length: 9 }, (_, c) => rows.map((r) => values(r)[c])), now]);
      return;
    }
    for (const r of rows) await this.prepared.rows(m, INSERT, [...values(r), now]);
  }
}
