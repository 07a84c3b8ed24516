import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant } from './portable.js';

/** Idempotency keys of the booking and registration writes (API and forms): the first answer, kept for 24 hours. */
export class IdempotencyKeys1764720000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'idempotency_keys',
      columns: [
        id(),
        { name: 'scope', type: 'varchar', length: '64' },
        { name: 'key_hash', type: 'varchar', length: '64' },
        { name: 'fingerprint', type: 'varchar', length: '64' },
        { name: 'state', type: 'varchar', length: '16' },
        { name: 'response_status', type: 'integer', isNullable: true },
        { name: 'response', type: 'text', isNullable: true },
        instant(q, 'created_at'),
        instant(q, 'expires_at'),
      ],
      indices: [
        new TableIndex({ name: 'UQ_idempotency_keys_scope_key', columnNames: ['scope', 'key_hash'], isUnique: true }),
        new TableIndex({ name: 'IDX_idempotency_keys_expires', columnNames: ['expires_at'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_keys');
  }
}
