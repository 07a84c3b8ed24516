import { DateTime } from 'luxon';
import { luxonZone, toZonedIso } from '../common/time.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import type { Closure } from './closure.entity.js';
import type { Venue } from './venue.entity.js';

/**
 * `venue.closure_added` (version 1): a closure of whole local days, as the instants it covers in the venue's offset
 * (from the first day's midnight to the midnight after the last). `cancelledReservationIds` is completed by whoever
 * cancels the bookings on those days (the reservations feature, a subscriber).
 */
export function closurePayload(closure: Closure, venue: Pick<Venue, 'timezone'>, cancelledReservationIds: number[] = []) {
  const zone = luxonZone(venue.timezone);
  const start = DateTime.fromISO(closure.startDate, { zone }).toJSDate();
  const end = DateTime.fromISO(closure.endDate, { zone }).plus({ days: 1 }).toJSDate();
  return {
    closure: {
      id: closure.id, venueId: closure.venueId, roomId: null, start: toZonedIso(start, venue.timezone), end: toZonedIso(end, venue.timezone),
      timezone: venue.timezone, reason: closure.reason,
    },
    cancelledReservationIds,
  };
}

/** What subscribers of `venue.closure_added` get: the closure, and whether the manager asked to cancel the bookings in the way. */
export interface ClosureAddedContext {
  closure: Closure;
  venue: Venue;
  /** The manager's answer to "cancel the bookings on these days?": without it a booking in the way refuses the closure. */
  cancelAffected: boolean;
  /** Filled by the subscriber that cancels them. */
  cancelled: Reservation[];
}
