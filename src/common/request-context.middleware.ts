import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from './config.provider.js';
import { ForbiddenError } from './errors.js';
import { isLocale, localeFromAcceptLanguage, translator } from './i18n.js';
import { CSRF_COOKIE, isApiRequest, requestPath, SESSION_COOKIE } from './request-context.js';
import { hmac, randomToken, safeEqual, sha256 } from './secrets.js';

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Per request: an id, the language (?lang= sets and remembers it; then the cookie; API clients may use
 * Accept-Language; then DEFAULT_LOCALE), and the CSRF token of browser forms (bound to the session, see formToken).
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly secureCookies: boolean;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.secureCookies = config.publicBaseUrl.startsWith('https:');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    req.requestId = randomUUID();
    req.user = null;
    req.authVia = null;
    req.sessionTokenHash = null;

    const cookies = (req.cookies ?? {}) as Record<string, string>;
    const asked = req.query.lang;
    if (isLocale(asked)) {
      req.locale = asked;
      res.cookie('rk_lang', asked, { maxAge: YEAR_MS, sameSite: 'lax', httpOnly: true, secure: this.secureCookies });
    } else if (isLocale(cookies.rk_lang)) {
      req.locale = cookies.rk_lang;
    } else {
      req.locale = (isApiRequest(req) && localeFromAcceptLanguage(req.get('accept-language'))) || this.config.defaultLocale;
    }
    req.t = translator(req.locale);
    res.locals.t = req.t;
    res.locals.locale = req.locale;
    res.locals.currentPath = requestPath(req);
    res.locals.currentUrl = req.originalUrl;

    // The JSON API is protected by content type and Origin, not by this token: no cookie for API clients.
    if (isApiRequest(req)) {
      next();
      return;
    }
    const formToken = this.lazyFormToken(cookies, res);
    Object.defineProperty(res.locals, 'csrfToken', { get: formToken, enumerable: true, configurable: true });

    if (UNSAFE_METHODS.has(req.method)) {
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      if (typeof sent !== 'string' || !safeEqual(sent, formToken())) {
        throw new ForbiddenError('csrf_failed');
      }
    }
    next();
  }

  /**
   * The token is made when first read, by a page's render (express copies `res.locals` into the view's context) or by
   * the check of a form post: an answer without a page (JSON, /healthz, a redirect, a calendar file) neither hashes
   * nor sets the pre-session cookie.
   */
  private lazyFormToken(cookies: Record<string, string>, res: Response): () => string {
    let token: string | undefined;
    return () => (token ??= this.formToken(cookies, res));
  }

  /**
   * A signed-in browser's token is an HMAC of its session id, so a token (and CSRF cookie) taken from another
   * browser is worthless next to this session, and signing in changes it. Before sign-in it is bound to a random
   * pre-session cookie instead (sign-in, sign-up and event registration forms).
   */
  private formToken(cookies: Record<string, string>, res: Response): string {
    const session = cookies[SESSION_COOKIE];
    if (session) return hmac(this.config.sessionSecret, `session:${sha256(session)}`);
    let browserSecret = cookies[CSRF_COOKIE];
    if (!browserSecret || !/^[\w-]{43}$/.test(browserSecret)) {
      browserSecret = randomToken();
      res.cookie(CSRF_COOKIE, browserSecret, { sameSite: 'lax', httpOnly: true, secure: this.secureCookies, path: '/' });
    }
    return hmac(this.config.sessionSecret, `visitor:${browserSecret}`);
  }
}
