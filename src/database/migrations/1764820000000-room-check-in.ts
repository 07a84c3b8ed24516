import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres } from './portable.js';

/**
 * Room check-in and the release of unused bookings: the room's rule (minutes after the start by which the creator must
 * check in; null = off, 15 for the studios), the booking's check-in time, each venue's fair-use limits on no-shows, an
 * index for the one count the booking path makes, and the lease (with its progress mark) of the release worker.
 * Raw `ALTER TABLE … ADD COLUMN` on purpose: TypeORM's addColumn rebuilds SQLite tables, which would drop the triggers
 * and expression indexes that `registrations` and `venues` carry.
 */
export class RoomCheckIn1764820000000 implements MigrationInterface {
  name = 'RoomCheckIn1764820000000';

  async up(q: QueryRunner): Promise<void> {
    const instant = isPostgres(q) ? 'timestamptz' : 'datetime';
    await q.query('ALTER TABLE rooms ADD COLUMN check_in_minutes integer');
    await q.query("UPDATE rooms SET check_in_minutes = 15 WHERE kind IN ('live_stream_studio', 'podcast_room', 'photo_studio')");
    await q.query(`ALTER TABLE reservations ADD COLUMN checked_in_at ${instant}`);
    await q.query('ALTER TABLE venues ADD COLUMN no_show_limit integer NOT NULL DEFAULT 3');
    await q.query('ALTER TABLE venues ADD COLUMN no_show_window_days integer NOT NULL DEFAULT 30');
    await q.query('ALTER TABLE venues ADD COLUMN no_show_approval_days integer NOT NULL DEFAULT 30');
    await q.query('CREATE INDEX "IDX_reservations_creator_status_start" ON reservations (creator_id, status, start_at)');
    await q.createTable(new Table({
      name: 'worker_leases',
      columns: [
        { name: 'name', type: 'varchar', length: '64', isPrimary: true },
        { name: 'holder', type: 'varchar', length: '64', isNullable: true },
        { name: 'expires_at', type: instant },
        // How far the worker has looked: bookings due before it are done (so a booking that was due before this feature
        // existed is never released, and a restart picks up where the last run stopped).
        { name: 'done_until', type: instant },
      ],
    }));
    await q.query(`INSERT INTO worker_leases (name, holder, expires_at, done_until) VALUES ('no-show', NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('worker_leases');
    await q.query('DROP INDEX "IDX_reservations_creator_status_start"');
    // Columns stay on SQLite (dropping one rebuilds the table); PostgreSQL drops them.
    if (isPostgres(q)) {
      await q.query('ALTER TABLE venues DROP COLUMN no_show_limit, DROP COLUMN no_show_window_days, DROP COLUMN no_show_approval_days');
      await q.query('ALTER TABLE reservations DROP COLUMN checked_in_at');
      await q.query('ALTER TABLE rooms DROP COLUMN check_in_minutes');
    }
  }
}
