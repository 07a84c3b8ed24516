import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, OptionalUser, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { roomJson, venueJson } from '../venues/venues-api.controller.js';
import { CreateRoomDto, UpdateRoomDto } from './rooms.dto.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@Controller('api')
export class RoomsApiController {
  constructor(private readonly rooms: RoomsService) {}

  @Get('rooms/:id')
  async show(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    const room = await this.rooms.get(id, user);
    return { ...roomJson(room), venue: venueJson(room.venue) };
  }

  @Post('venues/:venueId/rooms')
  @Roles('admin', 'manager')
  async create(@CurrentUser() user: User, @Param('venueId', ParseIdPipe) venueId: number, @Body() dto: CreateRoomDto) {
    return roomJson(await this.rooms.create(user, venueId, dto));
  }

  @Patch('rooms/:id')
  @Roles('admin', 'manager')
  async update(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateRoomDto) {
    return roomJson(await this.rooms.update(user, id, dto));
  }
}
