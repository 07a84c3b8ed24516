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
