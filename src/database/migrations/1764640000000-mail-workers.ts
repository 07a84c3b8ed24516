import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant } from './portable.js';

/**
 * Mail workers with a heartbeat, and which worker claimed an outbox row: the claims of a worker whose heartbeat has
 * stopped (a crashed or killed process) are taken over within a minute instead of waiting out the five-minute lease.
 */
export class MailWorkers1764640000000 implements MigrationInterface {
  name = 'MailWorkers1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'mail_workers',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'host', type: 'varchar', length: '255' },
        instant(q, 'started_at'),
        instant(q, 'heartbeat_at'),
      ],
    }));
    await q.addColumn('outbox_messages', new TableColumn({ name: 'claimed_by', type: 'varchar', length: '64', isNullable: true }));
    await q.createIndex('outbox_messages', new TableIndex({ name: 'IDX_outbox_messages_claimed_by', columnNames: ['claimed_by'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('outbox_messages', 'IDX_outbox_messages_claimed_by');
    await q.dropColumn('outbox_messages', 'claimed_by');
    await q.dropTable('mail_workers');
  }
}
