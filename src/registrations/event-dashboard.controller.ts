import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { DomainError, ForbiddenError, ValidationError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { formatDateTime } from '../common/time.js';
import { EventChangesService } from '../events/event-changes.service.js';
import { CapacityFormDto, validDto } from '../events/events-pages.dto.js';
import { CancelEventDto, CheckInDto, UpdateEventDto } from '../events/events.dto.js';
import { EventsService } from '../events/events.service.js';
import { OrganiserPageSections } from './organiser-page-sections.js';
import { CancelRegistrationDto } from './registrations.dto.js';
import { RegistrationsService } from './registrations.service.js';

/** The organiser's page: status, counts, actions and the attendee list (403 for anyone else). */
async function manageContext({ events, registrations, sections }: Deps, user: User, id: number) {
  const { event, spotsLeft, canOrganise } = await events.get(id, user);
  if (!canOrganise) throw new ForbiddenError('not_event_organiser');
  const [attendees, holds] = await Promise.all([registrations.attendees(user, id), events.roomHolds(id)]);
  // After attendees() has checked the caller: the sections other features add (door conflicts from check-in).
  const extra = await sections.load(id);
  const tally = {
    confirmed: attendees.filter((r) => r.status === 'confirmed').length,
    waitlisted: attendees.filter((r) => r.status === 'waitlisted').length,
    cancelled: attendees.filter((r) => r.status === 'cancelled').length,
    checkedIn: attendees.filter((r) => r.status === 'confirmed' && r.checkedInAt).length,
  };
  const roomStates = event.sessions.map((s) => ({ session: s, state: holds.get(s.id) ?? 'released' }));
  return {
    ...extra, title: event.title, event, venue: event.venue, zone: event.venue.timezone, spotsLeft, attendees, tally, roomStates,
    roomsPending: roomStates.some((r) => r.state === 'pending'), roomsReleased: roomStates.some((r) => r.state === 'released'),
  };
}

async function checkInContext(events: EventsService, user: User, id: number) {
  const { event, counts, canOrganise } = await events.get(id, user);
  if (!canOrganise) throw new ForbiddenError('not_event_organiser');
  return { title: event.title, event, venue: event.venue, zone: event.venue.timezone, counts };
}

interface Deps { events: EventsService; registrations: RegistrationsService; sections: OrganiserPageSections }

const ref = (refs: ModuleRef): Deps => ({
  events: refs.get(EventsService, { strict: false }), registrations: refs.get(RegistrationsService, { strict: false }),
  sections: refs.get(OrganiserPageSections, { strict: false }),
});

/**
 * The organiser's dashboard of an event: status and actions (publish, capacity, cancel), the attendee list and its
 * download, and checking people in. It shows registrations, so it lives with them; event changes go to the events feature.
 */
@ApiExcludeController()
@Controller('events')
@SignedIn()
export class EventDashboardController {
  constructor(
    private readonly events: EventsService, private readonly changes: EventChangesService, private readonly registrations: RegistrationsService,
    private readonly sections: OrganiserPageSections,
  ) {}

  @Get(':id/manage')
  @Render('events/manage')
  async manage(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const context = await manageContext({ events: this.events, registrations: this.registrations, sections: this.sections }, user, id);
    return { ...context, values: { capacity: context.event.capacity }, errors: {} };
  }

  /** The attendee list as XLSX, beside the CSV of the API: the same people may download it (organiser, venue managers, admins). */
  @Get(':id/attendees.xlsx')
  async attendeesXlsx(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const workbook = await this.registrations.attendeesXlsx(user, id);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`peserta-acara-${id}.xlsx`).send(workbook);
  }

  @Post(':id/publish')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs), req.user!, Number(req.params.id)))
  async publish(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.changes.publish(user, id);
    setFlash(res, 'events.flash.published');
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/capacity')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs), req.user!, Number(req.params.id)))
  async capacity(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() form: CapacityFormDto, @Res() res: Response) {
    const dto = await validDto(UpdateEventDto, { capacity: form.capacity ?? '' });
    if (dto.capacity === undefined) throw new ValidationError([{ field: 'capacity', code: 'isInt' }]);
    const { promoted } = await this.changes.update(user, id, { capacity: dto.capacity });
    setFlash(res, 'events.flash.capacity', { capacity: dto.capacity, promoted: promoted.length });
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/cancel')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs), req.user!, Number(req.params.id)))
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelEventDto, @Res() res: Response) {
    await this.changes.cancel(user, id, dto.reason);
    setFlash(res, 'events.flash.event_cancelled');
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/registrations/:rid/cancel')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs), req.user!, Number(req.params.id)))
  async cancelRegistration(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Param('rid', ParseIdPipe) rid: number,
    @Body() dto: CancelRegistrationDto, @Res() res: Response) {
    const { registration, promoted } = await this.registrations.cancelByOrganiser(user, id, rid, dto.reason ?? '');
    setFlash(res, 'events.flash.attendee_cancelled', { name: registration.name, promoted: promoted.map((r) => r.name).join(', ') || '–' });
    res.redirect(303, `/events/${id}/manage#attendees`);
  }

  @Get(':id/check-in')
  @Render('events/check-in')
  async checkInPage(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    return { ...(await checkInContext(this.events, user, id)), values: {}, errors: {} };
  }

  /** A scan or a typed code: the result is shown on the same page, ready for the next person. */
  @Post(':id/check-in')
  @FormView('events/check-in', async (req: Request, refs: ModuleRef) => checkInContext(ref(refs).events, req.user!, Number(req.params.id)))
  async checkIn(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CheckInDto, @Req() req: Request, @Res() res: Response) {
    let result: { ok: boolean; name?: string; message: string };
    let status = 200;
    const context = await checkInContext(this.events, user, id);
    const venueZone = context.zone;
    try {
      const registration = await this.registrations.checkIn(user, id, dto.code);
      result = { ok: true, name: registration.name, message: req.t('events.check_in.ok', { name: registration.name }) };
    } catch (error) {
      if (!(error instanceof DomainError) || !error.code.startsWith('ticket_')) throw error;
      status = error.status;
      const checkedInAt = (error.details as { checkedInAt?: Date } | undefined)?.checkedInAt;
      // The service words the time for the API; the page says it the reader's way, in the venue's zone.
      const params = checkedInAt ? { ...error.params, at: formatDateTime(checkedInAt, venueZone, req.locale) } : error.params;
      result = { ok: false, message: req.t(`errors.${error.code}`, params) };
    }
    const counts = (await this.events.counts([id])).get(id)!;
    res.status(status).render('events/check-in', { ...context, counts, values: {}, errors: {}, result });
  }
}
