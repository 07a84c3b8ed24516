import { Module } from '@nestjs/common';
import { CreatorProfilesModule } from '../accounts/creator-profiles.module.js';
import { RegistrationsController } from '../registrations/registrations.controller.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { VenuesModule } from '../venues/venues.module.js';
import { EventsApiController } from './events-api.controller.js';
import { EventsManageController } from './events-manage.controller.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

/** Events and their registrations (one module: registrations cannot exist without their event's rules). */
@Module({
  imports: [VenuesModule, ReservationsModule, CreatorProfilesModule],
  // The organiser controller comes first: its /events/new must be matched before the public /events/:id.
  controllers: [EventsApiController, EventsManageController, EventsController, RegistrationsController],
  providers: [EventsService, RegistrationsService],
  exports: [EventsService, RegistrationsService],
})
export class EventsModule {}
