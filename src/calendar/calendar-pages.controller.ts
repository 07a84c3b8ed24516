import { Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { InjectConfig } from '../common/config.provider.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { VenuesService } from '../venues/venues.service.js';
import { CalendarService } from './calendar.service.js';
import { webcalUrl } from './ics.js';

/** The subscribe links for a feed URL: webcal (Apple Calendar, Outlook desktop), Google, Outlook.com. */
export function subscribeLinks(https: string, name: string) {
  return {
    https, webcal: webcalUrl(https),
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcalUrl(https))}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`,
  };
}

/** The account's calendar subscriptions: one secret URL, shown once when made, replaceable at any time. */
@ApiExcludeController()
@Controller('account/calendar')
@SignedIn()
export class CalendarPagesController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly venues: VenuesService,
    private readonly reservations: ReservationsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private readonly page = { action: '/account/calendar', back: { href: '/account', label: 'calendar.account' }, heading: 'calendar.title', lead: 'calendar.lead' };

  @Get()
  @Render('calendar/feeds')
  async show(@CurrentUser() user: User) {
    return { ...this.page, hasFeed: await this.calendars.hasFeed(user), feeds: null };
  }

  @Post()
  @Render('calendar/feeds')
  async regenerate(@CurrentUser() user: User) {
    const token = await this.calendars.regenerateFeedToken(user);
    const venueIds = await this.venues.managedVenueIds(user);
    const rooms = (await Promise.all(venueIds.map((id) => this.reservations.venueRooms(id)))).flat();
    return {
      ...this.page,
      hasFeed: true,
      feeds: {
        ...subscribeLinks(`${this.config.publicBaseUrl}/feeds/${token}/mine.ics`, 'Ruang Kreatif'),
        rooms: rooms.map((r) => ({ name: r.name, url: webcalUrl(`${this.config.publicBaseUrl}/feeds/${token}/rooms/${r.id}.ics`) })),
      },
    };
  }
}

/**
 * An attendee's subscription to their registration, from the secret manage link: the calendar entry then follows
 * every change of the event without another download. Shown once, replaceable; GET changes nothing.
 */
@ApiExcludeController()
@Controller('registrations/:token/calendar-feed')
export class TicketFeedPagesController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly registrations: RegistrationsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private async context(token: string, res: Response) {
    const { registration, event } = await this.registrations.byToken(token);
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
    return {
      registration, event, title: event.title, action: `/registrations/${encodeURIComponent(token)}/calendar-feed`,
      back: { href: `/registrations/${encodeURIComponent(token)}`, label: 'calendar.ticket_back' }, heading: 'calendar.ticket_title', lead: 'calendar.ticket_lead',
    };
  }

  @Get()
  @Render('calendar/feeds')
  async show(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    const context = await this.context(token, res);
    return { ...context, hasFeed: await this.calendars.hasTicketFeed(context.registration), feeds: null };
  }

  @Post()
  @Render('calendar/feeds')
  async regenerate(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    const context = await this.context(token, res);
    const feed = await this.calendars.regenerateTicketFeedToken(context.registration);
    return { ...context, hasFeed: true, feeds: { ...subscribeLinks(`${this.config.publicBaseUrl}/feeds/${feed}/ticket.ics`, context.event.title), rooms: [] } };
  }
}
