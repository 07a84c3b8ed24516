// The national data set for the reports benchmark, built once and reused: a marker (a JSON file beside the SQLite
// file; the database's COMMENT on PostgreSQL) records the builder's parameters and a hash of the builder and the
// built migrations. When it matches, the set is reused; otherwise it is built again in a child process (the 1M build
// leaves a large heap behind), and on PostgreSQL vacuumed and analysed (the visibility map lets index-only scans
// skip the table).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { databaseUrlOf } from '../support.mjs';

const SOURCES = ['bench/national-dataset.mjs', ...readdirSync('bench/national').map((f) => `bench/national/${f}`),
  // The built migrations (what the builder runs), so a set is rebuilt after a new migration is compiled.
  ...readdirSync('dist/src/database/migrations').filter((f) => f.endsWith('.js')).map((f) => `dist/src/database/migrations/${f}`),
  // The roll-ups' SQL, which the builder runs after loading.
  'dist/src/reports/rollup-sql.js'].sort();

/** What the set must have been built from to be reused. */
export function wantedMarker(params) {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(file).update(readFileSync(file));
  return { version: 1, params, sources: hash.digest('hex').slice(0, 16) };
}

const same = (a, b) => !!a && a.version === b.version && a.sources === b.sources && JSON.stringify(a.params) === JSON.stringify(b.params);

async function adminClient(url) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  return client;
}

async function readMarker(url) {
  if (url.startsWith('sqlite:')) {
    const file = `${url.slice(7)}.marker.json`;
    return existsSync(url.slice(7)) && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  }
  const client = await adminClient(url);
  try {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const { rows } = await client.query("SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1", [name]);
    try { return rows[0]?.marker ? JSON.parse(rows[0].marker) : null; } catch { return null; }
  } finally { await client.end(); }
}

async function writeMarker(url, marker) {
  if (url.startsWith('sqlite:')) return writeFileSync(`${url.slice(7)}.marker.json`, `${JSON.stringify(marker, null, 2)}\n`);
  const client = await adminClient(url);
  try {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    await client.query(`COMMENT ON DATABASE ${name} IS ${client.escapeLiteral(JSON.stringify(marker))}`);
  } finally { await client.end(); }
}

/** The data set at `databaseUrl`, reused or built; returns its URL, the marker, and whether (and how long) it was built. */
export async function preparedDataset(databaseUrl, params, log = console.log) {
  const url = databaseUrlOf(databaseUrl);
  const wanted = wantedMarker(params);
  const found = await readMarker(url);
  if (same(found, wanted)) {
    log(`reusing ${url} (built ${found.builtAt})`);
    return { url, marker: found, built: false };
  }
  log(`building ${url} (${found ? 'marker differs' : 'no marker'}) …`);
  const t = Date.now();
  const args = Object.entries(params).flatMap(([k, v]) => [`--${k}`, String(v)]);
  execFileSync(process.execPath, ['bench/national-dataset.mjs', '--db', url, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!url.startsWith('sqlite:')) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE');
    await client.end();
  }
  const marker = { ...wanted, builtAt: new Date().toISOString(), buildSeconds: Math.round((Date.now() - t) / 1000) };
  await writeMarker(url, marker);
  log(`built ${url} in ${marker.buildSeconds} s`);
  return { url, marker, built: true };
}
