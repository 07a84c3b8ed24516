import { Module } from '@nestjs/common';
import { VenuesModule } from '../venues/venues.module.js';
import { AvailabilityService } from './availability.service.js';
import { BookingsService } from './bookings.service.js';
import { CheckInController } from './check-in.controller.js';
import { CheckInService } from './check-in.service.js';
import { NoShowWorker } from './no-show.worker.js';
import { ClosureCancellations } from './closure-cancellations.js';
import { EventRoomsService } from './event-rooms.service.js';
import { ReservationChangesService } from './reservation-changes.service.js';
import { ReservationsApiController } from './reservations-api.controller.js';
import { ReservationsController } from './reservations.controller.js';
import { ReservationsManageController } from './reservations-manage.controller.js';
import { ReservationsService } from './reservations.service.js';
import { RoomSearchService } from './room-search.service.js';
import { SearchController } from './search.controller.js';

@Module({
  imports: [VenuesModule],
  controllers: [SearchController, CheckInController, ReservationsController, ReservationsManageController, ReservationsApiController],
  providers: [ReservationsService, AvailabilityService, RoomSearchService, BookingsService, ReservationChangesService, EventRoomsService, ClosureCancellations, CheckInService, NoShowWorker],
  exports: [ReservationsService, AvailabilityService, EventRoomsService, NoShowWorker],
})
export class ReservationsModule {}
