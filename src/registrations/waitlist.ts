/** Pure waiting-list rules, so the order and the guards are testable without a database. */

export interface WaitlistEntry { id: number; arrival: number }

/**
 * Who moves up when seats free: the earliest arrivals first, never more than the free seats, and nobody once the
 * event has started or while it is not published.
 */
export function whoIsPromoted(input: {
  capacity: number; confirmed: number; waitlisted: WaitlistEntry[]; eventStatus: string; startsAt: Date; now: Date;
}): WaitlistEntry[] {
  if (input.eventStatus !== 'published' || input.now.getTime() >= input.startsAt.getTime()) return [];
  const free = Math.max(0, input.capacity - input.confirmed);
  return [...input.waitlisted].sort((a, b) => a.arrival - b.arrival).slice(0, free);
}
