import {
  applyDecorators, Catch, HttpStatus, Injectable, Redirect, UseFilters, UseInterceptors,
  type ArgumentsHost, type CallHandler, type ExceptionFilter, type ExecutionContext, type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { ApiErrors } from '../common/api-docs.js';
import { errorBody, respondWithPage } from '../common/app-exception.filter.js';
import { setFlash } from '../common/flash.js';
import { CSRF_COOKIE, isApiRequest, requestPath } from '../common/request-context.js';
import { callerScope, IDEMPOTENCY_FIELD, IDEMPOTENCY_HEADER, readIdempotencyKey, REPLAYED_HEADER, requestFingerprint } from './idempotency-key.js';
import { IdempotencyConflictError, InvalidIdempotencyKeyError } from './idempotency.errors.js';
import { IdempotencyService, type Claim, type StoredAnswer } from './idempotency.service.js';

/**
 * What an idempotent form handler returns: where the browser goes next and the notice shown there. With `render`, the
 * first answer is that page instead (one that must not be kept, such as a secret shown once), and only a repeat of the
 * key is sent to `url` with the notice (IdempotentRenderedForm).
 */
export interface FormAnswer {
  url: string;
  flash?: { key: string; params?: Record<string, string | number> };
  render?: { view: string; status?: number; locals: Record<string, unknown> };
}

/** Thrown to answer with a stored first answer instead of running the handler (written by IdempotencyReplayFilter). */
export class IdempotentReplay extends Error {
  constructor(readonly answer: StoredAnswer) {
    super('idempotent replay');
  }
}

const FORM_FIELDS_IGNORED = ['_csrf', IDEMPOTENCY_FIELD];

/**
 * Runs a request at most once per Idempotency-Key (header on the API, hidden `idempotencyKey` field on forms): claims
 * the key before the handler (and before validation, so a refused body is an answer too), stores the answer, replays
 * it to a repeat. API answers below 500 are stored; a form's refusal is not (its re-rendered form carries a new key),
 * nor is a 5xx anywhere: the key is released and a retry runs.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyService, private readonly reflector: Reflector) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const form = !isApiRequest(req);
    const body = req.body as Record<string, unknown> | undefined;
    const reading = readIdempotencyKey(req.get(IDEMPOTENCY_HEADER) ?? (form ? body?.[IDEMPOTENCY_FIELD] : undefined));
    if (form && body) delete body[IDEMPOTENCY_FIELD];
    const send = (value: unknown) => (form ? sendFormAnswer(res, value as FormAnswer) : value);
    if (reading === null) return next.handle().pipe(mergeMap(async (value) => send(value)));
    if ('invalid' in reading) throw new InvalidIdempotencyKeyError();

    const visitor = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
    const scope = callerScope(req.user?.id, typeof visitor === 'string' ? visitor : null);
    const fingerprint = requestFingerprint(req.method, requestPath(req), body ?? null, form ? FORM_FIELDS_IGNORED : []);
    const begun = await this.keys.begin(scope, reading.key, fingerprint);
    if ('replay' in begun) throw new IdempotentReplay(begun.replay);
    const claim = begun.claim;
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap(async (value) => {
        const answer: StoredAnswer = form
          ? { kind: 'redirect', url: (value as FormAnswer).url, flash: (value as FormAnswer).flash }
          : { kind: 'json', status, body: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
        await this.keys.complete(claim, answer);
        return send(value);
      }),
      catchError((error: unknown) => from(this.failed(req, form, claim, error))),
    );
  }

  private async failed(req: Request, form: boolean, claim: Claim, error: unknown): Promise<never> {
    const body = errorBody(req, error);
    if (!form && body.status < 500) await this.keys.complete(claim, { kind: 'json', status: body.status, body });
    else await this.keys.release(claim).catch(() => undefined);
    throw error;
  }
}

function sendFormAnswer(res: Response, answer: FormAnswer): { url: string; statusCode: number } | undefined {
  if (answer.render) {
    res.status(answer.render.status ?? HttpStatus.OK).render(answer.render.view, answer.render.locals);
    return undefined;
  }
  if (answer.flash) setFlash(res, answer.flash.key, answer.flash.params);
  return { url: answer.url, statusCode: HttpStatus.SEE_OTHER };
}

/**
 * Writes a replayed answer exactly as it was first given (status and body, or redirect and notice), marked with
 * `Idempotent-Replayed: true`; and answers the key's own refusals (in progress, outcome unknown) on an error page for
 * forms, since their form must not be offered again with a new key.
 */
@Catch(IdempotentReplay, IdempotencyConflictError)
export class IdempotencyReplayFilter implements ExceptionFilter {
  async catch(error: IdempotentReplay | IdempotencyConflictError, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof IdempotencyConflictError) {
      const body = errorBody(req, error);
      if (isApiRequest(req) || !req.accepts('html')) {
        res.status(body.status).json(body);
        return;
      }
      req.formView = undefined;
      await respondWithPage(req, res, body);
      return;
    }
    const { answer } = error;
    res.set(REPLAYED_HEADER, 'true');
    if (answer.kind === 'json') {
      res.status(answer.status).json(answer.body);
      return;
    }
    if (answer.flash) setFlash(res, answer.flash.key, answer.flash.params);
    res.redirect(HttpStatus.SEE_OTHER, answer.url);
  }
}

const KEY_DESCRIPTION = 'Optional. A unique value per intended write (a UUID), at most 255 visible ASCII characters, '
  + 'bare or as a Structured Field string (`"…"`). Repeating the request with the same key and the same body within 24 hours '
  + 'creates nothing new and returns the first answer (same status and body) with `Idempotent-Replayed: true`; '
  + 'the same key with another body answers 422 `idempotency_key_reused`; while the first request with the key is still running '
  + 'a repeat waits for it (up to 10 s) and then answers 409 `idempotency_in_progress`; a key whose first request never finished '
  + '(more than 5 minutes) answers 409 `idempotency_result_unknown` (look at your bookings or registrations). Answers of 5xx are not kept. '
  + 'Keys belong to the caller (the user of the token or session; without an account, the browser, else the key and body alone).';

/** API operation: honours the Idempotency-Key header and documents it with its 409/422 answers. */
export const IdempotentApi = () => applyDecorators(
  UseInterceptors(IdempotencyInterceptor), UseFilters(IdempotencyReplayFilter),
  ApiHeader({ name: IDEMPOTENCY_HEADER, required: false, description: KEY_DESCRIPTION, schema: { type: 'string', minLength: 1, maxLength: 255 } }),
  ApiErrors(409, 422),
);

/** Form post: the handler returns a FormAnswer (303 redirect and notice), kept per the form's hidden key field. */
export const IdempotentForm = () => applyDecorators(
  Redirect('', HttpStatus.SEE_OTHER),
  UseInterceptors(IdempotencyInterceptor), UseFilters(IdempotencyReplayFilter),
);

/**
 * Form post whose first answer is a page the handler (with `@Res()`) returns as `FormAnswer.render`, never stored; a
 * repeat of the form's key is redirected to `FormAnswer.url` with its notice instead of running again.
 */
export const IdempotentRenderedForm = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), UseFilters(IdempotencyReplayFilter));
