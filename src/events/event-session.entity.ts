import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';
import type { Room } from '../rooms/room.entity.js';
import type { EventRecord } from './event.entity.js';

/** One part of an event's programme; it holds its room through a reservation (`reservationId`). */
@Entity('event_sessions')
export class EventSession extends BaseEntity {
  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @ManyToOne('EventRecord', 'sessions', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: Relation<EventRecord>;

  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne('Room', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room: Relation<Room>;

  @Column({ name: 'reservation_id', type: 'integer', nullable: true })
  reservationId: number | null;

  @Column({ name: 'title', type: 'varchar', length: 160 })
  title: string;

  @Column({ name: 'speaker', type: 'varchar', length: 160, default: '' })
  speaker: string;

  @Column({ name: 'start_at', type: dateTimeType() })
  startAt: Date;

  @Column({ name: 'end_at', type: dateTimeType() })
  endAt: Date;

  @Column({ name: 'capacity', type: 'integer', nullable: true })
  capacity: number | null;
}
