import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { DevMailboxController } from './mailbox.controller.js';

/** Imported by AppModule outside production only, so in production the route does not exist at all. */
@Module({ controllers: [DevMailboxController] })
export class DevMailboxModule implements OnApplicationBootstrap {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    Logger.log(`Development mailbox at ${this.config.publicBaseUrl}/dev/mailbox: answers clients on this machine (loopback) and signed-in admins only`, 'Mailbox');
  }
}
