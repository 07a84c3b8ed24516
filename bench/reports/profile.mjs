// `node bench/reports/profile.mjs --db sqlite:var/bench/reports.sqlite --from 2026-04-01 --to 2026-06-30 [--province …]`:
// what each of the network report's SQL statements costs. The app's own ReportQueries (from the build) is handed a
// stand-in for Prepared that runs every statement on the benchmark's connection: `.all()` timed on SQLite, EXPLAIN
// (ANALYZE, BUFFERS) and the wall time on PostgreSQL. Each statement runs `--repeat` times (the best time counts).
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({ options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, province: { type: 'string' }, repeat: { type: 'string' }, explain: { type: 'boolean' } } });
const url = args.db ?? 'sqlite:var/bench/reports.sqlite';
const repeat = Number(args.repeat ?? 3);
const { ReportQueries } = await import('../../dist/src/reports/reports.queries.js');
const sqliteValue = (v) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : typeof v === 'boolean' ? Number(v) : Array.isArray(v) ? JSON.stringify(v) : v);

let run;
let venueIds;
let close;
if (url.startsWith('sqlite:')) {
  const db = new Database(url.slice(7), { readonly: true });
  venueIds = db.prepare(`SELECT id FROM venues ${args.province ? 'WHERE province = ?' : ''} ORDER BY name`).all(...(args.province ? [args.province] : [])).map((v) => v.id);
  run = async (statement, values, explain) => {
    const prepared = db.prepare((statement.sqlite ?? statement.sql).replace(/\$(\d+)/g, '@p$1'));
    const named = Object.fromEntries(values.map((v, i) => [`p${i + 1}`, sqliteValue(v)]));
    if (explain) console.log(db.prepare(`EXPLAIN QUERY PLAN ${(statement.sqlite ?? statement.sql).replace(/\$(\d+)/g, '@p$1')}`).all(named).map((r) => `  ${r.detail}`).join('\n'));
    return prepared.all(named);
  };
  close = async () => db.close();
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  venueIds = (await client.query(`SELECT id FROM venues ${args.province ? 'WHERE province = $1' : ''} ORDER BY name`, args.province ? [args.province] : [])).rows.map((v) => v.id);
  run = async (statement, values, explain) => {
    if (explain) {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, values);
      console.log(plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
    }
    return (await client.query(statement.sql, values)).rows;
  };
  close = () => client.end();
}

const timings = [];
const measure = async (statement, values) => {
    let best = Infinity;
    let rows;
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      rows = await run(statement, values, i === 0 && args.explain);
      best = Math.min(best, performance.now() - t);
    }
    timings.push({ name: statement.name, ms: best, rows: rows.length });
    return rows;
};
const queries = new ReportQueries({ rows: (_m, statement, values) => measure(statement, values), read: measure });
const period = { preset: 'custom', from: args.from, to: args.to, days: 0 };
const scope = { venueIds, roomKind: null };
// One after another, so each time is the statement's alone (the app runs them at once); `use` runs the three roll-up statements.
await queries.use(scope, period);
await queries.eventKinds(scope, period, new Date());
await queries.promotions(scope, period);
await queries.reach(scope, period);
await close();
console.log(`${url}, ${venueIds.length} venues, ${args.from} – ${args.to}, best of ${repeat}:`);
for (const t of timings) console.log(`  ${t.name.padEnd(26)} ${t.ms.toFixed(0).padStart(6)} ms  ${t.rows} rows`);
console.log(`  ${'sum'.padEnd(26)} ${timings.reduce((s, t) => s + t.ms, 0).toFixed(0).padStart(6)} ms`);
