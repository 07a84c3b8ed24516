// Shared by the benchmarks: the built app in its own process, and one autocannon run against 127.0.0.1.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Starts `dist/src/main.js` in production mode on 127.0.0.1:`port` and waits (at most 20 s) for /healthz.
 * `BENCH_NODE_ARGS` adds flags to the app's node (e.g. `--cpu-prof --cpu-prof-dir=var/prof` for a profile per instance).
 */
export async function startApp({ port, databaseUrl, env = {} }) {
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, SEED_DEMO_DATA: 'false',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!', PUBLIC_BASE_URL: base, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('the app did not start within 20 s');
}

/** Stops an app started by `startApp` and waits for its exit. */
export const stopApp = (child) => new Promise((resolve) => { child.once('exit', resolve); child.kill(); });

/** One autocannon run; requests per second, p99 latency in ms, bytes per second and the status counts. */
export function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) reject(error);
      else resolve({ title, rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total, bytes: result.throughput.average, statuses: result.statusCodeStats });
    });
  });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
export { percentile };

/** Keep-alive agents without a socket limit, one per base URL, so a burst or an open loop is never queued here. */
const agents = new Map();
const agentFor = (base) => {
  if (!agents.has(base)) agents.set(base, new http.Agent({ keepAlive: true, maxSockets: Infinity }));
  return agents.get(base);
};
export const closeAgents = () => { for (const agent of agents.values()) agent.destroy(); agents.clear(); };

/** One request; resolves (never rejects) with status (0 on a network error), body and ms since `sentAt`. */
export function send(base, { method = 'GET', path, body, headers = {} }, sentAt = performance.now()) {
  return new Promise((resolve) => {
    const req = http.request(new URL(path, base), {
      method, agent: agentFor(base),
      headers: body === undefined ? headers : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: performance.now() - sentAt }));
    });
    req.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - sentAt }));
    req.end(body);
  });
}

/**
 * Open loop: `rate` requests a second for `seconds`, sent on a 10 ms timer whatever has been answered (queueing
 * shows in the latency instead of slowing the sender), spread over `bases`. `next(i)` gives the i-th request.
 */
export async function openLoop({ bases, rate, seconds, next, seen = () => {} }) {
  const pending = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) pending.push(send(bases[sent % bases.length], next(sent)).then((r) => { seen(r.status, r.body); return r; }));
      if (sent >= total) { clearInterval(timer); resolve(); }
    }, 10);
  });
  const results = await Promise.all(pending);
  const ms = results.map((r) => r.ms);
  return { rate, sent, p50: percentile(ms, 50), p99: percentile(ms, 99), failed: results.filter((r) => r.status < 200 || r.status > 299).length };
}

/** `sqlite:path`, a bare file path, or a postgres:// URL, as the app's DATABASE_URL. */
export const databaseUrlOf = (value) => (/^postgres(ql)?:\/\//.test(value) || value.startsWith('sqlite:') ? value : `sqlite:${value}`);

/**
 * An empty database migrated by the app's own migrations (needs `npm run build`): a SQLite file is deleted first; a
 * PostgreSQL database (on this machine only) is dropped and created again through the server's `postgres` database.
 */
export async function freshDatabase(databaseUrl) {
  await import('reflect-metadata');
  const url = databaseUrlOf(databaseUrl);
  if (url.startsWith('sqlite:')) {
    const { mkdirSync, rmSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(url.slice(7)), { recursive: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${url.slice(7)}${suffix}`, { force: true });
  } else {
    const target = new URL(url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error(`benchmarks only use a database on this machine, not ${target.hostname}`);
    const name = decodeURIComponent(target.pathname.slice(1));
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": lower-case letters, digits and _ only`);
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
  }
  // Only the migrations run (no entities loaded into this DataSource), so one process can prepare both engines.
  const { buildDataSourceOptions } = await import('../dist/src/database/database.options.js');
  const { loadConfig } = await import('../dist/config/configuration.js');
  const { DataSource } = await import('typeorm');
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url });
  const db = await new DataSource({ ...buildDataSourceOptions(config), entities: [] }).initialize();
  await db.destroy();
  return url;
}

/** autocannon against every instance at once, `connections` split between them; req/s summed, p99 the worst instance's. */
export async function runOn(bases, title, { connections = 50, duration = 10, ...options }) {
  const runs = await Promise.all(bases.map((url) => run(title, { url, connections: Math.ceil(connections / bases.length), duration, ...options })));
  const statuses = {};
  for (const r of runs) for (const [code, { count }] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  return { title, rps: runs.reduce((a, r) => a + r.rps, 0), p99: Math.max(...runs.map((r) => r.p99)), non2xx: runs.reduce((a, r) => a + r.non2xx, 0), errors: runs.reduce((a, r) => a + r.errors, 0), statuses };
}

/** A new creator account (signed up through the API) and a personal API token for it. */
export async function apiToken(base) {
  const signUp = await fetch(`${base}/api/auth/sign-up`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Kreator Bench', email: `kreator-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@bench.test`, password: 'bench-password-2026' }),
  });
  const cookie = signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = await fetch(`${base}/api/me/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'bench' }) });
  if (!token.ok) throw new Error(`token: ${token.status} ${await token.text()}`);
  return (await token.json()).token;
}
