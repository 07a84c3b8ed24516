// `npm run bench:soak`: memory of the built app under a steady mixed load, on a temporary SQLite file with the demo
// network. The app runs in production mode in its own process with its mail worker on, sending to an SMTP sink of this
// process; autocannon sends a fixed rate (127.0.0.1 only) of page views (anonymous and signed in), bookings, event
// registrations, sign-ins and sign-ups. bench/memory-probe.mjs, loaded into the app, records RSS and heap every 10 s
// (and the heap still alive after a full collection); the table and the growth after warm-up are printed at the end.
//
//   SOAK_SECONDS (180)   how long the load runs            SOAK_RATE (75)      requests per second, all kinds together
//   SOAK_WARMUP_SECONDS  growth is measured after this (a fifth of the run, at most 300 s)
//   SOAK_SNAPSHOTS       seconds after its start at which the app writes a heap snapshot, e.g. "60,170" (var/bench/heap/)
//   BENCH_PORT (3392)    SOAK_GC=0: no forced collection before the live-heap figure
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { run, startApp, stopApp } from './support.mjs';
import { buildDataSourceOptions } from '../dist/src/database/database.options.js';
import { loadConfig } from '../dist/config/configuration.js';
import { resetDemoData } from '../dist/src/database/seeds/demo.seed.js';
import { Venue } from '../dist/src/venues/venue.entity.js';
import { OpeningHour } from '../dist/src/venues/opening-hour.entity.js';
import { Room } from '../dist/src/rooms/room.entity.js';
import { User } from '../dist/src/accounts/user.entity.js';
import { EventRecord } from '../dist/src/events/event.entity.js';
import { EventSession } from '../dist/src/events/event-session.entity.js';

const PORT = Number(process.env.BENCH_PORT ?? 3392);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const RATE = Number(process.env.SOAK_RATE ?? 75);
const WARMUP = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(300, Math.round(SECONDS / 5)));
const SNAPSHOTS = (process.env.SOAK_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number);
const SAMPLE_MS = 10_000;
const CONNECTIONS = 10;
const ZONE = 'Asia/Makassar';
const BENCH_ROOMS = 20;
const DEMO_PASSWORD = 'ruangkreatif2026';
const dbFile = join(tmpdir(), `rk-soak-${process.pid}.sqlite`);
const DATABASE_URL = `sqlite:${dbFile}`;
const probeFile = join(tmpdir(), `rk-soak-${process.pid}.jsonl`);
const heapDir = resolve('var/bench/heap');

