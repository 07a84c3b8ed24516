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

interface Subscriber { handle: DomainEventHandler; prepare?: DomainEventPreparer }

/** What the preparers made, per type the change may be recorded as; `record()` hands each subscriber its part. */
export type PreparedChange = Map<DomainEventType, Map<Subscriber, unknown>>;

const UPDATE_PAYLOAD: Statement = { name: 'domain_event_payload', sql: 'UPDATE domain_events SET payload = $1 WHERE id = $2' };

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
  subscribe(types: DomainEventType[] | '*', handle: DomainEventHandler, prepare?: DomainEventPreparer): void {
    const subscriber = { handle, prepare };
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
    const uid = newEventUid();
    const occurredAt = new Date();
    const version = DOMAIN_EVENT_TYPES[input.type].version;
    const event: DomainEvent<C> = {
      eventId: null, subjectUserId: null, ...input, id: 0, uid, version, occurredAt, context: context as C,
    };
    const stored = JSON.stringify(input.payload);
    const row = await this.prepared.one<{ id: number }>(m, INSERT, [
      uid, input.type, version, occurredAt, input.actorId, input.venueId, event.eventId, event.subjectUserId, stored,
    ]);
    event.id = Number(row!.id);
    const made = prepared?.get(input.type);
    for (const subscriber of this.subscribersOf(input.type)) await subscriber.handle(m, event, made?.get(subscriber));
    // A subscriber may complete the payload with what its reaction did (the bookings a closure cancelled); the row
    // keeps the completed version. '*' subscribers run after the typed ones and so see it complete.
    const completed = JSON.stringify(event.payload);
    if (completed !== stored) await this.prepared.rows(m, UPDATE_PAYLOAD, [completed, event.id]);
    return event;
  }
}
