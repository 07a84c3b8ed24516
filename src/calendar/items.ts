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

/** One item per session; `uidPrefix` makes the same session a different entry in each attendee's calendar. */
export function eventItems(base: string, event: EventWithDetails, uidPrefix = `event-${event.id}`, extra: { sequence?: number; status?: CalendarItem['status'] } = {}): CalendarItem[] {
  const venue = event.venue;
  const url = `${base}/events/${event.id}`;
  const sessions = [...event.sessions].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  return sessions.map((s, i) => ({
    uid: `${uidPrefix}-s${i + 1}@${hostOf(base)}`,
    sequence: event.sequence + (extra.sequence ?? 0),
    start: s.startAt, end: s.endAt, stamp: event.updatedAt,
    summary: sessions.length > 1 ? `${event.title}: ${s.title}` : event.title,
    description: [event.summary, formatDateTime(s.startAt, venue.timezone, event.language), s.speaker, url].filter(Boolean).join('\n'),
    location: where(s.room, venue), url, geo: geo(venue),
    status: event.status === 'cancelled' ? 'cancelled' : extra.status ?? (event.status === 'draft' ? 'tentative' : 'confirmed'),
  }));
}

/**
 * An attendee's entry: one VEVENT from the first session's start to the last one's end (an invitation carries one
 * UID), with the programme in the description.
 */
export function registrationItems(base: string, registration: Registration, event: EventWithDetails): CalendarItem[] {
  const status = registration.status === 'cancelled' || event.status === 'cancelled' ? 'cancelled' : registration.status === 'waitlisted' ? 'tentative' : 'confirmed';
  const sessions = [...event.sessions].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  const venue = event.venue;
  const url = `${base}/events/${event.id}`;
  return [{
    uid: `registration-${registration.id}@${hostOf(base)}`,
    sequence: event.sequence + registration.sequence,
    start: event.startsAt, end: event.endsAt, stamp: registration.updatedAt > event.updatedAt ? registration.updatedAt : event.updatedAt,
    summary: event.title,
    description: [event.summary, ...sessions.map((s) => `${formatDateTime(s.startAt, venue.timezone, registration.locale)} ${s.title} (${s.room?.name ?? ''})`), url].filter(Boolean).join('\n'),
    location: sessions[0]?.room ? where(sessions[0].room, venue) : [venue.name, venue.address, venue.city].join(', '), url, geo: geo(venue), status,
  }];
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
