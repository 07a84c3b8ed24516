import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, OptionalUser, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { todayIn, zoneLabel } from '../common/time.js';
import type { Room } from '../rooms/room.entity.js';
import type { Closure } from './closure.entity.js';
import type { Venue } from './venue.entity.js';
import { AssignManagerDto, CreateClosureDto, CreateVenueDto, OpeningHoursDto, UpdateVenueDto, VenueQueryDto } from './venues.dto.js';
import { VenuesService } from './venues.service.js';

export const roomJson = (room: Room) => ({
  id: room.id, venueId: room.venueId, name: room.name, kind: room.kind, capacity: room.capacity,
  amenities: room.amenities, photos: room.photos, description: room.description, active: room.active,
  rules: {
    slotMinutes: room.slotMinutes, minMinutes: room.minMinutes, maxMinutes: room.maxMinutes,
    bufferMinutes: room.bufferMinutes, horizonDays: room.horizonDays, requiresApproval: room.requiresApproval,
    maxHoursPerWeek: room.maxHoursPerWeek, maxFutureReservations: room.maxFutureReservations, checkInMinutes: room.checkInMinutes,
  },
});

export const venueJson = (venue: Venue) => ({
  id: venue.id, code: venue.code, name: venue.name, address: venue.address, city: venue.city, province: venue.province,
  timezone: venue.timezone, timezoneLabel: zoneLabel(venue.timezone), phone: venue.phone, email: venue.email,
  description: venue.description, latitude: venue.latitude, longitude: venue.longitude, active: venue.active,
  fairUse: { noShowLimit: venue.noShowLimit, noShowWindowDays: venue.noShowWindowDays, noShowApprovalDays: venue.noShowApprovalDays },
});

const closureJson = (c: Closure) => ({ id: c.id, startDate: c.startDate, endDate: c.endDate, reason: c.reason, kind: c.kind, estimated: c.estimated });

@ApiTags('venues')
@Controller('api/venues')
export class VenuesApiController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  async list(@Query() query: VenueQueryDto, @OptionalUser() user: User | null) {
    const page = await this.venues.list(query, user);
    return { ...page, items: page.items.map((v) => ({ ...venueJson(v), rooms: v.rooms.map(roomJson) })) };
  }

  @Get(':id')
  async show(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    const probe = await this.venues.detail(id, user);
    const today = todayIn(probe.venue.timezone);
    const closures = probe.closures.filter((c) => c.endDate >= today);
    return {
      ...venueJson(probe.venue), rooms: probe.rooms.map(roomJson), openingHours: probe.weekly, closures: closures.map(closureJson),
    };
  }

  @Post()
  @Roles('admin')
  @ApiErrors(409)
  async create(@CurrentUser() user: User, @Body() dto: CreateVenueDto) {
    return venueJson(await this.venues.create(user, dto));
  }

  @Patch(':id')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  async update(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateVenueDto) {
    return venueJson(await this.venues.update(user, id, dto));
  }

  @Put(':id/opening-hours')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  async setHours(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: OpeningHoursDto) {
    return { openingHours: await this.venues.setOpeningHours(user, id, dto.ranges) };
  }

  @Post(':id/closures')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  async addClosure(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CreateClosureDto) {
    const { closure, cancelled } = await this.venues.addClosure(user, id, dto);
    return { ...closureJson(closure), cancelledReservationIds: cancelled.map((r) => r.id) };
  }

  @Delete(':id/closures/:closureId')
  @Roles('admin', 'manager')
  @HttpCode(204)
  async removeClosure(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Param('closureId', ParseIdPipe) closureId: number) {
    await this.venues.removeClosure(user, id, closureId);
  }

  @Get(':id/managers')
  @Roles('admin', 'manager')
  async managers(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    await this.venues.assertCanManage(user, id);
    return (await this.venues.managers(id)).map((m) => ({ id: m.id, name: m.name, email: m.email }));
  }

  @Post(':id/managers')
  @Roles('admin')
  @ApiErrors(409)
  async assignManager(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: AssignManagerDto) {
    const manager = await this.venues.assignManager(user, id, dto.email);
    return { id: manager.id, name: manager.name, email: manager.email, role: manager.role };
  }

  @Delete(':id/managers/:userId')
  @Roles('admin')
  @HttpCode(204)
  async removeManager(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Param('userId', ParseIdPipe) userId: number) {
    await this.venues.removeManager(user, id, userId);
  }
}
