import type { WeeklyHours } from '../venues/opening-hours.js';
import { emptyHeatmap, type Heatmap } from './heatmap.js';
import { LEAD_BUCKETS, type LeadBucket } from './lead-time.js';
import { openTime, periodDays, utilisation, type ClosureDays } from './open-time.js';
import type { Period } from './period.js';
import type { CountRow, EventKindRow, HeatRow, HistoryRow, ReachRow, RoomUseRow, VenueCreatorsRow } from './reports.queries.js';

export interface VenueInput { id: number; name: string; city: string; province: string; timezone: string; weekly: WeeklyHours; closures: ClosureDays[] }
export interface RoomInput { id: number; venueId: number; name: string; kind: string; active: boolean }

export interface RoomUse {
  roomId: number; venueId: number; name: string; kind: string; active: boolean;
  openMinutes: number; bookedMinutes: number; utilisation: number;
  bookingMinutes: number; eventMinutes: number; pendingMinutes: number; blockMinutes: number; bookings: number;
}
export interface UseSummary { rooms: number; openMinutes: number; bookedMinutes: number; utilisation: number }
export interface VenueUse extends UseSummary { venueId: number; name: string; city: string; province: string; timezone: string; creators: number; holidayMinutes: number; closureMinutes: number }
export interface EventKindUse { kind: string; events: number; registrations: number; waitlisted: number; promotions: number; checkIns: number; pastRegistrations: number; showUpRate: number | null }
export interface Breakdown { key: string; count: number }

export interface Report {
  period: Period;
  generatedAt: string;
  rooms: RoomUse[];
  roomKinds: Array<UseSummary & { kind: string }>;
  venues: VenueUse[];
  heatmap: Heatmap;
  totals: UseSummary & {
    pendingMinutes: number; blockMinutes: number; holidayMinutes: number; closureMinutes: number;
    bookings: number; creators: number; events: number; registrations: number; checkIns: number;
  };
  requests: {
    made: number; confirmed: number; approved: number; pending: number; rejected: number; cancelled: number; noShows: number;
    reasons: Breakdown[]; cancelledByLead: Record<LeadBucket, number>;
  };
  events: { byKind: EventKindUse[]; totals: Omit<EventKindUse, 'kind'> };
  reach: {
    creators: number; counted: number; notCounted: number; firstTime: number; returning: number;
    bySector: Breakdown[]; byScale: Breakdown[]; byProvince: Breakdown[];
  };
}

export interface ReportRows {
  roomUse: RoomUseRow[]; heat: HeatRow[]; statuses: CountRow[]; reasons: CountRow[]; history: HistoryRow[];
  eventKinds: EventKindRow[]; promotions: CountRow[]; reach: ReachRow[]; venueCreators: VenueCreatorsRow[];
}

const summary = (rooms: RoomUse[]): UseSummary => {
  const openMinutes = rooms.reduce((s, r) => s + r.openMinutes, 0);
  const bookedMinutes = rooms.reduce((s, r) => s + r.bookedMinutes, 0);
  return { rooms: rooms.length, openMinutes, bookedMinutes, utilisation: utilisation(bookedMinutes, openMinutes) };
};

const breakdown = (rows: ReachRow[], pick: (r: ReachRow) => string | null): Breakdown[] => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(pick(row) ?? 'unknown', (counts.get(pick(row) ?? 'unknown') ?? 0) + row.count);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
};

/** Items grouped by a key, in their order. */
export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const rate = (checkIns: number, past: number): number | null => (past > 0 ? checkIns / past : null);

/**
 * Puts a report together from the venues' hours and the aggregated rows: open minutes per room come from its venue's
 * hours and closures over the period's local dates; booked minutes are confirmed bookings and event sessions clipped
 * to the period (pending requests and blocks kept apart); only creators who consented are broken down.
 */
