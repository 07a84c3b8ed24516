import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { DataSource, In, type EntityManager } from 'typeorm';
import { normaliseEmail } from '../accounts/accounts.service.js';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../common/errors.js';
import { randomToken, sha256 } from '../common/secrets.js';
import { toCsv, toXlsx } from '../common/spreadsheet.js';
import { luxonZone, zoneLabel } from '../common/time.js';
import { Venue } from '../venues/venue.entity.js';
import { Prepared } from '../database/prepared.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { EventRecord } from '../events/event.entity.js';
import { DomainEvents, type PreparedChange } from '../domain-events/domain-events.service.js';
import { GroupCommit, type Settled } from '../database/group-commit.js';
import { registrationClosedReason } from '../events/registration-window.js';
import { EventDetailsQuery } from '../events/event-details.queries.js';
import { EventsService, type EventWithDetails } from '../events/events.service.js';
import { promoteAndRecord, recordRegistration, registrationChange } from './registration-changes.js';
import { Registration, type RegistrationStatus } from './registration.entity.js';
import type { RegisterDto } from './registrations.dto.js';
import { RegistrationQueries, type NewRegistration, type TakenPlace } from './registrations.queries.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const sameVersion = (read: EventRecord, seen: TakenPlace['event']): boolean => read.sequence === seen.sequence
  && read.updatedAt.getTime() === seen.updatedAt.getTime() && read.title === seen.title && read.summary === seen.summary;

/** What a registration gets back: the row, the manage link's token (once) and its waiting-list place. */
export interface Registered { registration: Registration; token: string; position: number | null }

/** A registration waiting for its batch: the row to insert and what was read and rendered for it beforehand. */
interface Arrival {
  fields: NewRegistration; token: string; draft: (status: RegistrationStatus) => Registration; details: EventWithDetails;
  prepared: PreparedChange;
}

