import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, Roles, SignedIn } from '../common/auth.decorators.js';
import { DomainError, ForbiddenError, ValidationError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { isValidIsoDate, luxonZone, todayIn, zoneLabel } from '../common/time.js';
import { minutesOf } from '../venues/opening-hours.js';
import { VenuesService } from '../venues/venues.service.js';
import { ACTIVE_STATUSES } from './reservation.entity.js';
import { DecisionFormDto, RejectFormDto } from './reservations-pages.dto.js';
import { BlockFormDto, CancelReservationDto, MoveFormDto } from './reservations.dto.js';
import { AvailabilityService } from './availability.service.js';
import { BookingsService } from './bookings.service.js';
import { ReservationChangesService } from './reservation-changes.service.js';
import { ReservationsService } from './reservations.service.js';
import { buildDayColumns, mondayOf, roomDay } from './week-grid.js';
import { releaseAt, roomNow } from './check-in.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import type { Reservation } from './reservation.entity.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "YYYY-MM-DD" + "HH:mm" read in the venue's zone, as ISO with offset; field errors when either is malformed. */
function zonedFromForm(date: string, from: string, to: string, zone: string): { start: string; end: string } {
  const fields = [];
  if (!isValidIsoDate(date)) fields.push({ field: 'date', code: 'date' });
  if (!HHMM.test(from)) fields.push({ field: 'from', code: 'time' });
  if (!HHMM.test(to)) fields.push({ field: 'to', code: 'time' });
  if (fields.length) throw new ValidationError(fields);
  const z = luxonZone(zone);
  const iso = (time: string) => DateTime.fromISO(`${date}T${time}`, { zone: z }).toISO({ suppressMilliseconds: true })!;
  return { start: iso(from), end: iso(to) };
}

/** The service names the API's fields (start, end); the manager's forms call them from and to. */
function onTheForm(error: unknown): never {
  if (error instanceof DomainError) for (const f of error.fields) f.field = f.field === 'start' ? 'from' : f.field === 'end' ? 'to' : f.field;
  throw error;
}

async function blockContext(service: AvailabilityService, user: User, roomId: number) {
  const ctx = await service.roomContext(roomId, user);
  return { room: ctx.room, venue: ctx.venue, zone: zoneLabel(ctx.venue.timezone), timezone: ctx.venue.timezone };
}

/** The manage page of one reservation; 404 for an unknown id, 403 unless the user manages its venue. */
async function manageContext(service: ReservationsService, venues: VenuesService, user: User, id: number) {
  const reservation = await service.get(id);
  if (!(await venues.canManage(user, reservation.venueId))) throw new ForbiddenError('not_venue_manager');
  const history = await service.history(user, id);
  const zone = reservation.room.venue.timezone;
  const start = DateTime.fromJSDate(reservation.startAt, { zone: luxonZone(zone) });
  const end = DateTime.fromJSDate(reservation.endAt, { zone: luxonZone(zone) });
  const changeable = ACTIVE_STATUSES.includes(reservation.status) && !reservation.eventId;
  const [{ noShows }] = await service.withNoShowCounts([reservation as Reservation & { room: Room & { venue: Venue } }]);
  return {
    noShows,
    title: reservation.title, reservation, room: reservation.room, venue: reservation.room.venue, timezone: zone, zone: zoneLabel(zone),
    history, changeable, isOwn: reservation.creatorId === user.id,
    venueRooms: changeable ? await service.venueRooms(reservation.venueId) : [],
    moveValues: { roomId: reservation.roomId, date: start.toISODate(), from: start.toFormat('HH:mm'), to: end.toFormat('HH:mm') },
  };
}

const manageContextLoader = (req: Request, refs: ModuleRef) =>
  manageContext(refs.get(ReservationsService, { strict: false }), refs.get(VenuesService, { strict: false }), req.user!, Number(req.params.id));

/** Manager pages of the reservation engine: the venue's day and week grid, the approval queue, blocks and moves. */
@ApiExcludeController()
@Controller('manage')
@SignedIn()
export class ReservationsManageController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly venues: VenuesService,
    private readonly availability: AvailabilityService,
    private readonly bookings: BookingsService,
    private readonly changes: ReservationChangesService,
  ) {}

  /**
   * The venue's rooms side by side: a day (rows of time) or an ISO week from Monday (a list per room and day), and
   * for phones the focus day alone with previous and next. `date` is the focus day (default today at the venue).
   */
  @Get('venues/:id/schedule')
  @Render('manage/schedule')
  async schedule(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query('date') date: string | undefined, @Query('view') view: string | undefined) {
    const week = view === 'week';
    const s = await this.reservations.schedule(user, id, date && isValidIsoDate(date) ? date : undefined, week ? 'week' : 1);
    const { focus, fromDate: from } = s;
    const today = todayIn(s.zone);
    const zone = luxonZone(s.zone);
    const now = new Date();
    const plus = (day: string, days: number) => DateTime.fromISO(day, { zone }).plus({ days }).toISODate()!;
    const itemsOf = (roomId: number, day: string) => s.reservations.filter((r) => r.roomId === roomId
      && r.startAt < DateTime.fromISO(day, { zone }).plus({ days: 1 }).toJSDate() && r.endAt > DateTime.fromISO(day, { zone }).toJSDate());
    const dayOf = (room: { id: number; minMinutes: number }, day: string) =>
      roomDay({ date: day, zone: s.zone, weekly: s.weekly, closures: s.closures, items: itemsOf(room.id, day), minMinutes: room.minMinutes, now });
    const base = {
      title: s.venue.name, venue: s.venue, zone: zoneLabel(s.zone), timezone: s.zone, rooms: s.rooms, date: focus, view: week ? 'week' : 'day', today, now,
      previous: week ? plus(from, -7) : plus(focus, -1), next: week ? plus(from, 7) : plus(focus, 1),
      previousDay: plus(focus, -1), nextDay: plus(focus, 1),
      agenda: s.rooms.map((room) => ({ room, day: dayOf(room, focus) })),
    };
    if (week) {
      const days = Array.from({ length: 7 }, (_, i) => plus(from, i));
      return { ...base, days, cells: s.rooms.map((room) => ({ room, days: days.map((d) => ({ date: d, ...dayOf(room, d) })) })) };
    }
    const ranges = Object.values(s.weekly).flat();
    const step = Math.min(30, ...s.rooms.map((r) => r.slotMinutes));
    const startMin = ranges.length ? Math.min(...ranges.map((r) => minutesOf(r.opens))) : 8 * 60;
    const endMin = ranges.length ? Math.max(...ranges.map((r) => minutesOf(r.closes))) : 17 * 60;
    const rows = buildDayColumns({
      date: focus, zone: s.zone, firstMinute: startMin, lastMinute: endMin, step, roomIds: s.rooms.map((r) => r.id), items: s.reservations,
      weekly: s.weekly, closures: s.closures, now,
    });
    // Today: what each room is doing now (in use, waiting for check-in, released, free), and today's releases.
    const board = focus === today ? s.rooms.map((room) => {
      const mine = [...s.reservations, ...s.released].filter((r) => r.roomId === room.id && r.kind === 'booking');
      const state = roomNow(mine, room.checkInMinutes, now);
      const deadline = state.booking && room.checkInMinutes ? releaseAt(state.booking.startAt, room.checkInMinutes) : null;
      return { room, ...state, deadline, released: s.released.filter((r) => r.roomId === room.id) };
    }) : null;
    return { ...base, rows, board, dayState: dayOf({ id: -1, minMinutes: 0 }, focus) };
  }

  @Get('approvals')
  @Roles('admin', 'manager')
  @Render('manage/approvals')
  async approvals(@CurrentUser() user: User, @Req() req: Request) {
    return { title: req.t('manage_reservations.approvals_title'), pending: await this.pendingWithCounts(user) };
  }

  private async pendingWithCounts(user: User) {
    return this.reservations.withNoShowCounts(await this.reservations.pending(user) as Array<Reservation & { room: Room & { venue: Venue } }>);
  }

  /** A reservation as the venue's managers see it: who booked, its history, cancel with a reason, move. */
  @Get('reservations/:id')
  @Render('manage/reservation')
  async reservation(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return { ...(await manageContext(this.reservations, this.venues, user, id)), values: {}, errors: {} };
  }

  @Post('reservations/:id/approve')
  @Roles('admin', 'manager')
  async approve(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: DecisionFormDto, @Res() res: Response) {
    await this.flashing(res, async () => {
      const row = await this.changes.approve(user, id);
      setFlash(res, 'manage_reservations.flash_approved', { title: row.title });
    });
    res.redirect(303, dto.back === 'detail' ? `/manage/reservations/${id}` : '/manage/approvals');
  }

  @Post('reservations/:id/reject')
  @Roles('admin', 'manager')
  async reject(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: RejectFormDto, @Req() req: Request, @Res() res: Response) {
    // A missing reason comes back on the page it was typed on, next to the reason field.
    req.formView = dto.back === 'detail' ? 'manage/reservation' : 'manage/approvals';
    req.formContext = dto.back === 'detail' ? () => manageContext(this.reservations, this.venues, user, id)
      : async () => ({ title: req.t('manage_reservations.approvals_title'), pending: await this.pendingWithCounts(user) });
    await this.flashing(res, async () => {
      const row = await this.changes.reject(user, id, dto.reason);
      setFlash(res, 'manage_reservations.flash_rejected', { title: row.title });
    }, (error) => error.fields.some((f) => f.field === 'reason'));
    res.redirect(303, dto.back === 'detail' ? `/manage/reservations/${id}` : '/manage/approvals');
  }

  /** A manager cancels someone's booking; the reason (required by the service) is sent to its creator. */
  @Post('reservations/:id/cancel')
  @FormView('manage/reservation', manageContextLoader)
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelReservationDto, @Res() res: Response) {
    await manageContext(this.reservations, this.venues, user, id);
    const cancelled = await this.changes.cancel(user, id, dto.reason ?? null, dto.scope ?? 'one');
    setFlash(res, 'reservations.flash_cancelled', { count: cancelled.length });
    res.redirect(303, `/manage/reservations/${id}`);
  }

  /** Another room of the venue and/or another local date and time; a taken slot re-renders the page naming it. */
  @Post('reservations/:id/move')
  @FormView('manage/reservation', manageContextLoader)
  async move(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: MoveFormDto, @Res() res: Response) {
    const { timezone } = await manageContext(this.reservations, this.venues, user, id);
    const times = zonedFromForm(dto.date, dto.from, dto.to, timezone);
    await this.changes.move(user, id, { roomId: dto.roomId, ...times }).catch(onTheForm);
    setFlash(res, 'manage_reservations.flash_moved');
    res.redirect(303, `/manage/reservations/${id}`);
  }

  @Get('rooms/:id/blocks/new')
  @Render('manage/block')
  async blockForm(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query('date') date: string | undefined) {
    const context = await blockContext(this.availability, user, id);
    if (!(await this.venues.canManage(user, context.venue.id))) throw new ForbiddenError('not_venue_manager');
    return { ...context, title: context.room.name, values: { date: date && isValidIsoDate(date) ? date : todayIn(context.timezone), from: '08:00', to: '10:00' }, errors: {} };
  }

  @Post('rooms/:id/blocks')
  @FormView('manage/block', async (req: Request, refs: ModuleRef) => blockContext(refs.get(AvailabilityService, { strict: false }), req.user!, Number(req.params.id)))
  async block(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: BlockFormDto, @Res() res: Response) {
    const context = await blockContext(this.availability, user, id);
    if (!(await this.venues.canManage(user, context.venue.id))) throw new ForbiddenError('not_venue_manager');
    const times = zonedFromForm(dto.date, dto.from, dto.to, context.timezone);
    const { cancelled } = await this.bookings.block(user, id, { ...times, reason: dto.reason, cancelAffected: dto.cancelAffected }).catch(onTheForm);
    setFlash(res, 'manage_reservations.flash_blocked', { count: cancelled.length });
    res.redirect(303, `/manage/venues/${context.venue.id}/schedule?date=${dto.date}`);
  }

  /** Runs a change; a refused one (403 stays an error page) becomes a flash message on the page the manager returns to. */
  private async flashing(res: Response, work: () => Promise<void>, onThePage: (error: DomainError) => boolean = () => false): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404 || error.status === 403 || error.status === 401 || onThePage(error)) throw error;
      const field = error.fields[0];
      if (error.code === 'validation_failed' && field) setFlash(res, field.code.includes('.') ? field.code : `validation.${field.code}`, { field: field.field, ...(field.params ?? {}) }, 'error');
      else setFlash(res, `errors.${error.code}`, error.params, 'error');
    }
  }
}
