import { Controller, Get, Param, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { OptionalUser } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { zoneLabel } from '../common/time.js';
import { VenuesService } from '../venues/venues.service.js';
import { RoomsService } from './rooms.service.js';

@ApiExcludeController()
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService, private readonly venues: VenuesService) {}

  @Get(':id')
  @Render('rooms/show')
  async show(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    const room = await this.rooms.get(id, user);
    return { title: room.name, room, venue: room.venue, zone: zoneLabel(room.venue.timezone), canManage: await this.venues.canManage(user, room.venueId) };
  }
}
