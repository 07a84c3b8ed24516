// `npm run bench:reservations`: 1,000 rooms with 100,000 reservations on SQLite (or BENCH_DATABASE_URL), the built
// app in its own process, and autocannon at 50 connections against 127.0.0.1 only. Prints requests per second and
// p99 latency of booking creation, a room's week availability and a city search, each beside /healthz of the same run.
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import 'reflect-metadata';
import { apiToken, closeAgents, openLoop, runOn, startApp, stopApp } from './support.mjs';
import { DataSource } from 'typeorm';

const PORT = Number(process.env.BENCH_PORT ?? 3390);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:var/bench/ruang-kreatif-bench.sqlite';
// PostgreSQL: two app instances on the one database, the load split between them.
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? (DATABASE_URL.startsWith('sqlite:') ? 1 : 2));
const BASES = Array.from({ length: INSTANCES }, (_, i) => `http://127.0.0.1:${PORT + i}`);
// Entity column types follow DATABASE_URL when the classes load, so it is set before they are imported.
process.env.DATABASE_URL = DATABASE_URL;
const { buildDataSourceOptions } = await import('../dist/src/database/database.options.js');
const { loadConfig } = await import('../dist/config/configuration.js');
const { Venue } = await import('../dist/src/venues/venue.entity.js');
const { OpeningHour } = await import('../dist/src/venues/opening-hour.entity.js');
const { Room } = await import('../dist/src/rooms/room.entity.js');
const { User } = await import('../dist/src/accounts/user.entity.js');
const { Reservation } = await import('../dist/src/reservations/reservation.entity.js');
const ZONE = 'Asia/Makassar';
const CITIES = ['Makassar', 'Manado', 'Denpasar', 'Mataram', 'Kupang', 'Palu', 'Kendari', 'Gorontalo', 'Balikpapan', 'Samarinda',
  'Banjarmasin', 'Ambon', 'Ternate', 'Jayapura', 'Sorong', 'Merauke', 'Pare-Pare', 'Bitung', 'Bima', 'Maumere', 'Ende', 'Tarakan',
  'Bontang', 'Palopo', 'Manokwari'];
const VENUES = 250;
const ROOMS_PER_VENUE = 4;
const PER_ROOM = 100;

