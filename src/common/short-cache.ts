import { Transactions } from '../database/transactions.js';

/**
 * A read cache for a couple of seconds, dropped as soon as this process writes anything. For public reads that run
 * on every request (availability, search); a change made by another app instance shows within `ttlMs`.
 */
export class ShortCache<T> {
  private readonly entries = new Map<string | number, { value: T; until: number; epoch: number }>();

  constructor(private readonly ttlMs = 2_000, private readonly maxEntries = 5_000) {}

  async get(key: string | number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now() && hit.epoch === Transactions.epoch) return hit.value;
    const epoch = Transactions.epoch;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + this.ttlMs, epoch });
    return value;
  }
}
