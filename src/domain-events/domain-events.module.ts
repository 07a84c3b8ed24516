import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events.service.js';

/** Global: every feature module records its changes here; subscribers (mail, webhooks, reports) listen. */
@Global()
@Module({
  providers: [DomainEvents],
  exports: [DomainEvents],
})
export class DomainEventsModule {}
