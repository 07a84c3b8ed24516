import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from './config.provider.js';
import { ForbiddenError } from './errors.js';
import { isLocale, localeFromAcceptLanguage, translator } from './i18n.js';
import { isApiRequest, requestPath } from './request-context.js';
import { hmac, randomToken, safeEqual } from './secrets.js';

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Per request: an id, the language (?lang= sets and remembers it; then the cookie; API clients may use
 * Accept-Language; then DEFAULT_LOCALE), and the CSRF token of browser forms (signed double-submit cookie).
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
    req.csrfToken = '';

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
    let browserSecret = cookies.rk_csrf;
    if (!browserSecret || !/^[\w-]{43}$/.test(browserSecret)) {
      browserSecret = randomToken();
      res.cookie('rk_csrf', browserSecret, { sameSite: 'lax', httpOnly: true, secure: this.secureCookies });
    }
    req.csrfToken = hmac(this.config.sessionSecret, browserSecret);
    res.locals.csrfToken = req.csrfToken;

    if (UNSAFE_METHODS.has(req.method)) {
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken)) {
        throw new ForbiddenError('csrf_failed');
      }
    }
    next();
  }
}
