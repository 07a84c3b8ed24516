import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { ForbiddenError, UnauthenticatedError, UnsupportedMediaTypeError } from '../common/errors.js';
import { isApiRequest, SESSION_COOKIE } from '../common/request-context.js';
import { UNSAFE_METHODS } from '../common/request-context.middleware.js';
import { AccountsService } from './accounts.service.js';

export { SESSION_COOKIE };

/**
 * Recognises the caller by `Authorization: Bearer <token>` or the session cookie.
 * Cookie-authenticated API writes must be JSON and same-origin: a cross-site form can send neither.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly publicOrigin: string;

  constructor(private readonly accounts: AccountsService, @InjectConfig() config: AppConfig) {
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const authorization = req.get('authorization');
    if (authorization && isApiRequest(req)) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const user = match ? await this.accounts.userForApiToken(match[1]) : null;
      if (!user) throw new UnauthenticatedError('invalid_token');
      req.user = user;
      req.authVia = 'token';
    } else {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const found = token ? await this.accounts.userForSession(token) : null;
      if (found) {
        req.user = found.user;
        req.authVia = 'session';
        req.sessionTokenHash = found.tokenHash;
      }
      if (isApiRequest(req) && UNSAFE_METHODS.has(req.method)) this.checkBrowserWrite(req);
    }
    res.locals.currentUser = req.user;
    next();
  }

  private checkBrowserWrite(req: Request): void {
    const origin = req.get('origin');
    if (origin && origin !== this.publicOrigin && origin !== `${req.protocol}://${req.get('host')}`) {
      throw new ForbiddenError('cross_origin');
    }
    if (req.get('content-type') && !req.is('application/json')) throw new UnsupportedMediaTypeError();
  }
}
