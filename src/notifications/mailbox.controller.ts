import { Controller, Get, Param, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { Roles } from '../common/auth.decorators.js';
import { InjectConfig } from '../common/config.provider.js';
import { NotFoundError } from '../common/errors.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { OutboxMessage } from './outbox-message.entity.js';

/** The outbox as people can read it: a development mailbox (never in production) and the admins' delivery view. */
@ApiExcludeController()
@Controller()
export class MailboxController {
  constructor(@InjectDataSource() private readonly db: DataSource, @InjectConfig() private readonly config: AppConfig) {}

  private recent() {
    return this.db.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 100 });
  }

  private assertDevelopment(): void {
    if (this.config.nodeEnv === 'production') throw new NotFoundError('not_found');
  }

  @Get('dev/mailbox')
  @Render('notifications/mailbox')
  async mailbox() {
    this.assertDevelopment();
    return { title: 'Mailbox', messages: await this.recent(), dev: true };
  }

  @Get('dev/mailbox/:id/invite.ics')
  async invite(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    this.assertDevelopment();
    const row = await this.db.getRepository(OutboxMessage).findOneBy({ id });
    if (!row?.ics) throw new NotFoundError('not_found');
    res.type(`text/calendar; charset=utf-8; method=${row.icsMethod}`).send(row.ics);
  }

  @Get('manage/mail')
  @Roles('admin')
  @Render('notifications/mailbox')
  async delivery() {
    return { title: 'Mail', messages: await this.recent(), dev: false };
  }
}
