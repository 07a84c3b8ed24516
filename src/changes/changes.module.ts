import { Module } from '@nestjs/common';
import { ChangesController } from './changes.controller.js';
import { ChangesService } from './changes.service.js';

/** The changes feed: reads the domain-event stream; depends on no feature module. */
@Module({
  controllers: [ChangesController],
  providers: [ChangesService],
})
export class ChangesModule {}
