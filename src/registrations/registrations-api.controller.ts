import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { eventJson } from '../events/events-api.controller.js';
import { CheckInDto } from '../events/events.dto.js';
import { IdempotentApi } from '../idempotency/idempotency.interceptor.js';
import type { Registration } from './registration.entity.js';
import { CancelRegistrationDto, RegisterDto } from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';

/** A registration as its holder or the organiser sees it. */
export function registrationJson(r: Registration, withPersonalData: boolean, position: number | null = null) {
  return {
    id: r.id, eventId: r.eventId, status: r.status, arrival: r.arrival, ticketCode: r.ticketCode, position,
    checkedInAt: r.checkedInAt, cancelledAt: r.cancelledAt, cancelReason: r.cancelReason,
    ...(withPersonalData ? { name: r.name, email: r.email, phone: r.phone, businessName: r.businessName, sector: r.sector, consent: r.consent } : {}),
  };
}

/** Registering for an event, its attendee list and check-in, and the holder's own registration by its manage link. */
@ApiTags('events')
@Controller('api')
export class RegistrationsApiController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** Registration needs no account: 201 with `confirmed` or `waitlisted` (and the queue position), plus the manage link once. */
  @Post('events/:id/registrations')
  @IdempotentApi()
  @ApiErrors(409)
  async register(@Param('id', ParseIdPipe) id: number, @Body() dto: RegisterDto, @Req() req: Request) {
    const { registration, token, position } = await this.registrations.register(id, dto, req.locale);
    return { ...registrationJson(registration, true, position), token, manageUrl: `/registrations/${token}` };
  }

  @Get('events/:id/registrations')
  @SignedIn()
  async attendees(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return (await this.registrations.attendees(user, id)).map((r) => registrationJson(r, true));
  }

  @Get('events/:id/registrations.csv')
  @SignedIn()
  async attendeesCsv(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const csv = await this.registrations.attendeesCsv(user, id);
    res.type('text/csv; charset=utf-8').attachment(`peserta-acara-${id}.csv`).send(csv);
  }

  @Post('events/:id/registrations/:registrationId/cancel')
  @SignedIn()
  @ApiErrors(409)
  @HttpCode(200)
  async cancelRegistration(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Param('registrationId', ParseIdPipe) registrationId: number, @Body() dto: CancelRegistrationDto) {
    const { registration, promoted } = await this.registrations.cancelByOrganiser(user, id, registrationId, dto.reason ?? '');
    return { ...registrationJson(registration, true), promoted: promoted.map((r) => r.id) };
  }

  @Post('events/:id/check-ins')
  @SignedIn()
  @ApiErrors(409)
  @HttpCode(200)
  async checkIn(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CheckInDto) {
    return registrationJson(await this.registrations.checkIn(user, id, dto.code), true);
  }

  @Get('registrations/:token')
  async registration(@Param('token') token: string) {
    const { registration, event, position } = await this.registrations.byToken(token);
    return { ...registrationJson(registration, true, position), event: eventJson(event) };
  }

  @Post('registrations/:token/cancel')
  @ApiErrors(409)
  @HttpCode(200)
  async cancelOwn(@Param('token') token: string) {
    const { registration } = await this.registrations.cancelByToken(token);
    return registrationJson(registration, true);
  }
}
