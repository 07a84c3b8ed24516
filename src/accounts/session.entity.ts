import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'expires_at', type: dateTimeType() })
  expiresAt: Date;

  @Column({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;
}