const ticketCode = (): string => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly events: EventsService,
    private readonly stream: DomainEvents,
    prepared: Prepared,
  ) {
    this.queries = new RegistrationQueries(prepared);
    this.eventDetails = new EventDetailsQuery(prepared);
  }

  private readonly queries: RegistrationQueries;
  private readonly arrivals = new GroupCommit<number, Arrival, Registered | null>((eventId, batch) => this.registerBatch(eventId, batch));
  private readonly eventDetails: EventDetailsQuery;

  private async details(m: EntityManager, eventId: number): Promise<EventWithDetails> {
    const details = await this.eventDetails.details(eventId, m);
    if (!details) throw new NotFoundError('event_not_found');
    return details;
  }

  /**
   * Registers an attendee (no account). Registrations into one event are written in batches (`arrivals`): one statement
   * takes the batch's arrival numbers and, from the event row's counters, seats or the next waiting-list places in
   * arrival order (PostgreSQL: it locks the event row until the batch's invitations are written and it commits; SQLite:
   * the serialised writer), so never more confirmed than capacity and waiting-list places 1, 2, 3… without gaps.
   * Returns the manage-link token once; only its hash is stored.
   */
  async register(eventId: number, dto: RegisterDto, locale: 'id' | 'en'): Promise<Registered> {
    const email = normaliseEmail(dto.email);
    const token = randomToken();
    // Read before the write: the invitation is rendered from these details, and the checks need no lock (the
    // statement that takes the seat re-checks that the event is still published).
    const details = await this.eventDetails.details(eventId);
    if (!details || details.status === 'draft') throw new NotFoundError('event_not_found');
    const closed = registrationClosedReason({ status: details.status, startsAt: details.startsAt, opensAt: details.registrationOpensAt, closesAt: details.registrationClosesAt, now: new Date() });
    if (closed) throw new RuleViolationError(closed);
    if (await this.queries.exists(eventId, email)) {
      await this.sendFreshLink(eventId, email, token);
      throw new ConflictError('already_registered');
    }
    const fields = {
      eventId, tokenHash: sha256(token), ticketCode: ticketCode(), name: dto.name, email, phone: dto.phone || null,
      businessName: dto.businessName || null, sector: dto.sector || null, consent: dto.consent, locale,
    };
    const draft = (status: RegistrationStatus) => Object.assign(new Registration(), {
      ...fields, id: 0, status, arrival: 0, checkedInAt: null, cancelledAt: null, cancelReason: null, sequence: 0,
    });
    // Subscribers render their messages now, outside the writer, for each outcome still possible.
    const outcomes = details.confirmedCount < details.capacity ? ['confirmed', 'waitlisted'] as const : ['waitlisted'] as const;
    const prepared = this.stream.prepare(outcomes.map((status) => ({ type: `registration.${status}` as const, context: { registration: draft(status), event: details, token } })));
    const result = await this.arrivals.add(eventId, { fields, token, draft, details, prepared });
    if (result) return result;
    // The event stopped being published between the read and the write: say why, as the read would have.
    const now = await this.db.getRepository(EventRecord).findOneBy({ id: eventId });
    if (!now || now.status === 'draft') throw new NotFoundError('event_not_found');
    throw new RuleViolationError(registrationClosedReason({ status: now.status, startsAt: now.startsAt, opensAt: now.registrationOpensAt, closesAt: now.registrationClosesAt, now: new Date() }) ?? 'event_not_published');
  }

  /**
   * One batch of arrivals for one event. The same email twice in a batch: the later one is told it is registered, as
   * the unique index would (or, when the first could not register, the same reason). A batch that fails (another
   * instance's registration with one of its emails) is rolled back whole and its members written one by one, so only
   * the failing one fails and nothing of it stays.
   */
  private async registerBatch(eventId: number, arrivals: Arrival[]): Promise<Array<Settled<Registered | null>>> {
    const firsts = new Map<string, Arrival>();
    for (const a of arrivals) if (!firsts.has(a.fields.email)) firsts.set(a.fields.email, a);
    const unique = [...firsts.values()];
    const written = new Map<Arrival, Settled<Registered | null>>();
    try {
      const results = await this.tx.write((m) => this.writeArrivals(m, eventId, unique));
      unique.forEach((a, i) => written.set(a, { value: results[i] }));
    } catch (error) {
      if (unique.length === 1) {
        // The unique (event, email) index settles a race between two requests with the same email.
        written.set(unique[0], { error: isConstraintViolation(error) ? new ConflictError('already_registered') : error });
      } else {
        for (const a of unique) written.set(a, (await this.registerBatch(eventId, [a]))[0]);
      }
    }
    // A repeat of an email shares its first's fate: told it is registered only if the first one was.
    const repeatOf = (first: Settled<Registered | null>): Settled<Registered | null> =>
      ('value' in first && first.value ? { error: new ConflictError('already_registered') } : first);
    return arrivals.map((a) => written.get(a) ?? repeatOf(written.get(firsts.get(a.fields.email)!)!));
  }

  private async writeArrivals(m: EntityManager, eventId: number, arrivals: Arrival[]): Promise<Array<Registered | null>> {
    const taken = await this.queries.take(m, eventId, arrivals.map((a) => a.fields));
    if (!taken) return arrivals.map(() => null);
    let reread: EventWithDetails | undefined;
    const results: Registered[] = [];
    const changes = [];
    for (const [i, a] of arrivals.entries()) {
      const place = taken[i];
      const registration = Object.assign(a.draft(place.status), { id: place.id, arrival: place.arrival });
      // The event changed since the read: the invitation shows it as it is now, rendered here.
      const current = sameVersion(a.details, place.event) ? a.details : (reread ??= (await this.eventDetails.details(eventId, m))!);
      changes.push(registrationChange(place.status === 'confirmed' ? 'registration.confirmed' : 'registration.waitlisted', null, registration, current,
        { position: place.position, token: a.token }, current === a.details ? a.prepared : undefined));
      results.push({ registration, token: a.token, position: place.position });
    }
    await this.stream.recordMany(m, changes);
    return results;
  }

  /**
   * The manage link is only ever in the holder's mailbox: a second registration with the same email sends a fresh
   * one there (the old link stops working), and the person at the form is only told they are registered.
   */
  private async sendFreshLink(eventId: number, email: string, token: string): Promise<void> {
    await this.tx.write(async (m) => {
      const existing = await m.findOneBy(Registration, { eventId, email });
      if (!existing) return;
      existing.tokenHash = sha256(token);
      await m.save(existing);
      await recordRegistration(this.stream, m, 'registration.link_requested', null, existing, await this.details(m, eventId), { token });
    });
  }

  /** A registration by its manage-link token (unknown tokens are 404), with the event and its place in the queue. */
  async byToken(token: string) {
    const registration = await this.db.getRepository(Registration).findOne({ where: { tokenHash: sha256(token) }, relations: { event: { venue: true } } });
    if (!registration) throw new NotFoundError('registration_not_found');
    const position = registration.status === 'waitlisted'
      ? (await this.db.getRepository(Registration).createQueryBuilder('r').where('r.event_id = :e AND r.status = :s AND r.arrival <= :a', { e: registration.eventId, s: 'waitlisted', a: registration.arrival }).getCount())
      : null;
    return { registration, event: registration.event, position };
  }

  /** The holder cancels (or leaves the waiting list); a freed seat goes to the next person at once. */
  async cancelByToken(token: string): Promise<{ registration: Registration; promoted: Registration[] }> {
    const { registration } = await this.byToken(token);
    return this.cancelInTx(null, registration.id, registration.eventId, null);
  }

  /** The organiser or the venue's managers cancel someone's registration, with a reason the attendee is told. */
  async cancelByOrganiser(user: User, eventId: number, registrationId: number, reason: string) {
    await this.assertOrganiser(user, eventId);
    if (!reason) throw new RuleViolationError('reason_required', {}, [{ field: 'reason', code: 'reason_required' }]);
    return this.cancelInTx(user, registrationId, eventId, reason);
  }

  private cancelInTx(actor: User | null, registrationId: number, eventId: number, reason: string | null) {
    return this.tx.write(async (m) => {
      await this.tx.lockRow(m, 'events', eventId);
      const registration = await m.findOneBy(Registration, { id: registrationId, eventId });
      if (!registration) throw new NotFoundError('registration_not_found');
      if (registration.status === 'cancelled') throw new ConflictError('registration_already_cancelled');
      const wasConfirmed = registration.status === 'confirmed';
      Object.assign(registration, { status: 'cancelled', cancelledAt: new Date(), cancelReason: reason, sequence: registration.sequence + 1 });
      await m.save(registration);
      const details = await this.details(m, eventId);
      await recordRegistration(this.stream, m, 'registration.cancelled', actor?.id ?? null, registration, details);
      const promoted = wasConfirmed ? await promoteAndRecord(this.stream, m, details, actor?.id ?? null) : [];
      return { registration, promoted };
    });
  }

  private async assertOrganiser(user: User, eventId: number): Promise<EventRecord> {
    const event = await this.db.getRepository(EventRecord).findOneBy({ id: eventId });
    if (!event) throw new NotFoundError('event_not_found');
    if (!(await this.events.canOrganise(user, event))) throw new ForbiddenError('not_event_organiser');
    return event;
  }

  /** Attendees with their personal data: the organiser, the venue's managers and admins only. */
  async attendees(user: User, eventId: number): Promise<Registration[]> {
    await this.assertOrganiser(user, eventId);
    return this.db.getRepository(Registration).find({ where: { eventId }, order: { arrival: 'ASC' } });
  }

  /** The attendee list as columns and rows, for the downloads; the organiser, the venue's managers and admins only. */
  private async attendeeTable(user: User, eventId: number) {
    const rows = await this.attendees(user, eventId);
    const header = ['arrival', 'status', 'name', 'email', 'phone', 'business_name', 'sector', 'consent', 'ticket_code', 'checked_in_at', 'registered_at'];
    return { header, rows: rows.map((r) => [r.arrival, r.status, r.name, r.email, r.phone, r.businessName, r.sector, r.consent ? 'yes' : 'no', r.ticketCode,
      r.checkedInAt?.toISOString() ?? '', r.createdAt.toISOString()]) };
  }

  /** UTF-8 CSV (with BOM, for spreadsheets) whose cells cannot run as formulas, whichever separator the reader uses. */
  async attendeesCsv(user: User, eventId: number): Promise<string> {
    const { header, rows } = await this.attendeeTable(user, eventId);
    return toCsv(header, rows);
  }

  /** The same list as an XLSX workbook of text cells, which no separator setting can split into formulas. */
  async attendeesXlsx(user: User, eventId: number): Promise<Buffer> {
    const { header, rows } = await this.attendeeTable(user, eventId);
    return toXlsx('Peserta', header, rows);
  }

  /**
   * Checks a ticket in once. A second scan says when it was checked in; waitlisted and cancelled tickets are
   * refused with the reason.
   */
  async checkIn(user: User, eventId: number, code: string): Promise<Registration> {
    const event = await this.assertOrganiser(user, eventId);
    const venue = await this.db.getRepository(Venue).findOneByOrFail({ id: event.venueId });
    const wanted = code.trim().toUpperCase().replace(/^.*[/:=]/, '');
    return this.tx.write(async (m) => {
      const registration = await m.findOneBy(Registration, { eventId, ticketCode: wanted });
      if (!registration) throw new NotFoundError('ticket_not_found');
      if (registration.status === 'waitlisted') throw new ConflictError('ticket_waitlisted', { name: registration.name });
      if (registration.status === 'cancelled') throw new ConflictError('ticket_cancelled', { name: registration.name });
      if (registration.checkedInAt) throw new ConflictError('ticket_already_checked_in', {
        name: registration.name, at: `${DateTime.fromJSDate(registration.checkedInAt, { zone: luxonZone(venue.timezone) }).toFormat('yyyy-MM-dd HH:mm')} ${zoneLabel(venue.timezone)}`,
      }, [], { checkedInAt: registration.checkedInAt });
      registration.checkedInAt = new Date();
      await m.save(registration);
      await recordRegistration(this.stream, m, 'registration.checked_in', user.id, registration, await this.details(m, eventId));
      return registration;
    });
  }

  /** Active registrations of several events, for counts on organiser pages. */
  countActive(eventIds: number[]) {
    return this.db.getRepository(Registration).countBy({ eventId: In(eventIds), status: In(['confirmed', 'waitlisted']) });
  }
}
