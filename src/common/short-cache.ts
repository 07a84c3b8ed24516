import { Transactions } from '../database/transactions.js';

/**
 * A read cache for a couple of seconds, dropped as soon as this process writes anything. For public reads that run
 * on every request (availability, search); a change made by another app instance shows within `ttlMs`.
 *
 * Entries that can no longer be used (expired, or from before a write) are swept out once per `ttlMs`, so the cache
 * holds about what the last couple of seconds asked for: keyed by search parameters, a cache that only emptied itself
 * at `maxEntries` kept thousands of stale room lists and grew the heap by megabytes a minute under varied searches.
 */
export class ShortCache<T> {
  private readonly entries = new Map<string | number, { value: T; until: number; epoch: number }>();
  private sweptAt = 0;

  constructor(private readonly ttlMs = 2_000, private readonly maxEntries = 1_000, private readonly now: () => number = Date.now) {}

  /** How many entries are held (for tests). */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string | number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now() && hit.epoch === Transactions.epoch) return hit.value;
    const epoch = Transactions.epoch;
    const value = await load();
    const now = this.now();
    if (now - this.sweptAt >= this.ttlMs) {
      this.sweptAt = now;
      for (const [k, entry] of this.entries) if (entry.until <= now || entry.epoch !== Transactions.epoch) this.entries.delete(k);
    }
    // Still full within one `ttlMs`: the oldest entries go first (a Map keeps insertion order).
    this.entries.delete(key);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: now + this.ttlMs, epoch });
    return value;
  }
}
