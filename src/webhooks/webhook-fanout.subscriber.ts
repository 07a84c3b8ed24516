import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { visibleToRole } from '../changes/visibility.js';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import { isPublicEventType } from '../domain-events/event-types.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/**
 * Every public domain event becomes one delivery row per enabled endpoint that subscribed to its type and whose owner
 * may see it now (the changes feed's rule), written in the change's own transaction: the change and its deliveries
 * commit together or not at all.
 */
@Injectable()
export class WebhookFanout implements OnModuleInit {
  constructor(private readonly stream: DomainEvents) {}

  onModuleInit(): void {
    this.stream.subscribe('*', (m, e) => this.fanOut(m, e));
  }

  private async fanOut(m: EntityManager, event: DomainEvent): Promise<void> {
    if (!isPublicEventType(event.type)) return;
    const endpoints = await m.createQueryBuilder()
      .select('w.id', 'id').addSelect('w.events', 'events')
      .from('webhook_endpoints', 'w')
      .innerJoin('users', 'u', 'u.id = w.owner_id')
      .innerJoin('domain_events', 'd', 'd.id = :event', { event: event.id })
      .where('w.enabled = :enabled', { enabled: true })
      .andWhere(visibleToRole('d', 'w.owner_id', 'u.role'))
      .getRawMany<{ id: number; events: string }>();
    const matching = endpoints.filter((w) => {
      const types = JSON.parse(w.events) as string[];
      return types.includes('*') || types.includes(event.type);
    });
    if (!matching.length) return;
    await m.insert(WebhookDelivery, matching.map((w) => ({
      endpointId: Number(w.id), domainEventId: event.id, status: 'pending' as const, attempts: 0, nextAttemptAt: event.occurredAt,
      lockedUntil: null, claimedBy: null, lastStatusCode: null, lastError: null, deliveredAt: null,
    })));
  }
}
