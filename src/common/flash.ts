import type { NextFunction, Request, Response } from 'express';
import type { Params } from './errors.js';

const COOKIE = 'rk_flash';

/** A one-time notice shown on the next page: a translation key, so the cookie cannot inject text. */
export function setFlash(res: Response, key: string, params: Params = {}, kind: 'success' | 'error' = 'success'): void {
  res.cookie(COOKIE, JSON.stringify({ key, params, kind }), { httpOnly: true, sameSite: 'lax', maxAge: 60_000 });
}

export function flashMiddleware(req: Request, res: Response, next: NextFunction): void {
  const raw = (req.cookies as Record<string, string> | undefined)?.[COOKIE];
  if (raw && req.method === 'GET' && req.accepts('html')) {
    try {
      const { key, params, kind } = JSON.parse(raw) as { key: string; params: Params; kind: string };
      if (typeof key === 'string' && /^[\w.]+$/.test(key)) {
        res.locals.flash = { kind: kind === 'error' ? 'error' : 'success', key, params: params ?? {} };
      }
    } catch {
      // A tampered cookie simply shows nothing.
    }
    res.clearCookie(COOKIE);
  }
  next();
}
