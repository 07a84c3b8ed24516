import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';

/** A partner's URL that receives the public domain events its owner may see, signed with its secret. */
@Entity('webhook_endpoints')
export class WebhookEndpoint extends BaseEntity {
  @Index('IDX_webhook_endpoints_owner')
  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  @Column({ name: 'url', type: 'varchar', length: 2000 })
  url: string;

  @Column({ name: 'description', type: 'varchar', length: 200, default: '' })
  description: string;

  /** Subscribed types (`*` for every public type), as JSON. */
  @Column({ name: 'events', type: 'simple-json' })
  events: string[];

  @Column({ name: 'enabled', type: 'boolean', default: true })
  enabled: boolean;

  /** `whsec_…`: deliveries are signed with it, so it is kept readable (never shown again after creation or rotation). */
  @Column({ name: 'secret', type: 'varchar', length: 100 })
  secret: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretUntil`. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 100, nullable: true })
  previousSecret: string | null;

  @Column({ name: 'previous_secret_until', type: dateTimeType(), nullable: true })
  previousSecretUntil: Date | null;

  /** Why the endpoint is off: `failing` (the retry schedule ran out) or `owner` (switched off by a person). */
  @Column({ name: 'disabled_reason', type: 'varchar', length: 32, nullable: true })
  disabledReason: 'failing' | 'owner' | null;
}
