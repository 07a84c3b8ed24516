// `npm run bench:registrations`: registrations into one event on SQLite (or BENCH_DATABASE_URL, PostgreSQL), the built
// app in its own process (two instances on one PostgreSQL database, load split between them), 127.0.0.1 only.
// 1. /healthz and sustained registrations into one event at 50 connections (closed loop, autocannon);
// 2. p99 at a fixed arrival rate of half the measured maximum (open loop: sent on a timer whatever the answers);
// 3. the burst: 5,000 simultaneous registrations for 200 seats;
// then RSS of each instance, and every answer compared with the rows (every 201 exists with its status, nothing else).
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { execSync } from 'node:child_process';
import pg from 'pg';
import 'reflect-metadata';
import { closeAgents, openLoop, percentile, run, send, startApp, stopApp } from './support.mjs';
import { DataSource } from 'typeorm';

const PORT = Number(process.env.BENCH_PORT ?? 3392);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const BURST = Number(process.env.BENCH_BURST ?? 5000);
const BURST_SEATS = Number(process.env.BENCH_BURST_SEATS ?? 200);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:var/bench/ruang-kreatif-registrations-bench.sqlite';
const POSTGRES = !DATABASE_URL.startsWith('sqlite:');
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? (POSTGRES ? 2 : 1));
const BASES = Array.from({ length: INSTANCES }, (_, i) => `http://127.0.0.1:${PORT + i}`);
// Entity column types follow DATABASE_URL when the classes load, so it is set before they are imported.
process.env.DATABASE_URL = DATABASE_URL;
const { buildDataSourceOptions } = await import('../dist/src/database/database.options.js');
const { loadConfig } = await import('../dist/config/configuration.js');
const { Venue } = await import('../dist/src/venues/venue.entity.js');
const { OpeningHour } = await import('../dist/src/venues/opening-hour.entity.js');
const { Room } = await import('../dist/src/rooms/room.entity.js');
const { User } = await import('../dist/src/accounts/user.entity.js');
const { EventRecord } = await import('../dist/src/events/event.entity.js');
const { EventSession } = await import('../dist/src/events/event-session.entity.js');

async function freshDatabase() {
  if (!POSTGRES) {
    mkdirSync('var/bench', { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${DATABASE_URL.slice(7)}${suffix}`, { force: true });
    return;
  }
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

const openDb = () => new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL }))).initialize();

/** One venue, one hall, and three published events: sustained (closed loop), open loop, and the burst's 200 seats. */
async function buildEvents() {
  await freshDatabase();
  const db = await openDb();
  const organiser = await db.getRepository(User).save({ name: 'Bench Organiser', email: 'organiser@bench.test', passwordHash: 'x', role: 'creator', locale: null });
  const venue = await db.getRepository(Venue).save({
    code: 'BENCH-REG', name: 'Kantor Pos Makassar', address: 'Jl. Slamet Riyadi No. 10', city: 'Makassar', province: 'Sulawesi Selatan',
    timezone: 'Asia/Makassar', phone: null, email: null, description: '', latitude: null, longitude: null, active: true,
  });
  await db.getRepository(OpeningHour).insert([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ venueId: venue.id, weekday, opens: '07:00', closes: '22:00' })));
  const hall = await db.getRepository(Room).save({
    venueId: venue.id, name: 'Aula Serbaguna', kind: 'conference_hall', capacity: 500, amenities: ['wifi'], photos: [], description: '',
    slotMinutes: 60, minMinutes: 60, maxMinutes: 480, bufferMinutes: 0, horizonDays: 365, requiresApproval: false,
    maxHoursPerWeek: null, maxFutureReservations: null, active: true,
  });
  const start = Date.now() + 7 * 86_400_000;
  const events = await db.getRepository(EventRecord).save([500, 500, BURST_SEATS].map((capacity, i) => ({
    organiserId: organiser.id, venueId: venue.id, kind: 'workshop', status: 'published', title: `Live selling serentak #${i + 1}`,
    summary: 'Kelas praktik live selling', description: '', tags: ['Go Digital'], language: 'id', capacity,
    registrationOpensAt: null, registrationClosesAt: null, startsAt: new Date(start + i * 86_400_000), endsAt: new Date(start + i * 86_400_000 + 7_200_000),
    arrivals: 0, sequence: 0, cancelReason: null,
  })));
  await db.getRepository(EventSession).save(events.map((e) => ({
    eventId: e.id, roomId: hall.id, reservationId: null, title: 'Sesi', speaker: 'Rina', startAt: e.startsAt, endAt: e.endsAt, capacity: null,
  })));
  await db.destroy();
  return events.map((e) => e.id);
}

let person = 0;
const registrationBody = () => JSON.stringify({ name: `Peserta Bench ${person}`, email: `peserta-${person++}@bench.test`, consent: true });

/** autocannon against every instance at once, CONNECTIONS split between them; req/s summed, p99 the worst instance's. */
async function closedLoop(title, request, seen) {
  const runs = await Promise.all(BASES.map((url) => run(title, {
    url, connections: Math.ceil(CONNECTIONS / INSTANCES), duration: DURATION,
    requests: [{ ...request, onResponse: seen ? (status, body) => seen(status, body) : undefined }],
  })));
  return {
    title, rps: runs.reduce((s, r) => s + r.rps, 0), p99: Math.max(...runs.map((r) => r.p99)),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0), errors: runs.reduce((s, r) => s + r.errors, 0),
  };
}

