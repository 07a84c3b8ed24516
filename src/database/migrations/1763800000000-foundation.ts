import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, timestamps } from './portable.js';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [
        id(),
        { name: 'name', type: 'varchar', length: '120' },
        { name: 'email', type: 'varchar', length: '254', isUnique: true },
        { name: 'password_hash', type: 'varchar', length: '255' },
        { name: 'role', type: 'varchar', length: '16' },
        { name: 'locale', type: 'varchar', length: '2', isNullable: true },
        ...timestamps(q),
      ],
    }));
    await q.createTable(new Table({
      name: 'sessions',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'user_id', type: 'integer' },
        instant(q, 'expires_at'),
        instant(q, 'created_at'),
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [{ columnNames: ['user_id'] }],
    }));
    await q.createTable(new Table({
      name: 'api_tokens',
      columns: [
        id(),
        { name: 'user_id', type: 'integer' },
        { name: 'name', type: 'varchar', length: '80' },
        { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
        { name: 'prefix', type: 'varchar', length: '12' },
        instant(q, 'last_used_at', { isNullable: true }),
        instant(q, 'revoked_at', { isNullable: true }),
        ...timestamps(q),
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [{ columnNames: ['user_id'] }],
    }));
    await q.createTable(new Table({
      name: 'sign_in_attempts',
      columns: [
        id(),
        { name: 'email', type: 'varchar', length: '254' },
        { name: 'ip', type: 'varchar', length: '64' },
        { name: 'succeeded', type: 'boolean' },
        instant(q, 'created_at'),
      ],
      indices: [{ columnNames: ['email', 'created_at'] }, { columnNames: ['ip', 'created_at'] }],
    }));
    await q.createTable(new Table({
      name: 'venues',
      columns: [
        id(),
        { name: 'code', type: 'varchar', length: '32', isUnique: true },
        { name: 'name', type: 'varchar', length: '160' },
        { name: 'address', type: 'varchar', length: '255' },
        { name: 'city', type: 'varchar', length: '80' },
        { name: 'province', type: 'varchar', length: '80' },
        { name: 'timezone', type: 'varchar', length: '32' },
        { name: 'phone', type: 'varchar', length: '20', isNullable: true },
        { name: 'email', type: 'varchar', length: '254', isNullable: true },
        { name: 'description', type: 'text', default: "''" },
        { name: 'latitude', type: 'double precision', isNullable: true },
        { name: 'longitude', type: 'double precision', isNullable: true },
        { name: 'active', type: 'boolean', default: true },
        ...timestamps(q),
      ],
      indices: [{ columnNames: ['province'] }, { columnNames: ['city'] }],
    }));
    await q.createTable(new Table({
      name: 'venue_opening_hours',
      columns: [
        id(),
        { name: 'venue_id', type: 'integer' },
        { name: 'weekday', type: 'integer' },
        { name: 'opens', type: 'varchar', length: '5' },
        { name: 'closes', type: 'varchar', length: '5' },
      ],
      indices: [{ columnNames: ['venue_id'] }],
    }));
    await q.createTable(new Table({
      name: 'venue_closures',
      columns: [
        id(),
        { name: 'venue_id', type: 'integer' },
        { name: 'start_date', type: 'varchar', length: '10' },
        { name: 'end_date', type: 'varchar', length: '10' },
        { name: 'reason', type: 'varchar', length: '200' },
        { name: 'kind', type: 'varchar', length: '20' },
        { name: 'estimated', type: 'boolean', default: false },
        ...timestamps(q),
      ],
      indices: [{ columnNames: ['venue_id', 'start_date'] }],
    }));
    await q.createTable(new Table({
      name: 'venue_managers',
      columns: [
        { name: 'venue_id', type: 'integer', isPrimary: true },
        { name: 'user_id', type: 'integer', isPrimary: true },
      ],
      indices: [{ columnNames: ['user_id'] }],
    }));
    await q.createTable(new Table({
      name: 'rooms',
      columns: [
        id(),
        { name: 'venue_id', type: 'integer' },
        { name: 'name', type: 'varchar', length: '120' },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'capacity', type: 'integer' },
        { name: 'amenities', type: 'text' },
        { name: 'photos', type: 'text' },
        { name: 'description', type: 'text', default: "''" },
        { name: 'slot_minutes', type: 'integer', default: 30 },
        { name: 'min_minutes', type: 'integer', default: 60 },
        { name: 'max_minutes', type: 'integer', default: 240 },
        { name: 'buffer_minutes', type: 'integer', default: 0 },
        { name: 'horizon_days', type: 'integer', default: 60 },
        { name: 'requires_approval', type: 'boolean', default: false },
        { name: 'max_hours_per_week', type: 'integer', isNullable: true },
        { name: 'max_future_reservations', type: 'integer', isNullable: true },
        { name: 'active', type: 'boolean', default: true },
        ...timestamps(q),
      ],
      indices: [{ columnNames: ['venue_id'] }],
    }));
    for (const [table, column, target] of [
      ['venue_opening_hours', 'venue_id', 'venues'],
      ['venue_closures', 'venue_id', 'venues'],
      ['venue_managers', 'venue_id', 'venues'],
      ['venue_managers', 'user_id', 'users'],
      ['rooms', 'venue_id', 'venues'],
    ] as const) {
      await q.createForeignKey(table, new TableForeignKey({
        columnNames: [column], referencedTableName: target, referencedColumnNames: ['id'], onDelete: 'CASCADE',
      }));
    }
    await q.createIndex('rooms', new TableIndex({ columnNames: ['kind'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rooms', 'venue_managers', 'venue_closures', 'venue_opening_hours', 'venues', 'sign_in_attempts', 'api_tokens', 'sessions', 'users']) {
      await q.dropTable(table);
    }
  }
}
