import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant } from './portable.js';

/**
 * A secret, replaceable calendar-feed token per registration (stored hashed), for attendees who have no account;
 * and the ticket code an outgoing message attaches as a QR image.
 */
export class TicketFeeds1764500000000 implements MigrationInterface {
  name = 'TicketFeeds1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'registration_feeds',
      columns: [
        { name: 'registration_id', type: 'integer', isPrimary: true },
        { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
        instant(q, 'created_at', { default: 'CURRENT_TIMESTAMP' }),
      ],
      foreignKeys: [{ columnNames: ['registration_id'], referencedTableName: 'registrations', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await q.addColumn('outbox_messages', new TableColumn({ name: 'ticket_code', type: 'varchar', length: '16', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outbox_messages', 'ticket_code');
    await q.dropTable('registration_feeds');
  }
}
