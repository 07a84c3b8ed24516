import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, timestamps } from './portable.js';

/** Workshops and conferences: events, their sessions (each holds a room through a reservation) and registrations. */
export class Events1764100000000 implements MigrationInterface {
  name = 'Events1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'events',
      columns: [
        id(),
        { name: 'organiser_id', type: 'integer' },
        { name: 'venue_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '20' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'title', type: 'varchar', length: '160' },
        { name: 'summary', type: 'varchar', length: '300', default: "''" },
        { name: 'description', type: 'text', default: "''" },
        { name: 'tags', type: 'text' },
        { name: 'language', type: 'varchar', length: '2' },
        { name: 'capacity', type: 'integer' },
        instant(q, 'registration_opens_at', { isNullable: true }),
        instant(q, 'registration_closes_at', { isNullable: true }),
        instant(q, 'starts_at'),
        instant(q, 'ends_at'),
        { name: 'arrivals', type: 'integer', default: 0 },
        { name: 'sequence', type: 'integer', default: 0 },
        { name: 'cancel_reason', type: 'varchar', length: '500', isNullable: true },
        ...timestamps(q),
      ],
      foreignKeys: [
        { columnNames: ['organiser_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['venue_id'], referencedTableName: 'venues', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
      indices: [{ columnNames: ['status', 'starts_at'] }, { columnNames: ['venue_id', 'starts_at'] }],
    }));
    await q.createTable(new Table({
      name: 'event_sessions',
      columns: [
        id(),
        { name: 'event_id', type: 'integer' },
        { name: 'room_id', type: 'integer' },
        { name: 'reservation_id', type: 'integer', isNullable: true },
        { name: 'title', type: 'varchar', length: '160' },
        { name: 'speaker', type: 'varchar', length: '160', default: "''" },
        instant(q, 'start_at'),
        instant(q, 'end_at'),
        { name: 'capacity', type: 'integer', isNullable: true },
        ...timestamps(q),
      ],
      foreignKeys: [
        { columnNames: ['event_id'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['room_id'], referencedTableName: 'rooms', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['reservation_id'], referencedTableName: 'reservations', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
      indices: [{ columnNames: ['event_id', 'start_at'] }],
    }));
    await q.createTable(new Table({
      name: 'registrations',
      columns: [
        id(),
        { name: 'event_id', type: 'integer' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'arrival', type: 'integer' },
        { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
        { name: 'ticket_code', type: 'varchar', length: '16' },
        { name: 'name', type: 'varchar', length: '120' },
        { name: 'email', type: 'varchar', length: '254' },
        { name: 'phone', type: 'varchar', length: '20', isNullable: true },
        { name: 'business_name', type: 'varchar', length: '160', isNullable: true },
        { name: 'sector', type: 'varchar', length: '60', isNullable: true },
        { name: 'consent', type: 'boolean', default: false },
        { name: 'locale', type: 'varchar', length: '2', default: "'id'" },
        instant(q, 'checked_in_at', { isNullable: true }),
        instant(q, 'cancelled_at', { isNullable: true }),
        { name: 'cancel_reason', type: 'varchar', length: '500', isNullable: true },
        { name: 'sequence', type: 'integer', default: 0 },
        ...timestamps(q),
      ],
      foreignKeys: [{ columnNames: ['event_id'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [
        // One registration per email per event, whatever its state, on both engines.
        { columnNames: ['event_id', 'email'], isUnique: true },
        { columnNames: ['event_id', 'ticket_code'], isUnique: true },
        { columnNames: ['event_id', 'status', 'arrival'] },
      ],
    }));
    await q.addColumn('reservations', new TableColumn({ name: 'event_id', type: 'integer', isNullable: true }));
    await q.createForeignKey('reservations', new TableForeignKey({ columnNames: ['event_id'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
    await q.createIndex('reservations', new TableIndex({ name: 'IDX_reservations_event', columnNames: ['event_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('reservations', 'IDX_reservations_event');
    const table = await q.getTable('reservations');
    const fk = table?.foreignKeys.find((f) => f.columnNames.includes('event_id'));
    if (fk) await q.dropForeignKey('reservations', fk);
    await q.dropColumn('reservations', 'event_id');
    await q.dropTable('registrations');
    await q.dropTable('event_sessions');
    await q.dropTable('events');
  }
}
