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
import { IdempotentForm, type FormAnswer } from '../idempotency/idempotency.interceptor.js';
import { isValidIsoDate, luxonZone, parseZonedIso, todayIn, zoneLabel } from '../common/time.js';
import { VenuesService } from '../venues/venues.service.js';
import { ACTIVE_STATUSES, type Reservation } from './reservation.entity.js';
import { BookingFormDto, CancelFormDto, recurrenceOf } from './reservations-pages.dto.js';
import { AvailabilityService } from './availability.service.js';
import { BookingsService } from './bookings.service.js';
import { ReservationChangesService } from './reservation-changes.service.js';
import { ReservationsService } from './reservations.service.js';
import { buildWeekGrid, mondayOf } from './week-grid.js';
import { checkInWindow, showsCheckIn } from './check-in.js';

/**
 * The booking form's context: the room, the chosen start, and the end times it may have (the room's minimum up to
 * its maximum in slot steps, as long as the room stays free).
 */
async function bookingContext(service: AvailabilityService, user: User, roomId: unknown, startText: unknown) {
  const id = Number(roomId);
  if (!Number.isInteger(id) || id < 1) throw new NotFoundError('room_not_found');
  const ctx = await service.roomContext(id, user);
  const zone = ctx.venue.timezone;
  const start = typeof startText === 'string' ? parseZonedIso(startText) : null;
  const local = start ? DateTime.fromJSDate(start, { zone: luxonZone(zone) }) : null;
  const ends: Array<{ value: string; label: string; minutes: number }> = [];
  let startFree = false;
  if (local) {
    const date = local.toISODate()!;
    const { free } = await service.availability(id, date, date, user);
    const window = free.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) }))
      .find((f) => f.start <= start!.getTime() && start!.getTime() < f.end);
    // When the start is no longer free the form still offers the room's durations: the page says so, and a
    // submitted form keeps its values next to the service's message naming what holds the slot.
    for (let m = ctx.rules.minMinutes; m <= ctx.rules.maxMinutes; m += ctx.rules.slotMinutes) {
      const end = local.plus({ minutes: m });
      if (window && end.toMillis() > window.end) break;
      ends.push({ value: end.toISO({ suppressMilliseconds: true })!, label: end.toFormat('HH:mm'), minutes: m });
    }
    startFree = Boolean(window) && ends.length > 0;
  }
  return {
    title: ctx.room.name, room: ctx.room, venue: ctx.venue, zone: zoneLabel(zone), timezone: zone, startAt: start, ends, startFree,
    noShowHold: await service.noShowHold(user, ctx.venue),
    weekOfStart: local ? mondayOf(local.toISODate()!) : null, dayOfStart: local ? local.toISODate()! : null,
  };
}

