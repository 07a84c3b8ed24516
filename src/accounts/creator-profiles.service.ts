import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { Transactions } from '../database/transactions.js';
import { CreatorProfile, type BusinessScale, type ProfileLink, type Sector } from './creator-profile.entity.js';
import { dedupeLinks, displayUrl, profileState, type ProfileState } from './creator-profile.rules.js';
import { User } from './user.entity.js';

export interface ProfileInput {
  businessName: string; sector: Sector; scale: BusinessScale; province: string; city: string;
  nib?: string | null; links: ProfileLink[]; reportConsent: boolean;
}

/** What an event page may show of its organiser: the brand and its links, once the profile is completed. */
export interface PublicProfile { businessName: string; links: Array<ProfileLink & { label: string }> }

export const profileJson = (userId: number, profile: CreatorProfile | null) => ({
  userId,
  state: profileState(profile) as ProfileState,
  businessName: profile?.businessName ?? null,
  sector: profile?.sector ?? null,
  scale: profile?.scale ?? null,
  province: profile?.province ?? null,
  city: profile?.city ?? null,
  nib: profile?.nib ?? null,
  links: profile?.links ?? [],
  reportConsent: profile?.reportConsent ?? false,
  completedAt: profile?.completedAt ?? null,
  skippedAt: profile?.skippedAt ?? null,
  updatedAt: profile?.updatedAt ?? null,
});

@Injectable()
export class CreatorProfilesService {
  constructor(private readonly db: DataSource, private readonly tx: Transactions) {}

  find(userId: number): Promise<CreatorProfile | null> {
    return this.db.getRepository(CreatorProfile).findOneBy({ userId });
  }

  async stateOf(userId: number): Promise<ProfileState> {
    const row = await this.db.getRepository(CreatorProfile).findOne({ where: { userId }, select: { id: true, completedAt: true, skippedAt: true } });
    return profileState(row);
  }

  /** A creator's profile for admins (and the creator themself); managers and other creators may not read it. */
  async readFor(viewer: User, userId: number): Promise<{ user: User; profile: CreatorProfile | null }> {
    if (viewer.role !== 'admin' && viewer.id !== userId) throw new ForbiddenError();
    const user = await this.db.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new NotFoundError('account_not_found');
    return { user, profile: await this.find(userId) };
  }

  /**
   * Saves the whole profile of a creator (only creators have one) and marks it completed. One row per creator:
   * simultaneous saves end as one row holding the last one.
   */
  async save(user: User, input: ProfileInput): Promise<CreatorProfile> {
    if (user.role !== 'creator') throw new ForbiddenError('profile_creators_only');
    const values = {
      businessName: input.businessName, sector: input.sector, scale: input.scale, province: input.province, city: input.city,
      nib: input.nib ?? null, links: dedupeLinks(input.links), reportConsent: input.reportConsent,
    };
    return this.tx.write(async (m) => {
      const existing = await m.findOne(CreatorProfile, { where: { userId: user.id }, select: { id: true, completedAt: true } });
      const now = new Date();
      // An upsert on user_id: a save racing another (two tabs, a retried request) updates instead of failing.
      await m.upsert(CreatorProfile, { userId: user.id, ...values, completedAt: existing?.completedAt ?? now, updatedAt: now }, ['userId']);
      return m.findOneByOrFail(CreatorProfile, { userId: user.id });
    });
  }

  /** "Later": remembered so the booking flow stops asking; a completed profile stays completed. */
  async skip(user: User): Promise<ProfileState> {
    if (user.role !== 'creator') throw new ForbiddenError('profile_creators_only');
    return this.tx.write(async (m) => {
      const existing = await m.findOneBy(CreatorProfile, { userId: user.id });
      if (existing?.completedAt) return 'completed';
      const now = new Date();
      await m.upsert(CreatorProfile, { userId: user.id, skippedAt: now, updatedAt: now }, ['userId']);
      return 'skipped';
    });
  }

  /** The organiser's brand and links for their public event page; nothing for a profile not completed. */
  async publicProfile(userId: number | null | undefined): Promise<PublicProfile | null> {
    if (!userId) return null;
    const profile = await this.find(userId);
    if (!profile?.completedAt || !profile.businessName) return null;
    return { businessName: profile.businessName, links: (profile.links ?? []).map((link) => ({ ...link, label: displayUrl(link.url) })) };
  }
}