/** The demo network, plus a bench venue (20 rooms open 06:00–22:00 every day for a year) and an event nobody can fill. */
async function buildData() {
  const db = await new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL }))).initialize();
  await resetDemoData(db);
  const organiser = await db.getRepository(User).findOneByOrFail({ email: 'kreator.sari@ruangkreatif.id' });
  const venue = await db.getRepository(Venue).save({
    code: 'SOAK', name: 'Kantor Pos Soak', address: 'Jl. Beban No. 1', city: 'Makassar', province: 'Sulawesi Selatan',
    timezone: ZONE, phone: null, email: null, description: '', latitude: null, longitude: null, active: true,
  });
  await db.getRepository(OpeningHour).insert([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ venueId: venue.id, weekday, opens: '06:00', closes: '22:00' })));
  const rooms = await db.getRepository(Room).save(Array.from({ length: BENCH_ROOMS }, (_, i) => ({
    venueId: venue.id, name: `Studio Soak ${i + 1}`, kind: 'podcast_room', capacity: 6, amenities: ['wifi'], photos: [], description: '',
    slotMinutes: 60, minMinutes: 60, maxMinutes: 240, bufferMinutes: 0, horizonDays: 365, requiresApproval: false,
    maxHoursPerWeek: null, maxFutureReservations: null, active: true,
  })));
  const startsAt = DateTime.now().setZone(ZONE).plus({ days: 200 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const big = await db.getRepository(EventRecord).save({
    organiserId: organiser.id, venueId: venue.id, kind: 'conference', status: 'published', title: 'Konferensi Soak', summary: 'Kursi tak terbatas',
    description: 'Untuk uji beban.', tags: ['Soak'], language: 'id', capacity: 1_000_000, registrationOpensAt: null, registrationClosesAt: null,
    startsAt: startsAt.toJSDate(), endsAt: startsAt.plus({ hours: 3 }).toJSDate(), arrivals: 0, sequence: 0, cancelReason: null,
  });
  await db.getRepository(EventSession).save({ eventId: big.id, roomId: rooms[0].id, reservationId: null, title: 'Pleno', speaker: 'Panitia', startAt: big.startsAt, endAt: big.endsAt, capacity: null });
  const ids = async (sql) => (await db.query(sql)).map((r) => Number(r.id));
  const data = {
    venues: await ids('SELECT id FROM venues WHERE active = 1'),
    rooms: await ids('SELECT id FROM rooms WHERE active = 1'),
    events: await ids("SELECT id FROM events WHERE status = 'published'"),
    benchRooms: rooms.map((r) => r.id), bigEvent: big.id,
    cities: (await db.query('SELECT DISTINCT city FROM venues')).map((r) => r.city),
    provinces: (await db.query('SELECT DISTINCT province FROM venues')).map((r) => r.province),
  };
  await db.destroy();
  return data;
}

async function startSmtp() {
  const received = { count: 0 };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => { received.count += 1; callback(); });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `smtp://127.0.0.1:${server.server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

const cookieOf = (res) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const json = { 'content-type': 'application/json' };

async function signIn(email) {
  const res = await fetch(`${BASE}/api/auth/sign-in`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status}`);
  return cookieOf(res);
}

async function bearerOf(cookie) {
  const res = await fetch(`${BASE}/api/me/tokens`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ name: 'soak' }) });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return `Bearer ${(await res.json()).token}`;
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const localDate = (days) => DateTime.now().setZone(ZONE).plus({ days }).toISODate();

