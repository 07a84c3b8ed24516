import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant } from './portable.js';

/** One secret calendar-feed token per user, stored hashed; regenerating replaces it (the old URL stops working). */
export class CalendarFeeds1764200000000 implements MigrationInterface {
  name = 'CalendarFeeds1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'calendar_feeds',
      columns: [
        { name: 'user_id', type: 'integer', isPrimary: true },
        { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
        instant(q, 'created_at', { default: 'CURRENT_TIMESTAMP' }),
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_feeds');
  }
}
