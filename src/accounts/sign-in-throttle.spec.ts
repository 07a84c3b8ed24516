import { backoffSeconds, FORGET_AFTER_MS, refundAttempt, reserveAttempt, THROTTLE_RULES, throttleSubjects } from './sign-in-throttle.js';

const pair = THROTTLE_RULES.pair;
const now = new Date('2026-03-02T03:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('sign-in back-off', () => {
  it('allows five attempts, then waits 1, 2, 4 … minutes, never more than an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(pair, n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => backoffSeconds(pair, n))).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(pair, 40)).toBe(3600);
  });

  it('counts the fifth attempt and refuses the sixth inside its wait without lengthening it', () => {
    let state = null;
    for (let i = 0; i < 5; i++) {
      const result = reserveAttempt(pair, state, now);
      if (!('next' in result)) throw new Error('refused too early');
      state = result.next;
    }
    expect(state).toEqual({ attempts: 5, blockedUntil: later(60_000), lastAttemptAt: now });
    expect(reserveAttempt(pair, state, later(20_000))).toEqual({ retryAfterSeconds: 40 });
    expect(reserveAttempt(pair, state, later(60_000))).toEqual({ next: { attempts: 6, blockedUntil: later(180_000), lastAttemptAt: later(60_000) } });
  });

  it('forgets the count after a day without attempts', () => {
    const state = { attempts: 12, blockedUntil: later(-1000), lastAttemptAt: now };
    expect(reserveAttempt(pair, state, later(FORGET_AFTER_MS + 1))).toMatchObject({ next: { attempts: 1, blockedUntil: null } });
  });

  it('gives back a successful attempt on a ceiling, and lifts the wait once under it', () => {
    const account = THROTTLE_RULES.account;
    const state = { attempts: account.free, blockedUntil: later(60_000), lastAttemptAt: now };
    expect(refundAttempt(account, state)).toEqual({ attempts: account.free - 1, blockedUntil: null, lastAttemptAt: now });
    const deep = { ...state, attempts: account.free + 3 };
    expect(refundAttempt(account, deep).blockedUntil).toEqual(later(60_000));
  });

  it('counts a known device on its own, and a new browser against account, address and both together', () => {
    expect(throttleSubjects('a@contoh.id', '203.0.113.1', 'device-1').map((s) => s.scope)).toEqual(['device']);
    const subjects = throttleSubjects('a@contoh.id', '203.0.113.1', null);
    expect(subjects.map((s) => s.scope)).toEqual(['pair', 'account', 'address']);
    expect(subjects.every((s) => s.key.length <= 80 && !s.key.includes('contoh'))).toBe(true);
  });
});
