import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { formatDateTime, localized, parseZonedIso } from '../common/time.js';
import { decodeCursor, encodeCursor, type StreamPosition } from '../changes/cursor.js';
import { positionOf, streamAfter, streamHead } from '../changes/stream-read.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { EventsService, type EventWithDetails } from '../events/events.service.js';
import { OrganiserPageSections } from '../registrations/organiser-page-sections.js';
import { recordRegistration } from '../registrations/registration-changes.js';
import { Registration } from '../registrations/registration.entity.js';
import { CheckInScan, type ScanResult } from './check-in-scan.entity.js';
import { DoorListExpiredError } from './door-errors.js';
import { doorEntry, keepUntil, scanOutcome, scanTimeProblem, ticketCodeOf, type DoorEntry } from './door-rules.js';
import type { DoorScanDto, DoorSyncDto } from './door-sync.dto.js';

/** Stream rows read per refresh; a device whose answer says `more` asks again from the new cursor. */
const CHANGES_LIMIT = 2000;

export interface DoorEventInfo { id: number; title: string; timezone: string; startsAt: string; endsAt: string; keepUntil: string }
export interface DoorList { event: DoorEventInfo; full: boolean; entries: DoorEntry[]; cursor: string; more: boolean }
export interface DoorConflict { code: string; device: string; scannedAt: Date; name: string | null }
export interface ScanAnswer { scanId: string; result: ScanResult; problem: string | null; resent: boolean; entry: DoorEntry | null }

/**
 * The door list of an event for offline check-in devices, and the scans they send back. The list's changes are read
 * from the domain-event stream (every registration change is recorded there in its own transaction), so a device's
 * cursor is a stream position, which on PostgreSQL never passes a change a slower transaction has yet to commit.
 */
