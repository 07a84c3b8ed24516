import { hmac, randomToken, safeEqual } from '../common/secrets.js';

export const DEVICE_COOKIE = 'rk_device';
export const DEVICE_COOKIE_DAYS = 365;

/**
 * A browser that has signed in to an account before (OWASP's "device cookie"): `<userId>.<id>.<signature>`.
 * It lets its owner past throttles that guessing from elsewhere has set off; it only works for that account.
 */
export function issueDeviceCookie(secret: string, userId: number): string {
  const id = randomToken(16);
  return `${userId}.${id}.${hmac(secret, `device:${userId}.${id}`)}`;
}

/** The device's id when the cookie is genuine and belongs to `userId`, else null. */
export function knownDeviceId(secret: string, cookie: unknown, userId: number): string | null {
  if (typeof cookie !== 'string') return null;
  const match = /^(\d+)\.([\w-]{22})\.([\w-]{43})$/.exec(cookie);
  if (!match || Number(match[1]) !== userId) return null;
  return safeEqual(match[3], hmac(secret, `device:${userId}.${match[2]}`)) ? match[2] : null;
}
