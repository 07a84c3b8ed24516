// Shared by the benchmarks: the built app in its own process, and one autocannon run against 127.0.0.1.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';

/** Starts `dist/src/main.js` in production mode on 127.0.0.1:`port` and waits (at most 20 s) for /healthz. */
export async function startApp({ port, databaseUrl, env = {} }) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
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
