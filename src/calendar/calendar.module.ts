import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

@Module({
  imports: [EventsModule, ReservationsModule],
  controllers: [CalendarController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
