// `npm run bench:calendar`: calendars and mail on SQLite (or BENCH_DATABASE_URL). Builds a venue with 1,000 published
// events, starts the built app in its own process (mail worker off), and runs autocannon at 50 connections against
// 127.0.0.1 only: the venue feed of 1,000 events (full and conditional), one event's .ics, and registrations (each
// writes a seat and its invitation to the outbox in one transaction). Then times the rendering of one invitation in
// this process, and restarts the app with its mail worker on and an SMTP server of this process to see how fast the
// outbox empties.
import express from 'express';
import { rmSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import 'reflect-metadata';
import { run, startApp, stopApp } from './support.mjs';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../dist/src/database/database.options.js';
import { loadConfig } from '../dist/config/configuration.js';
import { configureViews } from '../dist/src/common/views.js';
import { NotificationsService } from '../dist/src/notifications/notifications.service.js';
import { Venue } from '../dist/src/venues/venue.entity.js';
import { OpeningHour } from '../dist/src/venues/opening-hour.entity.js';
import { Room } from '../dist/src/rooms/room.entity.js';
import { User } from '../dist/src/accounts/user.entity.js';
import { EventRecord } from '../dist/src/events/event.entity.js';
import { EventSession } from '../dist/src/events/event-session.entity.js';
import { OutboxMessage } from '../dist/src/notifications/outbox-message.entity.js';

const PORT = Number(process.env.BENCH_PORT ?? 3391);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 30);
const CONNECTIONS = 50;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:var/bench/ruang-kreatif-calendar-bench.sqlite';
const EVENTS = 1000;

async function openDb() {
  return new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL }))).initialize();
}

async function buildVenue() {
  if (DATABASE_URL.startsWith('sqlite:')) {
    mkdirSync('var/bench', { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${DATABASE_URL.slice(7)}${suffix}`, { force: true });
  }
  const db = await openDb();
  if (!DATABASE_URL.startsWith('sqlite:')) {
    await db.query('TRUNCATE outbox_messages, registrations, event_sessions, events, reservation_history, reservations, reservation_series, rooms, venue_opening_hours, venue_closures, venue_managers, venues, api_tokens, sessions, sign_in_attempts, users RESTART IDENTITY CASCADE');
  }
  const organiser = await db.getRepository(User).save({ name: 'Bench Organiser', email: 'organiser@bench.test', passwordHash: 'x', role: 'creator', locale: null });
  const venue = await db.getRepository(Venue).save({
    code: 'BENCH-CAL', name: 'Kantor Pos Makassar', address: 'Jl. Slamet Riyadi No. 10', city: 'Makassar', province: 'Sulawesi Selatan',
    timezone: 'Asia/Makassar', phone: null, email: null, description: '', latitude: -5.1354, longitude: 119.4125, active: true,
  });
  await db.getRepository(OpeningHour).insert([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ venueId: venue.id, weekday, opens: '07:00', closes: '22:00' })));
  const hall = await db.getRepository(Room).save({
    venueId: venue.id, name: 'Aula Serbaguna', kind: 'conference_hall', capacity: 200, amenities: ['wifi'], photos: [], description: '',
    slotMinutes: 60, minMinutes: 60, maxMinutes: 480, bufferMinutes: 0, horizonDays: 365, requiresApproval: false,
    maxHoursPerWeek: null, maxFutureReservations: null, active: true,
  });
  const base = Date.now() + 86_400_000;
  const events = await db.getRepository(EventRecord).save(Array.from({ length: EVENTS }, (_, i) => ({
    organiserId: organiser.id, venueId: venue.id, kind: 'workshop', status: 'published', title: `Kelas Foto Produk #${i + 1}, Makassar`,
    summary: 'Belajar memotret produk; lampu, latar, dan sudut', description: 'Bawa produk Anda sendiri.', tags: ['foto'], language: 'id',
    // The last event takes every registration of the load test.
    capacity: i === EVENTS - 1 ? 1_000_000 : 50, registrationOpensAt: null, registrationClosesAt: null,
    startsAt: new Date(base + i * 3_600_000), endsAt: new Date(base + i * 3_600_000 + 1_800_000), arrivals: 0, sequence: 0, cancelReason: null,
  })), { chunk: 200 });
  await db.getRepository(EventSession).save(events.map((e) => ({
    eventId: e.id, roomId: hall.id, reservationId: null, title: 'Sesi', speaker: 'Andi', startAt: e.startsAt, endAt: e.endsAt, capacity: null,
  })), { chunk: 200 });
  await db.destroy();
  return { venueId: venue.id, eventId: events[0].id, bigEventId: events[EVENTS - 1].id };
}

const bench = (title, options) => run(title, { url: BASE, connections: CONNECTIONS, duration: DURATION, ...options });

