import type { Translator } from '../common/i18n.js';
import { formatWeekday } from '../common/time.js';
import type { Locale } from '../../config/configuration.js';
import { LEAD_BUCKETS } from './lead-time.js';
import type { Breakdown, Report } from './report-model.js';

/** One table of a report: the same rows on the page (for screen readers), in the CSV and as one XLSX sheet. */
export interface ReportTable { key: string; title: string; header: string[]; rows: Array<Array<string | number>>; omitted?: number }

/** Hours with one decimal (numbers stay numbers in the XLSX). */
export const hours = (minutes: number): number => Math.round(minutes / 6) / 10;
/** A ratio as a percentage with one decimal. */
export const percent = (ratio: number): number => Math.round(ratio * 1000) / 10;

const byName = new Intl.Collator().compare;

const breakdownRows = (items: Breakdown[], label: (key: string) => string) => items.map((b) => [label(b.key), b.count]);

/** The first `limit` items mapped to rows, and how many were left out (none: no `omitted`). */
const firstRows = <T>(items: T[], limit: number, row: (item: T) => Array<string | number>) =>
  (items.length > limit ? { rows: items.slice(0, limit).map(row), omitted: items.length - limit } : { rows: items.map(row) });

/**
 * Every table of a report, translated; `network` adds the venues table. `limit` cuts the longest tables (rooms,
 * venues) to their first rows before they are built: the network page shows 50 of 15,000 rooms.
 */
export function reportTables(report: Report, t: Translator, locale: Locale, network: boolean, limit = Infinity): ReportTable[] {
  const kind = (k: string) => t(`rooms.kinds.${k}`);
  const unknown = (k: string, key: string) => (k === 'unknown' ? t('reports.unknown') : t(`${key}.${k}`));
  const r = report.requests;
  const venueNames = new Map(report.venues.map((v) => [v.venueId, v.name]));
  const tables: ReportTable[] = [
    {
      key: 'rooms', title: t('reports.tables.rooms'),
      header: [t('reports.col.room'), ...(network ? [t('reports.col.venue')] : []), t('reports.col.kind'), t('reports.col.open_hours'), t('reports.col.booked_hours'), t('reports.col.utilisation'), t('reports.col.event_hours'), t('reports.col.pending_hours'), t('reports.col.block_hours')],
      // The network's rooms most booked first (the page shows the top of the list); a venue's in name order.
      ...firstRows(network ? [...report.rooms].sort((a, b) => b.bookedMinutes - a.bookedMinutes || byName(a.name, b.name)) : report.rooms, limit, (room) => [
        room.name, ...(network ? [venueNames.get(room.venueId) ?? ''] : []), kind(room.kind),
        hours(room.openMinutes), hours(room.bookedMinutes), percent(room.utilisation), hours(room.eventMinutes), hours(room.pendingMinutes), hours(room.blockMinutes),
      ]),
    },
    {
      key: 'room_kinds', title: t('reports.tables.room_kinds'),
      header: [t('reports.col.kind'), t('reports.col.rooms'), t('reports.col.open_hours'), t('reports.col.booked_hours'), t('reports.col.utilisation')],
      rows: report.roomKinds.map((k) => [kind(k.kind), k.rooms, hours(k.openMinutes), hours(k.bookedMinutes), percent(k.utilisation)]),
    },
  ];
  if (network) {
    tables.push({
      key: 'venues', title: t('reports.tables.venues'),
      header: [t('reports.col.venue'), t('reports.col.province'), t('reports.col.rooms'), t('reports.col.open_hours'), t('reports.col.booked_hours'), t('reports.col.utilisation'), t('reports.col.creators')],
      ...firstRows(report.venues, limit, (v) => [v.name, v.province, v.rooms, hours(v.openMinutes), hours(v.bookedMinutes), percent(v.utilisation), v.creators]),
    });
  }
  tables.push(
    {
      key: 'heatmap', title: t('reports.tables.heatmap'),
      header: [t('reports.col.weekday'), ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}`)],
      rows: report.heatmap.map((row, i) => [formatWeekday(i + 1, locale), ...row.map(hours)]),
    },
    {
      key: 'requests', title: t('reports.tables.requests'),
      header: [t('reports.col.item'), t('reports.col.count')],
      rows: [
        [t('reports.requests.made'), r.made], [t('reports.requests.confirmed'), r.confirmed], [t('reports.requests.approved'), r.approved],
        [t('reports.requests.pending'), r.pending], [t('reports.requests.rejected'), r.rejected], [t('reports.requests.cancelled'), r.cancelled],
        [t('reports.requests.no_shows'), r.noShows],
        ...LEAD_BUCKETS.map((b) => [t(`reports.lead.${b.key}`), r.cancelledByLead[b.key]]),
        ...r.reasons.map((reason) => [`${t('reports.requests.reason')}: ${reason.key || t('reports.unknown')}`, reason.count]),
      ],
    },
    {
      key: 'events', title: t('reports.tables.events'),
      header: [t('reports.col.event_kind'), t('reports.col.events'), t('reports.col.registrations'), t('reports.col.waitlisted'), t('reports.col.promotions'), t('reports.col.check_ins'), t('reports.col.show_up')],
      rows: [...report.events.byKind.map((e) => ({ ...e, label: t(`events.kinds.${e.kind}`) })), { ...report.events.totals, label: t('reports.total') }]
        .map((e) => [e.label, e.events, e.registrations, e.waitlisted, e.promotions, e.checkIns, e.showUpRate === null ? '–' : percent(e.showUpRate)]),
    },
    {
      key: 'reach', title: t('reports.tables.reach'),
      header: [t('reports.col.group'), t('reports.col.item'), t('reports.col.creators')],
      rows: [
        [t('reports.reach.all'), t('reports.reach.creators'), report.reach.creators],
        [t('reports.reach.all'), t('reports.reach.first_time'), report.reach.firstTime],
        [t('reports.reach.all'), t('reports.reach.returning'), report.reach.returning],
        [t('reports.reach.all'), t('reports.reach.not_counted'), report.reach.notCounted],
        ...breakdownRows(report.reach.bySector, (k) => unknown(k, 'profile.sectors')).map((row) => [t('reports.reach.sector'), ...row]),
        ...breakdownRows(report.reach.byScale, (k) => unknown(k, 'profile.scales')).map((row) => [t('reports.reach.scale'), ...row]),
        ...breakdownRows(report.reach.byProvince, (k) => (k === 'unknown' ? t('reports.unknown') : k)).map((row) => [t('reports.reach.province'), ...row]),
      ],
    },
  );
  return tables;
}
