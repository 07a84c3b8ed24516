import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs.js';
import { CurrentUser, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreatorProfileDto } from './creator-profile.dto.js';
import { CreatorProfilesService, profileJson } from './creator-profiles.service.js';
import type { User } from './user.entity.js';

@ApiTags('accounts')
@Controller('api')
export class CreatorProfilesApiController {
  constructor(private readonly profiles: CreatorProfilesService) {}

  /** The signed-in creator's business profile; `state` is `none` until it is completed or skipped. */
  @Get('me/profile')
  @Roles('creator')
  async mine(@CurrentUser() user: User) {
    return profileJson(user.id, await this.profiles.find(user.id));
  }

  /** Replaces the whole profile and marks it completed (the page and the booking flow then stop asking). */
  @Put('me/profile')
  @Roles('creator')
  async save(@CurrentUser() user: User, @Body() dto: CreatorProfileDto) {
    const profile = await this.profiles.save(user, {
      businessName: dto.businessName, sector: dto.sector, scale: dto.scale, province: dto.province, city: dto.city, nib: dto.nib ?? null,
      links: (dto.links ?? []).map((l) => ({ kind: l.kind, url: l.url })), reportConsent: dto.reportConsent ?? false,
    });
    return profileJson(user.id, profile);
  }

  /** "Later": the booking flow stops asking; a reminder stays on the creator's pages until the profile is completed. */
  @Post('me/profile/skip')
  @Roles('creator')
  @HttpCode(200)
  async skip(@CurrentUser() user: User) {
    await this.profiles.skip(user);
    return profileJson(user.id, await this.profiles.find(user.id));
  }

  /** Any account's business profile, for admins. */
  @Get('users/:id/profile')
  @Roles('admin')
  @ApiErrors(404)
  async ofUser(@CurrentUser() viewer: User, @Param('id', ParseIdPipe) id: number) {
    const { user, profile } = await this.profiles.readFor(viewer, id);
    return profileJson(user.id, profile);
  }
}
