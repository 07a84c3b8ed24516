// `npm run bench:reports` (issue 14): the network report for a quarter over the national data set (1,000,000
// reservations, bench/national-dataset.mjs) on SQLite and on PostgreSQL (two app instances), against 127.0.0.1 only.
// The set is built once per engine and reused while its marker matches (bench/reports/prepare.mjs). For the last
// calendar quarter before the set was built (about 260,000 reservations) it measures the network report, the network report of the province with the
// most venues and the report of the quarter's busiest venue: single requests (3 warm-ups per instance, then 20 one
// after another: p50, p95, max), throughput at 4 connections as a ratio to /healthz of the same run, and the app's
// RSS after. Every report's totals are checked against plain SQL (bench/reports/expected.mjs): a difference fails.
// BENCH_ENGINES=sqlite,postgres  BENCH_ROUNDS=2  BENCH_SECONDS=10  BENCH_PORT=5100  BENCH_PG_URL=…  BENCH_FROM/BENCH_TO
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { reader } from './national/free-slots.mjs';
import { differences, expectedTotals } from './reports/expected.mjs';
import { preparedDataset } from './reports/prepare.mjs';
import { closeAgents, percentile, runOn, send, startApp, stopApp } from './support.mjs';

const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 5100);
const BUDGET_MS = 1000;
const PARAMS = { reservations: 1_000_000, events: 20_000, registrations: 500_000 };
const URLS = { sqlite: 'sqlite:var/bench/reports.sqlite', postgres: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/rk_bench_reports' };
const ADMIN = { email: 'admin@nasional.example.com', password: 'ruangkreatif2026' };
const commit = (() => { try { return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } })();

/** The last calendar quarter ended before the set was built (wholly inside its year: the year starts 300 days back). */
async function targets(url, builtAt) {
  if (process.env.BENCH_FROM) return targetsFor(url, { from: process.env.BENCH_FROM, to: process.env.BENCH_TO });
  const built = new Date(builtAt);
  const first = Math.floor(built.getUTCMonth() / 3) * 3 - 3; // first month (0-based) of the previous quarter
  const from = new Date(Date.UTC(built.getUTCFullYear(), first, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(built.getUTCFullYear(), first + 3, 0)).toISOString().slice(0, 10);
  return targetsFor(url, { from, to });
}

async function targetsFor(url, period) {
  const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const db = await reader(url);
  const [province] = await db.all('SELECT province, COUNT(*) AS n FROM venues GROUP BY province ORDER BY 2 DESC, 1 LIMIT 1');
  const [venue] = await db.all(`SELECT venue_id, COUNT(*) AS n FROM reservations WHERE kind = 'booking' AND start_at >= '${period.from}' AND start_at < '${end}'
    GROUP BY venue_id ORDER BY 2 DESC, 1 LIMIT 1`);
  const [quarter] = await db.all(`SELECT COUNT(*) AS n FROM reservations WHERE start_at >= '${period.from}' AND start_at < '${end}'`);
  await db.close();
  const q = `from=${period.from}&to=${period.to}`;
  return {
    period, inQuarter: Number(quarter.n), province: province.province, venueId: Number(venue.venue_id),
    reports: [
      { title: 'network quarter', path: `/api/reports/network?${q}`, where: '1 = 1' },
      { title: `network, ${province.province}`, path: `/api/reports/network?${q}&province=${encodeURIComponent(province.province)}`, where: `v.province = '${province.province.replace(/'/g, "''")}'` },
      { title: `venue ${venue.venue_id}`, path: `/api/reports/venues/${venue.venue_id}?${q}`, where: `v.id = ${Number(venue.venue_id)}` },
    ],
  };
}

async function adminToken(base) {
  const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!signIn.ok) throw new Error(`admin sign-in: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = await fetch(`${base}/api/me/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'bench reports' }) });
  if (!token.ok) throw new Error(`token: ${token.status} ${await token.text()}`);
  return (await token.json()).token;
}

const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

