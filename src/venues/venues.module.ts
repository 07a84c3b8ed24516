import { Module } from '@nestjs/common';
import { VenuesApiController } from './venues-api.controller.js';
import { VenuesManageController } from './venues-manage.controller.js';
import { VenuesController } from './venues.controller.js';
import { VenuesService } from './venues.service.js';

@Module({
  controllers: [VenuesController, VenuesApiController, VenuesManageController],
  providers: [VenuesService],
  exports: [VenuesService],
})
export class VenuesModule {}
