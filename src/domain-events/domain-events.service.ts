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

/** Runs inside the recording transaction: what it writes commits or rolls back with the change. No network I/O. */
export type DomainEventHandler = (m: EntityManager, event: DomainEvent<any>) => Promise<void>;

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
  private readonly handlers = new Map<string, DomainEventHandler[]>();

  constructor(private readonly prepared: Prepared) {}

  /** `types` may be '*' for every type. Subscribers register in `onModuleInit`. */
  subscribe(types: DomainEventType[] | '*', handler: DomainEventHandler): void {
    for (const type of types === '*' ? ['*'] : types) this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** Records one change within `m`'s transaction and runs the subscribers for its type. */
  async record<C>(m: EntityManager, input: DomainEventInput, context?: C): Promise<DomainEvent<C>> {
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
    for (const handler of [...(this.handlers.get(input.type) ?? []), ...(this.handlers.get('*') ?? [])]) await handler(m, event);
    // A subscriber may complete the payload with what its reaction did (the bookings a closure cancelled); the row
    // keeps the completed version. '*' subscribers run after the typed ones and so see it complete.
    const completed = JSON.stringify(event.payload);
    if (completed !== stored) await this.prepared.rows(m, UPDATE_PAYLOAD, [completed, event.id]);
    return event;
  }
}
