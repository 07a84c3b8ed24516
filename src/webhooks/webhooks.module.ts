import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WebhookFanout } from './webhook-fanout.subscriber.js';
import { WebhookResolver } from './webhook-resolver.js';
import { WebhookWorker } from './webhook-worker.service.js';
import { WebhooksApiController } from './webhooks-api.controller.js';
import { WebhooksPagesController } from './webhooks-pages.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: a subscriber of the domain-event stream (deliveries written with the change), the delivery worker, endpoints' API and pages. */
@Module({
  imports: [NotificationsModule],
  controllers: [WebhooksApiController, WebhooksPagesController],
  providers: [WebhooksService, WebhookFanout, WebhookWorker, WebhookResolver],
  exports: [WebhookWorker, WebhookResolver],
})
export class WebhooksModule {}
