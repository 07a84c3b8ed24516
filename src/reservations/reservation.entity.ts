import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { User } from '../accounts/user.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';
import type { Room } from '../rooms/room.entity.js';

export const RESERVATION_KINDS = ['booking', 'block'] as const;
export type ReservationKind = (typeof RESERVATION_KINDS)[number];
export const RESERVATION_STATUSES = ['pending', 'confirmed', 'cancelled', 'rejected', 'no_show'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
/** Statuses that hold their slot (a `no_show` booking has been released). */
export const ACTIVE_STATUSES: ReservationStatus[] = ['pending', 'confirmed'];

/**
 * A creator's booking or a manager's block of one room. `occupiedEnd` is the end plus the room's buffer
 * (blocks: the end itself): two active rows of a room may never have overlapping [start, occupiedEnd) ranges.
 * On PostgreSQL an exclusion constraint enforces that; on SQLite the serialised writer checks it.
 */
// Partial indexes made by raw SQL (blocks: migration 1764613000000; creators' bookings for the reports: 1764850000000;
// the reports' creators served: 1764870000000); declared so generated migrations leave them alone.
@Index('IDX_reservations_blocks', { synchronize: false })
@Index('IDX_reservations_creator_bookings', { synchronize: false })
@Index('IDX_reservations_served', { synchronize: false })
@Entity('reservations')
@Index(['roomId', 'startAt'])
@Index('IDX_reservations_room_occupied_end', ['roomId', 'occupiedEndAt'])
@Index('IDX_reservations_creator_status_start', ['creatorId', 'status', 'startAt'])
// Covers the reports' GROUP BY passes (migration 1764830000000).
@Index('IDX_reservations_report', ['venueId', 'startAt', 'kind', 'status', 'endAt', 'roomId', 'creatorId', 'eventId'])
export class Reservation extends BaseEntity {
  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne('Room', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room: Relation<Room>;

  @Column({ name: 'venue_id', type: 'integer' })
  venueId: number;

  @Column({ name: 'creator_id', type: 'integer' })
  creatorId: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'creator_id' })
  creator: Relation<User>;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind: ReservationKind;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: ReservationStatus;

  @Column({ name: 'title', type: 'varchar', length: 160 })
  title: string;

  @Column({ name: 'headcount', type: 'integer', default: 1 })
  headcount: number;

  @Column({ name: 'notes', type: 'text', default: '' })
  notes: string;

  @Column({ name: 'start_at', type: dateTimeType() })
  startAt: Date;

  @Column({ name: 'end_at', type: dateTimeType() })
  endAt: Date;

  @Column({ name: 'occupied_end_at', type: dateTimeType() })
  occupiedEndAt: Date;

  @Column({ name: 'series_id', type: 'integer', nullable: true })
  seriesId: number | null;

  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  /** The event whose session holds this room, if any. */
  @Column({ name: 'event_id', type: 'integer', nullable: true })
  eventId: number | null;

  /** When the creator checked in to the room (rooms with a check-in rule). */
  @Column({ name: 'checked_in_at', type: dateTimeType(), nullable: true })
  checkedInAt: Date | null;

  /** iCalendar SEQUENCE: raised on every change that matters to a calendar (time, room, status). */
  @Column({ name: 'sequence', type: 'integer', default: 0 })
  sequence: number;
}
