import { Controller, Get, Post, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AppConfig } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { InjectConfig } from '../common/config.provider.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { VenuesService } from '../venues/venues.service.js';
import { CalendarService } from './calendar.service.js';
import { webcalUrl } from './ics.js';

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

  @Get()
  @Render('calendar/feeds')
  async page(@CurrentUser() user: User) {
    return { hasFeed: await this.calendars.hasFeed(user), feeds: null };
  }

  @Post()
  @Render('calendar/feeds')
  async regenerate(@CurrentUser() user: User) {
    const token = await this.calendars.regenerateFeedToken(user);
    const https = `${this.config.publicBaseUrl}/feeds/${token}/mine.ics`;
    const venueIds = await this.venues.managedVenueIds(user);
    const rooms = (await Promise.all(venueIds.map((id) => this.reservations.venueRooms(id)))).flat();
    return {
      hasFeed: true,
      feeds: {
        https, webcal: webcalUrl(https),
        google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcalUrl(https))}`,
        outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent('Ruang Kreatif')}`,
        rooms: rooms.map((r) => ({ name: r.name, url: webcalUrl(`${this.config.publicBaseUrl}/feeds/${token}/rooms/${r.id}.ics`) })),
      },
    };
  }
}
