import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth.decorators.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../common/errors.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { OutboxMessage } from './outbox-message.entity.js';

const recent = (db: DataSource) => db.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 100 });

/**
 * `req.ip` is already the client as the app sees it behind `trust proxy` (loopback): a request a proxy on this
 * machine forwards for someone outside carries their address, not the proxy's.
 */
export const isLoopback = (ip: string | undefined): boolean => !!ip && /^(127\.|::1$|::ffff:127\.)/.test(ip);

/** The admins' delivery view of the outbox, in every environment. */
@ApiExcludeController()
@Controller()
export class MailboxController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('manage/mail')
  @Roles('admin')
  @Render('notifications/mailbox')
  async delivery() {
    return { title: 'Mail', messages: await recent(this.db), dev: false };
  }
}

/**
 * Every email the app made, with attendees' addresses and private manage links: mounted outside production only
 * (see DevMailboxModule), and even there answered only to this machine and to signed-in admins.
 */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private assertAllowed(req: Request): void {
    if (isLoopback(req.ip) || req.user?.role === 'admin') return;
    if (!req.user) throw new UnauthenticatedError();
    throw new ForbiddenError('dev_mailbox_local_only');
  }

  @Get()
  @Render('notifications/mailbox')
  async mailbox(@Req() req: Request) {
    this.assertAllowed(req);
    return { title: 'Mailbox', messages: await recent(this.db), dev: true };
  }

  @Get(':id/invite.ics')
  async invite(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    this.assertAllowed(req);
    const row = await this.db.getRepository(OutboxMessage).findOneBy({ id });
    if (!row?.ics) throw new NotFoundError('not_found');
    res.type(`text/calendar; charset=utf-8; method=${row.icsMethod}`).send(row.ics);
  }
}
