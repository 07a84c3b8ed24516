import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { OptionalUser } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { todayIn, zoneLabel } from '../common/time.js';
import { AMENITIES, ROOM_KINDS } from '../rooms/room.entity.js';
import { hoursForDays } from './opening-hours.js';
import { VenueQueryDto } from './venues.dto.js';
import { VenuesService } from './venues.service.js';

@ApiExcludeController()
@Controller()
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  @Render('venues/index')
  async home(@Query() query: VenueQueryDto, @OptionalUser() user: User | null) {
    return this.listing(query, user, true);
  }

  @Get('venues')
  @Render('venues/index')
  async index(@Query() query: VenueQueryDto, @OptionalUser() user: User | null) {
    return this.listing(query, user, false);
  }

  @Get('venues/:id')
  @Render('venues/show')
  async show(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    const detail = await this.venues.detail(id, user);
    const today = todayIn(detail.venue.timezone);
    const closuresAhead = detail.closures.filter((c) => c.endDate >= today).slice(0, 8);
    return {
      title: detail.venue.name,
      ...detail,
      zone: zoneLabel(detail.venue.timezone),
      today,
      week: hoursForDays(today, 7, detail.weekly, detail.closures),
      closuresAhead,
      canManage: await this.venues.canManage(user, id),
    };
  }

  private async listing(query: VenueQueryDto, user: User | null, isHome: boolean) {
    const [page, places] = await Promise.all([this.venues.list(query, user), this.venues.places()]);
    return {
      isHome, query, page, places, roomKinds: ROOM_KINDS, amenities: AMENITIES,
      pages: Math.max(1, Math.ceil(page.total / page.pageSize)),
    };
  }
}
