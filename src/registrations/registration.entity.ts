import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';
import type { EventRecord } from '../events/event.entity.js';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** An attendee's seat or place on the waiting list. No account: the holder manages it through a secret link. */
// The checked-in seats, for the reports (partial, raw SQL: migration 1764870000000); declared so generated migrations leave it alone.
@Index('IDX_registrations_checked_in', { synchronize: false })
@Entity('registrations')
export class Registration extends BaseEntity {
  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @ManyToOne('EventRecord', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: Relation<EventRecord>;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: RegistrationStatus;

  /** Arrival number within the event (1, 2, 3…): the waiting list is served in this order. */
  @Column({ name: 'arrival', type: 'integer' })
  arrival: number;

  /** SHA-256 of the manage-link token; the token itself is only ever in the link. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** Short code on the ticket and in its QR code, unique within the event. */
  @Column({ name: 'ticket_code', type: 'varchar', length: 16 })
  ticketCode: string;

  @Column({ name: 'name', type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'email', type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'phone', type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ name: 'business_name', type: 'varchar', length: 160, nullable: true })
  businessName: string | null;

  @Column({ name: 'sector', type: 'varchar', length: 60, nullable: true })
  sector: string | null;

  @Column({ name: 'consent', type: 'boolean', default: false })
  consent: boolean;

  @Column({ name: 'locale', type: 'varchar', length: 2, default: 'id' })
  locale: 'id' | 'en';

  @Column({ name: 'checked_in_at', type: dateTimeType(), nullable: true })
  checkedInAt: Date | null;

  /** The door (device name) whose scan checked the ticket in first; null when checked in on the page's form. */
  @Column({ name: 'check_in_door', type: 'varchar', length: 40, nullable: true })
  checkInDoor: string | null;

  @Column({ name: 'cancelled_at', type: dateTimeType(), nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'sequence', type: 'integer', default: 0 })
  sequence: number;
}
