import type { User } from '../accounts/user.entity.js';
import { toZonedIso } from '../common/time.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import type { Reservation } from './reservation.entity.js';

/** Who cancelled a booking, as partners read it: its creator, a manager, a closure of the venue, or the system. */
export type CancelledBy = 'creator' | 'manager' | 'closure' | 'system';

/** The reservation as every `reservation.*` event carries it (version 1): times with the venue's offset, no notes. */
export function reservationSnapshot(r: Reservation, room: Pick<Room, 'name'>, venue: Pick<Venue, 'code' | 'timezone'>) {
  const zone = venue.timezone;
  return {
    id: r.id, kind: r.kind, status: r.status, roomId: r.roomId, roomName: room.name, venueId: r.venueId, venueCode: venue.code,
    start: toZonedIso(r.startAt, zone), end: toZonedIso(r.endAt, zone), timezone: zone,
    title: r.title, headcount: r.headcount, creatorId: r.creatorId, seriesId: r.seriesId,
  };
}

/**
 * The payload of a `reservation.*` event; `previous` for a move, `by` for a cancellation, `reason` where one was given;
 * the check-in's time, who and how for `checked_in`; the rule and any approval period it started for `no_show`.
 */
export function reservationPayload(
  r: Reservation, room: Pick<Room, 'name'>, venue: Pick<Venue, 'code' | 'timezone'>,
  extra: {
    reason?: string | null; by?: CancelledBy; previous?: { roomId: number; startAt: Date; endAt: Date };
    checkedIn?: { at: Date; by: 'creator' | 'manager'; via: 'booking' | 'room_qr' };
    noShow?: { checkInMinutes: number; approvalRequiredUntil: Date | null };
  } = {},
): Record<string, unknown> {
  return {
    reservation: reservationSnapshot(r, room, venue),
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.previous ? {
      previous: { roomId: extra.previous.roomId, start: toZonedIso(extra.previous.startAt, venue.timezone), end: toZonedIso(extra.previous.endAt, venue.timezone) },
    } : {}),
    ...(extra.by ? { by: extra.by } : {}),
    ...(extra.checkedIn ? { checkedInAt: toZonedIso(extra.checkedIn.at, venue.timezone), checkedInBy: extra.checkedIn.by, via: extra.checkedIn.via } : {}),
    ...(extra.noShow ? {
      checkInMinutes: extra.noShow.checkInMinutes,
      approvalRequiredUntil: extra.noShow.approvalRequiredUntil ? toZonedIso(extra.noShow.approvalRequiredUntil, venue.timezone) : null,
    } : {}),
  };
}

/** Who a cancellation is by, when a person cancelled: the booking's own creator, or someone managing the venue. */
export const cancelledBy = (r: Pick<Reservation, 'creatorId'>, actorId: number): CancelledBy => (r.creatorId === actorId ? 'creator' : 'manager');

/** What subscribers of `reservation.*` get beside the payload: the rows the service already held. */
export interface ReservationEventContext {
  reservation: Reservation;
  room: Room;
  venue: Venue;
  /** For `reservation.created` of a series: the row's place among the dates created at once (0: the first). */
  seriesIndex?: number;
}

/** What subscribers may prepare a new booking's messages from before its transaction: the row but for its id, and who booked. */
export interface ReservationDraftContext extends ReservationEventContext {
  creator: Pick<User, 'name' | 'email' | 'locale'>;
}
