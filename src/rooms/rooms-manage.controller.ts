import { Body, Controller, Get, Injectable, Param, Post, Query, Render, Res, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import { InjectConfig } from '../common/config.provider.js';
import { qrDataUrl } from '../common/qr.js';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { ManagesVenueGuard, venueShell } from '../venues/venues-manage.controller.js';
import { VenuesService } from '../venues/venues.service.js';
import { AMENITIES, ROOM_KINDS, type Room } from './room.entity.js';
import { CreateRoomDto } from './rooms.dto.js';
import { RoomsService } from './rooms.service.js';

const SLOT_MINUTES = [5, 10, 15, 20, 30, 60, 120];
const formOptions = { roomKinds: ROOM_KINDS, amenities: AMENITIES, slotOptions: SLOT_MINUTES };

const NEW_ROOM = {
  kind: 'live_stream_studio', slotMinutes: 30, minMinutes: 60, maxMinutes: 240, bufferMinutes: 0, horizonDays: 60,
  requiresApproval: false, active: true, amenities: [], checkInMinutes: 15,
};

const roomValues = (r: Room) => ({
  name: r.name, kind: r.kind, capacity: r.capacity, description: r.description, amenities: r.amenities,
  slotMinutes: r.slotMinutes, minMinutes: r.minMinutes, maxMinutes: r.maxMinutes, bufferMinutes: r.bufferMinutes,
  horizonDays: r.horizonDays, requiresApproval: r.requiresApproval, maxHoursPerWeek: r.maxHoursPerWeek ?? '',
  maxFutureReservations: r.maxFutureReservations ?? '', checkInMinutes: r.checkInMinutes ?? '', active: r.active,
});

/** Like ManagesVenueGuard, for `/manage/rooms/:id`: the room must exist and belong to a venue the user manages. */
@Injectable()
export class ManagesRoomGuard implements CanActivate {
  constructor(private readonly rooms: RoomsService, private readonly venues: VenuesService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const room = await this.rooms.get(new ParseIdPipe().transform(String(req.params.id)), req.user);
    await this.venues.assertCanManage(req.user!, room.venueId);
    return true;
  }
}

const page = (load: (c: RoomsManageController, id: number, user: User) => Promise<Record<string, unknown>>) =>
  (req: Request, refs: ModuleRef) => load(refs.get(RoomsManageController, { strict: false }), Number(req.params.id), req.user!);

@ApiExcludeController()
@Controller('manage')
@Roles('admin', 'manager')
export class RoomsManageController {
  constructor(private readonly rooms: RoomsService, private readonly venues: VenuesService, @InjectConfig() private readonly config: AppConfig) {}

  /**
   * The sign posted at the room's door: its name, venue, a short instruction and a big QR code to the room's absolute
   * check-in address (a creator scans it with the phone's camera and lands on their booking's check-in). Print-ready.
   */
  @Get('rooms/:id/sign')
  @UseGuards(ManagesRoomGuard)
  @Render('manage/room-sign')
  async sign(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Query('size') size: string | undefined) {
    const room = await this.rooms.get(id, user);
    const url = `${this.config.publicBaseUrl}/rooms/${room.id}/check-in`;
    return { title: room.name, room, venue: room.venue, url, a5: size === 'a5', qr: await qrDataUrl(url) };
  }

  @Get('venues/:id/rooms')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/rooms')
  async list(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    const detail = await this.venues.detail(id, user);
    return { ...venueShell(detail.venue, 'rooms'), rooms: detail.rooms };
  }

  @Get('venues/:id/rooms/new')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/room-form')
  async newRoom(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    return { ...(await this.newRoomPage(id, user)), values: NEW_ROOM, errors: {} };
  }

  @Post('venues/:id/rooms/new')
  @UseGuards(ManagesVenueGuard)
  @FormView('manage/room-form', page((c, id, user) => c.newRoomPage(id, user)))
  async createRoom(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() dto: CreateRoomDto, @Res() res: Response) {
    // An empty check-in field on the form means "no check-in".
    const room = await this.rooms.create(user, id, { ...dto, checkInMinutes: dto.checkInMinutes ?? null });
    setFlash(res, 'manage.flash.room_created', { name: room.name });
    res.redirect(303, `/manage/venues/${id}/rooms`);
  }

  @Get('rooms/:id')
  @UseGuards(ManagesRoomGuard)
  @Render('manage/room-form')
  async editRoom(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    const data = await this.roomPage(id, user);
    return { ...data, values: roomValues(data.room), errors: {} };
  }

  @Post('rooms/:id')
  @UseGuards(ManagesRoomGuard)
  @FormView('manage/room-form', page((c, id, user) => c.roomPage(id, user)))
  async updateRoom(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() dto: CreateRoomDto, @Res() res: Response) {
    // The form sends the whole room: no amenity ticked and an empty limit mean "none".
    const room = await this.rooms.update(user, id, {
      ...dto, amenities: dto.amenities ?? [], description: dto.description ?? '',
      maxHoursPerWeek: dto.maxHoursPerWeek ?? null, maxFutureReservations: dto.maxFutureReservations ?? null,
      checkInMinutes: dto.checkInMinutes ?? null,
    });
    setFlash(res, 'manage.flash.room_saved', { name: room.name });
    res.redirect(303, `/manage/venues/${room.venueId}/rooms`);
  }

  async newRoomPage(venueId: number, user: User) {
    const { venue } = await this.venues.detail(venueId, user);
    return { ...venueShell(venue, 'rooms'), ...formOptions, room: null };
  }

  async roomPage(id: number, user: User) {
    const room = await this.rooms.get(id, user);
    return { ...venueShell(room.venue, 'rooms'), ...formOptions, room, title: room.name };
  }
}
