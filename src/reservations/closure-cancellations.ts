import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents, type DomainEvent } from '../domain-events/domain-events.service.js';
import type { ClosureAddedContext } from '../venues/venue-events.js';
import { bookingsOnDates, cancelOrRefuse } from './affected-bookings.js';

/**
 * A venue's closure and the bookings on its days: a subscriber of `venue.closure_added`, in the closure's own
 * transaction. Bookings in the way refuse the closure (409, listed) unless the manager asked to cancel them; then
 * they are cancelled with the closure's reason (`by: 'closure'`), and the closure's event names them.
 */
@Injectable()
export class ClosureCancellations implements OnModuleInit {
  constructor(private readonly stream: DomainEvents) {}

  onModuleInit(): void {
    this.stream.subscribe(['venue.closure_added'], (m, event) => this.onClosure(m, event));
  }

  private async onClosure(m: EntityManager, event: DomainEvent<ClosureAddedContext | undefined>): Promise<void> {
    const ctx = event.context;
    if (!ctx?.closure) return;
    const { closure, venue } = ctx;
    const affected = await bookingsOnDates(m, venue.id, venue.timezone, closure.startDate, closure.endDate);
    const cancelled = await cancelOrRefuse(m, this.stream, event.actorId ?? 0, affected, ctx.cancelAffected ? closure.reason : null, venue.timezone, 'closure');
    ctx.cancelled.push(...cancelled);
    (event.payload as { cancelledReservationIds?: number[] }).cancelledReservationIds = cancelled.map((r) => r.id);
  }
}
