import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isApiRequest, requestPath } from '../common/request-context.js';
import { needsProfileStep, needsReminder } from './creator-profile.rules.js';
import { CreatorProfilesService } from './creator-profiles.service.js';

/** The first step of a booking: a creator never asked sees the profile step first, then the booking they chose. */
export const PROFILE_STEP_PATHS = new Set(['/reservations/new']);
/** A creator's own pages carry the reminder; the booking steps and event pages do not. */
export const REMINDER_PATHS = new Set(['/', '/reservations', '/account']);

/**
 * Runs after the auth middleware (the app module's middleware comes first). Reads the profile's state only on
 * the pages above, and only for creators.
 */
@Injectable()
export class ProfileStepMiddleware implements NestMiddleware {
  constructor(private readonly profiles: CreatorProfilesService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const user = req.user;
    if (req.method !== 'GET' || !user || user.role !== 'creator' || isApiRequest(req)) return next();
    const path = requestPath(req);
    const step = PROFILE_STEP_PATHS.has(path);
    if (!step && !REMINDER_PATHS.has(path)) return next();
    const state = await this.profiles.stateOf(user.id);
    if (step && needsProfileStep(user.role, state)) {
      res.redirect(303, `/account/profile?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (!step && needsReminder(user.role, state)) res.locals.profileReminder = true;
    next();
  }
}
