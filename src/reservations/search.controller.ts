import { Controller, Get, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { DomainError } from '../common/errors.js';
import { luxonZone, toZonedIso, zoneLabel } from '../common/time.js';
import { AMENITIES, ROOM_KINDS } from '../rooms/room.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { RoomSearchService } from './room-search.service.js';

type SearchQuery = Partial<Record<'date' | 'from' | 'to' | 'province' | 'city' | 'minCapacity' | 'roomKind' | 'amenity', string>>;

/** "Which rooms are free on Saturday afternoon in my city?": the network search page. */
@ApiExcludeController()
@Controller('search')
export class SearchController {
  constructor(private readonly roomSearch: RoomSearchService, private readonly venues: VenuesService) {}

  @Get()
  @Render('reservations/search')
  async search(@Query() query: SearchQuery, @Req() req: Request) {
    const saturday = DateTime.now().setZone(luxonZone('Asia/Jakarta')).plus({ days: 1 });
    const nextSaturday = saturday.plus({ days: (6 - saturday.weekday + 7) % 7 }).toISODate()!;
    const values = { date: nextSaturday, from: '13:00', to: '16:00', ...Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v !== '')) } as Record<string, string>;
    const base = { title: req.t('search.title'), values, errors: {} as Record<string, string[]>, places: await this.venues.places(), roomKinds: ROOM_KINDS, amenities: AMENITIES, searched: false, results: [] as unknown[] };
    if (!query.date) return base;
    try {
      const minCapacity = values.minCapacity ? Number(values.minCapacity) : undefined;
      const found = await this.roomSearch.search({
        date: values.date, from: values.from, to: values.to, province: values.province, city: values.city,
        minCapacity: Number.isInteger(minCapacity) && minCapacity! > 0 ? minCapacity : undefined,
        roomKind: ROOM_KINDS.includes(values.roomKind as never) ? values.roomKind : undefined,
        amenity: values.amenity,
      });
      return {
        ...base, searched: true,
        results: found.map(({ room, venue, window }) => ({
          room, venue, zone: zoneLabel(venue.timezone), timezone: venue.timezone, start: toZonedIso(window.start, venue.timezone), end: toZonedIso(window.end, venue.timezone), window,
        })),
      };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 400) throw error;
      const errors: Record<string, string[]> = {};
      for (const f of error.fields) (errors[f.field] ??= []).push(req.t(f.code.includes('.') ? f.code : `validation.${f.code}`, f.params));
      return { ...base, errors, formError: error.fields.length ? null : req.t(`errors.${error.code}`, error.params) };
    }
  }
}
