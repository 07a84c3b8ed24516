import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The reports aggregate bookings per venue and period on demand (docs/decisions.md). This index covers every column
 * those GROUP BY passes read, so both engines answer them from the index alone, one range per venue, without touching
 * the table rows. Plain CREATE INDEX: no table rebuild on SQLite.
 */
export class ReportIndexes1764830000000 implements MigrationInterface {
  name = 'ReportIndexes1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('reservations', new TableIndex({
      name: 'IDX_reservations_report',
      columnNames: ['venue_id', 'start_at', 'kind', 'status', 'end_at', 'room_id', 'creator_id', 'event_id'],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('reservations', 'IDX_reservations_report');
  }
}
