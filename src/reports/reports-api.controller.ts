import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { zoneLabel } from '../common/time.js';
import type { Report } from './report-model.js';
import { NETWORK_REPORT_SCHEMA, REPORT_SCHEMA } from './report-schema.js';
import { NetworkReportQueryDto, ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** The report as JSON: minutes as integers, utilisation as a ratio (booked ÷ open, 0 when nothing is open). */
export const reportJson = (report: Report, withRooms: boolean) => ({
  from: report.period.from, to: report.period.to, days: report.period.days, generatedAt: report.generatedAt,
  totals: report.totals,
  ...(withRooms ? {
    rooms: report.rooms.map((r) => ({
      roomId: r.roomId, venueId: r.venueId, name: r.name, kind: r.kind, active: r.active, openMinutes: r.openMinutes,
      bookedMinutes: r.bookedMinutes, utilisation: r.utilisation, bookingMinutes: r.bookingMinutes, eventMinutes: r.eventMinutes,
      pendingMinutes: r.pendingMinutes, blockMinutes: r.blockMinutes, bookings: r.bookings,
    })),
  } : {}),
  roomKinds: report.roomKinds,
  venues: report.venues,
  heatmap: { weekdays: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h), bookedMinutes: report.heatmap.map((row) => row.map(Math.round)) },
  requests: report.requests,
  events: report.events,
  reach: report.reach,
});

@ApiTags('reports')
@Controller('api/reports')
@Roles('admin', 'manager')
export class ReportsApiController {
  constructor(private readonly reports: ReportsService) {}

  @Get('venues/:id')
  @ApiOperation({ summary: 'Report of one venue (its managers and admins): room utilisation, heatmap, requests, events, reach' })
  @ApiOkResponse({ description: 'The venue report; dates are the venue\'s local dates', schema: REPORT_SCHEMA })
  @ApiErrors(404)
  async venue(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() q: ReportQueryDto) {
    const { venue, report } = await this.reports.venueReport(user, id, q);
    return { venue: { id: venue.id, name: venue.name, city: venue.city, province: venue.province, timezone: venue.timezone, zone: zoneLabel(venue.timezone) }, ...reportJson(report, true) };
  }

  @Get('network')
  @Roles('admin')
  @ApiOperation({ summary: 'Report of the whole network (admins), optionally for one province, venue or room kind; dates are each venue\'s local dates' })
  @ApiOkResponse({ description: 'The network report; the per-room table only with `rooms=true`', schema: NETWORK_REPORT_SCHEMA })
  @ApiErrors(404)
  async network(@CurrentUser() user: User, @Query() q: NetworkReportQueryDto) {
    const { filters, report } = await this.reports.networkReport(user, { ...q, venueId: q.venueId === undefined ? undefined : String(q.venueId) });
    // Some 15,000 rooms over the whole network (5 MB of JSON): only for a caller who asks.
    return { filters, ...reportJson(report, q.rooms === true) };
  }
}
