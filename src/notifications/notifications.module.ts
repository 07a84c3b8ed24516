import { Global, Module } from '@nestjs/common';
import { MailWorker } from './mail-worker.service.js';
import { MailboxController } from './mailbox.controller.js';
import { NotificationsService } from './notifications.service.js';

/** Global: the reservation, event and registration services write messages inside their own transactions. */
@Global()
@Module({
  controllers: [MailboxController],
  providers: [NotificationsService, MailWorker],
  exports: [NotificationsService, MailWorker],
})
export class NotificationsModule {}
