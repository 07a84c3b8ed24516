import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { visibleToRole } from '../changes/visibility.js';
import { Prepared, type Statement } from '../database/prepared.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import { isPublicEventType } from '../domain-events/event-types.js';

// One statement whatever the endpoints, for one change or a batch of them: read in the change's transaction, so an
// endpoint another instance enabled a moment ago is honoured. `events` is the endpoint's JSON list of types; a type
// contains no quote or escape, so a substring match of the quoted type is an element match.
const FAN_OUT: Statement = {
  name: 'webhook_fan_out',
  sql: `INSERT INTO webhook_deliveries (endpoint_id, domain_event_id, status, attempts, next_attempt_at)
        SELECT w.id, d.id, 'pending', 0, d.occurred_at
        FROM webhook_endpoints w JOIN users u ON u.id = w.owner_id JOIN domain_events d ON d.id = ANY(CAST($1 AS bigint[]))
        WHERE w.enabled = TRUE AND (strpos(w.events, '"*"') > 0 OR strpos(w.events, '"' || d.type || '"') > 0)
          AND ${visibleToRole('d', 'w.owner_id', 'u.role')}
        ORDER BY d.id, w.id`,
};
FAN_OUT.sqlite = FAN_OUT.sql.replaceAll('strpos(', 'instr(').replace('d.id = ANY(CAST($1 AS bigint[]))', 'd.id IN (SELECT value FROM json_each($1))');

/**
 * Every public domain event becomes one delivery row per enabled endpoint that subscribed to its type and whose owner
 * may see it now (the changes feed's rule), written in the change's own transaction: the change and its deliveries
 * commit together or not at all.
 */
@Injectable()
export class WebhookFanout implements OnModuleInit {
  constructor(private readonly stream: DomainEvents, private readonly prepared: Prepared) {}

  onModuleInit(): void {
    this.stream.subscribe('*', (m, e) => this.fanOut(m, [e]), { handleMany: (m, events) => this.fanOut(m, events) });
  }

  private async fanOut(m: EntityManager, events: DomainEvent[]): Promise<void> {
    const ids = events.filter((e) => isPublicEventType(e.type)).map((e) => e.id);
    if (ids.length) await this.prepared.rows(m, FAN_OUT, [ids]);
  }
}
