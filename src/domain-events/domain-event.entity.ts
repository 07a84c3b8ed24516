import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/**
 * One change a user or partner would care about, written in the same transaction as the change itself. The stream is
 * read in (`tx`, `id`) order: on PostgreSQL `tx` is the writing transaction's id, so a reader never passes a row that a
 * slower transaction has yet to commit (docs/decisions.md); on SQLite writers are serialised and `tx` is 0.
 */
@Entity('domain_events')
export class DomainEventRecord {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  /** Stable public id (`evt_…`), also the `webhook-id` of every delivery of this event. */
  @Column({ name: 'uid', type: 'varchar', length: 40, unique: true })
  uid: string;

  @Column({ name: 'type', type: 'varchar', length: 48 })
  type: string;

  /** Version of the payload's shape for this type. */
  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'occurred_at', type: dateTimeType() })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'venue_id', type: 'integer', nullable: true })
  venueId: number | null;

  /** The event (workshop, conference…) the change belongs to, so its organiser may see it. */
  @Column({ name: 'event_id', type: 'integer', nullable: true })
  eventId: number | null;

  /** The creator or attendee account the change is about, so they may see their own changes. */
  @Column({ name: 'subject_user_id', type: 'integer', nullable: true })
  subjectUserId: number | null;

  @Column({ name: 'payload', type: 'text' })
  payload: string;

  @Column({ name: 'tx', type: 'bigint', default: 0, insert: false, update: false })
  tx: string;
}
