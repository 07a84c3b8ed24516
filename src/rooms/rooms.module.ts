import { Module } from '@nestjs/common';
import { VenuesModule } from '../venues/venues.module.js';
import { RoomsApiController } from './rooms-api.controller.js';
import { RoomsManageController } from './rooms-manage.controller.js';
import { RoomsController } from './rooms.controller.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [VenuesModule],
  controllers: [RoomsController, RoomsApiController, RoomsManageController],
  providers: [RoomsService],
  exports: [RoomsService],
})
export class RoomsModule {}
