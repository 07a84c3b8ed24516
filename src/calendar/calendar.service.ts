import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { randomToken, sha256 } from '../common/secrets.js';
import { Transactions } from '../database/transactions.js';
import { Reservation as ReservationRow } from '../reservations/reservation.entity.js';
import { Room as RoomRow } from '../rooms/room.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import { User as UserRow } from '../accounts/user.entity.js';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { NotFoundError } from '../common/errors.js';
import { formatDateTime } from '../common/time.js';
import { EventRecord } from '../events/event.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import type { Registration } from '../registrations/registration.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { buildCalendar, type CalendarItem } from './ics.js';

/** Calendar items for events, registrations and reservations: one UID scheme, used by downloads and feeds alike. */
@Injectable()
export class CalendarService {
  private readonly host: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
  ) {
    this.host = new URL(config.publicBaseUrl).hostname;
  }

  private where(room: RoomRow, venue: Venue): string {
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

  reservationItem(r: ReservationRow & { room: RoomRow & { venue: Venue } }): CalendarItem {
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

  /** A new personal feed token (128+ random bits); the previous one stops working at once. Returned once. */
  async regenerateFeedToken(user: User): Promise<string> {
    const token = randomToken(24);
    await this.tx.write(async (m) => {
      await m.delete(CalendarFeed, { userId: user.id });
      await m.insert(CalendarFeed, { userId: user.id, tokenHash: sha256(token) });
    });
    return token;
  }

  async hasFeed(user: User): Promise<boolean> {
    return this.db.getRepository(CalendarFeed).existsBy({ userId: user.id });
  }

  private async feedOwner(token: string): Promise<User> {
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ tokenHash: sha256(token) });
    const user = feed ? await this.db.getRepository(UserRow).findOneBy({ id: feed.userId }) : null;
    if (!user) throw new NotFoundError('feed_not_found');
    return user;
  }

  /** Everything of a creator: their bookings (cancelled ones marked) and the events they organise. */
  async personalFeed(token: string): Promise<string> {
    const user = await this.feedOwner(token);
    const since = new Date(Date.now() - 30 * 86_400_000);
    const [bookings, events] = await Promise.all([
      this.db.getRepository(ReservationRow).find({ where: { creatorId: user.id, kind: 'booking', endAt: MoreThan(since) }, relations: { room: { venue: true } }, order: { startAt: 'ASC' }, take: 2000 }),
      this.db.getRepository(EventRecord).find({ where: { organiserId: user.id, status: In(['published', 'cancelled', 'draft']), endsAt: MoreThan(since) }, relations: { venue: true, sessions: { room: true } }, take: 500 }),
    ]);
    const items = [
      ...bookings.filter((r) => !r.eventId).map((r) => this.reservationItem(r as ReservationRow & { room: RoomRow & { venue: Venue } })),
      ...events.flatMap((e) => this.eventItems(e as EventWithDetails)),
    ];
    return buildCalendar({ name: `Ruang Kreatif: ${user.name}`, ttlSeconds: 3600 }, items);
  }

  /** A room's busy times for its venue's managers: who booked what, for their own calendar. */
  async roomFeed(token: string, roomId: number): Promise<string> {
    const user = await this.feedOwner(token);
    const room = await this.db.getRepository(RoomRow).findOne({ where: { id: roomId }, relations: { venue: true } });
    if (!room || !(await this.venues.canManage(user, room.venueId))) throw new NotFoundError('feed_not_found');
    const rows = await this.db.getRepository(ReservationRow).find({
      where: { roomId, status: In(['pending', 'confirmed', 'cancelled', 'rejected']), endAt: MoreThan(new Date(Date.now() - 30 * 86_400_000)) },
      relations: { creator: true }, order: { startAt: 'ASC' }, take: 5000,
    });
    const items = rows.map((r) => {
      const item = this.reservationItem(Object.assign(r, { room }) as ReservationRow & { room: RoomRow & { venue: Venue } });
      return r.kind === 'block' ? { ...item, summary: `⛔ ${r.title}` } : { ...item, summary: `${r.title} (${r.creator.name})` };
    });
    return buildCalendar({ name: `${room.name}, ${room.venue.name}`, ttlSeconds: 3600 }, items);
  }

  file(name: string, items: CalendarItem[]): string {
    return buildCalendar({ name }, items);
  }
}
