import { Module } from '@nestjs/common';
import { CreatorProfilesModule } from '../accounts/creator-profiles.module.js';
import { EventsModule } from '../events/events.module.js';
import { EventDashboardController } from './event-dashboard.controller.js';
import { EventReactions } from './event-reactions.js';
import { OrganiserPageSections } from './organiser-page-sections.js';
import { RegisterController } from './register.controller.js';
import { RegistrationsApiController } from './registrations-api.controller.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsService } from './registrations.service.js';

/** Registrations of events: registering, the waiting list, tickets, the organiser's attendee dashboard and check-in. */
@Module({
  imports: [EventsModule, CreatorProfilesModule],
  controllers: [RegistrationsApiController, EventDashboardController, RegisterController, RegistrationsController],
  providers: [RegistrationsService, EventReactions, OrganiserPageSections],
  exports: [RegistrationsService, OrganiserPageSections],
})
export class RegistrationsModule {}
