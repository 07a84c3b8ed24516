/** Whether an event takes registrations now: a pure rule, read by the event page and by registering alike. */

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
