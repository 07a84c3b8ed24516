import { applyDecorators, Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { EventsService } from '../events/events.service.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { CalendarService } from './calendar.service.js';
import { etagOf, type RenderedCalendar } from './feed-cache.js';

/** The answer of every calendar route: a file, or 304 to a conditional request for an unchanged one. */
const CalendarFile = () => applyDecorators(
  ApiOkResponse({ description: 'An iCalendar file', content: { 'text/calendar': { schema: { type: 'string' } } } }),
  ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match' }),
);

/**
 * .ics downloads and subscription feeds. Answers conditional requests: an unchanged calendar is a 304, so calendar
 * apps polling a feed cost one hash.
 */
@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly reservations: ReservationsService,
  ) {}

  private send(req: Request, res: Response, calendar: string | RenderedCalendar, filename: string, cache: string): void {
    const { body, etag } = typeof calendar === 'string' ? { body: calendar, etag: etagOf(calendar) } : calendar;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', cache);
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.type('text/calendar; charset=utf-8').setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.send(body);
  }

  @Get('events/:id/calendar.ics')
  @CalendarFile()
  async event(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const { event } = await this.events.get(id, null);
    this.send(req, res, this.calendars.file(event.title, this.calendars.eventItems(event)), `acara-${id}.ics`, 'public, max-age=300');
  }

  @Get('venues/:id/events.ics')
  @CalendarFile()
  async venueFeed(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    this.send(req, res, await this.calendars.venueFeed(id), `lokasi-${id}-acara.ics`, 'public, max-age=300');
  }

  /** The attendee's own calendar entry, from the secret manage link (private: never cached by proxies). */
  @Get('registrations/:token/calendar.ics')
  @CalendarFile()
  async registration(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const { registration } = await this.registrations.byToken(token);
    const { event } = await this.events.getForAttendee(registration.eventId);
    this.send(req, res, this.calendars.file(event.title, this.calendars.registrationItems(registration, event)), `tiket-${registration.ticketCode}.ics`, 'private, no-store');
  }

  /** Personal feeds: the secret is in the path (calendar apps send no cookies); never cached by shared proxies. */
  @Get('feeds/:token/mine.ics')
  @CalendarFile()
  async personal(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    this.send(req, res, await this.calendars.personalFeed(token), 'ruang-kreatif.ics', 'private, max-age=300');
  }

  /** An attendee's feed of one registration (no account needed), made from the manage link. */
  @Get('feeds/:token/ticket.ics')
  @CalendarFile()
  async ticket(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    this.send(req, res, await this.calendars.ticketFeed(token), 'tiket.ics', 'private, max-age=300');
  }

  @Get('feeds/:token/rooms/:id.ics')
  @CalendarFile()
  async room(@Param('token') token: string, @Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    this.send(req, res, await this.calendars.roomFeed(token, id), `ruang-${id}.ics`, 'private, max-age=300');
  }

  @Get('reservations/:id/calendar.ics')
  @CalendarFile()
  @SignedIn()
  async reservation(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const reservation = await this.reservations.getVisible(user, id);
    this.send(req, res, this.calendars.file(reservation.title, [this.calendars.reservationItem(reservation, req.locale ?? 'id')]), `pemesanan-${id}.ics`, 'private, no-store');
  }
}
