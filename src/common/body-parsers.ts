import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { isLocale, translate } from './i18n.js';
import { isApiRequest } from './request-context.js';

/**
 * JSON and form bodies, with malformed or oversized bodies answered as a clear 400/413 in the
 * caller's language instead of Express's default HTML error.
 */
export function bodyParsers(): RequestHandler[] {
  const wrap = (parser: RequestHandler): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status === 413 ? 413 : 400;
      const code = status === 413 ? 'payload_too_large' : 'malformed_body';
      const lang = (req.cookies as Record<string, string> | undefined)?.rk_lang;
      const message = translate(isLocale(lang) ? lang : 'id', `errors.${code}`);
      if (isApiRequest(req)) res.status(status).json({ status, code, message, fields: {} });
      else res.status(status).type('text/plain').send(message);
    });
  };
  return [
    wrap(express.json({ limit: '256kb' })),
    wrap(express.urlencoded({ extended: true, limit: '256kb', parameterLimit: 500 })),
  ];
}
