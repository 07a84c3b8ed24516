// `node bench/explain.mjs`: the query plans of the hot statements on the database a benchmark left behind (SQLite, or
// BENCH_DATABASE_URL for PostgreSQL), for docs/benchmarks.md: the app's own statement texts (EXPLAINED in
// src/reservations/reservations.queries.ts, from dist: `npm run build` first). Run after `npm run bench:reservations`,
// or on the national data set: BENCH_DATABASE_URL=sqlite:var/bench/national.sqlite after `npm run bench:dataset`.
// BENCH_CITY picks the searched city (default makassar).
import Database from 'better-sqlite3';
import pg from 'pg';
import { performance } from 'node:perf_hooks';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:var/bench/ruang-kreatif-bench.sqlite';
const CITY = (process.env.BENCH_CITY ?? 'makassar').toLowerCase();
process.env.DATABASE_URL = DATABASE_URL;
const { EXPLAINED } = await import('../dist/src/reservations/reservations.queries.js');
const postgres = !DATABASE_URL.startsWith('sqlite:');
const from = new Date(Date.now() + 10 * 86_400_000);
const to = new Date(from.getTime() + 2 * 3_600_000 + 4 * 3_600_000);
const before = new Date(from.getTime() - 2 * 86_400_000);
const sqliteTime = (d) => d.toISOString().replace('T', ' ').replace('Z', '');

/** [title, statement, values] with `rooms` (the city's room ids) and `venues` (its venue ids). */
const planned = (rooms, venues, room) => [
  ['candidate rooms of a city search', EXPLAINED.candidatesByCity, [null, null, null, CITY]],
  ["the candidates' opening hours", EXPLAINED.hoursOfVenues, [venues]],
  ['busy intervals of those rooms in the window (its start to its end + 4 h)', EXPLAINED.active, [rooms, from, to, before]],
  ['the booking write: insert unless the slot is held (and, on PostgreSQL, its history row)', EXPLAINED.insertIfFree,
    [room.id, room.venue_id, 1, 'booking', 'confirmed', 'explain', 1, '', from, new Date(from.getTime() + 3_600_000), new Date(from.getTime() + 3_600_000),
      null, null, 0, null, before, 1, '{"status":"confirmed"}', new Date()]],
];

if (postgres) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query('ANALYZE');
  const found = (await client.query('SELECT r.id, r.venue_id FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE LOWER(v.city) = $1', [CITY])).rows;
  for (const [title, statement, values] of planned(found.map((r) => r.id), [...new Set(found.map((r) => r.venue_id))], found[0])) {
    // The insert really runs under ANALYZE: inside a transaction that is rolled back.
    await client.query('BEGIN');
    const plan = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${statement.sql}`, values);
    await client.query('ROLLBACK');
    console.log(`\n${title} (PostgreSQL, ${found.length} rooms):\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await client.end();
} else {
  const db = new Database(DATABASE_URL.slice(7), { readonly: true });
  const found = db.prepare('SELECT r.id, r.venue_id FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE LOWER(v.city) = ?').all(CITY);
  const value = (v) => (v instanceof Date ? sqliteTime(v) : Array.isArray(v) ? JSON.stringify(v) : v);
  for (const [title, statement, values] of planned(found.map((r) => r.id), [...new Set(found.map((r) => r.venue_id))], found[0])) {
    const text = (statement.sqlite ?? statement.sql).replace(/\$(\d+)/g, '@p$1');
    const named = Object.fromEntries(values.map((v, i) => [`p${i + 1}`, value(v)]));
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(named);
    let timing = '';
    if (!text.startsWith('INSERT')) {
      const prepared = db.prepare(text);
      const started = performance.now();
      for (let i = 0; i < 50; i++) prepared.all(named);
      timing = `, ${prepared.all(named).length} rows, ${((performance.now() - started) / 50).toFixed(2)} ms a run`;
    }
    console.log(`\n${title} (SQLite, ${found.length} rooms${timing}):\n${plan.map((r) => `${'  '.repeat(r.parent ? 1 : 0)}${r.detail}`).join('\n')}`);
  }
  db.close();
}
