import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { VenuesModule } from '../venues/venues.module.js';
import { CalendarPagesController, TicketFeedPagesController } from './calendar-pages.controller.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

@Module({
  imports: [EventsModule, RegistrationsModule, ReservationsModule, VenuesModule],
  controllers: [CalendarController, CalendarPagesController, TicketFeedPagesController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
