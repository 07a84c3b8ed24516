import { Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConflictError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { qrDataUrl } from '../common/qr.js';
import { RegistrationsService } from './registrations.service.js';

/**
 * The holder's pages behind the secret manage link. GET never changes anything (mail scanners open links);
 * only the confirmation form's POST cancels.
 */
@ApiExcludeController()
@Controller('registrations')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Get(':token')
  @Render('registrations/show')
  async show(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    const context = await this.context(token, res);
    const qr = context.registration.status === 'confirmed' ? await qrDataUrl(context.registration.ticketCode) : null;
    return { ...context, qr };
  }

  @Get(':token/cancel')
  @Render('registrations/cancel')
  async confirmCancel(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return this.context(token, res);
  }

  @Post(':token/cancel')
  async cancel(@Param('token') token: string, @Res() res: Response) {
    try {
      await this.registrations.cancelByToken(token);
      setFlash(res, 'events.flash.registration_cancelled');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      setFlash(res, `errors.${error.code}`, error.params, 'error');
    }
    res.redirect(303, `/registrations/${encodeURIComponent(token)}`);
  }

  private async context(token: string, res: Response) {
    const { registration, event, position } = await this.registrations.byToken(token);
    // The link is a password: keep it out of caches and search engines.
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
    return { title: event.title, registration, event, venue: event.venue, zone: event.venue.timezone, position, token };
  }
}
