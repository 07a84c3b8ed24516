import type { Request, Response } from 'express';
import { TooManyRequestsError } from '../common/errors.js';
import { CSRF_COOKIE } from '../common/request-context.js';
import { SESSION_COOKIE } from './auth.middleware.js';
import { SESSION_DAYS } from './accounts.service.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from './device-cookie.js';

export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86_400_000, path: '/',
  });
  // Form tokens are bound to the session from now on; the pre-session secret is not reused after signing out.
  res.clearCookie(CSRF_COOKIE, { path: '/' });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function setDeviceCookie(res: Response, value: string, secure: boolean): void {
  res.cookie(DEVICE_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, maxAge: DEVICE_COOKIE_DAYS * 86_400_000, path: '/' });
}

/** What the sign-in throttle needs to know about the caller. */
export function signInClient(req: Request): { ip: string; deviceCookie: unknown } {
  return { ip: req.ip ?? 'unknown', deviceCookie: (req.cookies as Record<string, string> | undefined)?.[DEVICE_COOKIE] };
}

/** A throttled sign-in says when to try again in the Retry-After header too. */
export function setRetryAfter(res: Response, error: unknown): void {
  const details = (error instanceof TooManyRequestsError ? error.details : undefined) as { retryAfterSeconds?: number } | undefined;
  if (details?.retryAfterSeconds) res.setHeader('Retry-After', String(details.retryAfterSeconds));
}

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
