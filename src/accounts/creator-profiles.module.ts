import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CreatorProfilesApiController } from './creator-profiles-api.controller.js';
import { CreatorProfilesController } from './creator-profiles.controller.js';
import { CreatorProfilesService } from './creator-profiles.service.js';
import { ProfileStepMiddleware } from './profile-step.middleware.js';

/** The business profile of a creator: its page, its API, the booking flow's profile step and the reminder. */
@Module({
  controllers: [CreatorProfilesController, CreatorProfilesApiController],
  providers: [CreatorProfilesService, ProfileStepMiddleware],
  exports: [CreatorProfilesService],
})
export class CreatorProfilesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ProfileStepMiddleware).forRoutes('{*path}');
  }
}
