import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { ConflictError, RuleViolationError, type DomainError } from '../common/errors.js';
import { formatDateTime, localized } from '../common/time.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { Room } from '../rooms/room.entity.js';
import { VenuesService } from '../venues/venues.service.js';
import { recordHistory, recordReservation } from './affected-bookings.js';
import { checkInRefusal, checkInWindow, type CheckInRefusal } from './check-in.js';
import { Reservation } from './reservation.entity.js';
import { ReservationsService } from './reservations.service.js';

/** How the check-in arrived: the booking page (or API), or the QR code at the room's door. */
export type CheckInVia = 'booking' | 'room_qr';

/** Room check-in: the booking's creator (or a manager of the venue) says they are there, within the room's window. */
@Injectable()
export class CheckInService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly venues: VenuesService,
    private readonly reservations: ReservationsService,
    private readonly stream: DomainEvents,
  ) {}

  /**
   * Checks a booking in. Only its creator or a manager of its venue (others get 404); refused with a clear reason when
   * the room needs none, the booking is not confirmed, or it is too early (more than 15 minutes before the start) or too
   * late (past start + N). The update is conditional, so a check-in racing the release worker is one or the other.
   */
  async checkIn(user: User, id: number, via: CheckInVia = 'booking', now = new Date()): Promise<Reservation> {
    const row = await this.reservations.getVisible(user, id);
    const room = row.room;
    const refusal = checkInRefusal(row, room.checkInMinutes, now);
    if (refusal) throw this.refusalError(refusal, row, room);
    return this.tx.write(async (m) => {
      const done = await m.createQueryBuilder().update(Reservation).set({ checkedInAt: now })
        .where('id = :id AND status = :status AND checked_in_at IS NULL', { id, status: 'confirmed' }).execute();
      const current = await m.findOneByOrFail(Reservation, { id });
      if (!done.affected) throw this.refusalError(checkInRefusal(current, room.checkInMinutes, now) ?? 'check_in_not_confirmed', current, room);
      const by = current.creatorId === user.id ? 'creator' : 'manager';
      await recordHistory(m, [current], user.id, 'checked_in', null, { via, by });
      await recordReservation(this.stream, m, 'reservation.checked_in', user.id, current, room, room.venue, { checkedIn: { at: now, by, via } });
      return current;
    });
  }

  /**
   * The user's booking in the room that the door's QR code is about at `now`: the one whose check-in is open, else one
   * running (checked in already, or released), else null ("you have no booking here now").
   */
  async currentInRoom(user: User, roomId: number, now = new Date()): Promise<Reservation | null> {
    const room = await this.db.getRepository(Room).findOne({ where: { id: roomId }, relations: { venue: true } });
    if (!room) return null;
    const rows = await this.db.getRepository(Reservation).createQueryBuilder('r')
      .where('r.room_id = :roomId AND r.creator_id = :userId AND r.kind = :kind', { roomId, userId: user.id, kind: 'booking' })
      .andWhere('r.start_at > :from AND r.start_at <= :to', { from: new Date(now.getTime() - 86_400_000), to: checkInWindow(now, 0).closes })
      .andWhere('r.end_at > :now', { now })
      .orderBy('r.start_at', 'ASC').getMany();
    // The window opens 15 minutes before the start: a booking starting within 15 minutes of now.
    const soon = rows.filter((r) => r.startAt.getTime() <= now.getTime() + 15 * 60_000);
    return soon.find((r) => checkInRefusal(r, room.checkInMinutes, now) === null)
      ?? soon.find((r) => r.status === 'confirmed' && r.startAt <= now)
      ?? soon.find((r) => r.status === 'no_show') ?? null;
  }

  private refusalError(code: CheckInRefusal, r: Reservation, room: Room): DomainError {
    const zone = room.venue.timezone;
    const window = checkInWindow(r.startAt, room.checkInMinutes ?? 0);
    const params = {
      opens: localized((locale) => formatDateTime(window.opens, zone, locale)),
      closes: localized((locale) => formatDateTime(window.closes, zone, locale)),
      at: r.checkedInAt ? localized((locale) => formatDateTime(r.checkedInAt!, zone, locale)) : '',
    };
    if (code === 'check_in_already' || code === 'check_in_not_confirmed') return new ConflictError(code, params);
    return new RuleViolationError(code, params);
  }
}
