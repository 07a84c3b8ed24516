import { Transactions } from '../database/transactions.js';
import { ShortCache } from './short-cache.js';

/** A cache on a clock the test moves. */
function cacheAt(start = 1_000_000, maxEntries = 1_000) {
  const clock = { now: start };
  return { clock, cache: new ShortCache<string>(2_000, maxEntries, () => clock.now) };
}

describe('ShortCache', () => {
  it('answers from the cache for two seconds, then loads again', async () => {
    const { clock, cache } = cacheAt();
    let loads = 0;
    const load = async () => `muat ${++loads}`;
    expect(await cache.get('makassar', load)).toBe('muat 1');
    clock.now += 1_999;
    expect(await cache.get('makassar', load)).toBe('muat 1');
    clock.now += 1;
    expect(await cache.get('makassar', load)).toBe('muat 2');
  });

  it('loads again after this process wrote anything', async () => {
    const { cache } = cacheAt();
    let loads = 0;
    await cache.get('jayapura', async () => `muat ${++loads}`);
    Transactions.epoch += 1;
    expect(await cache.get('jayapura', async () => `muat ${++loads}`)).toBe('muat 2');
  });

  it('lets go of expired entries instead of holding every key ever asked for', async () => {
    const { clock, cache } = cacheAt();
    for (let day = 0; day < 500; day++) await cache.get(`2026-12-${day}`, async () => 'ruang');
    expect(cache.size).toBe(500);
    clock.now += 2_000;
    await cache.get('baru', async () => 'ruang');
    expect(cache.size).toBe(1);
  });

  it('lets go of entries made stale by a write', async () => {
    const { clock, cache } = cacheAt();
    for (let n = 0; n < 50; n++) await cache.get(n, async () => 'ruang');
    Transactions.epoch += 1;
    clock.now += 2_000;
    await cache.get('baru', async () => 'ruang');
    expect(cache.size).toBe(1);
  });

  it('never holds more than its limit, dropping the oldest first', async () => {
    const { cache } = cacheAt(1_000_000, 10);
    for (let n = 0; n < 25; n++) await cache.get(n, async () => `ruang ${n}`);
    expect(cache.size).toBe(10);
    let loaded = false;
    expect(await cache.get(24, async () => { loaded = true; return 'lagi'; })).toBe('ruang 24');
    expect(loaded).toBe(false);
    expect(await cache.get(0, async () => 'lagi')).toBe('lagi');
  });
});
