import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, timestamps } from './portable.js';

/** Mail outbox: written in the same transaction as the change that causes a message, sent by the worker. */
export class Outbox1764300000000 implements MigrationInterface {
  name = 'Outbox1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'outbox_messages',
      columns: [
        id(),
        { name: 'dedupe_key', type: 'varchar', length: '200', isUnique: true },
        { name: 'kind', type: 'varchar', length: '40' },
        { name: 'recipient', type: 'varchar', length: '254' },
        { name: 'subject', type: 'varchar', length: '300' },
        { name: 'text_body', type: 'text' },
        { name: 'html_body', type: 'text' },
        { name: 'ics', type: 'text', isNullable: true },
        { name: 'ics_method', type: 'varchar', length: '10', isNullable: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        instant(q, 'next_attempt_at'),
        instant(q, 'locked_until', { isNullable: true }),
        { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
        instant(q, 'sent_at', { isNullable: true }),
        ...timestamps(q),
      ],
      indices: [{ columnNames: ['status', 'next_attempt_at'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_messages');
  }
}
