import { In, MoreThan, type EntityManager } from 'typeorm';
import type { Venue } from '../venues/venue.entity.js';
import { approvalNeededUntil, fairUseLookback, recentNoShows, type FairUsePolicy } from './check-in.js';
import { Reservation } from './reservation.entity.js';

export const policyOf = (v: Pick<Venue, 'noShowLimit' | 'noShowWindowDays' | 'noShowApprovalDays'>): FairUsePolicy => ({
  limit: v.noShowLimit, windowDays: v.noShowWindowDays, approvalDays: v.noShowApprovalDays,
});

/** Start times of a creator's no-shows at a venue that can still matter (one query on (creator_id, status, start_at)). */
async function noShowTimes(m: EntityManager, creatorId: number, venue: Venue, now: Date): Promise<Date[]> {
  const rows = await m.find(Reservation, {
    select: { id: true, startAt: true },
    where: { creatorId, status: 'no_show', venueId: venue.id, startAt: MoreThan(fairUseLookback(policyOf(venue), now)) },
  });
  return rows.map((r) => r.startAt);
}

/** Until when no-shows make the creator's bookings at the venue need approval, or null. */
export async function approvalHold(m: EntityManager, creatorId: number, venue: Venue, now = new Date()): Promise<Date | null> {
  return approvalNeededUntil(await noShowTimes(m, creatorId, venue, now), policyOf(venue), now);
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
