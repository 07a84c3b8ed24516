import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { join } from 'node:path';
import type { Locale } from '../../config/configuration.js';
import { formatRupiah } from './money.js';
import { randomToken } from './secrets.js';
import { PROJECT_ROOT } from './project-root.js';
import { formatClock, formatDate, formatShortDate, formatStamp, formatDateTime, formatInterval, formatLocalDate, formatTime, zoneLabel } from './time.js';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');

/** Nunjucks with autoescaping on; filters take the locale from the page context. Features add their own globals (`addCalendarGlobals`). */
export function configureViews(app: Express, watch: boolean): nunjucks.Environment {
  const env = nunjucks.configure(VIEWS_DIR, { autoescape: true, express: app, noCache: watch, throwOnUndefined: false });
  app.set('view engine', 'njk');
  app.set('views', VIEWS_DIR);
  type Ctx = { ctx: { locale?: Locale } };
  const locale = (self: Ctx): Locale => self.ctx.locale ?? 'id';
  env.addFilter('dateTime', function (this: Ctx, instant: Date | string, zone: string) { return formatDateTime(instant, zone, locale(this)); });
  env.addFilter('stamp', function (this: Ctx, instant: Date | string, zone: string) { return formatStamp(instant, zone, locale(this)); });
  env.addFilter('date', function (this: Ctx, instant: Date | string, zone: string) { return formatDate(instant, zone, locale(this)); });
  env.addFilter('time', function (this: Ctx, instant: Date | string, zone: string, withZone = true) { return formatTime(instant, zone, locale(this), withZone); });
  env.addFilter('localDate', function (this: Ctx, isoDate: string) { return formatLocalDate(isoDate, locale(this)); });
  env.addFilter('shortDate', function (this: Ctx, isoDate: string) { return formatShortDate(isoDate, locale(this)); });
  env.addFilter('clock', function (this: Ctx, hhmm: string) { return formatClock(hhmm, locale(this)); });
  env.addFilter('interval', function (this: Ctx, start: Date | string, end: Date | string, zone: string) { return formatInterval(start, end, zone, locale(this)); });
  env.addFilter('weekdayShort', function (this: Ctx, isoDate: string) { return formatShortDate(isoDate, locale(this)).split(',')[0]; });
  env.addFilter('dayOfMonth', (isoDate: string) => String(Number(isoDate.slice(8, 10))));
  env.addFilter('zoneLabel', (zone: string) => zoneLabel(zone));
  env.addFilter('rupiah', (amount: number) => formatRupiah(amount));
  env.addFilter('first', (list: unknown) => (Array.isArray(list) ? list[0] : list));
  // A fresh key at every render (a refused form re-rendered too): a double tap or re-post of one rendering is one write.
  env.addGlobal('newIdempotencyKey', () => randomToken(18));
  env.addGlobal('langUrl', (currentUrl: string, lang: Locale) => {
    const url = new URL(currentUrl, 'http://x');
    url.searchParams.set('lang', lang);
    return `${url.pathname}${url.search}`;
  });
  return env;
}
