import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { visibleToRole } from '../changes/visibility.js';
import { Prepared, type Statement } from '../database/prepared.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import { isPublicEventType } from '../domain-events/event-types.js';

// One statement whatever the endpoints: read in the change's transaction, so an endpoint another instance created a
// moment ago is honoured, and no round trip is spent asking first. `events` is the endpoint's JSON list of types: $3
// is the type as a JSON string, which contains no quote or escape, so a substring match is an element match.
const FAN_OUT: Statement = {
  name: 'webhook_fan_out',
  sql: `INSERT INTO webhook_deliveries (endpoint_id, domain_event_id, status, attempts, next_attempt_at)
        SELECT w.id, d.id, 'pending', 0, $2
        FROM webhook_endpoints w JOIN users u ON u.id = w.owner_id JOIN domain_events d ON d.id = $1
        WHERE w.enabled = TRUE AND (strpos(w.events, '"*"') > 0 OR strpos(w.events, $3) > 0) AND ${visibleToRole('d', 'w.owner_id', 'u.role')}`,
};
FAN_OUT.sqlite = FAN_OUT.sql.replaceAll('strpos(', 'instr(');

const ANY_ENABLED: Statement = { name: 'webhook_any_enabled', sql: 'SELECT 1 AS one FROM webhook_endpoints WHERE enabled = TRUE LIMIT 1' };

/**
 * Every public domain event becomes one delivery row per enabled endpoint that subscribed to its type and whose owner
 * may see it now (the changes feed's rule), written in the change's own transaction: the change and its deliveries
 * commit together or not at all.
 */
@Injectable()
export class WebhookFanout implements OnModuleInit {
  constructor(private readonly stream: DomainEvents, private readonly prepared: Prepared) {}

  onModuleInit(): void {
    this.stream.subscribe('*', (m, e, anyEnabled) => this.fanOut(m, e, anyEnabled as Promise<boolean> | undefined), { prepare: (type) => this.anyEnabled(type) });
  }

  /**
   * Asked before a change's transaction (so not while it holds a lock): whether any endpoint is enabled at all. An
   * endpoint that commits after this and before the change's statement is not served, as one committing after the
   * statement never was: the change began before the endpoint existed.
   */
  private anyEnabled(type: string): Promise<boolean> | undefined {
    if (!isPublicEventType(type)) return undefined;
    const answer = this.prepared.one(null, ANY_ENABLED, []).then(Boolean);
    answer.catch(() => undefined); // a failed check is not a failed change: the handler then fans out anyway
    return answer;
  }

  private async fanOut(m: EntityManager, event: DomainEvent, anyEnabled?: Promise<boolean>): Promise<void> {
    if (!isPublicEventType(event.type)) return;
    if (anyEnabled && !(await anyEnabled.catch(() => true))) return;
    await this.prepared.rows(m, FAN_OUT, [event.id, event.occurredAt, JSON.stringify(event.type)]);
  }
}
