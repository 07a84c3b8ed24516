import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import type { EventChangeContext } from '../events/event-events.js';
import type { EventWithDetails } from '../events/events.service.js';
import { promoteAndRecord, recordRegistration } from './registration-changes.js';
import { Registration } from './registration.entity.js';

/**
 * What an event's change means for its registrations, in the change's own transaction: a change (more seats) moves
 * the waiting list up; a cancellation cancels every seat and waiting-list place with the event's reason.
 */
@Injectable()
export class EventReactions implements OnModuleInit {
  constructor(private readonly stream: DomainEvents) {}

  onModuleInit(): void {
    this.stream.subscribe(['event.changed'], (m, event) => this.onChanged(m, event));
    this.stream.subscribe(['event.cancelled'], (m, event) => this.onCancelled(m, event));
  }

  private async onChanged(m: EntityManager, change: DomainEvent<EventChangeContext | undefined>): Promise<void> {
    if (!change.context?.event) return;
    const promoted = await promoteAndRecord(this.stream, m, change.context.event as EventWithDetails, change.actorId);
    change.context.promoted.push(...promoted);
  }

  private async onCancelled(m: EntityManager, change: DomainEvent<EventChangeContext | undefined>): Promise<void> {
    if (!change.context?.event) return;
    const event = change.context.event as EventWithDetails;
    const active = await m.find(Registration, { where: { eventId: event.id, status: In(['confirmed', 'waitlisted']) }, order: { arrival: 'ASC' } });
    for (const r of active) Object.assign(r, { status: 'cancelled', cancelledAt: new Date(), cancelReason: event.cancelReason, sequence: r.sequence + 1 });
    await m.save(active);
    for (const r of active) await recordRegistration(this.stream, m, 'registration.cancelled', change.actorId, r, event);
  }
}
