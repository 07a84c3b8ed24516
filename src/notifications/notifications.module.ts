import { Module } from '@nestjs/common';
import { MailSubscriber } from './mail.subscriber.js';
import { MailWorker } from './mail-worker.service.js';
import { MailboxController } from './mailbox.controller.js';
import { NotificationsService } from './notifications.service.js';

/** Mail: a subscriber of the domain-event stream (messages written in the change's transaction), the outbox worker, the mail pages. */
@Module({
  controllers: [MailboxController],
  providers: [NotificationsService, MailWorker, MailSubscriber],
  exports: [NotificationsService, MailWorker],
})
export class NotificationsModule {}
