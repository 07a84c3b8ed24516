import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { randomToken, sha256 } from '../common/secrets.js';
import { Transactions } from '../database/transactions.js';
import { Reservation as ReservationRow } from '../reservations/reservation.entity.js';
import { Room as RoomRow } from '../rooms/room.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { CalendarFeed, RegistrationFeed } from './calendar-feed.entity.js';
import { User as UserRow } from '../accounts/user.entity.js';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { NotFoundError } from '../common/errors.js';
import { EventRecord } from '../events/event.entity.js';
import { EventSession } from '../events/event-session.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import { Registration } from '../registrations/registration.entity.js';
import { EventsService } from '../events/events.service.js';
import { Venue } from '../venues/venue.entity.js';
import { FeedCache, instantOf, type RenderedCalendar } from './feed-cache.js';
import { buildCalendar, type CalendarItem } from './ics.js';
import { eventItems, registrationItems, reservationItem } from './items.js';

/** Calendar items for events, registrations and reservations: one UID scheme, used by downloads, feeds and invitations alike. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly events: EventsService,
  ) {}

  eventItems(event: EventWithDetails): CalendarItem[] {
    return eventItems(this.config.publicBaseUrl, event);
  }

  registrationItems(registration: Registration, event: EventWithDetails): CalendarItem[] {
    return registrationItems(this.config.publicBaseUrl, registration, event);
  }

  reservationItem(r: ReservationRow & { room: RoomRow & { venue: Venue } }, locale: 'id' | 'en' = 'id'): CalendarItem {
    return reservationItem(this.config.publicBaseUrl, r, locale);
  }

  private readonly venueFeeds = new FeedCache<number>();

  /**
   * A venue's public events (upcoming and those ended in the last 30 days, counted from the hour; cancelled ones marked
   * so), as a subscription feed. Built once per change: polls in between cost one version query.
   */
  async venueFeed(venueId: number): Promise<RenderedCalendar> {
    const venue = await this.db.getRepository(Venue).findOneBy({ id: venueId, active: true });
    if (!venue) throw new NotFoundError('venue_not_found');
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const since = new Date(hour - 30 * 86_400_000);
    const [events, sessions, rooms] = await Promise.all([
      this.db.createQueryBuilder(EventRecord, 'e').select('COUNT(*)', 'n').addSelect('MAX(e.updated_at)', 'newest').addSelect('SUM(e.sequence)', 'sequences')
        .where('e.venue_id = :venueId', { venueId }).getRawOne<{ n: unknown; newest: unknown; sequences: unknown }>(),
      this.db.createQueryBuilder(EventSession, 's').innerJoin(EventRecord, 'e', 'e.id = s.event_id').select('COUNT(*)', 'n').addSelect('MAX(s.updated_at)', 'newest')
        .where('e.venue_id = :venueId', { venueId }).getRawOne<{ n: unknown; newest: unknown }>(),
      this.db.createQueryBuilder(RoomRow, 'r').select('MAX(r.updated_at)', 'newest').where('r.venue_id = :venueId', { venueId }).getRawOne<{ newest: unknown }>(),
    ]);
    const newest = Math.max(venue.updatedAt.getTime(), instantOf(events?.newest), instantOf(sessions?.newest), instantOf(rooms?.newest));
    const key = [hour, venue.updatedAt.getTime(), events?.n, instantOf(events?.newest), events?.sequences, sessions?.n, instantOf(sessions?.newest), instantOf(rooms?.newest)].join('|');
    return this.venueFeeds.get(venueId, { key, newest }, async () => {
      const rows = await this.db.getRepository(EventRecord).find({
        where: { venueId, status: In(['published', 'cancelled']), endsAt: MoreThan(since) },
        relations: { sessions: { room: true } }, order: { startsAt: 'ASC' }, take: 2000,
      });
      const items = rows.flatMap((e) => this.eventItems(Object.assign(e, { venue }) as EventWithDetails));
      return buildCalendar({ name: `${venue.name}: acara`, ttlSeconds: 3600 }, items);
    });
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
      ...bookings.filter((r) => !r.eventId).map((r) => this.reservationItem(r as ReservationRow & { room: RoomRow & { venue: Venue } }, user.locale ?? this.config.defaultLocale)),
      ...events.flatMap((e) => this.eventItems(e as EventWithDetails)),
    ];
    return buildCalendar({ name: `Ruang Kreatif: ${user.name}`, ttlSeconds: 3600 }, items);
  }

  /**
   * A new feed token for one registration, replacing the previous one (whose URL then gives 404). Attendees have no
   * account, so the feed belongs to the registration, and the manage link (mailed to them) is what proves they hold it.
   */
  async regenerateTicketFeedToken(registration: Registration): Promise<string> {
    const token = randomToken(24);
    await this.tx.write(async (m) => {
      await m.delete(RegistrationFeed, { registrationId: registration.id });
      await m.insert(RegistrationFeed, { registrationId: registration.id, tokenHash: sha256(token) });
    });
    return token;
  }

  async hasTicketFeed(registration: Registration): Promise<boolean> {
    return this.db.getRepository(RegistrationFeed).existsBy({ registrationId: registration.id });
  }

  /** The attendee's entry, kept current: a moved event moves, a cancelled seat or event is marked cancelled. */
  async ticketFeed(token: string): Promise<string> {
    const feed = await this.db.getRepository(RegistrationFeed).findOneBy({ tokenHash: sha256(token) });
    const registration = feed ? await this.db.getRepository(Registration).findOneBy({ id: feed.registrationId }) : null;
    if (!registration) throw new NotFoundError('feed_not_found');
    const { event } = await this.events.getForAttendee(registration.eventId);
    return buildCalendar({ name: `Ruang Kreatif: ${event.title}`, ttlSeconds: 3600 }, this.registrationItems(registration, event));
  }

  /** A room's busy times for its venue's managers: who booked what, for their own calendar. */
  async roomFeed(token: string, roomId: number): Promise<string> {
    const user = await this.feedOwner(token);
    const room = await this.db.getRepository(RoomRow).findOne({ where: { id: roomId }, relations: { venue: true } });
    if (!room || !(await this.venues.canManage(user, room.venueId))) throw new NotFoundError('feed_not_found');
    const rows = await this.db.getRepository(ReservationRow).find({
      where: { roomId, status: In(['pending', 'confirmed', 'cancelled', 'rejected', 'no_show']), endAt: MoreThan(new Date(Date.now() - 30 * 86_400_000)) },
      relations: { creator: true }, order: { startAt: 'ASC' }, take: 5000,
    });
    const items = rows.map((r) => {
      const item = this.reservationItem(Object.assign(r, { room }) as ReservationRow & { room: RoomRow & { venue: Venue } }, user.locale ?? this.config.defaultLocale);
      return r.kind === 'block' ? { ...item, summary: `⛔ ${r.title}` } : { ...item, summary: `${r.title} (${r.creator.name})` };
    });
    return buildCalendar({ name: `${room.name}, ${room.venue.name}`, ttlSeconds: 3600 }, items);
  }

  file(name: string, items: CalendarItem[]): string {
    return buildCalendar({ name }, items);
  }
}
