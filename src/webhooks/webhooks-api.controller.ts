import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { DELIVERY_SCHEMA, ENDPOINT_SCHEMA } from './webhook-schemas.js';
import { CreateWebhookDto, ReplayDto, RotateSecretDto, UpdateWebhookDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhook endpoints of venue managers, organisers and admins; bodies of each event type: components.schemas `Webhook_*`. */
@ApiTags('webhooks')
@Controller('api/webhooks')
@SignedIn()
export class WebhooksApiController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ description: 'The endpoint, with its `whsec_…` secret (shown only here and on rotation)', schema: ENDPOINT_SCHEMA })
  create(@CurrentUser() user: User, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @ApiOkResponse({ description: 'The caller\'s endpoints (every endpoint for an admin), without secrets', schema: { type: 'array', items: ENDPOINT_SCHEMA } })
  list(@CurrentUser() user: User) {
    return this.webhooks.list(user);
  }

  @Get(':id')
  @ApiOkResponse({ schema: ENDPOINT_SCHEMA })
  get(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return this.webhooks.get(user, id);
  }

  @Patch(':id')
  @ApiOkResponse({ schema: ENDPOINT_SCHEMA })
  update(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its deliveries and their log' })
  async remove(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    await this.webhooks.remove(user, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ description: 'The delivery log, newest first (50), each delivery with its attempts', schema: { type: 'array', items: DELIVERY_SCHEMA } })
  deliveries(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return this.webhooks.deliveries(user, id);
  }

  @Post(':id/test')
  @ApiErrors(409)
  @ApiCreatedResponse({ description: 'A `webhook.test` delivery queued for this endpoint only', schema: DELIVERY_SCHEMA })
  test(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return this.webhooks.test(user, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The endpoint with its new secret; the old one signs beside it until `previousSecretUntil`', schema: ENDPOINT_SCHEMA })
  rotate(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: RotateSecretDto) {
    return this.webhooks.rotateSecret(user, id, dto.overlapHours);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'How many deliveries were queued again', schema: { type: 'object', properties: { queued: { type: 'integer' } } } })
  replay(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: ReplayDto) {
    return this.webhooks.replay(user, id, dto);
  }
}
