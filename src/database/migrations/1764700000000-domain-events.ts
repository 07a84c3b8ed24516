import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, isPostgres, timestamps } from './portable.js';

/**
 * The domain-event stream (one row per change, written with the change) and the business profile of a creator
 * (issue 14: who the programme serves). On PostgreSQL `tx` defaults to the writing transaction's id.
 */
export class DomainEvents1764700000000 implements MigrationInterface {
  name = 'DomainEvents1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = isPostgres(q);
    await q.createTable(new Table({
      name: 'domain_events',
      columns: [
        id(),
        { name: 'uid', type: 'varchar', length: '40', isUnique: true },
        { name: 'type', type: 'varchar', length: '48' },
        { name: 'version', type: 'integer' },
        instant(q, 'occurred_at'),
        { name: 'actor_id', type: 'integer', isNullable: true },
        { name: 'venue_id', type: 'integer', isNullable: true },
        { name: 'event_id', type: 'integer', isNullable: true },
        { name: 'subject_user_id', type: 'integer', isNullable: true },
        { name: 'payload', type: 'text' },
        { name: 'tx', type: 'bigint', default: pg ? '(pg_current_xact_id()::text::bigint)' : '0' },
      ],
      indices: [
        new TableIndex({ name: 'IDX_domain_events_stream', columnNames: ['tx', 'id'] }),
        new TableIndex({ name: 'IDX_domain_events_venue', columnNames: ['venue_id', 'tx', 'id'] }),
        new TableIndex({ name: 'IDX_domain_events_event', columnNames: ['event_id', 'tx', 'id'] }),
        new TableIndex({ name: 'IDX_domain_events_subject', columnNames: ['subject_user_id', 'tx', 'id'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'creator_profiles',
      columns: [
        id(),
        { name: 'user_id', type: 'integer', isUnique: true },
        { name: 'business_name', type: 'varchar', length: '120', isNullable: true },
        { name: 'sector', type: 'varchar', length: '32', isNullable: true },
        { name: 'scale', type: 'varchar', length: '16', isNullable: true },
        { name: 'province', type: 'varchar', length: '80', isNullable: true },
        { name: 'city', type: 'varchar', length: '80', isNullable: true },
        { name: 'nib', type: 'varchar', length: '13', isNullable: true },
        { name: 'links', type: 'text', default: "'[]'" },
        { name: 'report_consent', type: 'boolean', default: pg ? 'false' : '0' },
        instant(q, 'completed_at', { isNullable: true }),
        instant(q, 'skipped_at', { isNullable: true }),
        ...timestamps(q),
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('creator_profiles');
    await q.dropTable('domain_events');
  }
}