/** One request of the mix, chosen by weight; `answers` counts the status codes each kind got. */
function mix(data, session, bearer) {
  const answers = {};
  let booking = 0;
  let person = 0;
  // Searches as people make them: any of the next 60 days, by city, by province or network-wide, some with a minimum
  // capacity or a kind of room.
  const search = () => {
    const where = pick([`&city=${encodeURIComponent(pick(data.cities))}`, `&province=${encodeURIComponent(pick(data.provinces))}`, '']);
    const extra = pick(['', '', `&minCapacity=${pick([2, 4, 6, 10, 20, 30])}`, `&roomKind=${pick(['podcast_room', 'live_stream_studio', 'workshop_room', 'photo_studio'])}`]);
    const from = 8 + Math.floor(Math.random() * 8);
    return `/search?date=${localDate(1 + Math.floor(Math.random() * 60))}&from=${String(from).padStart(2, '0')}:00&to=${String(from + 2).padStart(2, '0')}:00${where}${extra}`;
  };
  const pages = () => (Math.random() < 0.25 ? search() : pick([
    '/', '/venues', `/venues/${pick(data.venues)}`, `/rooms/${pick(data.rooms)}`, '/events', `/events/${pick(data.events)}`,
    `/api/rooms/${pick(data.rooms)}/availability?from=${localDate(1)}&to=${localDate(7)}`, '/api/events', `/venues/${pick(data.venues)}/events.ics`,
    `/events/${pick(data.events)}/calendar.ics`, '/sign-in', '/events?lang=en',
  ]));
  const setupRequest = (req, context) => {
    const roll = Math.random() * 100;
    if (roll < 55) {
      context.kind = 'page';
      return { ...req, method: 'GET', path: pages(), headers: { accept: 'text/html' }, body: undefined };
    }
    if (roll < 70) {
      context.kind = 'signedInPage';
      const path = pick(['/reservations', `/rooms/${pick(data.benchRooms)}/book`, '/account/calendar', '/events/new', '/', `/events/${pick(data.events)}`]);
      return { ...req, method: 'GET', path, headers: { accept: 'text/html', cookie: session }, body: undefined };
    }
    if (roll < 82) {
      context.kind = 'booking';
      // A different free hour each time: room after room, then hour after hour (06:00–21:00), then day after day.
      const k = booking++;
      const slot = Math.floor(k / BENCH_ROOMS);
      const start = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 1 + Math.floor(slot / 16), hours: 6 + (slot % 16) });
      return {
        ...req, method: 'POST', path: '/api/reservations', headers: { ...json, authorization: bearer },
        body: JSON.stringify({ roomId: data.benchRooms[k % BENCH_ROOMS], start: start.toISO(), end: start.plus({ hours: 1 }).toISO(), headcount: 2, title: `Soak ${k}` }),
      };
    }
    if (roll < 97) {
      context.kind = 'registration';
      const n = person++;
      const eventId = n % 5 ? data.bigEvent : pick(data.events);
      return {
        ...req, method: 'POST', path: `/api/events/${eventId}/registrations`, headers: json,
        body: JSON.stringify({ name: `Peserta Soak ${n}`, email: `soak-${n}@bench.test`, phone: '0812-3456-7890', consent: true }),
      };
    }
    if (roll < 99) {
      context.kind = 'signIn';
      return { ...req, method: 'POST', path: '/api/auth/sign-in', headers: json, body: JSON.stringify({ email: pick(['kreator.dewi@ruangkreatif.id', 'kreator.budi@ruangkreatif.id', 'kreator.made@ruangkreatif.id']), password: DEMO_PASSWORD }) };
    }
    context.kind = 'signUp';
    const n = person++;
    return { ...req, method: 'POST', path: '/api/auth/sign-up', headers: json, body: JSON.stringify({ name: `Kreator Soak ${n}`, email: `kreator-soak-${n}@bench.test`, password: 'soak-password-2026' }) };
  };
  const onResponse = (status, _body, context) => {
    const kind = (answers[context.kind] ??= {});
    kind[status] = (kind[status] ?? 0) + 1;
  };
  return { answers, setupRequest, onResponse };
}

const mib = (bytes) => bytes / 1_048_576;

/** Least-squares slope, in MiB per minute, of `key` over samples after the warm-up. */
function slope(samples, key) {
  const points = samples.filter((s) => s.t >= WARMUP);
  if (points.length < 3) return NaN;
  const mx = points.reduce((a, s) => a + s.t, 0) / points.length;
  const my = points.reduce((a, s) => a + mib(s[key]), 0) / points.length;
  const num = points.reduce((a, s) => a + (s.t - mx) * (mib(s[key]) - my), 0);
  const den = points.reduce((a, s) => a + (s.t - mx) ** 2, 0);
  return (num / den) * 60;
}

