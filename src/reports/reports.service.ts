import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { todayIn } from '../common/time.js';
import { ROOM_KINDS } from '../rooms/room.entity.js';
import { groupHours } from '../venues/opening-hours.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { resolvePeriod, type Period } from './period.js';
import { assembleReport, groupBy, type Report, type VenueInput } from './report-model.js';
import { ReportQueries, type ReportScope } from './reports.queries.js';

export interface PeriodQuery { period?: unknown; from?: unknown; to?: unknown }
export interface NetworkFilters { province: string | null; venueId: number | null; roomKind: string | null }

/** Zone whose "today" places the presets of the network report (most venues are in WIB). */
const NETWORK_ZONE = 'Asia/Jakarta';

/** Programme reports: room use from the daily roll-ups kept with every change, the rest read on demand (docs/decisions.md). */
@Injectable()
export class ReportsService {
  private readonly queries: ReportQueries;

  constructor(private readonly db: DataSource, private readonly venues: VenuesService, queries: ReportQueries) {
    this.queries = queries;
  }

  /** The report of one venue for its managers and admins; the period is in the venue's local dates. */
  async venueReport(user: User, venueId: number, query: PeriodQuery, now = new Date()): Promise<{ venue: Venue; report: Report }> {
    await this.venues.assertCanManage(user, venueId);
    const venue = await this.db.getRepository(Venue).findOneByOrFail({ id: venueId });
    const period = resolvePeriod(query, todayIn(venue.timezone, now));
    return { venue, report: await this.build([venue], null, period, now) };
  }

  /** The whole network's report (admins), optionally for one province, venue or room kind. */
  async networkReport(user: User, query: PeriodQuery & { province?: unknown; venueId?: unknown; roomKind?: unknown }, now = new Date()) {
    if (user.role !== 'admin') throw new ForbiddenError('admin_only');
    const period = resolvePeriod(query, todayIn(NETWORK_ZONE, now));
    const filters = parseFilters(query);
    // Only what the report shows of each venue: a network has 5,000 of them.
    const qb = this.db.getRepository(Venue).createQueryBuilder('v').select(['v.id', 'v.name', 'v.city', 'v.province', 'v.timezone']).orderBy('v.name', 'ASC');
    if (filters.province) qb.andWhere('v.province = :province', { province: filters.province });
    if (filters.venueId) qb.andWhere('v.id = :id', { id: filters.venueId });
    const venues = await qb.getMany();
    if (filters.venueId && !venues.length && !(await this.db.getRepository(Venue).existsBy({ id: filters.venueId }))) throw new NotFoundError('venue_not_found');
    return { filters, report: await this.build(venues, filters.roomKind, period, now) };
  }

  /** Provinces and venues the network filters offer. */
  async networkOptions(): Promise<{ provinces: string[]; venues: Array<{ id: number; name: string; province: string }> }> {
    const venues = await this.db.getRepository(Venue).find({ select: { id: true, name: true, province: true }, order: { name: 'ASC' } });
    return { provinces: [...new Set(venues.map((v) => v.province))].sort(), venues };
  }

  private async build(venues: Array<Pick<Venue, 'id' | 'name' | 'city' | 'province' | 'timezone'>>, roomKind: string | null, period: Period, now: Date): Promise<Report> {
    const venueIds = venues.map((v) => v.id);
    const scope: ReportScope = { venueIds, roomKind };
    const q = this.queries;
    const [{ rooms, hours, closures }, use, eventKinds, promotions, reach] = await Promise.all([
      q.inputs(scope, period), q.use(scope, period), q.eventKinds(scope, period, now), q.promotions(scope, period), q.reach(scope, period),
    ]);
    const hoursOf = groupBy(hours, (h) => h.venueId);
    const closuresOf = groupBy(closures, (c) => c.venueId);
    const inputs: VenueInput[] = venues.map((v) => ({
      id: v.id, name: v.name, city: v.city, province: v.province, timezone: v.timezone,
      weekly: groupHours(hoursOf.get(v.id) ?? []), closures: closuresOf.get(v.id) ?? [],
    }));
    return assembleReport(period, inputs, rooms, {
      roomUse: use.rooms, heat: use.heat, statuses: use.statuses, reasons: use.reasons, history: use.history,
      eventKinds, promotions, reach: reach.reach, venueCreators: reach.venueCreators,
    }, now);
  }
}

function parseFilters(query: { province?: unknown; venueId?: unknown; roomKind?: unknown }): NetworkFilters {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const venueText = text(query.venueId);
  const roomKind = text(query.roomKind);
  const fields = [];
  if (venueText && !/^\d{1,9}$/.test(venueText)) fields.push({ field: 'venueId', code: 'report_venue' });
  if (roomKind && !(ROOM_KINDS as readonly string[]).includes(roomKind)) fields.push({ field: 'roomKind', code: 'report_room_kind' });
  if (fields.length) throw new ValidationError(fields);
  return { province: text(query.province)?.slice(0, 80) ?? null, venueId: venueText ? Number(venueText) : null, roomKind };
}
