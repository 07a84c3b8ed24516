import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { DoorApiController } from './door-api.controller.js';
import { DoorAssetsController } from './door-assets.controller.js';
import { DoorService } from './door.service.js';

/** Offline door check-in: the door list for devices, their scan sync, and what makes the door page an installable app. */
@Module({
  imports: [EventsModule, RegistrationsModule],
  controllers: [DoorApiController, DoorAssetsController],
  providers: [DoorService],
})
export class CheckInModule {}
