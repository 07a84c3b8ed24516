import { ArgumentsHost, Catch, HttpException, Logger, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type FieldError } from './errors.js';
import { translate, translator } from './i18n.js';
import { isApiRequest, loggablePath, requestPath } from './request-context.js';

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string[]>;
  details?: unknown;
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'json_required', 429: 'too_many_requests',
};

function fieldMessages(req: Request, fields: FieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const field of fields) {
    const key = field.code.includes('.') ? field.code : `validation.${field.code}`;
    (out[field.field] ??= []).push(translate(req.locale ?? 'id', key, field.params));
  }
  return out;
}

/** Turns any thrown error into the one JSON error shape (API) or a page (browser). */
export function errorBody(req: Request, error: unknown): ErrorBody {
  const locale = req.locale ?? 'id';
  if (error instanceof DomainError) {
    return {
      status: error.status,
      code: error.code,
      message: translate(locale, `errors.${error.code}`, error.params),
      fields: fieldMessages(req, error.fields),
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request');
    return { status, code, message: translate(locale, `errors.${code}`), fields: {} };
  }
  return { status: 500, code: 'internal', message: translate(locale, 'errors.internal'), fields: {} };
}

type RouteLayer = { route?: { _methods(): string[] }; match(path: string): unknown };

/** The methods the app's routes answer on this path (HEAD comes with GET), sorted; empty when no route has the path. */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const path = requestPath(req);
  const methods = new Set(stack.filter((layer) => layer.route && layer.match(path)).flatMap((layer) => layer.route!._methods()));
  return [...methods].sort();
}

@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    // Nest's own NotFoundException with no matched route means "no handler for this method and path".
    if (error instanceof NotFoundException && !req.route && !res.headersSent) {
      const allow = allowedMethods(req);
      if (allow.length && req.method === 'OPTIONS') {
        res.set('Allow', allow.join(', ')).status(204).end();
        return;
      }
      if (allow.length) {
        res.set('Allow', allow.join(', '));
        error = new HttpException('method_not_allowed', 405);
      }
    }
    const body = errorBody(req, error);
    if (body.status >= 500) {
      this.logger.error(`request ${req.requestId ?? '-'} ${req.method} ${loggablePath(req)} failed`, (error as Error)?.stack ?? String(error));
    }
    if (res.headersSent) return;
    if (isApiRequest(req) || !req.accepts('html')) {
      res.status(body.status).json(body);
      return;
    }
    await respondWithPage(req, res, body);
  }
}

export async function respondWithPage(req: Request, res: Response, body: ErrorBody): Promise<void> {
  if (body.status === 401) {
    res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  res.locals.t ??= translator(req.locale ?? 'id');
  res.locals.locale ??= req.locale ?? 'id';
  if (req.formView && (body.status === 400 || body.status === 409 || body.status === 422)) {
    const values = { ...(req.body as Record<string, unknown>) };
    delete values._csrf;
    delete values.password;
    const context = req.formContext ? await req.formContext().catch(() => ({})) : {};
    res.status(body.status).render(req.formView, {
      ...context, values, errors: body.fields, formError: body.message, formAction: req.originalUrl,
      formErrorCode: body.code, formDetails: body.details,
    });
    return;
  }
  res.status(body.status).render('errors/error', { error: body, title: body.message });
}
