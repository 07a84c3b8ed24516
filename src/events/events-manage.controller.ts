import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { DomainError, ForbiddenError, ValidationError, type FieldError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { formatClock, formatDateTime, isValidIsoDate, luxonZone, todayIn } from '../common/time.js';
import { toFieldErrors } from '../common/validation.pipe.js';
import { CancelRegistrationDto } from '../registrations/registrations.dto.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { EVENT_KINDS } from './event.entity.js';
import { CapacityFormDto, EventFormDto, tagList } from './events-pages.dto.js';
import { CancelEventDto, CheckInDto, CreateEventDto, UpdateEventDto } from './events.dto.js';
import { EventsService } from './events.service.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

/** How the API's field names read on the one-session form. */
const FORM_FIELDS: Record<string, string> = {
  venueId: 'roomId', 'sessions.0.roomId': 'roomId', 'sessions.0.title': 'title', 'sessions.0.speaker': 'speaker',
  'sessions.0.start': 'from', 'sessions.0.end': 'to', 'sessions.0.capacity': 'capacity', sessions: 'date',
  registrationOpensAt: 'opens', registrationClosesAt: 'closes',
};

function renameFields(error: unknown): never {
  if (error instanceof DomainError) for (const f of error.fields) f.field = FORM_FIELDS[f.field] ?? f.field;
  throw error;
}

/** Validates a plain object with an API DTO's own decorators, so pages and API share every rule. */
async function validDto<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new ValidationError(toFieldErrors(errors));
  return dto;
}

/** The form's local date and times (venue zone) as ISO instants with the venue's offset. */
function zonedTimes(form: EventFormDto, zone: string) {
  const fields: FieldError[] = [];
  if (!form.date || !isValidIsoDate(form.date)) fields.push({ field: 'date', code: 'date' });
  if (!form.from || !HHMM.test(form.from)) fields.push({ field: 'from', code: 'clock' });
  if (!form.to || !HHMM.test(form.to)) fields.push({ field: 'to', code: 'clock' });
  if (form.opens && !LOCAL_DATETIME.test(form.opens)) fields.push({ field: 'opens', code: 'local_datetime' });
  if (form.closes && !LOCAL_DATETIME.test(form.closes)) fields.push({ field: 'closes', code: 'local_datetime' });
  if (fields.length) throw new ValidationError(fields);
  const z = luxonZone(zone);
  const iso = (local: string) => DateTime.fromISO(local, { zone: z }).toISO({ suppressMilliseconds: true })!;
  return {
    start: iso(`${form.date}T${form.from}`), end: iso(`${form.date}T${form.to}`),
    opens: form.opens ? iso(form.opens) : undefined, closes: form.closes ? iso(form.closes) : undefined,
  };
}

async function newEventContext(events: EventsService, req: Request) {
  return {
    title: req.t('events.new.title'), venues: await events.venueRoomChoices(req.user ?? null),
    kindOptions: EVENT_KINDS.map((k) => ({ value: k, label: req.t(`events.kinds.${k}`) })),
  };
}

/** The organiser's page: status, counts, actions and the attendee list (403 for anyone else). */
async function manageContext(events: EventsService, registrations: RegistrationsService, user: User, id: number) {
  const { event, spotsLeft, canOrganise } = await events.get(id, user);
  if (!canOrganise) throw new ForbiddenError('not_event_organiser');
  const [attendees, holds] = await Promise.all([registrations.attendees(user, id), events.roomHolds(id)]);
  const tally = {
    confirmed: attendees.filter((r) => r.status === 'confirmed').length,
    waitlisted: attendees.filter((r) => r.status === 'waitlisted').length,
    cancelled: attendees.filter((r) => r.status === 'cancelled').length,
    checkedIn: attendees.filter((r) => r.status === 'confirmed' && r.checkedInAt).length,
  };
  const roomStates = event.sessions.map((s) => ({ session: s, state: holds.get(s.id) ?? 'released' }));
  return {
    title: event.title, event, venue: event.venue, zone: event.venue.timezone, spotsLeft, attendees, tally, roomStates,
    roomsPending: roomStates.some((r) => r.state === 'pending'), roomsReleased: roomStates.some((r) => r.state === 'released'),
  };
}