const readSamples = (startedAt) => (existsSync(probeFile) ? readFileSync(probeFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [])
  .map((s) => ({ ...s, t: Math.round((s.at - startedAt) / 1000) }));

for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
rmSync(probeFile, { force: true });
if (SNAPSHOTS.length) mkdirSync(heapDir, { recursive: true });
const data = await buildData();
const smtp = await startSmtp();
const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(resolve('bench/memory-probe.mjs')).href}`.trim();
const app = await startApp({
  port: PORT, databaseUrl: DATABASE_URL,
  env: {
    MAIL_WORKER: 'true', SMTP_URL: smtp.url, NODE_OPTIONS: nodeOptions, SOAK_PROBE_FILE: probeFile, SOAK_SAMPLE_MS: String(SAMPLE_MS),
    SOAK_SNAPSHOTS: SNAPSHOTS.join(','), SOAK_SNAPSHOT_DIR: heapDir,
  },
});
let stopping = false;
app.once('exit', (code, signal) => { if (!stopping) console.error(`the app exited during the soak (code ${code}, signal ${signal})`); });
let result;
let answers;
const startedAt = Date.now();
const timers = [];
try {
  const session = await signIn('kreator.sari@ruangkreatif.id');
  const bearer = await bearerOf(session);
  const load = mix(data, session, bearer);
  answers = load.answers;
  console.log(`soak: ${SECONDS} s at ${RATE} req/s over ${CONNECTIONS} connections, app pid ${app.pid}, node ${process.version}` +
    `${process.env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}` : ''}`);
  if (SNAPSHOTS.length) console.log(`heap snapshots at ${SNAPSHOTS.join(', ')} s after the app's start, into ${heapDir}`);
  let printed = 0;
  timers.push(setInterval(() => {
    for (const s of readSamples(startedAt).slice(printed)) {
      printed += 1;
      console.log(`  ${String(s.t).padStart(5)} s  rss ${mib(s.rss).toFixed(0).padStart(4)} MiB  heap ${mib(s.heapUsed).toFixed(0).padStart(4)}/${mib(s.heapTotal).toFixed(0)} MiB  live ${mib(s.liveHeap ?? 0).toFixed(0).padStart(3)} MiB  external ${mib(s.external).toFixed(0)} MiB`);
    }
  }, SAMPLE_MS));
  result = await run('mixed', { url: BASE, connections: CONNECTIONS, duration: SECONDS, overallRate: RATE, requests: [{ setupRequest: load.setupRequest, onResponse: load.onResponse }] });
} finally {
  for (const timer of timers) clearTimeout(timer);
  stopping = true;
  await stopApp(app);
  await smtp.close();
}
const db = await new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL }))).initialize();
const outbox = Object.fromEntries((await db.query('SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status')).map((r) => [r.status, Number(r.n)]));
await db.destroy();
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });

const samples = readSamples(startedAt);
rmSync(probeFile, { force: true });
console.log(`\n${SECONDS} s at ${RATE} req/s (${CONNECTIONS} connections), SQLite, node ${process.version}; ${result.total} requests, ${result.rps.toFixed(1)} req/s, p99 ${result.p99} ms, ${result.errors} errors`);
console.log(`answers by kind: ${JSON.stringify(answers)}; timeouts and socket errors: ${result.errors}; mail delivered: ${smtp.received.count}, outbox at the end: ${JSON.stringify(outbox)}`);
console.log('\n| t (s) | RSS MiB | heap used MiB | heap total MiB | live heap after GC MiB | RSS outside the V8 heap MiB | external MiB |');
console.log('|---|---|---|---|---|---|---|');
// A long soak prints one row a minute here (every sample was printed while it ran).
for (const s of samples.filter((_, i) => samples.length <= 40 || i % 6 === 5 || i === samples.length - 1)) {
  console.log(`| ${s.t} | ${mib(s.rss).toFixed(0)} | ${mib(s.heapUsed).toFixed(0)} | ${mib(s.heapTotal).toFixed(0)} | ${s.liveHeap ? mib(s.liveHeap).toFixed(1) : '–'} | ${mib(s.rss - s.heapTotal).toFixed(0)} | ${mib(s.external).toFixed(1)} |`);
}
const after = samples.filter((s) => s.t >= WARMUP);
if (after.length >= 3) {
  const range = (key) => `${mib(Math.min(...after.map((s) => s[key]))).toFixed(0)}–${mib(Math.max(...after.map((s) => s[key]))).toFixed(0)} MiB`;
  for (const s of samples) s.outside = s.rss - s.heapTotal;
  console.log(`\nafter the ${WARMUP} s warm-up (${after.length} samples): RSS ${range('rss')}, ${slope(samples, 'rss').toFixed(2)} MiB/min; ` +
    `outside the V8 heap ${range('outside')}, ${slope(samples, 'outside').toFixed(2)} MiB/min; ` +
    `heap total ${range('heapTotal')}, ${slope(samples, 'heapTotal').toFixed(2)} MiB/min` +
    (after[0].liveHeap ? `; live heap ${range('liveHeap')}, ${slope(samples, 'liveHeap').toFixed(2)} MiB/min` : ''));
}
