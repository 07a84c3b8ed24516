import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildAll, ROOM_DAY_COLUMNS, ROOM_MONTH_COLUMNS, WEEK_HOURS } from '../../reports/rollup-sql.js';
import { isPostgres } from './portable.js';

/**
 * The reports' daily roll-ups (docs/decisions.md "Reports read daily roll-ups"): per room and local day the minutes
 * the report sums, the confirmed seconds per local hour and the requests by outcome; the same per room and month, and
 * the heatmap per venue and month (both summed from the days); rejection reasons per room and day; and per venue each
 * creator's first confirmed booking day.
 * Filled from the existing reservations here, so an upgraded installation reports right at once; kept by the
 * reports' domain-event subscriber from then on. Plain CREATE TABLE (no rebuild of any table on SQLite); the
 * clustered primary keys (WITHOUT ROWID on SQLite) hold each venue's days together for the report's range scans; plain
 * integers (a room's day has at most 86,400 seconds) keep the rows narrow.
 */
export class ReportRollups1764860000000 implements MigrationInterface {
  name = 'ReportRollups1764860000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = isPostgres(q);
    const clustered = pg ? '' : ' WITHOUT ROWID';
    await q.query(`CREATE TABLE report_room_days (venue_id integer NOT NULL, local_day integer NOT NULL, room_id integer NOT NULL,
      ${ROOM_DAY_COLUMNS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (venue_id, local_day, room_id))${clustered}`);
    await q.query(`CREATE TABLE report_room_months (venue_id integer NOT NULL, month_day integer NOT NULL, room_id integer NOT NULL,
      ${ROOM_MONTH_COLUMNS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (venue_id, month_day, room_id))${clustered}`);
    await q.query(`CREATE TABLE report_venue_months (venue_id integer NOT NULL, month_day integer NOT NULL,
      ${WEEK_HOURS.map((c) => `${c.column} integer NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (venue_id, month_day))${clustered}`);
    await q.query(`CREATE TABLE report_creator_venues (venue_id integer NOT NULL, creator_id integer NOT NULL, first_day integer NOT NULL,
      PRIMARY KEY (venue_id, creator_id))${clustered}`);
    await q.query('CREATE INDEX "IDX_report_creator_venues_creator" ON report_creator_venues (creator_id, first_day)');
    await q.query(`CREATE TABLE report_rejection_days (venue_id integer NOT NULL, local_day integer NOT NULL, room_id integer NOT NULL,
      reason varchar(500) NOT NULL, requests integer NOT NULL, PRIMARY KEY (venue_id, local_day, room_id, reason))${clustered}`);
    for (const sql of rebuildAll({ pg })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE report_rejection_days');
    await q.query('DROP TABLE report_creator_venues');
    await q.query('DROP TABLE report_venue_months');
    await q.query('DROP TABLE report_room_months');
    await q.query('DROP TABLE report_room_days');
  }
}