@Injectable()
export class DoorService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly events: EventsService,
    private readonly stream: DomainEvents,
    private readonly organiserPage: OrganiserPageSections,
  ) {}

  onModuleInit(): void {
    this.organiserPage.add('doorConflicts', (eventId) => this.doorConflicts(eventId));
  }

  /**
   * Door scans of tickets that were cancelled before the scan reached the server (an offline door let the person in):
   * the organiser's page lists them to check (its section; the page has checked the caller).
   */
  async doorConflicts(eventId: number): Promise<DoorConflict[]> {
    const scans = await this.db.getRepository(CheckInScan).find({ where: { eventId, result: 'cancelled' }, order: { scannedAt: 'ASC' } });
    const ids = [...new Set(scans.map((s) => s.registrationId).filter((id): id is number => id !== null))];
    const names = new Map((ids.length ? await this.db.getRepository(Registration).findBy({ id: In(ids) }) : []).map((r) => [r.id, r.name]));
    return scans.map((s) => ({ code: s.code, device: s.device, scannedAt: s.scannedAt, name: s.registrationId ? names.get(s.registrationId) ?? null : null }));
  }

  /** The event for its door staff (organiser, venue managers, admins), while its list may still live on devices. */
  private async staffEvent(user: User, eventId: number, now: Date): Promise<EventWithDetails> {
    const event = await this.events.details(eventId);
    if (!event) throw new NotFoundError('event_not_found');
    if (!(await this.events.canOrganise(user, event))) throw new ForbiddenError('not_event_organiser');
    const until = keepUntil(event.endsAt);
    if (now > until) throw new DoorListExpiredError({ until: localized((l) => formatDateTime(until, event.venue.timezone, l)) });
    return event;
  }

  private info(event: EventWithDetails): DoorEventInfo {
    return {
      id: event.id, title: event.title, timezone: event.venue.timezone, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(),
      keepUntil: keepUntil(event.endsAt).toISOString(),
    };
  }

  /** The whole door list, or with `since` only the tickets that changed after that cursor. Door staff only. */
  async doorList(user: User, eventId: number, since?: string, now = new Date()): Promise<DoorList> {
    const event = await this.staffEvent(user, eventId, now);
    return { event: this.info(event), ...(await this.listOrChanges(eventId, since)) };
  }

  private async listOrChanges(eventId: number, since: string | undefined): Promise<Omit<DoorList, 'event'>> {
    if (since !== undefined) {
      const from = decodeCursor(since);
      if (!from) throw new ValidationError([{ field: 'since', code: 'changes_cursor' }]);
      return this.changes(eventId, from);
    }
    // The position first: whatever commits after it comes again in the next refresh, nothing falls between.
    const head = await streamHead(this.db);
    const rows = await this.db.getRepository(Registration).find({ where: { eventId }, order: { arrival: 'ASC' } });
    return { full: true, entries: rows.map(doorEntry), cursor: encodeCursor(head), more: false };
  }

  private async changes(eventId: number, from: StreamPosition): Promise<Omit<DoorList, 'event'>> {
    const q = streamAfter(this.db, ['d.tx AS tx', 'd.id AS id', 'd.payload AS payload'], from)
      .andWhere('d.event_id = :eventId', { eventId }).andWhere("d.type LIKE 'registration.%'")
      .limit(CHANGES_LIMIT + 1);
    const rows = await q.getRawMany<{ tx: string | number; id: number; payload: string }>();
    const page = rows.slice(0, CHANGES_LIMIT);
    const ids = [...new Set(page.map((r) => Number((JSON.parse(r.payload) as { registration?: { id?: number } }).registration?.id)).filter(Number.isInteger))];
    const registrations = ids.length ? await this.db.getRepository(Registration).find({ where: { eventId, id: In(ids) }, order: { arrival: 'ASC' } }) : [];
    const last = page.at(-1);
    return { full: false, entries: registrations.map(doorEntry), cursor: encodeCursor(last ? positionOf(last) : from), more: rows.length > CHANGES_LIMIT };
  }

  /**
   * Takes a device's batch of scans. Idempotent by scan id: a scan sent again is answered as it was first. The
   * earliest scan of a ticket wins (a later sync with an earlier scan moves the check-in time and door to it); each
   * real check-in records `registration.checked_in` once. A scan of a cancelled ticket is kept as a conflict for the
   * organiser. Answers each scan, then the door-list changes since the device's cursor.
   */
  async sync(user: User, eventId: number, dto: DoorSyncDto, now = new Date()): Promise<{ results: ScanAnswer[] } & DoorList> {
    const event = await this.staffEvent(user, eventId, now);
    if (dto.since !== undefined && !decodeCursor(dto.since)) throw new ValidationError([{ field: 'since', code: 'changes_cursor' }]);
    const scans = [...new Map(dto.scans.map((s) => [s.scanId.toLowerCase(), { ...s, scanId: s.scanId.toLowerCase() }])).values()];
    let results: ScanAnswer[];
    try {
      results = await this.tx.write((m) => this.take(m, user, event, dto.device, scans, now));
    } catch (error) {
      // Another instance took one of these scan ids meanwhile (the same batch sent twice at once): read them back.
      if (!isConstraintViolation(error)) throw error;
      results = await this.tx.write((m) => this.take(m, user, event, dto.device, scans, now));
    }
    return { results, event: this.info(event), ...(await this.listOrChanges(eventId, dto.since)) };
  }

  private async take(m: EntityManager, user: User, event: EventWithDetails, device: string, scans: Array<DoorScanDto>, now: Date): Promise<ScanAnswer[]> {
    if (!scans.length) return [];
    // One sync at a time per event (PostgreSQL; SQLite's writer is serial anyway): two doors' earliest-wins stay exact.
    await this.tx.lockRow(m, 'events', event.id);
    const seen = new Map((await m.find(CheckInScan, { where: { scanId: In(scans.map((s) => s.scanId)) } })).map((s) => [s.scanId, s]));
    const codes = [...new Set(scans.map((s) => ticketCodeOf(s.code)))];
    const byCode = new Map((await m.find(Registration, { where: { eventId: event.id, ticketCode: In(codes) } })).map((r) => [r.ticketCode, r]));
    const answers = new Map<string, Omit<ScanAnswer, 'entry'> & { code: string }>();
    const fresh = scans.filter((s) => !seen.has(s.scanId)).map((s) => ({ ...s, at: parseZonedIso(s.scannedAt) }))
      .sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
    for (const s of scans) {
      const old = seen.get(s.scanId);
      if (!old) continue;
      const sameEvent = old.eventId === event.id;
      answers.set(s.scanId, { scanId: s.scanId, code: sameEvent ? old.code : '', result: sameEvent ? old.result : 'refused', problem: sameEvent ? null : 'scan_id_taken', resent: true });
    }
    for (const s of fresh) {
      const code = ticketCodeOf(s.code);
      const registration = byCode.get(code) ?? null;
      const problem = s.at ? scanTimeProblem(s.at, { startsAt: event.startsAt, timezone: event.venue.timezone }, now) : 'scan_time_invalid';
      let result: ScanResult;
      if (problem || !s.at) result = 'refused';
      else {
        const outcome = scanOutcome(registration, s.at);
        result = outcome === 'new' || outcome === 'earlier' ? 'checked_in' : outcome;
        if (registration && (outcome === 'new' || outcome === 'earlier')) {
          registration.checkedInAt = s.at;
          registration.checkInDoor = device;
          await m.save(registration);
          await recordRegistration(this.stream, m, outcome === 'new' ? 'registration.checked_in' : 'registration.check_in_corrected', user.id, registration, event);
        }
      }
      await m.insert(CheckInScan, {
        scanId: s.scanId, eventId: event.id, registrationId: registration?.id ?? null, code: code.slice(0, 64), device, userId: user.id,
        scannedAt: s.at ?? now, receivedAt: now, result,
      });
      answers.set(s.scanId, { scanId: s.scanId, code, result, problem, resent: false });
    }
    return scans.map((s) => {
      const { code, ...answer } = answers.get(s.scanId)!;
      const registration = byCode.get(code);
      return { ...answer, entry: registration ? doorEntry(registration) : null };
    });
  }
}
