// `node bench/request-cpu.mjs` (after `npm run build` and one `npm run bench:registrations`, whose SQLite file it copies):
// the app's own CPU time (user + system, from /proc) per request, one kind of request at a time, 10 connections. On a
// shared machine this moves far less than requests per second do: time the process waits for a core is not counted.
// BENCH_ONLY=<part of a title> runs some kinds; BENCH_AMOUNT requests per write kind (default 1500).
import autocannon from 'autocannon';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { DateTime } from 'luxon';
import { startApp, stopApp } from './support.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3394);
const BASE = `http://127.0.0.1:${PORT}`;
const AMOUNT = Number(process.env.BENCH_AMOUNT ?? 1500);
const SOURCE = 'var/bench/ruang-kreatif-registrations-bench.sqlite';
const COPY = 'var/bench/ruang-kreatif-request-cpu.sqlite';

for (const suffix of ['', '-wal', '-shm']) rmSync(`${COPY}${suffix}`, { force: true });
copyFileSync(SOURCE, COPY);
const app = await startApp({ port: PORT, databaseUrl: `sqlite:${COPY}`, env: { MAIL_WORKER: 'false' } });
const cpuMs = () => {
  const fields = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
};

const json = { 'content-type': 'application/json' };
const signUp = await fetch(`${BASE}/api/auth/sign-up`, {
  method: 'POST', headers: json, body: JSON.stringify({ name: 'Kreator CPU', email: `cpu-${Date.now()}@bench.test`, password: 'bench-password-2026' }),
});
const cookie = signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const { token } = await (await fetch(`${BASE}/api/me/tokens`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ name: 'cpu' }) })).json();
// The registrations bench's one venue and hall (open 07:00–22:00 every day) and its first event.
const hall = 1;
const eventId = 1;
const day0 = DateTime.now().setZone('Asia/Makassar').startOf('day');
let slot = 0;
const booking = () => {
  const n = slot++;
  const start = day0.plus({ days: 10 + Math.floor(n / 14), hours: 7 + (n % 14) });
  return JSON.stringify({ roomId: hall, start: start.toISO(), end: start.plus({ hours: 1 }).toISO(), headcount: 2, title: 'CPU bench' });
};
let person = 0;
const registration = () => JSON.stringify({ name: `Peserta ${person}`, email: `cpu-${person++}@bench.test`, consent: true });

const kinds = {
  'GET /healthz': { amount: AMOUNT * 5, requests: [{ path: '/healthz' }] },
  'GET /events/:id (visitor)': { amount: AMOUNT, requests: [{ path: `/events/${eventId}` }] },
  'GET /events/:id (signed in)': { amount: AMOUNT, requests: [{ path: `/events/${eventId}`, headers: { cookie } }] },
  'POST /api/events/:id/registrations': { amount: AMOUNT, requests: [{ method: 'POST', path: `/api/events/${eventId}/registrations`, headers: json, setupRequest: (r) => ({ ...r, body: registration() }) }] },
  'POST /api/reservations (bearer token)': { amount: AMOUNT, requests: [{ method: 'POST', path: '/api/reservations', headers: { ...json, authorization: `Bearer ${token}` }, setupRequest: (r) => ({ ...r, body: booking() }) }] },
};
try {
  console.log('| request | answered | CPU µs per request | req/s | non-2xx |\n|---|---|---|---|---|');
  for (const [title, options] of Object.entries(kinds)) {
    if (process.env.BENCH_ONLY && !title.includes(process.env.BENCH_ONLY)) continue;
    const before = cpuMs();
    const started = Date.now();
    const result = await new Promise((resolve, reject) => autocannon({ url: BASE, connections: 10, ...options }, (e, r) => (e ? reject(e) : resolve(r))));
    const perRequest = (1000 * (cpuMs() - before)) / result.requests.total;
    console.log(`| ${title} | ${result.requests.total} | ${perRequest.toFixed(0)} | ${(result.requests.total / ((Date.now() - started) / 1000)).toFixed(0)} | ${result.non2xx} |`);
  }
} finally {
  await stopApp(app);
}
