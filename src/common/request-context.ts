import type { Request } from 'express';
import type { Locale } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import type { Translator } from './i18n.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      requestId: string;
      locale: Locale;
      t: Translator;
      user: User | null;
      /** How the user was recognised: the browser session or a personal API token. */
      authVia: 'session' | 'token' | null;
      sessionTokenHash: string | null;
      /** Set for browser form posts: the view to re-render with field errors. */
      formView?: string;
      /** Loads what the form view needs besides the submitted values (e.g. the venue being edited). */
      formContext?: () => Promise<Record<string, unknown>>;
    }
  }
}

export const SESSION_COOKIE = 'rk_session';
/** The browser's pre-session secret: forms of visitors who are not signed in are bound to it. */
export const CSRF_COOKIE = 'rk_csrf';

/** The path as the client sent it: inside mounted middleware `req.path` is relative to the mount point. */
export const requestPath = (req: Request): string => (req.originalUrl ?? req.url).split('?')[0];

export const isApiRequest = (req: Request): boolean => {
  const path = requestPath(req);
  return path === '/api' || path.startsWith('/api/');
};

/**
 * The request path with its secrets masked, for logs: feed tokens and registration manage tokens are passwords in
 * the path (calendar apps and mail links send no cookies), and a log is not a place for passwords.
 */
export const loggablePath = (req: Request): string =>
  requestPath(req).replace(/\/(feeds|registrations)\/([^/]+)/g, (whole, kind: string, segment: string) => (/^\d+$/.test(segment) ? whole : `/${kind}/[secret]`));
