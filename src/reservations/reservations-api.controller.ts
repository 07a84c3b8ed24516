import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, OptionalUser, Roles, SignedIn } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { IdempotentApi } from '../idempotency/idempotency.interceptor.js';
import { roomJson, venueJson } from '../venues/venues-api.controller.js';
import { toZonedIso } from '../common/time.js';
import type { Reservation } from './reservation.entity.js';
import {
  AvailabilityQueryDto, CancelReservationDto, CreateBlockDto, CreateReservationDto, MoveReservationDto, RejectReservationDto,
  ScheduleQueryDto, SearchQueryDto,
} from './reservations.dto.js';
import { AvailabilityService } from './availability.service.js';
import { BookingsService } from './bookings.service.js';
import { CheckInService } from './check-in.service.js';
import { ReservationChangesService } from './reservation-changes.service.js';
import { ReservationsService } from './reservations.service.js';
import { RoomSearchService } from './room-search.service.js';

/** A reservation as JSON, times in the venue's offset. Personal data only where the caller may see it. */
export function reservationJson(r: Reservation, zone: string, withCreator = false) {
  return {
    id: r.id, roomId: r.roomId, venueId: r.venueId, kind: r.kind, status: r.status, title: r.title, headcount: r.headcount,
    notes: r.notes, start: toZonedIso(r.startAt, zone), end: toZonedIso(r.endAt, zone), timezone: zone,
    seriesId: r.seriesId, statusReason: r.statusReason, sequence: r.sequence, checkedInAt: r.checkedInAt ? toZonedIso(r.checkedInAt, zone) : null,
    ...(withCreator && r.creator ? { creator: { id: r.creator.id, name: r.creator.name, email: r.creator.email } } : {}),
  };
}

@ApiTags('reservations')
@Controller('api')
export class ReservationsApiController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly availabilityOf: AvailabilityService,
    private readonly roomSearch: RoomSearchService,
    private readonly bookings: BookingsService,
    private readonly changes: ReservationChangesService,
    private readonly checkIns: CheckInService,
  ) {}

  @Get('rooms/:id/availability')
  async availability(@Param('id', ParseIdPipe) id: number, @Query() q: AvailabilityQueryDto, @OptionalUser() user: User | null) {
    const { timezone, free, busy } = await this.availabilityOf.availability(id, q.from, q.to, user);
    return { timezone, free, busy };
  }

  /** Free rooms for a local window, a page at a time: `total` counts every free room found (at most 100). */
  @Get('availability')
  async search(@Query() q: SearchQueryDto) {
    const results = await this.roomSearch.search(q);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    return {
      items: results.slice((page - 1) * pageSize, page * pageSize).map(({ room, venue, window }) => ({
        room: roomJson(room), venue: venueJson(venue),
        start: toZonedIso(window.start, venue.timezone), end: toZonedIso(window.end, venue.timezone),
      })),
      page, pageSize, total: results.length,
    };
  }

  @Post('reservations')
  @SignedIn()
  @IdempotentApi()
  @ApiErrors(404, 409)
  async create(@CurrentUser() user: User, @Body() dto: CreateReservationDto) {
    const created = await this.bookings.create(user, dto);
    const items = created.map((r) => reservationJson(r, created.timezone));
    return dto.recurrence ? { items, count: items.length } : items[0];
  }

  @Get('reservations/mine')
  @SignedIn()
  async mine(@CurrentUser() user: User) {
    const { upcoming, past, cancelled } = await this.reservations.mine(user);
    const map = (rows: Reservation[]) => rows.map((r) => ({ ...reservationJson(r, r.room.venue.timezone), roomName: r.room.name, venueName: r.room.venue.name }));
    return { upcoming: map(upcoming), past: map(past), cancelled: map(cancelled) };
  }

  @Get('reservations/pending')
  @Roles('admin', 'manager')
  async pending(@CurrentUser() user: User) {
    return (await this.reservations.pending(user)).map((r) => reservationJson(r, r.room.venue.timezone, true));
  }

  @Get('reservations/:id')
  @SignedIn()
  async show(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const r = await this.reservations.getVisible(user, id);
    const history = await this.reservations.history(user, id);
    return {
      ...reservationJson(r, r.room.venue.timezone, true), room: roomJson(r.room), venue: venueJson(r.room.venue),
      history: history.map((h) => ({ action: h.action, actorId: h.actorId, reason: h.reason, details: h.details, at: h.createdAt })),
    };
  }

  /**
   * Checks in to a booked room: the booking's creator (or a manager of the venue), from 15 minutes before the start until
   * start + the room's check-in minutes. Too early or too late: 400; not confirmed or already checked in: 409.
   */
  @Post('reservations/:id/check-in')
  @SignedIn()
  @ApiErrors(400, 404, 409)
  @HttpCode(200)
  async checkIn(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const r = await this.checkIns.checkIn(user, id);
    return reservationJson(r, (await this.reservations.get(id)).room.venue.timezone);
  }

  @Post('reservations/:id/cancel')
  @SignedIn()
  @ApiErrors(409)
  @HttpCode(200)
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelReservationDto) {
    const rows = await this.changes.cancel(user, id, dto.reason ?? null, dto.scope ?? 'one');
    return { cancelled: rows.map((r) => r.id) };
  }

  @Post('reservations/:id/approve')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  @HttpCode(200)
  async approve(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const r = await this.changes.approve(user, id);
    return reservationJson(r, (await this.reservations.getVisible(user, id)).room.venue.timezone);
  }

  @Post('reservations/:id/reject')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  @HttpCode(200)
  async reject(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: RejectReservationDto) {
    const r = await this.changes.reject(user, id, dto.reason);
    return reservationJson(r, (await this.reservations.getVisible(user, id)).room.venue.timezone);
  }

  @Post('reservations/:id/move')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  @HttpCode(200)
  async move(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: MoveReservationDto) {
    const r = await this.changes.move(user, id, dto);
    return reservationJson(r, (await this.reservations.getVisible(user, id)).room.venue.timezone);
  }

  @Post('rooms/:id/blocks')
  @Roles('admin', 'manager')
  @ApiErrors(409)
  async block(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CreateBlockDto) {
    const { block, cancelled } = await this.bookings.block(user, id, dto);
    const zone = (await this.availabilityOf.roomContext(id, user)).venue.timezone;
    return { ...reservationJson(block, zone), cancelledReservationIds: cancelled.map((r) => r.id) };
  }

  @Get('venues/:id/schedule')
  @Roles('admin', 'manager')
  async schedule(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() q: ScheduleQueryDto) {
    const { venue, zone, fromDate, rooms, reservations } = await this.reservations.schedule(user, id, q.date, q.days ?? 1);
    return {
      venue: venueJson(venue), timezone: zone, date: fromDate, rooms: rooms.map(roomJson),
      reservations: reservations.map((r) => reservationJson(r, zone, true)),
    };
  }
}
