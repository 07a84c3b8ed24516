import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { ValidationError } from '../common/errors.js';
import { parseLocalDateTime, parseZonedIso } from '../common/time.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';
import { IdempotentForm, IdempotentRenderedForm, type FormAnswer } from '../idempotency/idempotency.interceptor.js';
import { CreateWebhookDto, ReplayFormDto, UpdateWebhookDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

const formContext = async () => ({ types: PUBLIC_EVENT_TYPES });

/**
 * The manage pages of webhook endpoints; the same service as the API, so the same checks. Every form carries an
 * idempotency key: a double tap creates, rotates, tests or replays once. Times are written and read in the reader's zone.
 */
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
    await this.webhooks.assertMayOwn(user);
    return { types: PUBLIC_EVENT_TYPES, values: { events: [] }, errors: {} };
  }

  /** The secret is rendered in the first answer only (never stored with the key, put in a redirect, a flash or a log). */
  @Post('new')
  @IdempotentRenderedForm()
  @FormView('webhooks/new', formContext)
  async create(@CurrentUser() user: User, @Body() dto: CreateWebhookDto, @Res() res: Response): Promise<FormAnswer> {
    const endpoint = await this.webhooks.create(user, dto);
    res.setHeader('Cache-Control', 'no-store');
    return {
      url: `/manage/webhooks/${endpoint.id}`, flash: { key: 'webhooks.flash.created_again' },
      render: { view: 'webhooks/secret', status: 201, locals: { endpoint, secret: endpoint.secret, zone: await this.webhooks.readerZone(user) } },
    };
  }

  @Get(':id')
  @Render('webhooks/show')
  async show(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const [endpoint, deliveries, zone] = await Promise.all([this.webhooks.get(user, id), this.webhooks.deliveries(user, id), this.webhooks.readerZone(user)]);
    return { endpoint, deliveries, zone };
  }

  @Post(':id/enabled')
  @IdempotentForm()
  async setEnabled(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateWebhookDto): Promise<FormAnswer> {
    await this.webhooks.update(user, id, { enabled: dto.enabled });
    return { url: `/manage/webhooks/${id}`, flash: { key: 'webhooks.flash.updated' } };
  }

  @Post(':id/test')
  @IdempotentForm()
  async test(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number): Promise<FormAnswer> {
    await this.webhooks.test(user, id);
    return { url: `/manage/webhooks/${id}`, flash: { key: 'webhooks.flash.tested' } };
  }

  @Post(':id/rotate')
  @IdempotentRenderedForm()
  async rotate(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response): Promise<FormAnswer> {
    const endpoint = await this.webhooks.rotateSecret(user, id);
    res.setHeader('Cache-Control', 'no-store');
    return {
      url: `/manage/webhooks/${id}`, flash: { key: 'webhooks.flash.rotated_again' },
      render: { view: 'webhooks/secret', locals: { endpoint, secret: endpoint.secret, rotated: true, zone: await this.webhooks.readerZone(user) } },
    };
  }

  /** "Since" is a wall clock in the reader's zone (the form says which); a value with its own offset is taken as it is. */
  @Post(':id/replay')
  @IdempotentForm()
  async replay(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplayFormDto): Promise<FormAnswer> {
    const since = dto.since === undefined ? undefined : parseLocalDateTime(dto.since, await this.webhooks.readerZone(user)) ?? parseZonedIso(dto.since);
    if (since === null) throw new ValidationError([{ field: 'since', code: 'webhooks.errors.since_invalid' }]);
    const { queued } = await this.webhooks.replay(user, id, { deliveryId: dto.deliveryId, since: since?.toISOString() });
    return { url: `/manage/webhooks/${id}`, flash: { key: 'webhooks.flash.replayed', params: { count: queued } } };
  }

  @Post(':id/delete')
  @IdempotentForm()
  async remove(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number): Promise<FormAnswer> {
    await this.webhooks.remove(user, id);
    return { url: '/manage/webhooks', flash: { key: 'webhooks.flash.deleted' } };
  }
}
