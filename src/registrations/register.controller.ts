import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CreatorProfilesService } from '../accounts/creator-profiles.service.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { eventPageContext } from '../events/events.controller.js';
import { EventsService } from '../events/events.service.js';
import { IdempotentForm, type FormAnswer } from '../idempotency/idempotency.interceptor.js';
import { RegisterDto } from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';

/** Registering from the event page, without an account; a refused form re-renders the event page. */
@ApiExcludeController()
@Controller('events')
export class RegisterController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** Registers from the event page; the new ticket page is the only place the manage link is shown. */
  @Post(':id/register')
  @IdempotentForm()
  @FormView('events/show', async (req: Request, refs: ModuleRef) =>
    eventPageContext(refs.get(EventsService, { strict: false }), Number(req.params.id), req.user ?? null, refs.get(CreatorProfilesService, { strict: false })))
  async register(@Param('id', ParseIdPipe) id: number, @Body() dto: RegisterDto, @Req() req: Request): Promise<FormAnswer> {
    const { registration, token } = await this.registrations.register(id, dto, req.locale);
    return { url: `/registrations/${token}`, flash: { key: registration.status === 'confirmed' ? 'events.flash.registered' : 'events.flash.waitlisted' } };
  }
}
