import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';

@Entity('api_tokens')
export class ApiToken extends BaseEntity {
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'name', type: 'varchar', length: 80 })
  name: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** First characters of the token, so a person can tell their tokens apart. */
  @Column({ name: 'prefix', type: 'varchar', length: 12 })
  prefix: string;

  @Column({ name: 'last_used_at', type: dateTimeType(), nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: dateTimeType(), nullable: true })
  revokedAt: Date | null;
}
