import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two partial indexes for the network report (measured in bench/reports.bench.mjs, docs/benchmarks.md):
 * - the creators served read the (venue, creator) of every confirmed booking in the period; this index holds only
 *   those rows and only the columns read, half the bytes of IDX_reservations_report per row, so the scans read half;
 * - the check-ins per event are counted from an index of the checked-in seats alone (the seats and waiting places
 *   come from the events' own counters).
 * Both engines use a partial index when the query repeats its condition. Plain CREATE INDEX: no table rebuild on SQLite.
 */
export class ReportServedIndex1764870000000 implements MigrationInterface {
  name = 'ReportServedIndex1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_reservations_served" ON reservations (venue_id, start_at, creator_id, room_id) WHERE kind = 'booking' AND status = 'confirmed'`);
    await q.query(`CREATE INDEX "IDX_registrations_checked_in" ON registrations (event_id) WHERE status = 'confirmed' AND checked_in_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_registrations_checked_in"');
    await q.query('DROP INDEX "IDX_reservations_served"');
  }
}
