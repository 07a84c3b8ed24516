import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, isPostgres, timestamps } from './portable.js';

/**
 * Webhooks: endpoints owned by a user, one delivery row per (domain event, endpoint) written in the change's
 * transaction, and every attempt of a delivery with its outcome (the endpoint's delivery log).
 */
export class Webhooks1764800000000 implements MigrationInterface {
  name = 'Webhooks1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = isPostgres(q);
    await q.createTable(new Table({
      name: 'webhook_endpoints',
      columns: [
        id(),
        { name: 'owner_id', type: 'integer' },
        { name: 'url', type: 'varchar', length: '2000' },
        { name: 'description', type: 'varchar', length: '200', default: "''" },
        { name: 'events', type: 'text' },
        { name: 'enabled', type: 'boolean', default: pg ? 'true' : '1' },
        { name: 'secret', type: 'varchar', length: '100' },
        { name: 'previous_secret', type: 'varchar', length: '100', isNullable: true },
        instant(q, 'previous_secret_until', { isNullable: true }),
        { name: 'disabled_reason', type: 'varchar', length: '32', isNullable: true },
        ...timestamps(q),
      ],
      indices: [new TableIndex({ name: 'IDX_webhook_endpoints_owner', columnNames: ['owner_id'] })],
      foreignKeys: [{ columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await q.createTable(new Table({
      name: 'webhook_deliveries',
      columns: [
        id(),
        { name: 'endpoint_id', type: 'integer' },
        { name: 'domain_event_id', type: 'integer' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        instant(q, 'next_attempt_at'),
        instant(q, 'locked_until', { isNullable: true }),
        { name: 'claimed_by', type: 'varchar', length: '64', isNullable: true },
        { name: 'last_status_code', type: 'integer', isNullable: true },
        { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        instant(q, 'delivered_at', { isNullable: true }),
        ...timestamps(q),
      ],
      uniques: [{ name: 'UQ_webhook_deliveries_event_endpoint', columnNames: ['domain_event_id', 'endpoint_id'] }],
      indices: [
        new TableIndex({ name: 'IDX_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
        new TableIndex({ name: 'IDX_webhook_deliveries_endpoint', columnNames: ['endpoint_id', 'domain_event_id'] }),
      ],
      foreignKeys: [
        { columnNames: ['endpoint_id'], referencedTableName: 'webhook_endpoints', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['domain_event_id'], referencedTableName: 'domain_events', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'webhook_attempts',
      columns: [
        id(),
        { name: 'delivery_id', type: 'integer' },
        instant(q, 'attempted_at'),
        { name: 'status_code', type: 'integer', isNullable: true },
        { name: 'latency_ms', type: 'integer' },
        { name: 'response_snippet', type: 'varchar', length: '1100', isNullable: true },
        { name: 'error', type: 'varchar', length: '500', isNullable: true },
      ],
      indices: [new TableIndex({ name: 'IDX_webhook_attempts_delivery', columnNames: ['delivery_id'] })],
      foreignKeys: [{ columnNames: ['delivery_id'], referencedTableName: 'webhook_deliveries', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('webhook_attempts');
    await q.dropTable('webhook_deliveries');
    await q.dropTable('webhook_endpoints');
  }
}
