import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { isUtf8 } from 'node:buffer';
import type { Locale } from '../../config/configuration.js';
import { inspectBody, invalidUrlPart, isValidEncodedText, MAX_BODY_DEPTH } from './input-guard.js';
import { isLocale, localeFromAcceptLanguage, translate } from './i18n.js';
import { isApiRequest } from './request-context.js';

type BodyErrorCode = 'malformed_body' | 'payload_too_large' | 'body_too_deep' | 'invalid_text';

/** These run before the request context is built, so they pick the language the same way it will. */
function localeOf(req: Request): Locale {
  const asked = /[?&]lang=(id|en)(&|$)/.exec(req.originalUrl ?? req.url)?.[1];
  const cookie = (req.cookies as Record<string, string> | undefined)?.rk_lang;
  if (isLocale(asked)) return asked;
  if (isLocale(cookie)) return cookie;
  return (isApiRequest(req) && localeFromAcceptLanguage(req.get('accept-language'))) || 'id';
}

function refuse(req: Request, res: Response, status: 400 | 413, code: BodyErrorCode, field?: string): void {
  const locale = localeOf(req);
  const message = translate(locale, `errors.${code}`, { max: MAX_BODY_DEPTH });
  const fields = field ? { [field]: [translate(locale, 'validation.invalid_text')] } : {};
  if (isApiRequest(req)) res.status(status).json({ status, code, message, fields });
  else res.status(status).type('text/plain').send(message);
}

class InvalidTextError extends Error {
  readonly type = 'entity.invalid_text';
}

/** Raw bytes are checked before parsing: a decoder would quietly turn invalid UTF-8 into U+FFFD. */
const verify = (valid: (raw: Buffer) => boolean) => (_req: Request, _res: Response, raw: Buffer, encoding: string) => {
  if (/^utf-?8$/i.test(encoding) && !valid(raw)) throw new InvalidTextError('invalid UTF-8');
};

/**
 * JSON and form bodies, with malformed, oversized, too deeply nested bodies and invalid text (broken UTF-8, lone
 * surrogates, NUL) answered as a clear 400/413 in the caller's language before any transform or validator runs.
 */
export function bodyParsers(): RequestHandler[] {
  const wrap = (parser: RequestHandler): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, type } = error as { status?: number; type?: string };
      if (status === 413) refuse(req, res, 413, 'payload_too_large');
      else if (type === 'entity.invalid_text') refuse(req, res, 400, 'invalid_text');
      else if (type === 'querystring.parse.rangeError') refuse(req, res, 400, 'body_too_deep');
      else refuse(req, res, 400, 'malformed_body');
    });
  };
  const inspect: RequestHandler = (req, res, next) => {
    const found = req.body === undefined ? null : inspectBody(req.body);
    if (found?.problem === 'too_deep') refuse(req, res, 400, 'body_too_deep');
    else if (found?.problem === 'invalid_text') refuse(req, res, 400, 'invalid_text', found.field);
    else next();
  };
  // qs refuses deeper keys itself (its `depth`, missing from the typings), so no nested object is even built.
  const formOptions = { extended: true, limit: '256kb', parameterLimit: 500, depth: MAX_BODY_DEPTH, verify: verify(isValidEncodedText) };
  return [
    wrap(express.json({ limit: '256kb', verify: verify(isUtf8) })),
    wrap(express.urlencoded(formOptions)),
    inspect,
  ];
}

/** Path and query string must decode to valid text; Express would otherwise pass U+FFFD or raw escapes along. */
export function urlGuard(): RequestHandler {
  return (req, res, next) => {
    const part = invalidUrlPart(req.originalUrl ?? req.url);
    if (part) refuse(req, res, 400, 'invalid_text', part);
    else next();
  };
}
