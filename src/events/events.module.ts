import { Module } from '@nestjs/common';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { VenuesModule } from '../venues/venues.module.js';
import { EventsApiController } from './events-api.controller.js';
import { EventsService } from './events.service.js';

/** Events and their registrations (one module: registrations cannot exist without their event's rules). */
@Module({
  imports: [VenuesModule, ReservationsModule],
  controllers: [EventsApiController],
  providers: [EventsService, RegistrationsService],
  exports: [EventsService, RegistrationsService],
})
export class EventsModule {}
