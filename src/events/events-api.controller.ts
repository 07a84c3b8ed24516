import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, OptionalUser, SignedIn } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { IdempotentApi } from '../idempotency/idempotency.interceptor.js';
import type { Registration } from '../registrations/registration.entity.js';
import { CancelRegistrationDto, RegisterDto } from '../registrations/registrations.dto.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { toZonedIso } from '../common/time.js';
import type { EventCounts } from './events.service.js';
import { EventsService, type EventWithDetails } from './events.service.js';
import type { EventRecord } from './event.entity.js';
import { CancelEventDto, CheckInDto, CreateEventDto, EventQueryDto, UpdateEventDto } from './events.dto.js';
import type { Venue } from '../venues/venue.entity.js';

/** An event as JSON: times in the venue's offset; no attendee data. */
export function eventJson(e: EventRecord & { venue: Venue }, counts?: EventCounts, details?: EventWithDetails) {
  const zone = e.venue.timezone;
  return {
    // A published event whose last session has ended reads as completed; nothing needs to rewrite the row.
    id: e.id, kind: e.kind, status: e.status === 'published' && e.endsAt.getTime() <= Date.now() ? 'completed' : e.status, title: e.title, summary: e.summary, description: e.description, tags: e.tags,
    language: e.language, capacity: e.capacity, timezone: zone, coverImageUrl: e.coverImageUrl ?? null, start: toZonedIso(e.startsAt, zone), end: toZonedIso(e.endsAt, zone),
    registrationOpensAt: e.registrationOpensAt ? toZonedIso(e.registrationOpensAt, zone) : null,
    registrationClosesAt: e.registrationClosesAt ? toZonedIso(e.registrationClosesAt, zone) : null,
    venue: { id: e.venue.id, name: e.venue.name, address: e.venue.address, city: e.venue.city, province: e.venue.province },
    ...(counts ? { confirmed: counts.confirmed, waitlisted: counts.waitlisted, spotsLeft: Math.max(0, e.capacity - counts.confirmed) } : {}),
    ...(details ? { sessions: details.sessions.map((s) => ({ id: s.id, title: s.title, speaker: s.speaker, roomId: s.roomId, roomName: s.room.name, start: toZonedIso(s.startAt, zone), end: toZonedIso(s.endAt, zone), capacity: s.capacity })) } : {}),
    ...(e.cancelReason ? { cancelReason: e.cancelReason } : {}),
  };
}

/** A registration as its holder or the organiser sees it. */
export function registrationJson(r: Registration, withPersonalData: boolean, position: number | null = null) {
  return {
    id: r.id, eventId: r.eventId, status: r.status, arrival: r.arrival, ticketCode: r.ticketCode, position,
    checkedInAt: r.checkedInAt, cancelledAt: r.cancelledAt, cancelReason: r.cancelReason,
    ...(withPersonalData ? { name: r.name, email: r.email, phone: r.phone, businessName: r.businessName, sector: r.sector, consent: r.consent } : {}),
  };
}

@ApiTags('events')
@Controller('api')
export class EventsApiController {
  constructor(private readonly events: EventsService, private readonly registrations: RegistrationsService) {}

  @Get('events')
  async list(@Query() query: EventQueryDto) {
    const page = await this.events.list(query);
    return { items: page.items.map((i) => eventJson(i.event, i.counts)), total: page.total, page: page.page, pageSize: page.pageSize };
  }

  @Get('events/:id')
  async get(@Param('id', ParseIdPipe) id: number, @OptionalUser() user: User | null) {
    const { event, counts } = await this.events.get(id, user);
    return eventJson(event, counts, event);
  }

  @Post('events')
  @SignedIn()
  @ApiErrors(404, 409)
  async create(@CurrentUser() user: User, @Body() dto: CreateEventDto) {
    const created = await this.events.create(user, dto);
    const { event, counts } = await this.events.get(created.id, user);
    return eventJson(event, counts, event);
  }

  @Patch('events/:id')
  @SignedIn()
  @ApiErrors(409)
  async update(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: UpdateEventDto) {
    const { promoted } = await this.events.update(user, id, dto);
    const { event, counts } = await this.events.get(id, user);
    return { ...eventJson(event, counts, event), promoted: promoted.map((r) => r.id) };
  }

  @Post('events/:id/publish')
  @SignedIn()
  @ApiErrors(409)
  @HttpCode(200)
  async publish(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    await this.events.publish(user, id);
    const { event, counts } = await this.events.get(id, user);
    return eventJson(event, counts, event);
  }

  @Post('events/:id/cancel')
  @SignedIn()
  @ApiErrors(409)
  @HttpCode(200)
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelEventDto) {
    await this.events.cancel(user, id, dto.reason);
    const { event, counts } = await this.events.get(id, user);
    return eventJson(event, counts, event);
  }

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
