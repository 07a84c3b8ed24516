import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, OptionalUser, SignedIn } from '../common/auth.decorators.js';
import { DomainError, NotFoundError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { isValidIsoDate, luxonZone, todayIn, zoneLabel } from '../common/time.js';
import { parseZonedIso } from './availability.js';
import { CancelReservationDto, CreateReservationDto } from './reservations.dto.js';
import { VenuesService } from '../venues/venues.service.js';
import { ReservationsService } from './reservations.service.js';
import { buildWeekGrid, mondayOf } from './week-grid.js';

const REPEATS = { weekly: 'FREQ=WEEKLY', daily: 'FREQ=DAILY' } as const;

/** The booking form's context: the room, the chosen start, and the end times that keep the booking valid. */
async function bookingContext(service: ReservationsService, user: User, roomId: unknown, startText: unknown) {
  const id = Number(roomId);
  if (!Number.isInteger(id) || id < 1) throw new NotFoundError('room_not_found');
  const ctx = await service.roomContext(id, user);
  const zone = ctx.venue.timezone;
  const start = parseZonedIso(startText);
  const local = start ? DateTime.fromJSDate(start, { zone: luxonZone(zone) }) : null;
  const ends: Array<{ value: string; label: string; minutes: number }> = [];
  if (local) {
    const date = local.toISODate()!;
    const { free } = await service.availability(id, date, date, user);
    const room = free.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) })).find((f) => f.start <= start!.getTime() && start!.getTime() < f.end);
    for (let m = ctx.rules.minMinutes; m <= ctx.rules.maxMinutes; m += ctx.rules.slotMinutes) {
      const end = local.plus({ minutes: m });
      if (room && end.toMillis() > room.end) break;
      ends.push({ value: end.toISO({ suppressMilliseconds: true })!, label: end.toFormat('HH:mm'), minutes: m });
    }
  }
  return {
    room: ctx.room, venue: ctx.venue, zone: zoneLabel(zone), timezone: zone, startAt: start, ends,
  };
}

@ApiExcludeController()
@Controller()
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService, private readonly venues: VenuesService) {}

  /** The room's week grid: free slots are links to the booking form. */
  @Get('rooms/:id/book')
  @Render('reservations/book')
  async book(@Param('id', ParseIdPipe) id: number, @Query('week') week: string | undefined, @OptionalUser() user: User | null) {
    const ctx = await this.reservations.roomContext(id, user);
    const zone = ctx.venue.timezone;
    const today = todayIn(zone);
    const weekStart = mondayOf(week && isValidIsoDate(week) ? week : today);
    const weekEnd = DateTime.fromISO(weekStart).plus({ days: 6 }).toISODate()!;
    const { free, busy } = await this.reservations.availability(id, weekStart, weekEnd, user);
    const grid = buildWeekGrid({ weekStart, zone, weekly: ctx.weekly, slotMinutes: ctx.rules.slotMinutes, minMinutes: ctx.rules.minMinutes, free, busy });
    const shift = (days: number) => DateTime.fromISO(weekStart).plus({ days }).toISODate()!;
    return {
      title: ctx.room.name, room: ctx.room, venue: ctx.venue, zone: zoneLabel(zone), grid, weekStart, weekEnd, today,
      previousWeek: weekStart > today ? shift(-7) : null, nextWeek: shift(7), hasFree: free.length > 0,
    };
  }

  @Get('reservations/new')
  @SignedIn()
  @Render('reservations/new')
  async newForm(@CurrentUser() user: User, @Query('roomId') roomId: string, @Query('start') start: string, @Query('end') end: string | undefined) {
    const context = await bookingContext(this.reservations, user, roomId, start);
    const chosen = context.ends.find((e) => end && parseZonedIso(end)?.getTime() === Date.parse(e.value)) ?? context.ends[0];
    return { title: context.room.name, ...context, values: { roomId, start, end: chosen?.value, headcount: 1, repeat: 'none', count: 4 }, errors: {} };
  }

  @Post('reservations')
  @SignedIn()
  @FormView('reservations/new', async (req: Request, refs: ModuleRef) =>
    bookingContext(refs.get(ReservationsService, { strict: false }), req.user!, req.body?.roomId, req.body?.start))
  async create(@CurrentUser() user: User, @Body() dto: CreateReservationDto, @Body('repeat') repeat: string, @Body('count') count: string, @Res() res: Response) {
    const rule = REPEATS[repeat as keyof typeof REPEATS];
    const recurrence = rule ? `${rule};COUNT=${Number(count) || 0}` : undefined;
    const created = await this.reservations.create(user, { ...dto, recurrence, skipConflicts: rule ? dto.skipConflicts : false });
    setFlash(res, created[0].status === 'pending' ? 'reservations.flash_pending' : 'reservations.flash_confirmed', { count: created.length });
    res.redirect(303, `/reservations/${created[0].id}`);
  }

  @Get('reservations')
  @SignedIn()
  @Render('reservations/index')
  async mine(@CurrentUser() user: User, @Req() req: Request) {
    return { title: req.t('reservations.mine_title'), ...(await this.reservations.mine(user)) };
  }

  @Get('reservations/:id')
  @SignedIn()
  @Render('reservations/show')
  async show(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const reservation = await this.reservations.getVisible(user, id);
    const history = await this.reservations.history(user, id);
    const active = reservation.status === 'pending' || reservation.status === 'confirmed';
    const manages = await this.venues.canManage(user, reservation.venueId);
    const local = DateTime.fromJSDate(reservation.startAt, { zone: luxonZone(reservation.room.venue.timezone) });
    const localEnd = DateTime.fromJSDate(reservation.endAt, { zone: luxonZone(reservation.room.venue.timezone) });
    return {
      manages, venueRooms: manages && active ? await this.reservations.venueRooms(reservation.venueId) : [],
      moveValues: { roomId: reservation.roomId, date: local.toISODate(), from: local.toFormat('HH:mm'), to: localEnd.toFormat('HH:mm') },
      title: reservation.title, reservation, room: reservation.room, venue: reservation.room.venue, zone: reservation.room.venue.timezone,
      history, canCancel: active && !reservation.eventId && (manages || reservation.startAt > new Date()), isOwner: reservation.creatorId === user.id,
    };
  }

  @Post('reservations/:id/cancel')
  @SignedIn()
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelReservationDto, @Res() res: Response) {
    try {
      const cancelled = await this.reservations.cancel(user, id, dto.reason ?? null, dto.scope ?? 'one');
      setFlash(res, 'reservations.flash_cancelled', { count: cancelled.length });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      setFlash(res, `errors.${error.code}`, error.params, 'error');
    }
    res.redirect(303, `/reservations/${id}`);
  }
}
