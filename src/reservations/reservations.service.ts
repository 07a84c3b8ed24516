import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { isValidIsoDate, luxonZone, todayIn } from '../common/time.js';
import { Room } from '../rooms/room.entity.js';
import { Closure } from '../venues/closure.entity.js';
import { OpeningHour } from '../venues/opening-hour.entity.js';
import { groupHours } from '../venues/opening-hours.js';
import { Venue } from '../venues/venue.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { mondayOf } from './week-grid.js';
import { noShowCounts } from './no-show-fair-use.js';
import { ReservationHistory } from './reservation-history.entity.js';
import { ACTIVE_STATUSES, Reservation } from './reservation.entity.js';

/** Reads of reservations: one with its history, a creator's own, a venue's schedule, the approval queue. */
@Injectable()
export class ReservationsService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly venues: VenuesService) {}

  async get(id: number): Promise<Reservation> {
    const row = await this.db.getRepository(Reservation).findOne({ where: { id }, relations: { room: { venue: true }, creator: true } });
    if (!row) throw new NotFoundError('reservation_not_found');
    return row;
  }

  /** A reservation as its creator or the venue's managers may see it; anyone else gets 404. */
  async getVisible(user: User, id: number): Promise<Reservation & { room: Room & { venue: Venue } }> {
    const row = await this.get(id);
    if (row.creatorId !== user.id && !(await this.venues.canManage(user, row.venueId))) throw new NotFoundError('reservation_not_found');
    return row as Reservation & { room: Room & { venue: Venue } };
  }

  async history(user: User, id: number): Promise<ReservationHistory[]> {
    await this.getVisible(user, id);
    return this.db.getRepository(ReservationHistory).find({ where: { reservationId: id }, order: { id: 'ASC' } });
  }

  /** The creator's bookings: upcoming, past and cancelled or rejected. */
  async mine(user: User): Promise<{ upcoming: Reservation[]; past: Reservation[]; cancelled: Reservation[] }> {
    const rows = await this.db.getRepository(Reservation).find({
      where: { creatorId: user.id, kind: 'booking' }, relations: { room: { venue: true } }, order: { startAt: 'ASC' },
    });
    const now = new Date();
    return {
      upcoming: rows.filter((r) => ACTIVE_STATUSES.includes(r.status) && r.endAt > now),
      past: rows.filter((r) => ACTIVE_STATUSES.includes(r.status) && r.endAt <= now).reverse(),
      cancelled: rows.filter((r) => !ACTIVE_STATUSES.includes(r.status)).reverse(),
    };
  }

  /**
   * Every room of a venue with its active reservations and blocks, for the managers' grids: the local day `date`
   * (default today at the venue) and the `span - 1` days after it, or with `'week'` the ISO week (Monday to Sunday,
   * as Indonesian calendars run) that holds it. Opening hours and closures come along, so grids can show what is closed.
   */
  async schedule(user: User, venueId: number, date: string | undefined, span: number | 'week') {
    const week = span === 'week';
    await this.venues.assertCanManage(user, venueId);
    if (date !== undefined && !isValidIsoDate(date)) throw new ValidationError([{ field: 'date', code: 'date' }]);
    const venue = await this.db.getRepository(Venue).findOneByOrFail({ id: venueId });
    const zone = venue.timezone;
    const focus = date ?? todayIn(zone);
    const firstDate = week ? mondayOf(focus) : focus;
    const days = span === 'week' ? 7 : span;
    const rooms = await this.db.getRepository(Room).find({ where: { venueId }, order: { capacity: 'ASC', id: 'ASC' } });
    const from = DateTime.fromISO(firstDate, { zone: luxonZone(zone) }).toJSDate();
    const to = DateTime.fromISO(firstDate, { zone: luxonZone(zone) }).plus({ days }).toJSDate();
    const rows = await this.db.getRepository(Reservation).createQueryBuilder('r')
      .leftJoinAndSelect('r.creator', 'creator')
      .where('r.venue_id = :venueId', { venueId }).andWhere('r.status IN (:...active)', { active: ACTIVE_STATUSES })
      .andWhere('r.start_at < :to AND r.end_at > :from', { from, to }).orderBy('r.start_at').getMany();
    // Released bookings (no-shows) hold nothing, so the grids leave them out; the day view lists them apart.
    const released = await this.db.getRepository(Reservation).createQueryBuilder('r')
      .leftJoinAndSelect('r.creator', 'creator')
      .where('r.venue_id = :venueId AND r.status = :status', { venueId, status: 'no_show' })
      .andWhere('r.start_at < :to AND r.end_at > :from', { from, to }).orderBy('r.start_at').getMany();
    const weekly = groupHours(await this.db.getRepository(OpeningHour).findBy({ venueId }));
    const lastDate = DateTime.fromISO(firstDate, { zone: 'UTC' }).plus({ days: days - 1 }).toISODate()!;
    const closures = await this.db.getRepository(Closure).createQueryBuilder('c').where('c.venue_id = :venueId', { venueId })
      .andWhere('c.start_date <= :last AND c.end_date >= :first', { first: firstDate, last: lastDate }).getMany();
    return { venue, zone, focus, fromDate: firstDate, days, rooms, reservations: rows, released, weekly, closures };
  }

  /** Active rooms of a venue, for the manager's move form. */
  venueRooms(venueId: number): Promise<Room[]> {
    return this.db.getRepository(Room).find({ where: { venueId, active: true }, order: { name: 'ASC' } });
  }

  /** Each reservation's creator's no-shows at its venue within the venue's window, as `noShows` on the row. */
  async withNoShowCounts<R extends Reservation & { room: Room & { venue: Venue } }>(rows: R[]): Promise<Array<R & { noShows: number }>> {
    const counts = await noShowCounts(this.db.manager, rows.map((r) => ({ creatorId: r.creatorId, venue: r.room.venue })));
    return rows.map((r) => Object.assign(r, { noShows: counts.get(`${r.creatorId}:${r.venueId}`) ?? 0 }));
  }

  /** Pending requests in the venues the user manages, oldest first. */
  async pending(user: User): Promise<Reservation[]> {
    const qb = this.db.getRepository(Reservation).createQueryBuilder('r')
      .leftJoinAndSelect('r.room', 'room').leftJoinAndSelect('room.venue', 'venue').leftJoinAndSelect('r.creator', 'creator')
      .where('r.status = :status', { status: 'pending' }).andWhere('r.end_at > :now', { now: new Date() })
      .orderBy('r.created_at', 'ASC');
    if (user.role !== 'admin') {
      const ids = await this.venues.managedVenueIds(user);
      if (!ids.length) return [];
      qb.andWhere('r.venue_id IN (:...ids)', { ids });
    }
    return qb.getMany();
  }
}
