import { createHash } from 'node:crypto';

export interface RenderedCalendar {
  body: string;
  etag: string;
}

/** A strong ETag of a calendar's bytes. */
export const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * The newest change a version can miss: a row's `updated_at` has whole seconds on SQLite, so a change in the same
 * second as the newest one seen gives the same version. A copy built this long after that second has seen them all.
 */
const SETTLED_MS = 2_000;

/** Milliseconds of an `updated_at` as a raw query returns it: a Date (PostgreSQL) or `YYYY-MM-DD HH:MM:SS` in UTC (SQLite). */
export function instantOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * Rendered feeds, reused while a cheap version query (row counts, newest `updated_at`, summed sequences) answers the
 * same: a big feed is built once per change instead of once per poll, and an unchanged one costs that query. Pollers
 * arriving while it is being built share that build, unless a change may have come in since it started.
 */
export class FeedCache<K> {
  private readonly entries = new Map<K, { version: string; builtAt: number; value: RenderedCalendar }>();
  private readonly building = new Map<K, { version: string; startedAt: number; promise: Promise<RenderedCalendar> }>();

  constructor(private readonly maxEntries = 1_000) {}

  async get(key: K, version: { key: string; newest: number }, build: () => Promise<string>): Promise<RenderedCalendar> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version.key && hit.builtAt >= version.newest + SETTLED_MS) return hit.value;
    const pending = this.building.get(key);
    if (pending && pending.version === version.key && pending.startedAt >= version.newest + SETTLED_MS) return pending.promise;
    const builtAt = Date.now();
    const promise = build().then((body) => {
      const value = { body, etag: etagOf(body) };
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { version: version.key, builtAt, value });
      return value;
    }).finally(() => {
      if (this.building.get(key)?.promise === promise) this.building.delete(key);
    });
    this.building.set(key, { version: version.key, startedAt: builtAt, promise });
    return promise;
  }
}
