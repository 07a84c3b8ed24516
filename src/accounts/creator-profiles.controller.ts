import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { setFlash } from '../common/flash.js';
import { FormView } from '../common/form-view.js';
import type { Translator } from '../common/i18n.js';
import { PROVINCES } from '../common/provinces.js';
import { SCALES, SECTORS } from './creator-profile.entity.js';
import { CreatorProfileFormDto } from './creator-profile.dto.js';
import { formFromLinks, linksFromForm, profileState } from './creator-profile.rules.js';
import { CreatorProfilesService } from './creator-profiles.service.js';
import { safeNext } from './session-cookie.js';
import type { User } from './user.entity.js';

/** Where the page returns to: the booking the creator started, the home page after sign-up, or the account page. */
const nextOf = (next: unknown, fallback: string) => (typeof next === 'string' && next ? safeNext(next) : fallback);

/** The profile page's context: its options, why it is asked now (sign-up, a first booking, an edit). */
export async function profilePageContext(profiles: CreatorProfilesService, user: User, next: unknown, t: Translator) {
  const profile = await profiles.find(user.id);
  const state = profileState(profile);
  const back = nextOf(next, '/account');
  const mode = state === 'completed' ? 'edit' : back.startsWith('/reservations/new') ? 'booking' : 'welcome';
  return {
    profile, state, mode, next: back, query: typeof next === 'string' && next ? `?next=${encodeURIComponent(back)}` : '',
    scales: SCALES,
    sectorOptions: [{ value: '', label: t('profile.sector_choose') }, ...SECTORS.map((s) => ({ value: s, label: t(`profile.sectors.${s}`) }))],
    provinceOptions: [{ value: '', label: t('profile.province_choose') }, ...PROVINCES.map((p) => ({ value: p, label: p }))],
  };
}

/** The creator's business profile: asked after sign-up and before a first booking, skippable, editable. */
@ApiExcludeController()
@Controller('account/profile')
export class CreatorProfilesController {
  constructor(private readonly profiles: CreatorProfilesService) {}

  @Get()
  @Roles('creator')
  @Render('accounts/profile')
  async form(@CurrentUser() user: User, @Query('next') next: unknown, @Req() req: Request) {
    const context = await profilePageContext(this.profiles, user, next, req.t);
    const p = context.profile;
    const values = p ? {
      businessName: p.businessName, sector: p.sector, scale: p.scale, province: p.province, city: p.city, nib: p.nib,
      reportConsent: p.reportConsent, ...formFromLinks(p.links ?? []),
    } : {};
    return { ...context, values, errors: {} };
  }

  @Post()
  @Roles('creator')
  @FormView('accounts/profile', async (req, refs) => profilePageContext(refs.get(CreatorProfilesService, { strict: false }), req.user!, req.query.next, req.t))
  async save(@CurrentUser() user: User, @Body() dto: CreatorProfileFormDto, @Query('next') next: unknown, @Res() res: Response) {
    await this.profiles.save(user, {
      businessName: dto.businessName, sector: dto.sector, scale: dto.scale, province: dto.province, city: dto.city, nib: dto.nib ?? null,
      links: linksFromForm(dto), reportConsent: dto.reportConsent ?? false,
    });
    setFlash(res, 'profile.saved');
    res.redirect(303, nextOf(next, '/account'));
  }

  @Post('skip')
  @Roles('creator')
  async skip(@CurrentUser() user: User, @Query('next') next: unknown, @Res() res: Response) {
    const state = await this.profiles.skip(user);
    if (state === 'skipped') setFlash(res, 'profile.skipped');
    res.redirect(303, nextOf(next, '/'));
  }
}
