import { sha256 } from '../common/secrets.js';

/**
 * Who a sign-in attempt is counted against, and how long each must wait after its n-th counted attempt.
 * Pure rules: the service stores the counters and reserves an attempt before the password is compared.
 */
export type ThrottleScope = 'pair' | 'device' | 'account' | 'address';

export interface ThrottleRule {
  /** Attempts counted without any wait. */
  free: number;
  /** The wait after the first attempt beyond the free ones; it doubles with every further one. */
  baseSeconds: number;
  maxSeconds: number;
}

export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  // One account from one address (or from one known device): five tries, then 1, 2, 4 … 60 minutes.
  pair: { free: 5, baseSeconds: 60, maxSeconds: 3600 },
  device: { free: 5, baseSeconds: 60, maxSeconds: 3600 },
  // Distributed guessing: a ceiling per account and per address that known devices do not count against.
  account: { free: 20, baseSeconds: 60, maxSeconds: 900 },
  address: { free: 30, baseSeconds: 60, maxSeconds: 3600 },
};

/** A counter forgets its failures after a day without attempts (longer than the longest wait). */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

export interface ThrottleSubject {
  scope: ThrottleScope;
  /** Stored key: the scope and a hash, so the table holds no email address and any length of address fits. */
  key: string;
}

const subject = (scope: ThrottleScope, value: string): ThrottleSubject => ({ scope, key: `${scope}:${sha256(value)}` });

export const pairSubject = (email: string, ip: string) => subject('pair', `${email}\n${ip}`);
export const deviceSubject = (deviceId: string) => subject('device', deviceId);
export const accountSubject = (email: string) => subject('account', email);
export const addressSubject = (ip: string) => subject('address', ip);

/**
 * The counters one attempt is reserved against, always in this order (so concurrent reservations lock rows in
 * the same order and cannot deadlock). A known device has its own counter only: guessing elsewhere never
 * shuts its owner out.
 */
export function throttleSubjects(email: string, ip: string, knownDeviceId: string | null): ThrottleSubject[] {
  if (knownDeviceId) return [deviceSubject(knownDeviceId)];
  return [pairSubject(email, ip), accountSubject(email), addressSubject(ip)];
}

/** Seconds to wait after the `attempts`-th counted attempt: none within the free allowance, then doubling. */
export function backoffSeconds(rule: ThrottleRule, attempts: number): number {
  if (attempts < rule.free) return 0;
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (attempts - rule.free));
}

export interface ThrottleState {
  attempts: number;
  blockedUntil: Date | null;
  lastAttemptAt: Date;
}

/**
 * Counts one more attempt, or says how long to wait: an attempt inside a wait is refused and does not lengthen it.
 */
export function reserveAttempt(rule: ThrottleRule, state: ThrottleState | null, now: Date): { next: ThrottleState } | { retryAfterSeconds: number } {
  if (state?.blockedUntil && state.blockedUntil.getTime() > now.getTime()) {
    return { retryAfterSeconds: Math.max(1, Math.ceil((state.blockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  const forgotten = !state || now.getTime() - state.lastAttemptAt.getTime() > FORGET_AFTER_MS;
  const attempts = (forgotten ? 0 : state.attempts) + 1;
  const wait = backoffSeconds(rule, attempts);
  return { next: { attempts, blockedUntil: wait ? new Date(now.getTime() + wait * 1000) : null, lastAttemptAt: now } };
}

/** Gives back the attempt a successful sign-in reserved on a shared ceiling (its wait goes with it when under the limit). */
export function refundAttempt(rule: ThrottleRule, state: ThrottleState): ThrottleState {
  const attempts = Math.max(0, state.attempts - 1);
  return { ...state, attempts, blockedUntil: attempts < rule.free ? null : state.blockedUntil };
}
