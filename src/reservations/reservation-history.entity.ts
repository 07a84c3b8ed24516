import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

export type ReservationAction = 'created' | 'approved' | 'rejected' | 'cancelled' | 'moved' | 'checked_in' | 'no_show';

/** History: nothing is deleted; every change of a reservation is one row (who, when, what, why). */
@Entity('reservation_history')
@Index(['reservationId'])
export class ReservationHistory {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'reservation_id', type: 'integer' })
  reservationId: number;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'action', type: 'varchar', length: 16 })
  action: ReservationAction;

  @Column({ name: 'reason', type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Before/after of a move, the status reached, and similar facts. */
  @Column({ name: 'details', type: 'simple-json' })
  details: Record<string, unknown>;

  @Column({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;
}
