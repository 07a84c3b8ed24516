import { Body, Controller, Get, Injectable, Param, Post, Render, Req, Res, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity.js';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { NotFoundError, RuleViolationError } from '../common/errors.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import type { Locale } from '../../config/configuration.js';
import { formatClock, todayIn, zoneLabel } from '../common/time.js';
import type { WeeklyHours } from './opening-hours.js';
import type { Venue } from './venue.entity.js';
import { HoursFormDto, rangesFromForm, VenueFormDto } from './venues-manage.dto.js';
import { AssignManagerDto, CreateClosureDto, CreateVenueDto } from './venues.dto.js';
import { VenuesService } from './venues.service.js';

export type VenueTab = 'detail' | 'hours' | 'closures' | 'rooms' | 'managers';

/** What every venue manage page shows around its form: the venue, its zone label and the active tab. */
export const venueShell = (venue: Venue, tab: VenueTab) => ({ title: venue.name, venue, zone: zoneLabel(venue.timezone), tab });

/**
 * Checks, before the body is even validated, that the signed-in user manages the venue of `:id`
 * (404 for an unknown venue, 403 for someone else's), so no form of another venue is ever rendered.
 */
@Injectable()
export class ManagesVenueGuard implements CanActivate {
  constructor(private readonly venues: VenuesService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    await this.venues.assertCanManage(req.user!, new ParseIdPipe().transform(String(req.params.id)));
    return true;
  }
}

/** Re-renders a venue page after a refused post with the same data its GET shows. */
const venuePage = (tab: VenueTab) => (req: Request, refs: ModuleRef) =>
  refs.get(VenuesManageController, { strict: false }).pageData(tab, Number(req.params.id), req.user!);

const venueValues = (v: Venue) => ({
  code: v.code, name: v.name, address: v.address, city: v.city, province: v.province, timezone: v.timezone,
  phone: v.phone ?? '', email: v.email ?? '', description: v.description, active: v.active,
  noShowLimit: v.noShowLimit, noShowWindowDays: v.noShowWindowDays, noShowApprovalDays: v.noShowApprovalDays,
});

/** The hours form: each weekday's ranges padded to two rows (written the reader's way, 08.00 or 08:00), and the weekdays without any ticked "closed". */
function hoursValues(weekly: WeeklyHours, locale: Locale) {
  const ranges: Array<{ weekday: number; opens: string; closes: string }> = [];
  const closed: string[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = weekly[weekday] ?? [];
    if (!day.length) closed.push(String(weekday));
    for (const r of day) ranges.push({ weekday, opens: formatClock(r.opens, locale), closes: formatClock(r.closes, locale) });
    for (let i = day.length; i < 2; i++) ranges.push({ weekday, opens: '', closes: '' });
  }
  return { ranges, closed };
}

@ApiExcludeController()
@Controller('manage')
@Roles('admin', 'manager')
export class VenuesManageController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  @Render('manage/index')
  async dashboard(@CurrentUser() user: User) {
    return { venues: await this.venues.manageable(user) };
  }

  @Get('venues/new')
  @Roles('admin')
  @Render('manage/venue-form')
  newVenue() {
    return { isNew: true, values: { timezone: 'Asia/Jakarta', active: true, noShowLimit: 3, noShowWindowDays: 30, noShowApprovalDays: 30 }, errors: {} };
  }

  @Post('venues/new')
  @Roles('admin')
  @FormView('manage/venue-form', async () => ({ isNew: true }))
  async createVenue(@CurrentUser() user: User, @Body() dto: CreateVenueDto, @Res() res: Response) {
    const venue = await this.venues.create(user, dto);
    setFlash(res, 'manage.flash.venue_created', { name: venue.name });
    res.redirect(303, `/manage/venues/${venue.id}/hours`);
  }

  @Get('venues/:id')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/venue-form')
  async editVenue(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    const page = await this.pageData('detail', id, user);
    return { ...page, values: venueValues(page.venue), errors: {} };
  }

  @Post('venues/:id')
  @UseGuards(ManagesVenueGuard)
  @FormView('manage/venue-form', venuePage('detail'))
  async updateVenue(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() dto: VenueFormDto, @Res() res: Response) {
    // The form sends every field: an emptied optional field clears it.
    const venue = await this.venues.update(user, id, { ...dto, phone: dto.phone ?? '', email: dto.email ?? '', description: dto.description ?? '' });
    setFlash(res, 'manage.flash.venue_saved', { name: venue.name });
    res.redirect(303, `/manage/venues/${id}`);
  }

  @Get('venues/:id/hours')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/hours')
  async hours(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Req() req: Request) {
    const page = await this.pageData('hours', id, user);
    return { ...page, values: hoursValues(page.weekly, req.locale), errors: {} };
  }

  @Post('venues/:id/hours')
  @UseGuards(ManagesVenueGuard)
  @FormView('manage/hours', venuePage('hours'))
  async saveHours(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() form: HoursFormDto, @Res() res: Response) {
    await this.venues.setOpeningHours(user, id, rangesFromForm(form));
    setFlash(res, 'manage.flash.hours_saved');
    res.redirect(303, `/manage/venues/${id}/hours`);
  }

  @Get('venues/:id/closures')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/closures')
  async closures(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    return { ...(await this.pageData('closures', id, user)), values: { kind: 'maintenance' }, errors: {} };
  }

  @Post('venues/:id/closures')
  @UseGuards(ManagesVenueGuard)
  @FormView('manage/closures', venuePage('closures'))
  async addClosure(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() dto: CreateClosureDto, @Res() res: Response) {
    const { cancelled } = await this.venues.addClosure(user, id, dto);
    if (cancelled.length) setFlash(res, 'manage.flash.closure_added_cancelled', { count: cancelled.length });
    else setFlash(res, 'manage.flash.closure_added');
    res.redirect(303, `/manage/venues/${id}/closures`);
  }

  @Post('venues/:id/closures/:closureId/delete')
  @UseGuards(ManagesVenueGuard)
  async removeClosure(
    @Param('id', ParseIdPipe) id: number, @Param('closureId', ParseIdPipe) closureId: number, @CurrentUser() user: User, @Res() res: Response,
  ) {
    await this.venues.removeClosure(user, id, closureId);
    setFlash(res, 'manage.flash.closure_removed');
    res.redirect(303, `/manage/venues/${id}/closures`);
  }

  @Get('venues/:id/managers')
  @Roles('admin')
  @UseGuards(ManagesVenueGuard)
  @Render('manage/managers')
  async managers(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User) {
    return { ...(await this.pageData('managers', id, user)), values: {}, errors: {} };
  }

  @Post('venues/:id/managers')
  @Roles('admin')
  @UseGuards(ManagesVenueGuard)
  @FormView('manage/managers', venuePage('managers'))
  async addManager(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: User, @Body() dto: AssignManagerDto, @Res() res: Response) {
    const manager = await this.venues.assignManager(user, id, dto.email).catch((error: unknown) => {
      // On this form an unknown email is a mistake in a field, not a missing page.
      if (error instanceof NotFoundError && error.code === 'user_not_found') {
        throw new RuleViolationError('user_not_found', error.params, [{ field: 'email', code: 'errors.user_not_found', params: error.params }]);
      }
      throw error;
    });
    setFlash(res, 'manage.flash.manager_added', { name: manager.name });
    res.redirect(303, `/manage/venues/${id}/managers`);
  }

  @Post('venues/:id/managers/:userId/delete')
  @Roles('admin')
  @UseGuards(ManagesVenueGuard)
  async removeManager(
    @Param('id', ParseIdPipe) id: number, @Param('userId', ParseIdPipe) userId: number, @CurrentUser() user: User, @Res() res: Response,
  ) {
    await this.venues.removeManager(user, id, userId);
    setFlash(res, 'manage.flash.manager_removed');
    res.redirect(303, `/manage/venues/${id}/managers`);
  }

  /** Everything a venue manage page shows besides its form values. */
  async pageData(tab: VenueTab, id: number, user: User) {
    const detail = await this.venues.detail(id, user);
    const today = todayIn(detail.venue.timezone);
    return {
      ...venueShell(detail.venue, tab),
      weekly: detail.weekly,
      today,
      closures: detail.closures.filter((c) => c.endDate >= today),
      managers: tab === 'managers' ? await this.venues.managers(id) : [],
    };
  }
}
