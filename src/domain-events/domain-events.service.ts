import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, type Statement } from '../database/prepared.js';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from './event-types.js';

/** What a service records: the change, who made it, where, and the versioned payload partners receive. */
export interface DomainEventInput {
  type: DomainEventType;
  actorId: number | null;
  venueId: number | null;
  eventId?: number | null;
  subjectUserId?: number | null;
  payload: Record<string, unknown>;
}

/** A recorded event as subscribers see it, with the in-memory objects the recording service already held. */
export interface DomainEvent<C = unknown> extends Required<DomainEventInput> {
  id: number;
  uid: string;
  version: number;
  occurredAt: Date;
  /** Loaded entities handed to in-process subscribers (never stored, never published). */
  context: C;
}

/**
 * Runs inside the recording transaction: what it writes commits or rolls back with the change. No network I/O.
 * `prepared` is what the subscriber's preparer made of this change before the transaction, if the recorder asked.
 */
export type DomainEventHandler = (m: EntityManager, event: DomainEvent<any>, prepared?: unknown) => Promise<void>;

/**
 * Work a subscriber can do before the change's transaction, so no lock is held meanwhile (rendering a message): no
 * writes, and nothing the transaction could still change unless the handler checks it.
 */
export type DomainEventPreparer = (type: DomainEventType, context: any) => unknown;

/**
 * Handles several recorded events of one batch (`recordMany`) in fewer statements; must write the same rows as
 * `handle` would for each, in order. `prepared[i]` is what the preparer made for `events[i]`.
 */
export type DomainEventBatchHandler = (m: EntityManager, events: Array<DomainEvent<any>>, prepared: unknown[]) => Promise<void>;

interface Subscriber { handle: DomainEventHandler; prepare?: DomainEventPreparer; handleMany?: DomainEventBatchHandler }

/** One change for `record()` or `recordMany()`: what is stored, the subscribers' context, what the preparers made. */
export interface Change<C = unknown> { input: DomainEventInput; context?: C; prepared?: PreparedChange }

/** What the preparers made, per type the change may be recorded as; `record()` hands each subscriber its part. */
export type PreparedChange = Map<DomainEventType, Map<Subscriber, unknown>>;

const UPDATE_PAYLOAD: Statement = { name: 'domain_event_payload', sql: 'UPDATE domain_events SET payload = $1 WHERE id = $2' };

// Several rows in one statement (PostgreSQL); SQLite runs INSERT per row, in-process.
const INSERT_MANY: Statement = {
  name: 'domain_event_insert_many',
  sql: `INSERT INTO domain_events (uid, type, version, occurred_at, actor_id, venue_id, event_id, subject_user_id, payload)
        SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[])
        RETURNING id, uid`,
};

const INSERT: Statement = {
  name: 'domain_event_insert',
  sql: `INSERT INTO domain_events (uid, type, version, occurred_at, actor_id, venue_id, event_id, subject_user_id, payload)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
};

export const newEventUid = (): string => `evt_${randomBytes(15).toString('base64url')}`;

/**
 * The stream: `record()` writes a change's row in the caller's transaction and hands it to the in-process subscribers
 * (mail, webhook deliveries, caches), which write their own rows in the same transaction. Feature modules depend on the
 * stream, not on each other.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<string, Subscriber[]>();

  constructor(private readonly prepared: Prepared) {}

  /** `types` may be '*' for every type. Subscribers register in `onModuleInit`. */
  subscribe(types: DomainEventType[] | '*', handle: DomainEventHandler, options: { prepare?: DomainEventPreparer; handleMany?: DomainEventBatchHandler } = {}): void {
    const subscriber = { handle, ...options };
    for (const type of types === '*' ? ['*'] : types) this.handlers.set(type, [...(this.handlers.get(type) ?? []), subscriber]);
  }

  /**
   * Runs the preparers, outside any transaction, for each type a change may still turn out to be (a registration is
   * confirmed or waitlisted only once its seat statement ran); pass the result to `record()`.
   */
  prepare(candidates: Array<{ type: DomainEventType; context: unknown }>): PreparedChange {
    return new Map(candidates.map(({ type, context }) => [type, new Map(this.subscribersOf(type)
      .filter((s) => s.prepare).map((s) => [s, s.prepare!(type, context)]))]));
  }

  private subscribersOf(type: DomainEventType): Subscriber[] {
    return [...(this.handlers.get(type) ?? []), ...(this.handlers.get('*') ?? [])];
  }

  /** Records one change within `m`'s transaction and runs the subscribers for its type. */
  async record<C>(m: EntityManager, input: DomainEventInput, context?: C, prepared?: PreparedChange): Promise<DomainEvent<C>> {
    return (await this.recordMany<C>(m, [{ input, context, prepared }]))[0];
  }

  /**
   * Records several changes within `m`'s transaction: the same rows and the same subscribers' rows as `record()` for
   * each in turn, with one insert for the batch's rows and each subscriber's batch handler where it has one (each
   * subscriber sees the batch's events in order; a subscriber runs after those before it in `record()`'s order).
   */
  async recordMany<C>(m: EntityManager, changes: Array<Change<C>>): Promise<Array<DomainEvent<C>>> {
    const events = changes.map(({ input, context }): DomainEvent<C> => ({
      eventId: null, subjectUserId: null, ...input, id: 0, uid: newEventUid(), version: DOMAIN_EVENT_TYPES[input.type].version,
      occurredAt: new Date(), context: context as C,
    }));
    const stored = events.map((e) => JSON.stringify(e.payload));
    await this.insertRows(m, events, stored);
    const subscribers = [...new Set(events.flatMap((e) => this.subscribersOf(e.type)))];
    for (const subscriber of subscribers) {
      const mine = events.map((event, i) => ({ event, made: changes[i].prepared?.get(event.type)?.get(subscriber) }))
        .filter(({ event }) => this.subscribersOf(event.type).includes(subscriber));
      if (subscriber.handleMany && mine.length > 1) await subscriber.handleMany(m, mine.map((x) => x.event), mine.map((x) => x.made));
      else for (const { event, made } of mine) await subscriber.handle(m, event, made);
    }
    // A subscriber may complete the payload with what its reaction did (the bookings a closure cancelled); the row
    // keeps the completed version. '*' subscribers run after the typed ones and so see it complete.
    for (const [i, event] of events.entries()) {
      const completed = JSON.stringify(event.payload);
      if (completed !== stored[i]) await this.prepared.rows(m, UPDATE_PAYLOAD, [completed, event.id]);
    }
    return events;
  }

  private async insertRows(m: EntityManager, events: DomainEvent[], stored: string[]): Promise<void> {
    const values = (e: DomainEvent, i: number) => [e.uid, e.type, e.version, e.occurredAt, e.actorId, e.venueId, e.eventId, e.subjectUserId, stored[i]] as const;
    if (events.length === 1 || !this.prepared.isPostgres) {
      for (const [i, e] of events.entries()) e.id = Number((await this.prepared.one<{ id: number }>(m, INSERT, [...values(e, i)]))!.id);
      return;
    }
    const columns = Array.from({ length: 9 }, (_, c) => events.map((e, i) => values(e, i)[c]));
    const rows = await this.prepared.rows<{ id: number; uid: string }>(m, INSERT_MANY, columns as never);
    const ids = new Map(rows.map((r) => [r.uid, Number(r.id)]));
    for (const e of events) e.id = ids.get(e.uid)!;
  }
}