/** Renders `count` invitations for a seat at the big event, as a registration does inside its transaction. */
async function renderCost(bigEventId, count) {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!', PUBLIC_BASE_URL: BASE });
  configureViews(express(), false);
  const db = await openDb();
  const event = await db.getRepository(EventRecord).findOneOrFail({ where: { id: bigEventId }, relations: { venue: true, sessions: { room: true } } });
  await db.destroy();
  const notifications = new NotificationsService(config);
  let rows = 0;
  const chain = { insert: () => chain, into: () => chain, values: () => chain, orIgnore: () => chain, execute: async () => { rows += 1; } };
  const manager = { createQueryBuilder: () => chain };
  const registration = (i) => ({ id: i, eventId: bigEventId, status: 'confirmed', name: `Peserta ${i}`, email: `peserta-${i}@bench.test`, locale: 'id', ticketCode: 'ABCD2345', sequence: 0, tokenHash: 'x', cancelReason: null });
  for (let i = 0; i < 200; i++) await notifications.registration(manager, registration(i), event, 'confirmed', null, 'token');
  const started = performance.now();
  for (let i = 0; i < count; i++) await notifications.registration(manager, registration(i), event, 'confirmed', null, 'token');
  return { ms: (performance.now() - started) / count, rows };
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
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `smtp://127.0.0.1:${server.server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const { venueId, eventId, bigEventId } = await buildVenue();
let app = await startApp({ port: PORT, databaseUrl: DATABASE_URL, env: { MAIL_WORKER: 'false' } });
const results = [];
let etag;
try {
  results.push(await bench('GET /healthz', { requests: [{ method: 'GET', path: '/healthz' }] }));
  const feed = await fetch(`${BASE}/venues/${venueId}/events.ics`);
  etag = feed.headers.get('etag');
  const feedBytes = (await feed.arrayBuffer()).byteLength;
  console.log(`venue feed: ${EVENTS} events, ${(feedBytes / 1024).toFixed(0)} KiB, ETag ${etag}`);
  results.push(await bench(`GET /venues/:id/events.ics (${EVENTS} events)`, { requests: [{ method: 'GET', path: `/venues/${venueId}/events.ics` }] }));
  results.push(await bench('… same, If-None-Match (304)', { requests: [{ method: 'GET', path: `/venues/${venueId}/events.ics`, headers: { 'if-none-match': etag } }] }));
  results.push(await bench('GET /events/:id/calendar.ics', { requests: [{ method: 'GET', path: `/events/${eventId}/calendar.ics` }] }));
  let n = 0;
  results.push(await bench('POST /api/events/:id/registrations', {
    requests: [{
      method: 'POST', path: `/api/events/${bigEventId}/registrations`, headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Peserta Bench ${n}`, email: `peserta-${n++}@bench.test`, consent: true }) }),
    }],
  }));
} finally {
  await stopApp(app);
}

const render = await renderCost(bigEventId, 2000);

const db = await openDb();
const queued = await db.getRepository(OutboxMessage).count();
await db.destroy();
const smtp = await startSmtp();
const drainStarted = performance.now();
app = await startApp({ port: PORT, databaseUrl: DATABASE_URL, env: { MAIL_WORKER: 'true', SMTP_URL: smtp.url } });
let drained;
try {
  // Bounded: stops when the outbox is empty or after DRAIN_SECONDS.
  while (smtp.received.count < queued && performance.now() - drainStarted < DRAIN_SECONDS * 1000) await new Promise((r) => setTimeout(r, 250));
  drained = { sent: smtp.received.count, seconds: (performance.now() - drainStarted) / 1000 };
} finally {
  await stopApp(app);
  await smtp.close();
}

const health = results[0].rps;
console.log(`\n${DATABASE_URL.split(':')[0]}, ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}`);
console.log('| endpoint | req/s | p99 ms | ratio to /healthz | MiB/s | non-2xx | errors |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p99} | ${(r.rps / health).toFixed(2)} | ${(r.bytes / 1048576).toFixed(1)} | ${r.non2xx} | ${r.errors} |`);
}
console.log('\nstatus codes:', JSON.stringify(Object.fromEntries(results.map((r) => [r.title, r.statuses]))));
const registrations = results[results.length - 1];
console.log(`\nrendering one invitation (text, HTML, calendar), in this process: ${render.ms.toFixed(3)} ms (${render.rows} rows)`);
console.log(`registration: ${(1000 / registrations.rps).toFixed(2)} ms of the writer per request at ${registrations.rps.toFixed(0)} req/s; rendering is ${(100 * render.ms * registrations.rps / 1000).toFixed(0)} % of it`);
console.log(`outbox: ${queued} messages queued; ${drained.sent} sent over SMTP in ${drained.seconds.toFixed(1)} s (app start included) = ${(drained.sent / drained.seconds).toFixed(1)} messages/s`);
