import { Module } from '@nestjs/common';
import { AccountsApiController } from './accounts-api.controller.js';
import { AccountsController } from './accounts.controller.js';
import { AccountQueries } from './accounts.queries.js';
import { AccountsService } from './accounts.service.js';
import { AuthMiddleware } from './auth.middleware.js';
import { CreatorProfilesModule } from './creator-profiles.module.js';
import { SignInThrottleService } from './sign-in-throttle.service.js';

@Module({
  imports: [CreatorProfilesModule],
  controllers: [AccountsController, AccountsApiController],
  providers: [AccountsService, AccountQueries, SignInThrottleService, AuthMiddleware],
  exports: [AccountsService, AuthMiddleware],
})
export class AccountsModule {}
