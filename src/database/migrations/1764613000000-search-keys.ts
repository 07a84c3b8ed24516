import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at national scale: venues found by their normalised (lower-case) city and province through an index
 * instead of a scan, and blocks (which have no maximum length) by their own partial index, so the reservations read
 * for a window are bounded at both ends (src/reservations/reservations.queries.ts).
 */
export class SearchKeys1764613000000 implements MigrationInterface {
  name = 'SearchKeys1764613000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "IDX_venues_city_key" ON venues (LOWER(city))');
    await q.query('CREATE INDEX "IDX_venues_province_key" ON venues (LOWER(province))');
    await q.query(`CREATE INDEX "IDX_reservations_blocks" ON reservations (room_id, occupied_end_at) WHERE kind = 'block'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['IDX_reservations_blocks', 'IDX_venues_province_key', 'IDX_venues_city_key']) await q.query(`DROP INDEX "${name}"`);
  }
}