/** Creator pages: the room's week grid, the booking form, my reservations and a reservation's page. */
@ApiExcludeController()
@Controller()
export class ReservationsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly venues: VenuesService,
    private readonly availability: AvailabilityService,
    private readonly bookings: BookingsService,
    private readonly changes: ReservationChangesService,
  ) {}

  /**
   * The room's week in the venue's zone, drawn twice from the same cells: a day strip with the chosen day's free
   * start times (phones) and the week grid (wide screens). `day` picks the day (and its week) without script;
   * without it the first day of the week with free time is chosen.
   */
  @Get('rooms/:id/book')
  @Render('reservations/book')
  async book(@Param('id', ParseIdPipe) id: number, @Query('week') week: string | undefined, @Query('day') day: string | undefined, @OptionalUser() user: User | null) {
    const ctx = await this.availability.roomContext(id, user);
    const zone = ctx.venue.timezone;
    const now = new Date();
    const today = todayIn(zone, now);
    const chosenDay = typeof day === 'string' && isValidIsoDate(day) ? day : null;
    const askedWeek = typeof week === 'string' && isValidIsoDate(week) ? week : null;
    const weekOf = async (weekStart: string) => {
      const { free, busy } = await this.availability.availability(id, weekStart, DateTime.fromISO(weekStart).plus({ days: 6 }).toISODate()!, user);
      return buildWeekGrid({
        weekStart, zone, weekly: ctx.weekly, closures: ctx.closures, slotMinutes: ctx.rules.slotMinutes, minMinutes: ctx.rules.minMinutes,
        horizonDays: ctx.rules.horizonDays, free, busy, now,
      });
    };
    let weekStart = mondayOf(chosenDay ?? askedWeek ?? today);
    let grid = await weekOf(weekStart);
    // Late on a Sunday (or in a full week) the room page's link opens on the next week that has free time.
    if (!chosenDay && !askedWeek && !grid.days.some((d) => d.state === 'open')) {
      weekStart = DateTime.fromISO(weekStart).plus({ days: 7 }).toISODate()!;
      grid = await weekOf(weekStart);
    }
    const weekEnd = DateTime.fromISO(weekStart).plus({ days: 6 }).toISODate()!;
    const selected = grid.days.find((d) => d.date === chosenDay) ?? grid.days.find((d) => d.state === 'open')
      ?? grid.days.find((d) => d.isToday) ?? grid.days[0];
    const shift = (days: number) => DateTime.fromISO(weekStart).plus({ days }).toISODate()!;
    return {
      title: ctx.room.name, room: ctx.room, venue: ctx.venue, zone: zoneLabel(zone), timezone: zone, grid, weekStart, weekEnd, today,
      selected, previousWeek: weekStart > today ? shift(-7) : null, nextWeek: shift(7), hasFree: grid.days.some((d) => d.state === 'open'),
    };
  }

  @Get('reservations/new')
  @SignedIn()
  @Render('reservations/new')
  async newForm(@CurrentUser() user: User, @Query('roomId') roomId: string, @Query('start') start: string, @Query('end') end: string | undefined) {
    const context = await bookingContext(this.availability, user, roomId, start);
    const wanted = typeof end === 'string' ? parseZonedIso(end)?.getTime() : undefined;
    const chosen = context.ends.find((e) => Date.parse(e.value) === wanted) ?? context.ends[0];
    return { ...context, values: { roomId, start, end: chosen?.value, headcount: 1, repeat: 'none', count: 4 }, errors: {} };
  }

  @Post('reservations')
  @SignedIn()
  @IdempotentForm()
  @FormView('reservations/new', async (req: Request, refs: ModuleRef) =>
    bookingContext(refs.get(AvailabilityService, { strict: false }), req.user!, req.body?.roomId, req.body?.start))
  async create(@CurrentUser() user: User, @Body() dto: BookingFormDto): Promise<FormAnswer> {
    const recurrence = recurrenceOf(dto.repeat, dto.count);
    const created = await this.bookings.create(user, {
      roomId: dto.roomId, start: dto.start, end: dto.end, headcount: dto.headcount, title: dto.title, notes: dto.notes,
      recurrence, skipConflicts: recurrence ? dto.skipConflicts : false,
    });
    const flash = created[0].status === 'pending' ? 'reservations.flash_pending' : 'reservations.flash_confirmed';
    return { url: `/reservations/${created[0].id}`, flash: { key: flash, params: { count: created.length } } };
  }

  @Get('reservations')
  @SignedIn()
  @Render('reservations/index')
  async mine(@CurrentUser() user: User, @Req() req: Request, @Query('all') all: string | undefined) {
    const { upcoming, past, cancelled } = await this.reservations.mine(user);
    const now = new Date();
    // Busy creators hold hundreds of bookings: each list shows its first few, and one link opens it whole.
    const section = (key: 'upcoming' | 'past' | 'cancelled', rows: Reservation[], size: number) => ({
      key, total: rows.length, all: all === key, items: all === key ? rows : rows.slice(0, size),
    });
    for (const r of upcoming) Object.assign(r, { cancellable: r.startAt > now && !r.eventId });
    return {
      title: req.t('reservations.mine_title'),
      sections: [section('upcoming', upcoming, 20), section('past', past, 10), section('cancelled', cancelled, 10)],
    };
  }

  @Get('reservations/:id')
  @SignedIn()
  @Render('reservations/show')
  async show(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const reservation = await this.reservations.getVisible(user, id);
    const history = await this.reservations.history(user, id);
    const active = ACTIVE_STATUSES.includes(reservation.status);
    const isOwner = reservation.creatorId === user.id;
    const timezone = reservation.room.venue.timezone;
    const manages = await this.venues.canManage(user, reservation.venueId);
    const rule = reservation.kind === 'booking' && !reservation.eventId ? reservation.room.checkInMinutes : null;
    return {
      now: new Date(),
      checkIn: {
        rule, open: (isOwner || manages) && showsCheckIn(reservation, rule, new Date()),
        window: rule ? checkInWindow(reservation.startAt, rule) : null,
      },
      title: reservation.title, reservation, room: reservation.room, venue: reservation.room.venue, timezone,
      history, isOwner, manages,
      canCancel: isOwner && active && !reservation.eventId && reservation.startAt > new Date(),
      weekOfStart: mondayOf(DateTime.fromJSDate(reservation.startAt, { zone: luxonZone(timezone) }).toISODate()!),
    };
  }

  /** The creator cancels (until it starts; the service decides); a refusal comes back as a message on the page. */
  @Post('reservations/:id/cancel')
  @SignedIn()
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelFormDto, @Res() res: Response) {
    try {
      const cancelled = await this.changes.cancel(user, id, dto.reason ?? null, dto.scope ?? 'one');
      setFlash(res, 'reservations.flash_cancelled', { count: cancelled.length });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      setFlash(res, `errors.${error.code}`, error.params, 'error');
    }
    res.redirect(303, dto.back === 'list' ? '/reservations' : `/reservations/${id}`);
  }
}
