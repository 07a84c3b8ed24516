import { In } from 'typeorm';
import { luxonZone } from '../../src/common/time.js';
import { periodInstants } from '../../src/reports/period.js';
import { Reservation } from '../../src/reservations/reservation.entity.js';
import { Venue } from '../../src/venues/venue.entity.js';
import type { TestApp } from './test-app.js';

export interface OracleRoom { roomId: number; bookingMinutes: number; eventMinutes: number; pendingMinutes: number; blockMinutes: number; bookings: number }
export interface OracleReport { rooms: OracleRoom[]; heatmap: number[][]; creators: number; returning: number }

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
  const rooms = new Map<number, OracleRoom>();
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const served = new Set<number>();
  for (const r of all.filter((x) => venues.has(x.venueId))) {
    const zone = venues.get(r.venueId)!.timezone;
    const { start: ps, end: pe } = periodInstants(period, zone);
    if (r.kind === 'booking' && r.status === 'confirmed' && r.startAt >= ps && r.startAt < pe) served.add(r.creatorId);
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
  return { rooms: [...rooms.values()].map(round).sort((a, b) => a.roomId - b.roomId), heatmap: heatmap.map((row) => row.map(Math.round)), creators: served.size, returning };
}
