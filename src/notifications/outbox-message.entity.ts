import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One email waiting to go out, going out, sent, or given up on (kept with its error for admins). */
@Entity('outbox_messages')
export class OutboxMessage extends BaseEntity {
  /** What the message is about and its version (e.g. `reservation-12-seq-1-request`): the same change never mails twice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, unique: true })
  dedupeKey: string;

  @Column({ name: 'kind', type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'recipient', type: 'varchar', length: 254 })
  recipient: string;

  @Column({ name: 'subject', type: 'varchar', length: 300 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ name: 'ics', type: 'text', nullable: true })
  ics: string | null;

  @Column({ name: 'ics_method', type: 'varchar', length: 10, nullable: true })
  icsMethod: 'REQUEST' | 'CANCEL' | null;

  /** A ticket's code: the message carries its QR image (drawn when sent) for check-in. */
  @Column({ name: 'ticket_code', type: 'varchar', length: 16, nullable: true })
  ticketCode: string | null;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: dateTimeType() })
  nextAttemptAt: Date;

  @Column({ name: 'locked_until', type: dateTimeType(), nullable: true })
  lockedUntil: Date | null;

  /** The mail worker (`mail_workers.id`) that claimed the row while `sending`; null for rows claimed before workers had ids. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: dateTimeType(), nullable: true })
  sentAt: Date | null;
}
