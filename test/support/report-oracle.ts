import { In } from 'typeorm';
import { luxonZone } from '../../src/common/time.js';
import { LEAD_BUCKETS, leadBucket } from '../../src/reports/lead-time.js';
import { periodInstants } from '../../src/reports/period.js';
import { ReservationHistory } from '../../src/reservations/reservation-history.entity.js';
import { Reservation } from '../../src/reservations/reservation.entity.js';
import { Venue } from '../../src/venues/venue.entity.js';
import type { TestApp } from './test-app.js';

export interface OracleRoom { roomId: number; bookingMinutes: number; eventMinutes: number; pendingMinutes: number; blockMinutes: number; bookings: number }
export interface OracleRequests { made: number; byStatus: Record<string, number>; approved: number; cancelledByLead: Record<string, number>; reasons: Array<{ key: string; count: number }> }
export interface OracleReport { rooms: OracleRoom[]; heatmap: number[][]; creators: number; returning: number; requests: OracleRequests }

const HOUR = 3_600_000;

/** Adds `[start, end)` to a weekday (0 = Monday) × hour grid in the zone's local time, hour by hour. */
function addToHeatmap(heatmap: number[][], start: Date, end: Date, zone: string): void {
  const z = luxonZone(zone);
  for (let at = start.getTime(); at < end.getTime();) {
    const offset = z.offset(at) * 60_000;
    const local = new Date(at + offset);
    const hourEnd = Math.min(end.getTime(), Math.floor((at + offset) / HOUR) * HOUR + HOUR - offset);
    heatmap[(local.getUTCDay() + 6) % 7][local.getUTCHours()] += (hourEnd - at) / 60_000;
    at = hourEnd;
  }
}

/**
 * The report's room use, heatmap and first-time/returning split computed straight from the reservations, row by row in
 * TypeScript, as the definitions in docs/decisions.md read: the oracle the roll-ups must equal.
 */
export async function reportFromReservations(t: TestApp, venueIds: number[], period: { from: string; to: string }): Promise<OracleReport> {
  const venues = new Map((await t.db.getRepository(Venue).findBy({ id: In(venueIds) })).map((v) => [v.id, v]));
  const zoneOf = new Map((await t.db.getRepository(Venue).find()).map((v) => [v.id, v.timezone]));
  const all = await t.db.getRepository(Reservation).find();
  const history = await t.db.getRepository(ReservationHistory).find();
  const requests: OracleRequests = { made: 0, byStatus: {}, approved: 0, cancelledByLead: Object.fromEntries(LEAD_BUCKETS.map((b) => [b.key, 0])), reasons: [] };
  const reasons = new Map<string, number>();
  const rooms = new Map<number, OracleRoom>();
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const served = new Set<number>();
  for (const r of all.filter((x) => venues.has(x.venueId))) {
    const zone = venues.get(r.venueId)!.timezone;
    const { start: ps, end: pe } = periodInstants(period, zone);
    const startsIn = r.startAt >= ps && r.startAt < pe;
    if (r.kind === 'booking' && r.status === 'confirmed' && startsIn) served.add(r.creatorId);
    if (r.kind === 'booking' && !r.eventId && startsIn) {
      const own = history.filter((h) => h.reservationId === r.id);
      requests.made += 1;
      requests.byStatus[r.status] = (requests.byStatus[r.status] ?? 0) + 1;
      if (own.some((h) => h.action === 'approved')) requests.approved += 1;
      const cancelledAt = own.filter((h) => h.action === 'cancelled').map((h) => h.createdAt.getTime()).sort((a, b) => a - b)[0];
      if (r.status === 'cancelled' && cancelledAt !== undefined) requests.cancelledByLead[leadBucket(Math.floor(r.startAt.getTime() / 1000) - Math.floor(cancelledAt / 1000))] += 1;
      if (r.status === 'rejected') reasons.set(r.statusReason ?? '', (reasons.get(r.statusReason ?? '') ?? 0) + 1);
    }
    if (!['pending', 'confirmed'].includes(r.status) || r.startAt >= pe || r.endAt <= ps) continue;
    const s = new Date(Math.max(r.startAt.getTime(), ps.getTime()));
    const e = new Date(Math.min(r.endAt.getTime(), pe.getTime()));
    const room = rooms.get(r.roomId) ?? { roomId: r.roomId, bookingMinutes: 0, eventMinutes: 0, pendingMinutes: 0, blockMinutes: 0, bookings: 0 };
    rooms.set(r.roomId, room);
    const minutes = (e.getTime() - s.getTime()) / 60_000;
    if (r.kind === 'block') room.blockMinutes += minutes;
    else if (r.status === 'pending') room.pendingMinutes += minutes;
    else {
      if (r.eventId) room.eventMinutes += minutes;
      else room.bookingMinutes += minutes;
      room.bookings += 1;
      addToHeatmap(heatmap, s, e, zone);
    }
  }
  const returning = [...served].filter((creatorId) => all.some((x) => x.creatorId === creatorId && x.kind === 'booking' && x.status === 'confirmed'
    && x.startAt < periodInstants(period, zoneOf.get(x.venueId)!).start)).length;
  const round = (r: OracleRoom): OracleRoom => ({ ...r, bookingMinutes: Math.round(r.bookingMinutes), eventMinutes: Math.round(r.eventMinutes), pendingMinutes: Math.round(r.pendingMinutes), blockMinutes: Math.round(r.blockMinutes) });
  requests.reasons = [...reasons].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, 10);
  return { requests, rooms: [...rooms.values()].map(round).sort((a, b) => a.roomId - b.roomId), heatmap: heatmap.map((row) => row.map(Math.round)), creators: served.size, returning };
}
