import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { eventPageContext } from '../events/events.controller.js';
import { EventsService } from '../events/events.service.js';
import { RegisterDto } from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';

/** Registering from the event page, without an account; a refused form re-renders the event page. */
@ApiExcludeController()
@Controller('events')
export class RegisterController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** Registers from the event page; the new ticket page is the only place the manage link is shown. */
  @Post(':id/register')
  @FormView('events/show', async (req: Request, refs: ModuleRef) =>
    eventPageContext(refs.get(EventsService, { strict: false }), Number(req.params.id), req.user ?? null))
  async register(@Param('id', ParseIdPipe) id: number, @Body() dto: RegisterDto, @Req() req: Request, @Res() res: Response) {
    const { registration, token } = await this.registrations.register(id, dto, req.locale);
    setFlash(res, registration.status === 'confirmed' ? 'events.flash.registered' : 'events.flash.waitlisted');
    res.redirect(303, `/registrations/${token}`);
  }
}