/** Collects what each 201 said, per event, to compare with the rows afterwards. */
function answers() {
  const told = new Map();
  const other = new Map();
  return {
    told, other,
    seen: (status, body) => {
      if (status === 201) {
        const b = JSON.parse(body);
        told.set(b.id, b);
      } else other.set(status, (other.get(status) ?? 0) + 1);
    },
  };
}

async function compareWithRows(db, eventId, told) {
  const rows = await db.query(POSTGRES ? 'SELECT id, status FROM registrations WHERE event_id = $1' : 'SELECT id, status FROM registrations WHERE event_id = ?', [eventId]);
  const missing = [...told.values()].filter((b) => !rows.some((r) => Number(r.id) === b.id && r.status === b.status)).length;
  const extra = rows.filter((r) => !told.has(Number(r.id))).length;
  return { rows: rows.length, missing, extra };
}

const rss = (child) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
const commit = (() => { try { return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return '?'; } })();

const loadBefore = loadavg();
const [sustainedEvent, openEvent, burstEvent] = await buildEvents();
const apps = [];
for (let i = 0; i < INSTANCES; i++) apps.push(await startApp({ port: PORT + i, databaseUrl: DATABASE_URL, env: { MAIL_WORKER: 'false' } }));
try {
  const health = await closedLoop('GET /healthz', { method: 'GET', path: '/healthz' });
  const sustained = answers();
  const registrations = await closedLoop('POST /api/events/:id/registrations (sustained)', {
    method: 'POST', path: `/api/events/${sustainedEvent}/registrations`, headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: registrationBody() }),
  }, sustained.seen);
  console.log(`\n${POSTGRES ? 'postgres' : 'sqlite'}, ${INSTANCES} instance(s), ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}, commit ${commit}`);
  console.log('| measure | req/s | p99 ms | ratio to /healthz | non-2xx | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const r of [health, registrations]) console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p99} | ${(r.rps / health.rps).toFixed(2)} | ${r.non2xx} | ${r.errors} |`);
  const rate = Math.max(1, Math.round(registrations.rps / 2));
  const open = answers();
  const fixed = await openLoop({ bases: BASES, rate, seconds: DURATION, seen: open.seen,
    next: () => ({ method: 'POST', path: `/api/events/${openEvent}/registrations`, body: registrationBody() }) });
  console.log(`\nopen loop at ${rate}/s (half the maximum) for ${DURATION} s: ${fixed.sent} sent, p50 ${fixed.p50.toFixed(1)} ms, p99 ${fixed.p99.toFixed(1)} ms, ${fixed.failed} not 201`);

  // The floor under the burst's p99: the same number of simultaneous requests that do nothing (GET /healthz), sent
  // the same way. A registration cannot be answered sooner than these are.
  const floorStarted = performance.now();
  const floor = await Promise.all(Array.from({ length: BURST }, (_, i) => send(BASES[i % INSTANCES], { method: 'GET', path: '/healthz' }, floorStarted)));
  const floorSeconds = (performance.now() - floorStarted) / 1000;

  const burst = answers();
  const burstStarted = performance.now();
  const burstResults = await Promise.all(Array.from({ length: BURST }, (_, i) => send(BASES[i % INSTANCES], { method: 'POST', path: `/api/events/${burstEvent}/registrations`, body: registrationBody() }, burstStarted)
    .then((r) => { burst.seen(r.status, r.body); return r; })));
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  const memory = apps.map(rss);

  const db = await openDb();
  const checks = { sustained: await compareWithRows(db, sustainedEvent, sustained.told), open: await compareWithRows(db, openEvent, open.told), burst: await compareWithRows(db, burstEvent, burst.told) };
  await db.destroy();
  const told = [...burst.told.values()];
  const confirmed = told.filter((b) => b.status === 'confirmed').length;
  const positions = told.filter((b) => b.status === 'waitlisted').map((b) => b.position).sort((a, b) => a - b);
  const consecutive = positions.every((p, i) => p === i + 1);

  console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`burst: ${BURST} simultaneous for ${BURST_SEATS} seats in ${burstSeconds.toFixed(2)} s: ${confirmed} confirmed, ${positions.length} waitlisted, positions ${positions[0]}…${positions.at(-1)} ${consecutive ? 'consecutive' : 'NOT consecutive'}, ` +
    `${BURST - burst.told.size} not 201 ${JSON.stringify(Object.fromEntries(burst.other))}, p50 ${percentile(burstResults.map((r) => r.ms), 50).toFixed(0)} ms, p99 ${percentile(burstResults.map((r) => r.ms), 99).toFixed(0)} ms`);
  console.log(`floor: ${BURST} simultaneous GET /healthz in ${floorSeconds.toFixed(2)} s, ${floor.filter((r) => r.status !== 200).length} not 200, p50 ${percentile(floor.map((r) => r.ms), 50).toFixed(0)} ms, p99 ${percentile(floor.map((r) => r.ms), 99).toFixed(0)} ms`);
  console.log(`RSS after: ${memory.map((m) => `${m.toFixed(0)} MiB`).join(', ')}`);
  console.log(`answers vs rows: ${Object.entries(checks).map(([k, c]) => `${k} ${c.rows} rows, ${c.missing} answered but missing, ${c.extra} not answered`).join('; ')}`);
  console.log('non-201 statuses:', JSON.stringify({ sustained: Object.fromEntries(sustained.other), open: Object.fromEntries(open.other) }));
} finally {
  for (const app of apps) await stopApp(app);
  closeAgents();
}
