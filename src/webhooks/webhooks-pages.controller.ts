import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';
import { CreateWebhookDto, ReplayDto, UpdateWebhookDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

const formContext = async () => ({ types: PUBLIC_EVENT_TYPES });

/** A `datetime-local` value has no zone: the form says it is UTC, so it is read as UTC. */
const utc = (value: string | undefined) => (value && !/(Z|[+-]\d\d:?\d\d)$/.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value);

/** The manage pages of webhook endpoints; the same service as the API, so the same checks. */
@ApiExcludeController()
@Controller('manage/webhooks')
@SignedIn()
export class WebhooksPagesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Render('webhooks/index')
  async index(@CurrentUser() user: User) {
    return { endpoints: await this.webhooks.list(user) };
  }

  @Get('new')
  @Render('webhooks/new')
  async newEndpoint(@CurrentUser() user: User) {
    await this.webhooks.list(user);
    return { types: PUBLIC_EVENT_TYPES, values: { events: [] }, errors: {} };
  }

  /** The secret is rendered in this answer only (never put in a redirect, a flash or a log). */
  @Post('new')
  @FormView('webhooks/new', formContext)
  async create(@CurrentUser() user: User, @Body() dto: CreateWebhookDto, @Res() res: Response) {
    const endpoint = await this.webhooks.create(user, dto);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).render('webhooks/secret', { endpoint, secret: endpoint.secret, title: undefined });
  }

  @Get(':id')
  @Render('webhooks/show')
  async show(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return { endpoint: await this.webhooks.get(user, id), deliveries: await this.webhooks.deliveries(user, id) };
  }

  @Post(':id/enabled')
  async setEnabled(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateWebhookDto, @Res() res: Response) {
    await this.webhooks.update(user, id, { enabled: dto.enabled });
    setFlash(res, 'webhooks.flash.updated');
    res.redirect(303, `/manage/webhooks/${id}`);
  }

  @Post(':id/test')
  async test(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.webhooks.test(user, id);
    setFlash(res, 'webhooks.flash.tested');
    res.redirect(303, `/manage/webhooks/${id}`);
  }

  @Post(':id/rotate')
  async rotate(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const endpoint = await this.webhooks.rotateSecret(user, id);
    res.setHeader('Cache-Control', 'no-store');
    res.render('webhooks/secret', { endpoint, secret: endpoint.secret, rotated: true });
  }

  @Post(':id/replay')
  async replay(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplayDto, @Res() res: Response) {
    const { queued } = await this.webhooks.replay(user, id, { deliveryId: dto.deliveryId, since: utc(dto.since) });
    setFlash(res, 'webhooks.flash.replayed', { count: queued });
    res.redirect(303, `/manage/webhooks/${id}`);
  }

  @Post(':id/delete')
  async remove(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.webhooks.remove(user, id);
    setFlash(res, 'webhooks.flash.deleted');
    res.redirect(303, '/manage/webhooks');
  }
}
