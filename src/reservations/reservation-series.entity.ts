import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

/** A recurring booking: its rule (RRULE subset) and who made it; occurrences are reservations with its id. */
@Entity('reservation_series')
export class ReservationSeries extends BaseEntity {
  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @Column({ name: 'creator_id', type: 'integer' })
  creatorId: number;

  @Column({ name: 'rrule', type: 'varchar', length: 200 })
  rrule: string;
}