async function round(engine, url, t, expected, n) {
  const instances = engine === 'postgres' ? 2 : 1;
  const bases = Array.from({ length: instances }, (_, i) => `http://127.0.0.1:${PORT + i}`);
  const apps = [];
  const problems = [];
  try {
    for (let i = 0; i < instances; i++) apps.push(await startApp({ port: PORT + i, databaseUrl: url, env: { MAIL_WORKER: 'false' } }));
    const auth = { authorization: `Bearer ${await adminToken(bases[0])}` };
    const rows = [];
    for (const [i, report] of t.reports.entries()) {
      for (const base of bases) {
        for (let w = 0; w < 3; w++) {
          const r = await send(base, { path: report.path, headers: auth });
          if (r.status !== 200) throw new Error(`${report.title} on ${base}: ${r.status} ${r.body.slice(0, 300)}`);
          if (w === 0) for (const d of differences(JSON.parse(r.body), expected[i])) problems.push(`${engine} round ${n}, ${report.title} on ${base}: ${d}`);
        }
      }
      const ms = [];
      for (let k = 0; k < 20; k++) {
        const r = await send(bases[k % instances], { path: report.path, headers: auth });
        if (r.status !== 200) throw new Error(`${report.title}: ${r.status}`);
        ms.push(r.ms);
      }
      rows.push({ title: report.title, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) });
    }
    const health = await runOn(bases, 'GET /healthz', { connections: 4, duration: DURATION, requests: [{ method: 'GET', path: '/healthz' }] });
    for (const [i, report] of t.reports.entries()) {
      const load = await runOn(bases, report.title, { connections: 4, duration: DURATION, requests: [{ method: 'GET', path: report.path, headers: auth }] });
      Object.assign(rows[i], { rps: load.rps, ratio: load.rps / health.rps, failed: load.non2xx + load.errors, p99: load.p99 });
    }
    return { engine, n, instances, health, rows, memory: apps.map((a) => memory(a.pid)), load: loadavg()[0], problems };
  } finally {
    for (const app of apps) await stopApp(app);
    closeAgents();
  }
}

const results = [];
const problems = [];
const sets = {};
for (const engine of ENGINES) {
  const set = await preparedDataset(URLS[engine], PARAMS);
  const t = await targets(set.url, set.marker.builtAt);
  const expected = [];
  for (const report of t.reports) expected.push(await expectedTotals(set.url, t.period, report.where));
  sets[engine] = { ...set, t, expected };
  console.log(`${engine}: ${t.period.from} – ${t.period.to}, ${t.inQuarter.toLocaleString('en')} reservations starting in it (UTC dates); expected network totals ${JSON.stringify(expected[0])}`);
  for (let n = 1; n <= ROUNDS; n++) {
    const r = await round(engine, set.url, t, expected, n);
    results.push(r);
    problems.push(...r.problems);
    console.log(`${engine} round ${n} done, load average ${r.load.toFixed(1)}`);
  }
}

console.log(`\ncommit ${commit}, node ${process.version}, ${ROUNDS} rounds per engine, ${DURATION} s per throughput run at 4 connections, load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const [engine, s] of Object.entries(sets)) console.log(`${engine}: data set built ${s.marker.builtAt} (${s.built ? `now, ${s.marker.buildSeconds} s` : 'reused'}), quarter ${s.t.period.from} – ${s.t.period.to}, province ${s.t.province}, venue ${s.t.venueId}`);
console.log('| engine | round | report | p50 ms | p95 ms | max ms | req/s (4 conn.) | ratio to /healthz | p99 ms (4 conn.) | non-2xx | RSS after MB (peak) | load avg |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const rss = r.memory.map((m) => `${m.rss.toFixed(0)} (${m.peak.toFixed(0)})`).join(', ');
  console.log(`| ${r.engine}${r.instances > 1 ? ` ×${r.instances}` : ''} | ${r.n} | /healthz | – | – | – | ${r.health.rps.toFixed(0)} | 1.00 | ${r.health.p99} | ${r.health.non2xx + r.health.errors} | ${rss} | ${r.load.toFixed(1)} |`);
  for (const row of r.rows) {
    console.log(`| ${r.engine}${r.instances > 1 ? ` ×${r.instances}` : ''} | ${r.n} | ${row.title} | ${row.p50.toFixed(0)} | ${row.p95.toFixed(0)} | ${row.max.toFixed(0)} | ${row.rps.toFixed(2)} | ${row.ratio.toFixed(4)} | ${row.p99} | ${row.failed} | | |`);
  }
}
for (const engine of ENGINES) {
  const network = results.filter((r) => r.engine === engine).map((r) => r.rows[0]);
  const worst = Math.max(...network.map((row) => row.p95));
  console.log(`${engine}: network quarter report p95 ${network.map((row) => row.p95.toFixed(0)).join(' / ')} ms over ${network.length} rounds: ${worst < BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget`);
}
if (problems.length) {
  console.error(`\nthe reports differ from the database:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('every report agreed with the direct SQL totals');