async function checkInContext(events: EventsService, user: User, id: number) {
  const { event, counts, canOrganise } = await events.get(id, user);
  if (!canOrganise) throw new ForbiddenError('not_event_organiser');
  return { title: event.title, event, venue: event.venue, zone: event.venue.timezone, counts };
}

const ref = (refs: ModuleRef) => ({
  events: refs.get(EventsService, { strict: false }), registrations: refs.get(RegistrationsService, { strict: false }),
});

/** Organiser pages: creating an event, running it (publish, capacity, cancel, attendees) and checking people in. */
@ApiExcludeController()
@Controller('events')
@SignedIn()
export class EventsManageController {
  constructor(private readonly events: EventsService, private readonly registrations: RegistrationsService) {}

  @Get('new')
  @Render('events/new')
  async newForm(@Req() req: Request) {
    const context = await newEventContext(this.events, req);
    const zone = context.venues[0]?.timezone ?? 'Asia/Jakarta';
    const date = DateTime.fromISO(todayIn(zone)).plus({ days: 14 }).toISODate();
    return {
      ...context, errors: {},
      values: { kind: 'workshop', language: req.locale, capacity: 20, date, from: formatClock('09:00', req.locale), to: formatClock('12:00', req.locale) },
    };
  }

  @Post('new')
  @FormView('events/new', async (req: Request, refs: ModuleRef) => newEventContext(ref(refs).events, req))
  async create(@CurrentUser() user: User, @Body() form: EventFormDto, @Res() res: Response) {
    const venues = await this.events.venueRoomChoices(user);
    const venue = venues.find((v) => v.rooms.some((r) => r.id === form.roomId));
    if (!venue) throw new ValidationError([{ field: 'roomId', code: 'pick_room' }]);
    const times = zonedTimes(form, venue.timezone);
    const dto = await validDto(CreateEventDto, {
      venueId: venue.id, kind: form.kind, title: form.title, summary: form.summary, description: form.description, coverImageUrl: form.coverImageUrl || undefined,
      tags: tagList(form.tags), language: form.language, capacity: form.capacity,
      registrationOpensAt: times.opens, registrationClosesAt: times.closes,
      sessions: [{ roomId: form.roomId, title: form.title, speaker: form.speaker, start: times.start, end: times.end }],
    }).catch(renameFields);
    const created = await this.events.create(user, dto).catch(renameFields);
    const waiting = [...(await this.events.roomHolds(created.id)).values()].includes('pending');
    setFlash(res, waiting ? 'events.flash.created_pending' : 'events.flash.created', { title: created.title });
    res.redirect(303, `/events/${created.id}/manage`);
  }

  /** Editing reuses the new-event form for single-session events; every rule is checked again by `update`. */
  private async editContext(req: Request, user: User, id: number) {
    const { event, canOrganise } = await this.events.get(id, user);
    if (!canOrganise) throw new ForbiddenError('not_event_organiser');
    const venues = (await this.events.venueRoomChoices(user)).filter((v) => v.id === event.venueId);
    return {
      title: req.t('events.edit.title'), venues, editing: event, multiSession: event.sessions.length > 1,
      kindOptions: EVENT_KINDS.map((k) => ({ value: k, label: req.t(`events.kinds.${k}`) })),
    };
  }

