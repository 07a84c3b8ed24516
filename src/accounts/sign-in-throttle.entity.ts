import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/** One sign-in counter (account and address, known device, account, address); see `sign-in-throttle.ts`. */
@Entity('sign_in_throttles')
export class SignInThrottle {
  @PrimaryColumn({ name: 'subject', type: 'varchar', length: 80 })
  subject: string;

  /** Attempts counted (reserved before the password is compared) since the counter last started. */
  @Column({ name: 'attempts', type: 'integer' })
  attempts: number;

  @Column({ name: 'blocked_until', type: dateTimeType(), nullable: true })
  blockedUntil: Date | null;

  @Column({ name: 'last_attempt_at', type: dateTimeType() })
  lastAttemptAt: Date;
}
