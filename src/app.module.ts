import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '../config/configuration.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthMiddleware } from './accounts/auth.middleware.js';
import { AppExceptionFilter } from './common/app-exception.filter.js';
import { AccessGuard } from './common/auth.decorators.js';
import { ConfigModule } from './common/config.provider.js';
import { flashMiddleware } from './common/flash.js';
import { CheckInModule } from './check-in/check-in.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ChangesModule } from './changes/changes.module.js';
import { EventsModule } from './events/events.module.js';
import { DevMailboxModule } from './notifications/dev-mailbox.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { HealthController } from './common/health.controller.js';
import { RequestContextMiddleware } from './common/request-context.middleware.js';
import { appValidationPipe } from './common/validation.pipe.js';
import { DatabaseModule } from './database/database.module.js';
import { DomainEventsModule } from './domain-events/domain-events.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ReservationsModule } from './reservations/reservations.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { VenuesModule } from './venues/venues.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, DomainEventsModule, IdempotencyModule, AccountsModule, VenuesModule, RoomsModule, ReservationsModule, EventsModule, RegistrationsModule, CheckInModule, CalendarModule, NotificationsModule, ChangesModule, WebhooksModule, ReportsModule,
        ...(config.nodeEnv === 'production' ? [] : [DevMailboxModule])],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_PIPE, useFactory: appValidationPipe },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware, flashMiddleware, AuthMiddleware).forRoutes('{*path}');
  }
}
