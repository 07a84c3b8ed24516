import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { NotFoundError } from '../common/errors.js';
import { formatDateTime } from '../common/time.js';
import { EventRecord } from '../events/event.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from '../registrations/registration.entity.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import type { Room } from '../rooms/room.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { buildCalendar, type CalendarItem } from './ics.js';

/** Calendar items for events, registrations and reservations: one UID scheme, used by downloads and feeds alike. */
@Injectable()
export class CalendarService {
  private readonly host: string;

  constructor(@InjectDataSource() private readonly db: DataSource, @InjectConfig() private readonly config: AppConfig) {
    this.host = new URL(config.publicBaseUrl).hostname;
  }

  private where(room: Room, venue: Venue): string {
    return [room.name, venue.name, venue.address, venue.city].filter(Boolean).join(', ');
  }

  private geo(venue: Venue) {
    return venue.latitude !== null && venue.longitude !== null ? { lat: venue.latitude, lon: venue.longitude } : null;
  }

  /** One item per session; `uidPrefix` makes the same session a different entry in each attendee's calendar. */
  eventItems(event: EventWithDetails, uidPrefix = `event-${event.id}`, extra: { sequence?: number; status?: CalendarItem['status'] } = {}): CalendarItem[] {
    const venue = event.venue;
    const url = `${this.config.publicBaseUrl}/events/${event.id}`;
    const sessions = [...event.sessions].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    return sessions.map((s, i) => ({
      uid: `${uidPrefix}-s${i + 1}@${this.host}`,
      sequence: event.sequence + (extra.sequence ?? 0),
      start: s.startAt, end: s.endAt, stamp: event.updatedAt,
      summary: sessions.length > 1 ? `${event.title}: ${s.title}` : event.title,
      description: [event.summary, `${formatDateTime(s.startAt, venue.timezone, event.language)}`, s.speaker, url].filter(Boolean).join('\n'),
      location: this.where(s.room, venue), url, geo: this.geo(venue),
      status: event.status === 'cancelled' ? 'cancelled' : extra.status ?? 'confirmed',
    }));
  }

  registrationItems(registration: Registration, event: EventWithDetails): CalendarItem[] {
    const status = registration.status === 'cancelled' ? 'cancelled' : registration.status === 'waitlisted' ? 'tentative' : 'confirmed';
    return this.eventItems(event, `registration-${registration.id}`, { sequence: registration.sequence, status });
  }

  reservationItem(r: Reservation & { room: Room & { venue: Venue } }): CalendarItem {
    const venue = r.room.venue;
    return {
      uid: `reservation-${r.id}@${this.host}`, sequence: r.sequence, start: r.startAt, end: r.endAt, stamp: r.updatedAt,
      summary: r.title, description: [r.room.name, formatDateTime(r.startAt, venue.timezone, 'id'), `${this.config.publicBaseUrl}/reservations/${r.id}`].join('\n'),
      location: this.where(r.room, venue), url: `${this.config.publicBaseUrl}/reservations/${r.id}`, geo: this.geo(venue),
      status: r.status === 'confirmed' ? 'confirmed' : r.status === 'pending' ? 'tentative' : 'cancelled',
    };
  }

  /** A venue's public events (upcoming and the last 30 days; cancelled ones marked so), as a subscription feed. */
  async venueFeed(venueId: number): Promise<string> {
    const venue = await this.db.getRepository(Venue).findOneBy({ id: venueId, active: true });
    if (!venue) throw new NotFoundError('venue_not_found');
    const events = await this.db.getRepository(EventRecord).find({
      where: { venueId, status: In(['published', 'cancelled']), endsAt: MoreThan(new Date(Date.now() - 30 * 86_400_000)) },
      relations: { sessions: { room: true } }, order: { startsAt: 'ASC' }, take: 2000,
    });
    const items = events.flatMap((e) => this.eventItems(Object.assign(e, { venue }) as EventWithDetails));
    return buildCalendar({ name: `${venue.name}: acara`, ttlSeconds: 3600 }, items);
  }

  file(name: string, items: CalendarItem[]): string {
    return buildCalendar({ name }, items);
  }
}
