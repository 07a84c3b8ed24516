import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant } from './portable.js';

/**
 * Door scans sent by the offline check-in devices (one row per scan the device made, its own id unique, so a batch
 * sent twice changes nothing), and the door that won a registration's check-in. The registrations column is added
 * with a plain ALTER TABLE: TypeORM's addColumn rebuilds the table on SQLite and would drop its triggers.
 */
export class CheckInScans1764810000000 implements MigrationInterface {
  name = 'CheckInScans1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE registrations ADD COLUMN check_in_door varchar(40) NULL');
    await q.createTable(new Table({
      name: 'check_in_scans',
      columns: [
        id(),
        { name: 'scan_id', type: 'varchar', length: '36' },
        { name: 'event_id', type: 'integer' },
        { name: 'registration_id', type: 'integer', isNullable: true },
        { name: 'code', type: 'varchar', length: '64' },
        { name: 'device', type: 'varchar', length: '40' },
        { name: 'user_id', type: 'integer' },
        instant(q, 'scanned_at'),
        instant(q, 'received_at'),
        { name: 'result', type: 'varchar', length: '24' },
      ],
      foreignKeys: [
        { columnNames: ['event_id'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
      indices: [
        new TableIndex({ name: 'UQ_check_in_scans_scan_id', columnNames: ['scan_id'], isUnique: true }),
        new TableIndex({ name: 'IDX_check_in_scans_event_result', columnNames: ['event_id', 'result'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('check_in_scans');
    await q.query('ALTER TABLE registrations DROP COLUMN check_in_door');
  }
}
