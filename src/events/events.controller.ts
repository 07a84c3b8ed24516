import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CreatorProfilesService } from '../accounts/creator-profiles.service.js';
import type { User } from '../accounts/user.entity.js';
import { OptionalUser } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { registrationClosedReason } from './registration-window.js';
import type { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { EVENT_KINDS } from './event.entity.js';
import { EventQueryDto } from './events.dto.js';
import { EventsService } from './events.service.js';
import { renderMarkdown } from './markdown.js';

/** OpenStreetMap at the venue's pin, or a search on its address when it has none. */
export function mapUrl(venue: Venue): string {
  if (venue.latitude !== null && venue.longitude !== null) {
    return `https://www.openstreetmap.org/?mlat=${venue.latitude}&mlon=${venue.longitude}#map=17/${venue.latitude}/${venue.longitude}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${venue.address}, ${venue.city}, ${venue.province}`)}`;
}

/** Everything the event page shows; also what a refused registration re-renders with. */
export async function eventPageContext(events: EventsService, id: number, viewer: User | null, profiles: CreatorProfilesService) {
  const { event, counts, spotsLeft, canOrganise } = await events.get(id, viewer);
  const closedReason = registrationClosedReason({
    status: event.status, startsAt: event.startsAt, opensAt: event.registrationOpensAt, closesAt: event.registrationClosesAt, now: new Date(),
  });
  return {
    title: event.title, event, venue: event.venue, zone: event.venue.timezone, counts, spotsLeft, canOrganise, closedReason,
    descriptionHtml: renderMarkdown(event.description), mapUrl: mapUrl(event.venue),
    organiserName: event.organiser?.name ?? '', organiserProfile: await profiles.publicProfile(event.organiserId),
  };
}

/** Public event pages: the listing and one event (registering is the registrations feature's). */
@ApiExcludeController()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly venues: VenuesService,
    private readonly profiles: CreatorProfilesService,
  ) {}

  @Get()
  @Render('events/index')
  async index(@Query() query: EventQueryDto, @OptionalUser() user: User | null, @Req() req: Request) {
    const [page, places, mine] = await Promise.all([this.events.list(query), this.venues.places(), user ? this.events.organisedBy(user) : []]);
    const filters = new URLSearchParams();
    for (const key of ['q', 'province', 'city', 'kind', 'tag', 'from', 'to'] as const) if (query[key]) filters.set(key, String(query[key]));
    return {
      title: req.t('events.index.title'), query, page, places, kinds: EVENT_KINDS, mine,
      filterQuery: filters.size ? `${filters.toString()}&` : '',
      pages: Math.max(1, Math.ceil(page.total / page.pageSize)),
    };
  }

  @Get(':id')
  @Render('events/show')
  async show(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    return { ...(await eventPageContext(this.events, id, user, this.profiles)), values: { name: user?.name, email: user?.email }, errors: {} };
  }
}
