import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { dateTimeType } from '../database/column-types.js';

/**
 * One Idempotency-Key a caller used: claimed (`running`) before the request runs, then holding the first answer
 * (`done`) for 24 hours. The key itself is never stored, only its HMAC; the answer is encrypted with a key derived from
 * it, because it can hold a registration's manage link (docs/decisions.md).
 */
@Entity('idempotency_keys')
@Index('UQ_idempotency_keys_scope_key', ['scope', 'keyHash'], { unique: true })
export class IdempotencyKeyRecord {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  /** Whose key: `user:<id>`, `visitor:<hash of the pre-session cookie>` or `anonymous`. */
  @Column({ name: 'scope', type: 'varchar', length: 64 })
  scope: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
  @Column({ name: 'fingerprint', type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state: 'running' | 'done';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  /** The stored answer, AES-256-GCM encrypted. */
  @Column({ name: 'response', type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'created_at', type: dateTimeType() })
  createdAt: Date;

  @Index('IDX_idempotency_keys_expires')
  @Column({ name: 'expires_at', type: dateTimeType() })
  expiresAt: Date;
}
