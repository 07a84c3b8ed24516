import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { errorBody } from '../common/app-exception.filter.js';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { ValidationError } from '../common/errors.js';
import { translator } from '../common/i18n.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { formatLocalDate, todayIn, zoneLabel } from '../common/time.js';
import { ROOM_KINDS } from '../rooms/room.entity.js';
import { reportCsv, reportXlsx } from './report-export.js';
import type { Report } from './report-model.js';
import { reportTables } from './report-tables.js';
import { reportView } from './report-view.js';
import { ReportsService } from './reports.service.js';

type Format = 'html' | 'csv' | 'xlsx';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query as the period picker and filters keep it, without empty fields; reused for the download links. */
const queryString = (query: Record<string, unknown>, keys: string[]): string => {
  const params = new URLSearchParams();
  for (const key of keys) if (typeof query[key] === 'string' && query[key]) params.set(key, query[key] as string);
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * Report pages and their downloads. A bad period on the page shows the picker again with its messages (and this
 * month's report); downloads and the API answer it with a 400.
 */
@ApiExcludeController()
@Controller('manage')
@Roles('admin', 'manager')
export class ReportsPagesController {
  constructor(private readonly reports: ReportsService) {}

  @Get('venues/:id/report')
  venuePage(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.venue(user, id, 'html', query, req, res);
  }

  @Get('venues/:id/report.csv')
  venueCsv(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.venue(user, id, 'csv', query, req, res);
  }

  @Get('venues/:id/report.xlsx')
  venueXlsx(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.venue(user, id, 'xlsx', query, req, res);
  }

  @Get('reports')
  @Roles('admin')
  networkPage(@CurrentUser() user: User, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.network(user, 'html', query, req, res);
  }

  @Get('reports.csv')
  @Roles('admin')
  networkCsv(@CurrentUser() user: User, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.network(user, 'csv', query, req, res);
  }

  @Get('reports.xlsx')
  @Roles('admin')
  networkXlsx(@CurrentUser() user: User, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.network(user, 'xlsx', query, req, res);
  }

  private async venue(user: User, id: number, format: Format, query: Record<string, unknown>, req: Request, res: Response) {
    const load = (q: Record<string, unknown>) => this.reports.venueReport(user, id, q);
    const { result, errors } = await this.withPeriod(format, query, req, load);
    const { venue, report } = result;
    const t = translator(req.locale);
    const heading = [venue.name, `${venue.city}, ${venue.province}`, `${report.period.from} – ${report.period.to} (${zoneLabel(venue.timezone)})`];
    if (format !== 'html') return this.download(res, format, `laporan-${venue.code.toLowerCase()}-${report.period.from}-${report.period.to}`, heading, report, req, false);
    const qs = queryString(query, ['period', 'from', 'to']);
    res.render('reports/venue', {
      title: `${t('reports.venue_title')} · ${venue.name}`, venue, today: todayIn(venue.timezone), zone: zoneLabel(venue.timezone), tab: 'report', report, errors,
      view: reportView(report, t, req.locale, false), values: this.periodValues(report, query),
      periodLabel: this.periodLabel(report, req), downloads: { csv: `/manage/venues/${venue.id}/report.csv${qs}`, xlsx: `/manage/venues/${venue.id}/report.xlsx${qs}` },
    });
  }

  private async network(user: User, format: Format, query: Record<string, unknown>, req: Request, res: Response) {
    const { result, errors } = await this.withPeriod(format, query, req, (q) => this.reports.networkReport(user, q));
    const { filters, report } = result;
    const t = translator(req.locale);
    const heading = [t('reports.network_title'), `${report.period.from} – ${report.period.to}`, ...(filters.province ? [filters.province] : [])];
    if (format !== 'html') return this.download(res, format, `laporan-jaringan-${report.period.from}-${report.period.to}`, heading, report, req, true);
    const qs = queryString(query, ['period', 'from', 'to', 'province', 'venueId', 'roomKind']);
    const options = await this.reports.networkOptions();
    res.render('reports/network', {
      title: t('reports.network_title'), today: todayIn('Asia/Jakarta'), report, errors, filters, view: reportView(report, t, req.locale, true),
      values: { ...this.periodValues(report, query), province: filters.province ?? '', venueId: filters.venueId ?? '', roomKind: filters.roomKind ?? '' },
      provinces: options.provinces, venues: options.venues, roomKinds: ROOM_KINDS,
      periodLabel: this.periodLabel(report, req), downloads: { csv: `/manage/reports.csv${qs}`, xlsx: `/manage/reports.xlsx${qs}` },
    });
  }

  /** Runs the report; on the page a bad period falls back to this month with the messages shown beside the picker. */
  private async withPeriod<T>(format: Format, query: Record<string, unknown>, req: Request, load: (q: Record<string, unknown>) => Promise<T>) {
    try {
      return { result: await load(query), errors: {} as Record<string, string[]> };
    } catch (error) {
      if (!(error instanceof ValidationError) || format !== 'html' || !['period', 'from', 'to'].some((f) => error.fields.some((e) => e.field === f))) throw error;
      const rest = { ...query, period: undefined, from: undefined, to: undefined };
      return { result: await load(rest), errors: errorBody(req, error).fields };
    }
  }

  private periodValues(report: Report, query: Record<string, unknown>) {
    return { period: report.period.preset, from: typeof query.from === 'string' && query.from ? query.from : report.period.from, to: typeof query.to === 'string' && query.to ? query.to : report.period.to };
  }

  private periodLabel(report: Report, req: Request): string {
    return `${formatLocalDate(report.period.from, req.locale)} – ${formatLocalDate(report.period.to, req.locale)}`;
  }

  private async download(res: Response, format: 'csv' | 'xlsx', name: string, heading: string[], report: Report, req: Request, network: boolean) {
    const tables = reportTables(report, translator(req.locale), req.locale, network);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(reportCsv(heading, tables));
      return;
    }
    res.type(XLSX).attachment(`${name}.xlsx`).send(await reportXlsx(tables));
  }
}
