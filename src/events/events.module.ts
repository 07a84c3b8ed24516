import { Module } from '@nestjs/common';
import { CreatorProfilesModule } from '../accounts/creator-profiles.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { VenuesModule } from '../venues/venues.module.js';
import { EventChangesService } from './event-changes.service.js';
import { EventsApiController } from './events-api.controller.js';
import { EventsManageController } from './events-manage.controller.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

/** Events and their programmes (sessions hold rooms through the reservation engine); registrations build on this module. */
@Module({
  imports: [VenuesModule, ReservationsModule, CreatorProfilesModule],
  // The organiser controller comes first: its /events/new must be matched before the public /events/:id.
  controllers: [EventsApiController, EventsManageController, EventsController],
  providers: [EventsService, EventChangesService],
  exports: [EventsService, EventChangesService],
})
export class EventsModule {}