async function buildNetwork() {
  if (DATABASE_URL.startsWith('sqlite:')) {
    mkdirSync('var/bench', { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${DATABASE_URL.slice(7)}${suffix}`, { force: true });
  }
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL });
  const db = await new DataSource(buildDataSourceOptions(config)).initialize();
  if (!DATABASE_URL.startsWith('sqlite:')) {
    await db.query('TRUNCATE reservation_history, reservations, reservation_series, rooms, venue_opening_hours, venue_closures, venue_managers, venues, api_tokens, sessions, sign_in_attempts, users RESTART IDENTITY CASCADE');
  }
  const started = Date.now();
  const owner = await db.getRepository(User).save({ name: 'Bench Owner', email: 'owner@bench.test', passwordHash: 'x', role: 'creator', locale: null });
  const venues = await db.getRepository(Venue).save(Array.from({ length: VENUES }, (_, i) => ({
    code: `BENCH-${i}`, name: `Kantor Pos Bench ${i}`, address: `Jl. Pos No. ${i}`, city: CITIES[i % CITIES.length], province: 'Bench',
    timezone: ZONE, phone: null, email: null, description: '', latitude: null, longitude: null, active: true,
  })), { chunk: 100 });
  await db.getRepository(OpeningHour).insert(venues.flatMap((v) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ venueId: v.id, weekday, opens: '08:00', closes: '20:00' }))));
  const rooms = await db.getRepository(Room).save(venues.flatMap((v, i) => Array.from({ length: ROOMS_PER_VENUE }, (_, k) => ({
    venueId: v.id, name: `Studio ${k + 1}`, kind: k % 2 ? 'podcast_room' : 'live_stream_studio', capacity: 4 + k * 4 + (i % 3),
    amenities: ['wifi', 'ring_light'], photos: [], description: '', slotMinutes: 60, minMinutes: 60, maxMinutes: 240, bufferMinutes: 0,
    horizonDays: 60, requiresApproval: false, maxHoursPerWeek: null, maxFutureReservations: null, active: true,
  }))), { chunk: 200 });
  // 100 bookings per room: mornings 08:00–09:00 and 10:00–11:00 of the next 50 days. Afternoons stay free for the load.
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const rows = [];
  for (const room of rooms) {
    for (let n = 0; n < PER_ROOM; n++) {
      const start = today.plus({ days: 1 + Math.floor(n / 2), hours: n % 2 ? 10 : 8 });
      rows.push({ roomId: room.id, venueId: room.venueId, creatorId: owner.id, kind: 'booking', status: 'confirmed', title: 'Bench', headcount: 1,
        notes: '', startAt: start.toJSDate(), endAt: start.plus({ hours: 1 }).toJSDate(), occupiedEndAt: start.plus({ hours: 1 }).toJSDate(),
        seriesId: null, statusReason: null, sequence: 0 });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.getRepository(Reservation).insert(rows.slice(i, i + 500));
  const counts = { rooms: await db.getRepository(Room).count(), reservations: await db.getRepository(Reservation).count() };
  await db.destroy();
  console.log(`network: ${counts.rooms} rooms, ${counts.reservations} reservations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { rooms: rooms.map((r) => r.id), today };
}

/**
 * The bench's bookings (its title) as rows: every 201 must be a row with the answer's room and times (the answers'
 * times are in the zone's offset), no row may lack an answer beyond those in flight at the end, and no two active
 * rows of a room may overlap.
 */
async function compareWithRows(told) {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL });
  const db = await new DataSource(buildDataSourceOptions(config)).initialize();
  try {
    const rows = (await db.getRepository(Reservation).find({ where: { title: 'Live selling bench' } }));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const same = (b, r) => r && r.roomId === b.roomId && r.startAt.getTime() === Date.parse(b.start) && r.endAt.getTime() === Date.parse(b.end) && r.status === b.status;
    const missing = [...told.values()].filter((b) => !same(b, byId.get(b.id))).length;
    const extra = rows.filter((r) => !told.has(r.id)).length;
    const active = (await db.getRepository(Reservation).find({ where: { kind: 'booking' } })).filter((r) => ['pending', 'confirmed'].includes(r.status))
      .sort((a, b) => a.roomId - b.roomId || a.startAt.getTime() - b.startAt.getTime());
    let overlaps = 0;
    let reach = 0; // the latest occupied end so far in the current room
    for (let i = 0; i < active.length; i++) {
      const r = active[i];
      if (i > 0 && r.roomId === active[i - 1].roomId && r.startAt.getTime() < reach) overlaps++;
      reach = i > 0 && r.roomId === active[i - 1].roomId ? Math.max(reach, r.occupiedEndAt.getTime()) : r.occupiedEndAt.getTime();
    }
    return { rows: rows.length, missing, extra, overlaps };
  } finally {
    await db.destroy();
  }
}

/** autocannon against every instance at once, CONNECTIONS split between them. */
const bench = (title, options) => runOn(BASES, title, { connections: CONNECTIONS, duration: DURATION, ...options });

const shuffle = (list) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
};
const pick = (list) => list[Math.floor(Math.random() * list.length)];

