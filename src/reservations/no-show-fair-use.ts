import { In, MoreThan, type EntityManager } from 'typeorm';
import type { Venue } from '../venues/venue.entity.js';
import { approvalNeededUntil, fairUseLookback, recentNoShows, type FairUsePolicy } from './check-in.js';
import { Reservation } from './reservation.entity.js';
import type { ReservationQueries } from './reservations.queries.js';

export const policyOf = (v: Pick<Venue, 'noShowLimit' | 'noShowWindowDays' | 'noShowApprovalDays'>): FairUsePolicy => ({
  limit: v.noShowLimit, windowDays: v.noShowWindowDays, approvalDays: v.noShowApprovalDays,
});

/**
 * Until when no-shows make the creator's bookings at the venue need approval, or null: one prepared query over the
 * no-shows that can still matter. Inside a write transaction pass its manager `m`.
 */
export async function approvalHold(queries: ReservationQueries, creatorId: number, venue: Venue, now = new Date(), m: EntityManager | null = null): Promise<Date | null> {
  const times = await queries.noShowTimes(creatorId, venue.id, fairUseLookback(policyOf(venue), now), m);
  return approvalNeededUntil(times, policyOf(venue), now);
}

/** Each creator's no-shows within the venue's window, keyed `creatorId:venueId`: the count managers see on requests. */
export async function noShowCounts(m: EntityManager, rows: Array<{ creatorId: number; venue: Venue }>, now = new Date()): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!rows.length) return counts;
  const longest = Math.max(...rows.map((r) => r.venue.noShowWindowDays));
  const found = await m.find(Reservation, {
    select: { id: true, creatorId: true, venueId: true, startAt: true },
    where: { creatorId: In([...new Set(rows.map((r) => r.creatorId))]), status: 'no_show', startAt: MoreThan(new Date(now.getTime() - longest * 86_400_000)) },
  });
  for (const { creatorId, venue } of rows) {
    const times = found.filter((f) => f.creatorId === creatorId && f.venueId === venue.id).map((f) => f.startAt);
    counts.set(`${creatorId}:${venue.id}`, recentNoShows(times, venue.noShowWindowDays, now));
  }
  return counts;
}
