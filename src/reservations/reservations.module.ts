import { Module } from '@nestjs/common';
import { VenuesModule } from '../venues/venues.module.js';
import { ReservationsApiController } from './reservations-api.controller.js';
import { ReservationsController } from './reservations.controller.js';
import { ReservationsManageController } from './reservations-manage.controller.js';
import { ReservationsService } from './reservations.service.js';
import { SearchController } from './search.controller.js';

@Module({
  imports: [VenuesModule],
  controllers: [SearchController, ReservationsController, ReservationsManageController, ReservationsApiController],
  providers: [ReservationsService],
  exports: [ReservationsService],
})
export class ReservationsModule {}
