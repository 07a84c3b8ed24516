import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS, TEST_MAX_ATTEMPTS, TEST_RETRY_DELAYS_MS } from './retry-schedule.js';

describe('webhook retry schedule', () => {
  const t0 = new Date('2026-12-08T03:00:00.000Z');

  it('waits longer after each failure: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h', () => {
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => nextAttemptAt(i + 1, t0)!.getTime() - t0.getTime());
    expect(waits).toEqual([30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800].map((s) => s * 1000));
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
  });

  it('gives up after ten attempts spread over about a day', () => {
    expect(MAX_ATTEMPTS).toBe(10);
    expect(nextAttemptAt(MAX_ATTEMPTS, t0)).toBeNull();
    expect(nextAttemptAt(0, t0)).toBeNull();
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(26);
  });

  it('gives a test delivery three quick attempts within half a minute', () => {
    expect(TEST_MAX_ATTEMPTS).toBe(3);
    expect(nextAttemptAt(1, t0, TEST_RETRY_DELAYS_MS)!.getTime() - t0.getTime()).toBe(5_000);
    expect(nextAttemptAt(2, t0, TEST_RETRY_DELAYS_MS)!.getTime() - t0.getTime()).toBe(15_000);
    expect(nextAttemptAt(3, t0, TEST_RETRY_DELAYS_MS)).toBeNull();
  });
});
