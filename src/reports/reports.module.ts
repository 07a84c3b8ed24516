import { Module } from '@nestjs/common';
import { VenuesModule } from '../venues/venues.module.js';
import { ReportsApiController } from './reports-api.controller.js';
import { ReportsPagesController } from './reports-pages.controller.js';
import { ReportRollups } from './report-rollups.js';
import { ReportQueries } from './reports.queries.js';
import { ReportsService } from './reports.service.js';

/** Venue and network reports: pages, downloads and the JSON API, and the daily roll-ups they read. */
@Module({
  imports: [VenuesModule],
  controllers: [ReportsPagesController, ReportsApiController],
  providers: [ReportsService, ReportQueries, ReportRollups],
})
export class ReportsModule {}
