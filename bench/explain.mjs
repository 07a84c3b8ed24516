// `node bench/explain.mjs`: the query plans of the hot reads on the database a benchmark left behind (SQLite, or
// BENCH_DATABASE_URL for PostgreSQL), for docs/benchmarks.md. Run after `npm run bench:reservations`, or on the national
// data set: BENCH_DATABASE_URL=sqlite:var/bench/national.sqlite after `npm run bench:dataset`.
import Database from 'better-sqlite3';
import pg from 'pg';
import { performance } from 'node:perf_hooks';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:var/bench/ruang-kreatif-bench.sqlite';
const postgres = !DATABASE_URL.startsWith('sqlite:');
const from = new Date(Date.now() + 10 * 86_400_000);
const to = new Date(from.getTime() + 3 * 86_400_000);
const before = new Date(from.getTime() - 2 * 86_400_000);
const sqliteTime = (d) => d.toISOString().replace('T', ' ').replace('Z', '');

const COLUMNS = 'id, room_id, kind, status, creator_id, start_at, end_at, occupied_end_at';
const ACTIVE = "status IN ('pending', 'confirmed')";
const activeIn = (rooms) => `SELECT ${COLUMNS} FROM reservations WHERE ${rooms} AND ${ACTIVE} AND start_at >= $4 AND start_at < $3 AND occupied_end_at > $2
  UNION ALL SELECT ${COLUMNS} FROM reservations WHERE ${rooms} AND kind = 'block' AND ${ACTIVE} AND start_at < $4 AND occupied_end_at > $2 ORDER BY start_at`;
const candidates = `SELECT room.id FROM rooms room INNER JOIN venues venue ON venue.id = room.venue_id
  WHERE room.active = $1 AND venue.active = $1 AND LOWER(venue.city) = $2 ORDER BY room.capacity, room.id LIMIT 300`;

if (postgres) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query('ANALYZE');
  const rooms = (await client.query(`SELECT r.id FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE LOWER(v.city) = 'makassar'`)).rows.map((r) => r.id);
  for (const [title, text, values] of [
    ['candidate rooms of a city search', candidates, [true, 'makassar']],
    ['busy intervals of those rooms in a window', activeIn('room_id = ANY($1::int[])'), [rooms, from, to, before]],
  ]) {
    const plan = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${text}`, values);
    console.log(`\n${title} (PostgreSQL, ${rooms.length} rooms):\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await client.end();
} else {
  const db = new Database(DATABASE_URL.slice(7), { readonly: true });
  const rooms = db.prepare(`SELECT r.id FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE LOWER(v.city) = 'makassar'`).all().map((r) => r.id);
  const named = (sql) => sql.replace(/\$(\d+)/g, '@p$1').replace(/::int\[\]/g, '');
  for (const [title, text, values] of [
    ['candidate rooms of a city search', candidates, { p1: 1, p2: 'makassar' }],
    ['busy intervals of those rooms in a window', activeIn('room_id IN (SELECT value FROM json_each($1))'), { p1: JSON.stringify(rooms), p2: sqliteTime(from), p3: sqliteTime(to), p4: sqliteTime(before) }],
  ]) {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${named(text)}`).all(values);
    const statement = db.prepare(named(text));
    const started = performance.now();
    for (let i = 0; i < 50; i++) statement.all(values);
    const ms = (performance.now() - started) / 50;
    console.log(`\n${title} (SQLite, ${rooms.length} rooms, ${statement.all(values).length} rows, ${ms.toFixed(2)} ms a run):\n${plan.map((r) => `${'  '.repeat(r.parent ? 1 : 0)}${r.detail}`).join('\n')}`);
  }
  db.close();
}
