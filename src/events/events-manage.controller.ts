import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, SignedIn } from '../common/auth.decorators.js';
import { DomainError, ForbiddenError, ValidationError, type FieldError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { formatClock, isValidIsoDate, luxonZone, todayIn } from '../common/time.js';
import { EVENT_KINDS } from './event.entity.js';
import { EventFormDto, tagList, validDto } from './events-pages.dto.js';
import { CreateEventDto, UpdateEventDto } from './events.dto.js';
import { EventChangesService } from './event-changes.service.js';
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

/** Organiser pages: creating and editing an event (running it, with its attendees, is the registrations feature's dashboard). */
@ApiExcludeController()
@Controller('events')
@SignedIn()
export class EventsManageController {
  constructor(private readonly events: EventsService, private readonly changes: EventChangesService) {}

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
  @FormView('events/new', async (req: Request, refs: ModuleRef) => newEventContext(refs.get(EventsService, { strict: false }), req))
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
    const created = await this.changes.create(user, dto).catch(renameFields);
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
    await this.changes.update(user, id, dto).catch(renameFields);
    setFlash(res, 'events.flash.updated', { title: dto.title ?? event.title });
    res.redirect(303, `/events/${id}/manage`);
  }
}
