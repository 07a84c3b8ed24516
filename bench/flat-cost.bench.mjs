// `npm run bench:flat`: does the cost of the hot paths stay flat as the data grows? Builds the national data set
// (bench/national-dataset.mjs: the same 5,000 venues and 15,000 rooms) at 10k, 100k and 1M reservations on SQLite
// and on PostgreSQL, starts the built app on it (two instances on PostgreSQL) and measures, against 127.0.0.1 only:
// /healthz, a room's week availability, a city search and booking, at 50 connections (ratio to /healthz of the
// same run), and the p50/p99 of each at one fixed open-loop rate (the same at every size, so the rows compare).
// BENCH_SCALES=10000,100000  BENCH_ENGINES=sqlite  BENCH_SECONDS=5  BENCH_RATE=20  BENCH_PORT=3490  BENCH_PG_URL=…
import { execFileSync, execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { freeSlots, reader } from './national/free-slots.mjs';
import { apiToken, closeAgents, databaseUrlOf, openLoop, runOn, startApp, stopApp } from './support.mjs';

const SCALES = (process.env.BENCH_SCALES ?? '10000,100000,1000000').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3490);
const URLS = { sqlite: 'sqlite:var/bench/flat-cost.sqlite', postgres: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/rk_bench_flat' };
const DAY = 86_400_000;
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const commit = (() => { try { return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } })();

async function measure(engine, scale) {
  // Built in a child process, so this one (the load generator) stays small: a 1M build leaves a large heap behind.
  const output = execFileSync(process.execPath, ['bench/national-dataset.mjs', '--db', URLS[engine], '--reservations', String(scale),
    '--events', String(Math.round(scale / 50)), '--registrations', String(Math.round(scale / 2))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const built = { databaseUrl: databaseUrlOf(URLS[engine]), seconds: Number(/total ([\d.]+)/.exec(output)[1]) };
  const db = await reader(built.databaseUrl);
  const cities = (await db.all('SELECT city FROM venues')).map((v) => v.city);
  const roomIds = (await db.all('SELECT id FROM rooms')).map((r) => r.id);
  await db.close();
  const instances = engine === 'postgres' ? 2 : 1;
  const bases = Array.from({ length: instances }, (_, i) => `http://127.0.0.1:${PORT + i}`);
  const apps = [];
  try {
    for (let i = 0; i < instances; i++) apps.push(await startApp({ port: PORT + i, databaseUrl: built.databaseUrl, env: { MAIL_WORKER: 'false' } }));
    const token = await apiToken(bases[0]);
    const slots = await freeSlots(built.databaseUrl, { days: 40 });
    let next = 0;
    const booking = () => {
      const s = slots[next++ % slots.length];
      return JSON.stringify({ roomId: s.roomId, start: s.start, end: s.end, headcount: 1, title: 'Live selling bench' });
    };
    const date = (d) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);
    const week = () => `/api/rooms/${pick(roomIds)}/availability?from=${date(1)}&to=${date(7)}`;
    const search = () => `/api/availability?date=${date(1 + Math.floor(Math.random() * 30))}&from=14:00&to=16:00&city=${encodeURIComponent(pick(cities))}`;
    const post = () => ({ method: 'POST', path: '/api/reservations', body: booking(), headers: { authorization: `Bearer ${token}` } });
    const load = (title, request) => runOn(bases, title, { duration: DURATION, requests: [request] });
    const rows = [];
    rows.push(await load('GET /healthz', { method: 'GET', path: '/healthz' }));
    rows.push(await load('week availability', { method: 'GET', setupRequest: (req) => ({ ...req, path: week() }) }));
    rows.push(await load('city search', { method: 'GET', setupRequest: (req) => ({ ...req, path: search() }) }));
    rows.push(await load('booking', { method: 'POST', path: '/api/reservations', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, setupRequest: (req) => ({ ...req, body: booking() }) }));
    const open = { 'week availability': () => ({ path: week() }), 'city search': () => ({ path: search() }), booking: post };
    for (const r of rows.slice(1)) {
      r.failures = {};
      r.open = await openLoop({ bases, rate: RATE, seconds: DURATION, next: open[r.title], seen: (status) => { if (status < 200 || status > 299) r.failures[status] = (r.failures[status] ?? 0) + 1; } });
    }
    const used = next;
    return { engine, scale, instances, rows, load: loadavg()[0], build: built.seconds, slots: slots.length, used };
  } finally {
    for (const app of apps) await stopApp(app);
    closeAgents();
  }
}

const results = [];
for (const engine of ENGINES) {
  for (const scale of SCALES) {
    const r = await measure(engine, scale);
    results.push(r);
    console.log(`${engine} ${scale}: built in ${r.build.toFixed(0)} s, load average ${r.load.toFixed(1)}, ${r.used} of ${r.slots} free slots used`);
  }
}
console.log(`\ncommit ${commit}, node ${process.version}, ${DURATION} s per run at 50 connections, open loop ${RATE}/s, load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| engine | reservations | endpoint | req/s | ratio to /healthz | p99 ms (50 conn.) | open loop p50 / p99 ms | non-2xx | load avg |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const health = r.rows[0].rps;
  for (const row of r.rows) {
    const failed = row.open?.failed ? ` (failed: ${Object.entries(row.failures).map(([status, n]) => `${n} × ${status === '0' ? 'no answer' : status}`).join(', ')})` : '';
    const open = row.open ? `${row.open.p50.toFixed(1)} / ${row.open.p99.toFixed(1)}${failed}` : '–';
    console.log(`| ${r.engine}${r.instances > 1 ? ` ×${r.instances}` : ''} | ${r.scale.toLocaleString('en')} | ${row.title} | ${row.rps.toFixed(0)} | ${(row.rps / health).toFixed(2)} | ${row.p99} | ${open} | ${row.non2xx + row.errors} | ${r.load.toFixed(1)} |`);
  }
}
// Flat: each endpoint's ratio at the largest size against the smallest, per engine.
for (const engine of ENGINES) {
  const mine = results.filter((r) => r.engine === engine);
  if (mine.length < 2) continue;
  const [small, large] = [mine[0], mine.at(-1)];
  const ratio = (r, i) => r.rows[i].rps / r.rows[0].rps;
  const each = (f) => small.rows.slice(1).map((row, i) => `${row.title} ${f(i + 1).toFixed(2)}`).join(', ');
  console.log(`${engine}, ${large.scale.toLocaleString('en')} against ${small.scale.toLocaleString('en')} reservations (1.00 = flat):`);
  console.log(`  ratio to /healthz, large ÷ small: ${each((i) => ratio(large, i) / ratio(small, i))}`);
  console.log(`  open-loop p50, large ÷ small: ${each((i) => large.rows[i].open.p50 / small.rows[i].open.p50)}`);
}
