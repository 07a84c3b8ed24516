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

/** Why registration is not open now, or null when it is. */
export function registrationClosedReason(input: {
  status: string; startsAt: Date; opensAt: Date | null; closesAt: Date | null; now: Date;
}): 'event_not_published' | 'event_cancelled' | 'registration_not_open' | 'registration_closed' | 'event_started' | null {
  if (input.status === 'cancelled') return 'event_cancelled';
  if (input.status !== 'published') return 'event_not_published';
  const now = input.now.getTime();
  if (now >= input.startsAt.getTime()) return 'event_started';
  if (input.opensAt && now < input.opensAt.getTime()) return 'registration_not_open';
  if (input.closesAt && now >= input.closesAt.getTime()) return 'registration_closed';
  return null;
}
