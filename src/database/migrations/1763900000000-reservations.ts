import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, isPostgres, timestamps } from './portable.js';

export class Reservations1763900000000 implements MigrationInterface {
  name = 'Reservations1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'reservation_series',
      columns: [
        id(),
        { name: 'room_id', type: 'integer' },
        { name: 'creator_id', type: 'integer' },
        { name: 'rrule', type: 'varchar', length: '200' },
        ...timestamps(q),
      ],
      foreignKeys: [
        { columnNames: ['room_id'], referencedTableName: 'rooms', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['creator_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'reservations',
      columns: [
        id(),
        { name: 'room_id', type: 'integer' },
        { name: 'venue_id', type: 'integer' },
        { name: 'creator_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'title', type: 'varchar', length: '160' },
        { name: 'headcount', type: 'integer', default: 1 },
        { name: 'notes', type: 'text', default: "''" },
        instant(q, 'start_at'),
        instant(q, 'end_at'),
        instant(q, 'occupied_end_at'),
        { name: 'series_id', type: 'integer', isNullable: true },
        { name: 'status_reason', type: 'varchar', length: '500', isNullable: true },
        { name: 'sequence', type: 'integer', default: 0 },
        ...timestamps(q),
      ],
      foreignKeys: [
        { columnNames: ['room_id'], referencedTableName: 'rooms', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['venue_id'], referencedTableName: 'venues', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['creator_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['series_id'], referencedTableName: 'reservation_series', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
      indices: [
        { columnNames: ['room_id', 'start_at'] },
        { columnNames: ['venue_id', 'start_at'] },
        { columnNames: ['creator_id', 'start_at'] },
        { columnNames: ['status'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'reservation_history',
      columns: [
        id(),
        { name: 'reservation_id', type: 'integer' },
        { name: 'actor_id', type: 'integer', isNullable: true },
        { name: 'action', type: 'varchar', length: '16' },
        { name: 'reason', type: 'varchar', length: '500', isNullable: true },
        { name: 'details', type: 'text' },
        instant(q, 'created_at'),
      ],
      foreignKeys: [
        { columnNames: ['reservation_id'], referencedTableName: 'reservations', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
      indices: [{ columnNames: ['reservation_id'] }],
    }));
    if (isPostgres(q)) {
      // The database itself refuses two active reservations of one room whose occupied ranges (buffer included)
      // overlap, whichever app instance writes them. SQLite has no such constraint: there the serialised writer
      // (one FIFO queue, BEGIN IMMEDIATE) makes the check and the insert one atomic step.
      await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
      await q.query(`ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (
        room_id WITH =, tstzrange(start_at, occupied_end_at, '[)') WITH &&
      ) WHERE (status IN ('pending', 'confirmed'))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reservation_history');
    await q.dropTable('reservations');
    await q.dropTable('reservation_series');
  }
}