export function assembleReport(period: Period, venues: VenueInput[], rooms: RoomInput[], rows: ReportRows, now: Date): Report {
  // Work shared by every venue is done once, and rows are grouped by venue in one pass (a network report has 5,000
  // venues and 15,000 rooms: a filter per venue was quadratic).
  const days = periodDays(period);
  const open = new Map(venues.map((v) => [v.id, openTime(period, v.weekly, v.closures, days)]));
  const use = new Map(rows.roomUse.map((r) => [r.roomId, r]));
  const roomUses: RoomUse[] = rooms.map((room) => {
    const u = use.get(room.id);
    const openMinutes = room.active ? open.get(room.venueId)?.openMinutes ?? 0 : 0;
    const bookedMinutes = (u?.bookingMinutes ?? 0) + (u?.eventMinutes ?? 0);
    return {
      roomId: room.id, venueId: room.venueId, name: room.name, kind: room.kind, active: room.active, openMinutes, bookedMinutes,
      utilisation: utilisation(bookedMinutes, openMinutes), bookingMinutes: u?.bookingMinutes ?? 0, eventMinutes: u?.eventMinutes ?? 0,
      pendingMinutes: u?.pendingMinutes ?? 0, blockMinutes: u?.blockMinutes ?? 0, bookings: u?.bookings ?? 0,
    };
  });
  const kinds = [...new Set(roomUses.map((r) => r.kind))].sort();
  const roomsOf = groupBy(roomUses, (r) => r.venueId);
  const creatorsOf = new Map(rows.venueCreators.map((v) => [v.venueId, v.creators]));
  const venueUses: VenueUse[] = venues.map((v) => ({
    venueId: v.id, name: v.name, city: v.city, province: v.province, timezone: v.timezone, creators: creatorsOf.get(v.id) ?? 0,
    holidayMinutes: open.get(v.id)!.holidayMinutes, closureMinutes: open.get(v.id)!.closureMinutes,
    ...summary(roomsOf.get(v.id) ?? []),
  })).sort((a, b) => b.bookedMinutes - a.bookedMinutes || b.utilisation - a.utilisation || a.name.localeCompare(b.name));

  const heatmap = emptyHeatmap();
  for (const { weekday, minutes } of rows.heat) minutes.forEach((m, hour) => { heatmap[weekday][hour] += m; });

  const status = (key: string) => rows.statuses.find((s) => s.key === key)?.count ?? 0;
  const cancelledByLead = Object.fromEntries(LEAD_BUCKETS.map((b) => [b.key, 0])) as Record<LeadBucket, number>;
  for (const h of rows.history) if (h.action === 'cancelled') cancelledByLead[h.bucket as LeadBucket] += h.count;

  const promoted = new Map(rows.promotions.map((p) => [p.key, p.count]));
  const byKind: EventKindUse[] = rows.eventKinds.map((e) => ({
    kind: e.kind, events: e.events, registrations: e.registrations, waitlisted: e.waitlisted, promotions: promoted.get(e.kind) ?? 0,
    checkIns: e.checkIns, pastRegistrations: e.pastRegistrations, showUpRate: rate(e.checkIns, e.pastRegistrations),
  })).sort((a, b) => b.events - a.events || a.kind.localeCompare(b.kind));
  const sum = (pick: (e: EventKindUse) => number) => byKind.reduce((s, e) => s + pick(e), 0);
  const eventTotals = {
    events: sum((e) => e.events), registrations: sum((e) => e.registrations), waitlisted: sum((e) => e.waitlisted),
    promotions: sum((e) => e.promotions), checkIns: sum((e) => e.checkIns), pastRegistrations: sum((e) => e.pastRegistrations),
    showUpRate: rate(sum((e) => e.checkIns), sum((e) => e.pastRegistrations)),
  };

  const consenting = rows.reach.filter((r) => r.consent);
  const creators = rows.reach.reduce((s, r) => s + r.count, 0);
  const counted = consenting.reduce((s, r) => s + r.count, 0);
  const returning = rows.reach.filter((r) => r.returning).reduce((s, r) => s + r.count, 0);
  const all = summary(roomUses);
  const roomsOfKind = groupBy(roomUses, (r) => r.kind);
  return {
    period, generatedAt: now.toISOString(), rooms: roomUses, venues: venueUses, heatmap,
    roomKinds: kinds.map((kind) => ({ kind, ...summary(roomsOfKind.get(kind)!) })),
    totals: {
      ...all, pendingMinutes: roomUses.reduce((s, r) => s + r.pendingMinutes, 0), blockMinutes: roomUses.reduce((s, r) => s + r.blockMinutes, 0),
      holidayMinutes: venueUses.reduce((s, v) => s + v.holidayMinutes, 0), closureMinutes: venueUses.reduce((s, v) => s + v.closureMinutes, 0),
      bookings: roomUses.reduce((s, r) => s + r.bookings, 0), creators, events: eventTotals.events,
      registrations: eventTotals.registrations, checkIns: eventTotals.checkIns,
    },
    requests: {
      made: rows.statuses.reduce((s, r) => s + r.count, 0), confirmed: status('confirmed'), pending: status('pending'),
      approved: rows.history.filter((h) => h.action === 'approved').reduce((s, h) => s + h.count, 0),
      rejected: status('rejected'), cancelled: status('cancelled'), noShows: status('no_show'),
      reasons: rows.reasons.map((r) => ({ key: r.key, count: r.count })), cancelledByLead,
    },
    events: { byKind, totals: eventTotals },
    reach: {
      creators, counted, notCounted: creators - counted, firstTime: creators - returning, returning,
      bySector: breakdown(consenting, (r) => r.sector), byScale: breakdown(consenting, (r) => r.scale), byProvince: breakdown(consenting, (r) => r.province),
    },
  };
}
