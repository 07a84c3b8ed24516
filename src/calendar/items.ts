import { formatDateTime } from '../common/time.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from '../registrations/registration.entity.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import type { Room } from '../rooms/room.entity.js';
import type { Venue } from '../venues/venue.entity.js';
import type { CalendarItem } from './ics.js';

/** Calendar items for events, registrations and reservations: one UID scheme for downloads, feeds and invitations. */

const where = (room: Room, venue: Venue): string => [room.name, venue.name, venue.address, venue.city].filter(Boolean).join(', ');
const geo = (venue: Venue) => (venue.latitude !== null && venue.longitude !== null ? { lat: venue.latitude, lon: venue.longitude } : null);
const hostOf = (base: string): string => new URL(base).hostname;

/** The UID of an event's session (by start order): the same in every artefact, so calendars merge them. */
export const sessionUid = (base: string, eventId: number, index: number): string => `event-${eventId}-s${index + 1}@${hostOf(base)}`;

/** An event's sessions in start order, the order their UIDs count in. */
export const sessionsInOrder = <S extends { startAt: Date }>(sessions: S[]): S[] => [...sessions].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());

/**
 * One item per session, as everyone sees the event: downloads, the venue feed and organisers' feeds. SEQUENCE is the
 * event's change counter, so these agree with the attendees' invitations.
 */
export function eventItems(base: string, event: EventWithDetails, locale: 'id' | 'en' = event.language): CalendarItem[] {
  const venue = event.venue;
  const url = `${base}/events/${event.id}`;
  const sessions = sessionsInOrder(event.sessions);
  return sessions.map((s, i) => ({
    uid: sessionUid(base, event.id, i),
    sequence: event.sequence,
    start: s.startAt, end: s.endAt, stamp: event.updatedAt,
    summary: sessions.length > 1 ? `${event.title}: ${s.title}` : event.title,
    description: [event.summary, formatDateTime(s.startAt, venue.timezone, locale), s.speaker, url].filter(Boolean).join('\n'),
    location: where(s.room, venue), url, geo: geo(venue),
    status: event.status === 'cancelled' ? 'cancelled' : event.status === 'draft' ? 'tentative' : 'confirmed',
  }));
}

/**
 * An attendee's entries: the event's sessions with their UIDs, in the attendee's language and status. SEQUENCE is the
 * event's, one higher once the attendee's own seat is cancelled (that CANCEL must outrank the last REQUEST); a
 * cancelled event raised the event's own counter already. A cancelled registration never comes back (one per email),
 * so the number never falls.
 */
export function registrationItems(base: string, registration: Registration, event: EventWithDetails): CalendarItem[] {
  const ownCancel = registration.status === 'cancelled' && event.status !== 'cancelled';
  const status = registration.status === 'cancelled' || event.status === 'cancelled' ? 'cancelled' : registration.status === 'waitlisted' ? 'tentative' : 'confirmed';
  const stamp = registration.updatedAt > event.updatedAt ? registration.updatedAt : event.updatedAt;
  return eventItems(base, event, registration.locale).map((item) => ({ ...item, sequence: event.sequence + (ownCancel ? 1 : 0), stamp, status }));
}

/** A booking's entry; `locale` is the reader's (the creator's, in their invitation), for the date in the description. */
export function reservationItem(base: string, r: Reservation & { room: Room & { venue: Venue } }, locale: 'id' | 'en' = 'id'): CalendarItem {
  const venue = r.room.venue;
  const url = `${base}/reservations/${r.id}`;
  return {
    uid: `reservation-${r.id}@${hostOf(base)}`, sequence: r.sequence, start: r.startAt, end: r.endAt, stamp: r.updatedAt ?? new Date(),
    summary: r.title, description: [r.room.name, formatDateTime(r.startAt, venue.timezone, locale), url].join('\n'),
    location: where(r.room, venue), url, geo: geo(venue),
    status: r.status === 'confirmed' ? 'confirmed' : r.status === 'pending' ? 'tentative' : 'cancelled',
  };
}
