import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import { dateTimeType } from '../database/column-types.js';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** One domain event on its way to one endpoint: written with the change, claimed with a lease, retried on a schedule. */
@Entity('webhook_deliveries')
@Unique('UQ_webhook_deliveries_event_endpoint', ['domainEventId', 'endpointId'])
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_endpoint', ['endpointId', 'domainEventId'])
export class WebhookDelivery extends BaseEntity {
  @Column({ name: 'endpoint_id', type: 'integer' })
  endpointId: number;

  @Column({ name: 'domain_event_id', type: 'integer' })
  domainEventId: number;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: DeliveryStatus;

  /** Attempts in the current schedule (a replay starts a new one; the log keeps every attempt). */
  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: dateTimeType() })
  nextAttemptAt: Date;

  @Column({ name: 'locked_until', type: dateTimeType(), nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: dateTimeType(), nullable: true })
  deliveredAt: Date | null;
}

/** One try of a delivery: when, the answer's status and first kilobyte, how long it took, or why it failed. */
@Entity('webhook_attempts')
@Index('IDX_webhook_attempts_delivery', ['deliveryId'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn({ name: 'id' })
  id: number;

  @Column({ name: 'delivery_id', type: 'integer' })
  deliveryId: number;

  @Column({ name: 'attempted_at', type: dateTimeType() })
  attemptedAt: Date;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ name: 'response_snippet', type: 'varchar', length: 1100, nullable: true })
  responseSnippet: string | null;

  @Column({ name: 'error', type: 'varchar', length: 500, nullable: true })
  error: string | null;
}
