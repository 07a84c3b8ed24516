import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';
import { ChangesQueryDto } from './changes.dto.js';
import { ChangesService } from './changes.service.js';

const PAGE_SCHEMA = {
  type: 'object',
  required: ['data', 'next', 'hasMore'],
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'type', 'timestamp', 'venueId', 'eventId', 'data'],
        properties: {
          id: { type: 'string', example: 'evt_2b4Yq0cZ8mN1xV7rT3kLpA9s', description: 'The event\'s stable id (also the `webhook-id` of its deliveries)' },
          type: { type: 'string', enum: PUBLIC_EVENT_TYPES },
          timestamp: { type: 'string', format: 'date-time', description: 'When the change happened (UTC)' },
          venueId: { type: 'integer', nullable: true },
          eventId: { type: 'integer', nullable: true },
          data: { type: 'object', description: 'The payload of its type, version 1 (see docs/webhooks.md)' },
        },
      },
    },
    next: { type: 'string', description: 'Pass as `after` to read on; given also when `data` is empty (poll again with it later)' },
    hasMore: { type: 'boolean', description: 'True when more events are readable right now' },
  },
};

@ApiTags('changes')
@Controller('api')
export class ChangesController {
  constructor(private readonly changes: ChangesService) {}

  /** The public domain events the caller may see, oldest first, for partners that cannot receive webhooks. */
  @Get('changes')
  @SignedIn()
  @ApiOkResponse({ description: 'A page of changes in stream order, with the cursor to read on', schema: PAGE_SCHEMA })
  async list(@CurrentUser() user: User, @Query() query: ChangesQueryDto) {
    return this.changes.page(user, query);
  }
}