  @Get(':id/edit')
  @Render('events/new')
  async editForm(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Req() req: Request) {
    const context = await this.editContext(req, user, id);
    const event = context.editing;
    const zone = luxonZone(event.venue.timezone);
    const first = event.sessions[0];
    const local = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : '');
    return {
      ...context, errors: {},
      values: {
        kind: event.kind, title: event.title, summary: event.summary, description: event.description, tags: event.tags.join(', '), coverImageUrl: event.coverImageUrl ?? '',
        language: event.language, capacity: event.capacity, roomId: first?.roomId, speaker: first?.speaker ?? '',
        date: first ? DateTime.fromJSDate(first.startAt, { zone }).toISODate() : '',
        from: first ? formatClock(DateTime.fromJSDate(first.startAt, { zone }).toFormat('HH:mm'), req.locale) : '',
        to: first ? formatClock(DateTime.fromJSDate(first.endAt, { zone }).toFormat('HH:mm'), req.locale) : '',
        opens: local(event.registrationOpensAt), closes: local(event.registrationClosesAt),
      },
    };
  }

  @Post(':id/edit')
  @FormView('events/new', async (req: Request, refs: ModuleRef) => {
    const controller = refs.get(EventsManageController, { strict: false });
    return controller.editContext(req, req.user!, Number(req.params.id));
  })
  async edit(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() form: EventFormDto, @Req() req: Request, @Res() res: Response) {
    const { editing: event, multiSession } = await this.editContext(req, user, id);
    const times = zonedTimes(form, event.venue.timezone);
    const dto = await validDto(UpdateEventDto, {
      kind: form.kind, title: form.title, summary: form.summary ?? '', description: form.description ?? '', coverImageUrl: form.coverImageUrl || null,
      tags: tagList(form.tags), language: form.language, capacity: form.capacity,
      registrationOpensAt: times.opens, registrationClosesAt: times.closes,
      // A multi-session programme is changed through the API; this form moves a single session.
      ...(multiSession ? {} : { sessions: [{ roomId: form.roomId, title: form.title, speaker: form.speaker, start: times.start, end: times.end }] }),
    }).catch(renameFields);
    await this.events.update(user, id, dto).catch(renameFields);
    setFlash(res, 'events.flash.updated', { title: dto.title ?? event.title });
    res.redirect(303, `/events/${id}/manage`);
  }

  @Get(':id/manage')
  @Render('events/manage')
  async manage(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number) {
    const context = await manageContext(this.events, this.registrations, user, id);
    return { ...context, values: { capacity: context.event.capacity }, errors: {} };
  }

  /** The attendee list as XLSX, beside the CSV of the API: the same people may download it (organiser, venue managers, admins). */
  @Get(':id/attendees.xlsx')
  async attendeesXlsx(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const workbook = await this.registrations.attendeesXlsx(user, id);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`peserta-acara-${id}.xlsx`).send(workbook);
  }

  @Post(':id/publish')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs).events, ref(refs).registrations, req.user!, Number(req.params.id)))
  async publish(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.events.publish(user, id);
    setFlash(res, 'events.flash.published');
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/capacity')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs).events, ref(refs).registrations, req.user!, Number(req.params.id)))
  async capacity(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() form: CapacityFormDto, @Res() res: Response) {
    const dto = await validDto(UpdateEventDto, { capacity: form.capacity ?? '' });
    if (dto.capacity === undefined) throw new ValidationError([{ field: 'capacity', code: 'isInt' }]);
    const { promoted } = await this.events.update(user, id, { capacity: dto.capacity });
    setFlash(res, 'events.flash.capacity', { capacity: dto.capacity, promoted: promoted.length });
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/cancel')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs).events, ref(refs).registrations, req.user!, Number(req.params.id)))
  async cancel(@CurrentUser() user: User, @Param('id', ParseIdPipe) id: number, @Body() dto: CancelEventDto, @Res() res: Response) {
    await this.events.cancel(user, id, dto.reason);
    setFlash(res, 'events.flash.event_cancelled');
    res.redirect(303, `/events/${id}/manage`);
  }

  @Post(':id/registrations/:rid/cancel')
  @FormView('events/manage', async (req: Request, refs: ModuleRef) => manageContext(ref(refs).events, ref(refs).registrations, req.user!, Number(req.params.id)))
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
