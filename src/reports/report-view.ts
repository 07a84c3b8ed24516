import type { Translator } from '../common/i18n.js';
import { formatWeekday } from '../common/time.js';
import type { Locale } from '../../config/configuration.js';
import { barChart, heatmapChart, type BarPattern } from './charts.js';
import { peakOf } from './heatmap.js';
import type { Report } from './report-model.js';
import { hours, percent, reportTables } from './report-tables.js';

/** Rows the network page lists of its longest tables (rooms, venues); the downloads hold them all. */
export const PAGE_ROWS = 50;

const number = (locale: Locale, value: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(value);

/** What a report page shows: headline figures, four charts each with a title and a summary in words, and the tables. */
export function reportView(report: Report, t: Translator, locale: Locale, network: boolean) {
  const n = (value: number) => number(locale, value);
  const pct = (ratio: number) => `${n(percent(ratio))}%`;
  const totals = report.totals;

  const roomItems = (network ? report.venues.slice(0, 12).map((v) => ({ label: v.name, ratio: v.utilisation, booked: v.bookedMinutes, open: v.openMinutes }))
    : report.rooms.map((r) => ({ label: r.name, ratio: r.utilisation, booked: r.bookedMinutes, open: r.openMinutes })));
  const busiest = [...roomItems].sort((a, b) => b.ratio - a.ratio)[0];
  const utilisationChart = barChart(roomItems.map((i) => ({
    label: i.label, value: i.ratio, text: `${pct(i.ratio)} · ${n(hours(i.booked))}/${n(hours(i.open))} ${t('reports.hours_short')}`,
  })), 1);

  const heat = heatmapChart(report.heatmap);
  const peak = peakOf(report.heatmap);

  const r = report.requests;
  const requestItems: Array<{ label: string; value: number; pattern: BarPattern }> = [
    { label: t('reports.requests.made'), value: r.made, pattern: 'solid' },
    { label: t('reports.requests.confirmed'), value: r.confirmed, pattern: 'solid' },
    { label: t('reports.requests.pending'), value: r.pending, pattern: 'dots' },
    { label: t('reports.requests.rejected'), value: r.rejected, pattern: 'cross' },
    { label: t('reports.requests.cancelled'), value: r.cancelled, pattern: 'stripes' },
    ...(r.noShows ? [{ label: t('reports.requests.no_shows'), value: r.noShows, pattern: 'cross' as const }] : []),
  ];
  const requestsChart = barChart(requestItems.map((i) => ({ ...i, text: n(i.value) })));
  const lateCancellations = r.cancelledByLead.after_start + r.cancelledByLead.under_24h;

  const sectors: Array<{ label: string; value: number; text: string; pattern: BarPattern }> = report.reach.bySector.map((s) => ({ label: s.key === 'unknown' ? t('reports.unknown') : t(`profile.sectors.${s.key}`), value: s.count, text: n(s.count), pattern: 'solid' as const }));
  if (report.reach.notCounted) sectors.push({ label: t('reports.reach.not_counted'), value: report.reach.notCounted, text: n(report.reach.notCounted), pattern: 'stripes' });
  const reachChart = barChart(sectors);
  const topSector = report.reach.bySector[0];

  return {
    headline: [
      { label: t('reports.kpi.utilisation'), value: pct(totals.utilisation), note: t('reports.kpi.utilisation_note', { booked: n(hours(totals.bookedMinutes)), open: n(hours(totals.openMinutes)) }) },
      { label: t('reports.kpi.bookings'), value: n(totals.bookings), note: t('reports.kpi.pending_note', { hours: n(hours(totals.pendingMinutes)) }) },
      { label: t('reports.kpi.creators'), value: n(report.reach.creators), note: t('reports.kpi.first_time_note', { count: n(report.reach.firstTime) }) },
      { label: t('reports.kpi.events'), value: n(report.events.totals.events), note: t('reports.kpi.registrations_note', { count: n(report.events.totals.registrations) }) },
      { label: t('reports.kpi.show_up'), value: report.events.totals.showUpRate === null ? '–' : pct(report.events.totals.showUpRate), note: t('reports.kpi.check_ins_note', { count: n(report.events.totals.checkIns) }) },
    ],
    charts: {
      utilisation: {
        chart: utilisationChart,
        title: network ? t('reports.charts.utilisation_venues') : t('reports.charts.utilisation_rooms'),
        summary: busiest ? t('reports.summary.utilisation', { percent: pct(totals.utilisation), booked: n(hours(totals.bookedMinutes)), open: n(hours(totals.openMinutes)), top: busiest.label, topPercent: pct(busiest.ratio) })
          : t('reports.summary.no_rooms'),
        apart: t('reports.summary.apart', { pending: n(hours(totals.pendingMinutes)), blocked: n(hours(totals.blockMinutes)), holidays: n(hours(totals.holidayMinutes)), closures: n(hours(totals.closureMinutes)) }),
      },
      heatmap: {
        chart: heat,
        weekdays: [1, 2, 3, 4, 5, 6, 7].map((d) => formatWeekday(d, locale)),
        title: t('reports.charts.heatmap'),
        summary: peak ? t('reports.summary.heatmap', { weekday: formatWeekday(peak.weekday + 1, locale), hour: String(peak.hour).padStart(2, '0'), hours: n(hours(peak.minutes)) })
          : t('reports.summary.heatmap_empty'),
        legend: [0, ...heat.levels].map((bound, level) => ({
          level, text: level === 0 ? t('reports.legend.none')
            : heat.levels.at(-1)! > 180 ? t('reports.legend.up_to_hours', { hours: n(hours(bound)) }) : t('reports.legend.up_to', { minutes: n(bound) }),
        })),
      },
      requests: {
        chart: requestsChart,
        title: t('reports.charts.requests'),
        summary: t('reports.summary.requests', { made: n(r.made), confirmed: n(r.confirmed), rejected: n(r.rejected), cancelled: n(r.cancelled), late: n(lateCancellations) }),
      },
      reach: {
        chart: reachChart,
        title: t('reports.charts.reach'),
        summary: t('reports.summary.reach', { creators: n(report.reach.creators), firstTime: n(report.reach.firstTime), counted: n(report.reach.counted), notCounted: n(report.reach.notCounted) })
          + (topSector ? ` ${t('reports.summary.top_sector', { sector: topSector.key === 'unknown' ? t('reports.unknown') : t(`profile.sectors.${topSector.key}`), count: n(topSector.count) })}` : ''),
      },
    },
    tables: reportTables(report, t, locale, network, PAGE_ROWS),
  };
}
