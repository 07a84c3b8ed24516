import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SCALES, SECTORS } from './creator-profile.entity.js';
import { CreatorProfileDto } from './creator-profile.dto.js';
import {
  dedupeLinks, displayUrl, formFromLinks, linksFromForm, needsProfileStep, needsReminder, normaliseNib, profileState,
} from './creator-profile.rules.js';
import { DEMO_CREATORS } from '../database/seeds/demo-creators.js';
import { DEMO_SKIPPED_PROFILE, demoProfiles, sectorOf } from '../database/seeds/demo-profiles.js';
import { PROVINCES } from '../common/provinces.js';

describe('profile state', () => {
  const at = new Date('2026-01-05T03:00:00Z');
  it('is completed once saved, skipped after "later", none before either', () => {
    expect(profileState(null)).toBe('none');
    expect(profileState({ completedAt: null, skippedAt: null })).toBe('none');
    expect(profileState({ completedAt: null, skippedAt: at })).toBe('skipped');
    expect(profileState({ completedAt: at, skippedAt: at })).toBe('completed');
  });

  it('stops a creator at the booking step only when never asked, and reminds them until completed', () => {
    expect(needsProfileStep('creator', 'none')).toBe(true);
    expect(needsProfileStep('creator', 'skipped')).toBe(false);
    expect(needsProfileStep('manager', 'none')).toBe(false);
    expect(needsReminder('creator', 'skipped')).toBe(true);
    expect(needsReminder('creator', 'none')).toBe(true);
    expect(needsReminder('creator', 'completed')).toBe(false);
    expect(needsReminder('admin', 'none')).toBe(false);
  });
});

describe('profile values', () => {
  it('reads an NIB written with spaces, dashes or dots as its 13 digits and leaves other input to the validator', () => {
    expect(normaliseNib('9120 0012-3456.7')).toBe('9120001234567');
    expect(normaliseNib('  ')).toBeUndefined();
    expect(normaliseNib(9120001234567)).toBe(9120001234567);
  });

  it('turns the form inputs into links in order and back, leaving empty inputs out', () => {
    const links = linksFromForm({ shopUrl: 'https://a.example/toko', socialUrl2: 'https://b.example/akun', websiteUrl: 'https://c.example/' });
    expect(links).toEqual([
      { kind: 'shop', url: 'https://a.example/toko' }, { kind: 'social', url: 'https://b.example/akun' }, { kind: 'website', url: 'https://c.example/' },
    ]);
    expect(formFromLinks(links)).toEqual({ shopUrl: 'https://a.example/toko', socialUrl: 'https://b.example/akun', websiteUrl: 'https://c.example/' });
  });

  it('keeps one of two links to the same address and shows a link as host and path', () => {
    expect(dedupeLinks([{ kind: 'shop', url: 'https://Toko.example/sari/' }, { kind: 'social', url: 'https://toko.example/sari' }])).toHaveLength(1);
    expect(displayUrl('https://www.instagram.example/batiksari/')).toBe('instagram.example/batiksari');
    expect(displayUrl('https://batiksari.example/')).toBe('batiksari.example');
    expect(displayUrl('https://shop.example/p?id=7')).toBe('shop.example/p?id=7');
  });
});

describe('demo profiles', () => {
  const profiles = demoProfiles(DEMO_CREATORS);
  const answered = profiles.filter((p) => !p.skipped);

  it('gives every demo creator a profile, with one skipped', () => {
    expect(profiles).toHaveLength(DEMO_CREATORS.length);
    expect(profiles.filter((p) => p.skipped).map((p) => p.email)).toEqual([DEMO_SKIPPED_PROFILE]);
  });

  it('spreads them over every sector and scale and many provinces, a few without consent', () => {
    expect(new Set(answered.map((p) => p.sector))).toEqual(new Set(SECTORS));
    expect(new Set(answered.map((p) => p.scale))).toEqual(new Set(SCALES));
    expect(answered.filter((p) => p.scale === 'mikro').length).toBeGreaterThan(answered.length / 2);
    expect(new Set(answered.map((p) => p.province)).size).toBeGreaterThanOrEqual(15);
    const without = answered.filter((p) => !p.reportConsent).length;
    expect(without).toBeGreaterThanOrEqual(3);
    expect(without).toBeLessThan(answered.length / 4);
  });

  it('reads sectors from the business names as a person would', () => {
    expect(sectorOf('Batik Sari')).toBe('fesyen');
    expect(sectorOf('Sambal Bu Ijah')).toBe('kuliner');
    expect(sectorOf('Perak Celuk')).toBe('kriya');
    expect(sectorOf('Jamu Gendong Modern')).toBe('kosmetik');
    expect(sectorOf('Madu Hutan Merauke')).toBe('agro');
    expect(sectorOf('Podcast Cerita UMKM')).toBe('jasa_kreatif');
  });

  it('passes the same validation as the API', () => {
    for (const p of answered) {
      const dto = plainToInstance(CreatorProfileDto, { ...p, nib: p.nib ?? undefined });
      expect([p.email, validateSync(dto, { whitelist: true, forbidNonWhitelisted: false }).map((e) => e.property)]).toEqual([p.email, []]);
      expect(PROVINCES).toContain(p.province);
      expect(p.city).toBeTruthy();
    }
  });
});
