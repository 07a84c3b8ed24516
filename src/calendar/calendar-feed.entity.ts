import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/** A user's personal feed token (hashed). The plain token lives only in the feed URL the user was shown once. */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;
}

/** An attendee's feed of one registration (they have no account): its token is hashed, replaceable from the manage link. */
@Entity('registration_feeds')
export class RegistrationFeed {
  @PrimaryColumn({ name: 'registration_id', type: 'integer' })
  registrationId: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;
}