const { rooms, today } = await buildNetwork();
const apps = [];
for (let i = 0; i < INSTANCES; i++) apps.push(await startApp({ port: PORT + i, databaseUrl: DATABASE_URL }));
try {
  const token = await apiToken(BASE);
  // Every booking request takes a different free afternoon slot (12:00–20:00) of a random room and day.
  const slots = shuffle(rooms.flatMap((roomId) => Array.from({ length: 40 }, (_, d) => ({ roomId, day: 1 + d, hour: 12 + Math.floor(Math.random() * 8) }))));
  let next = 0;
  const booking = () => {
    const slot = slots[next++ % slots.length];
    const start = today.plus({ days: slot.day, hours: slot.hour });
    return JSON.stringify({ roomId: slot.roomId, start: start.toISO(), end: start.plus({ hours: 1 }).toISO(), headcount: 2, title: 'Live selling bench' });
  };
  const results = [];
  results.push(await bench('GET /healthz', { requests: [{ method: 'GET', path: '/healthz' }] }));
  // What every 201 said, to compare with the rows afterwards (closed and open loop alike).
  const told = new Map();
  const seen = (status, body) => {
    if (status !== 201) return;
    const b = JSON.parse(body);
    told.set(b.id, b);
  };
  results.push(await bench('POST /api/reservations', {
    requests: [{
      method: 'POST', path: '/api/reservations',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      setupRequest: (req) => ({ ...req, body: booking() }),
      onResponse: seen,
    }],
  }));
  const from = today.plus({ days: 1 }).toISODate();
  const to = today.plus({ days: 7 }).toISODate();
  const week = () => `/api/rooms/${pick(rooms)}/availability?from=${from}&to=${to}`;
  const search = () => `/api/availability?date=${today.plus({ days: 1 + Math.floor(Math.random() * 30) }).toISODate()}&from=14:00&to=16:00&city=${encodeURIComponent(pick(CITIES))}`;
  results.push(await bench('GET /api/rooms/:id/availability (week)', { requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: week() }) }] }));
  results.push(await bench('GET /api/availability (city search)', { requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: search() }) }] }));
  // Latency at a fixed arrival rate of half the maximum just measured (open loop).
  const requestOf = {
    'POST /api/reservations': () => ({ method: 'POST', path: '/api/reservations', body: booking(), headers: { authorization: `Bearer ${token}` } }),
    'GET /api/rooms/:id/availability (week)': () => ({ path: week() }),
    'GET /api/availability (city search)': () => ({ path: search() }),
  };
  for (const r of results.slice(1)) {
    r.open = await openLoop({ bases: BASES, rate: Math.max(1, Math.round(r.rps / 2)), seconds: DURATION, next: requestOf[r.title], seen: r === results[1] ? seen : undefined });
  }
  const check = await compareWithRows(told);

  const health = results[0].rps;
  const targets = { 'POST /api/reservations': '≥ 0.25, p99 < 50 ms', 'GET /api/rooms/:id/availability (week)': '≥ 0.50, p99 < 25 ms', 'GET /api/availability (city search)': '≥ 0.30, p99 < 50 ms' };
  const rss = apps.map((a) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${a.pid}/status`, 'utf8'))[1]) / 1024);
  console.log(`\n${DATABASE_URL.split(':')[0]}, ${INSTANCES} instance(s), ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('| endpoint | req/s | p99 ms (50 conn.) | ratio to /healthz | open loop: rate, p50 / p99 ms | target | non-2xx | errors |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = r.rps / health;
    const open = r.open ? `${r.open.rate}/s, ${r.open.p50.toFixed(1)} / ${r.open.p99.toFixed(1)}${r.open.failed ? ` (${r.open.failed} failed)` : ''}` : '–';
    console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p99} | ${ratio.toFixed(2)} | ${open} | ${targets[r.title] ?? '–'} | ${r.non2xx} | ${r.errors} |`);
  }
  console.log(`RSS after: ${rss.map((m) => `${m.toFixed(0)} MiB`).join(', ')}`);
  console.log(`answers vs rows: ${told.size} bookings answered 201, ${check.rows} booking rows made by the bench, ${check.missing} answered but missing or different, ${check.extra} not answered (autocannon drops the answers in flight when its time is up: at most ${CONNECTIONS}), ${check.overlaps} overlapping active pairs in a room`);
  if (check.missing || check.overlaps || check.extra > CONNECTIONS) process.exitCode = 1;
  console.log('\nstatus codes:', JSON.stringify(Object.fromEntries(results.map((r) => [r.title, r.statuses]))));
} finally {
  for (const app of apps) await stopApp(app);
  closeAgents();
}
