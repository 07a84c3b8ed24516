import type { Role } from './user.entity.js';
import type { ProfileLink } from './creator-profile.entity.js';

export const LINK_KINDS = ['shop', 'social', 'website'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
/** Two marketplace shops, two social accounts and a website: enough to show where a business sells. */
export const MAX_LINKS = 5;
export const NIB_PATTERN = /^\d{13}$/;

export type ProfileState = 'completed' | 'skipped' | 'none';

export function profileState(profile: { completedAt: Date | null; skippedAt: Date | null } | null): ProfileState {
  if (profile?.completedAt) return 'completed';
  return profile?.skippedAt ? 'skipped' : 'none';
}

/** Only creators are asked; once answered or skipped, the booking flow never asks again. */
export const needsProfileStep = (role: Role, state: ProfileState): boolean => role === 'creator' && state === 'none';

/** The gentle reminder stays on a creator's own pages until the profile is completed. */
export const needsReminder = (role: Role, state: ProfileState): boolean => role === 'creator' && state !== 'completed';

/** NIB as people write it ("9120 0012 3456 7") with the spaces and dashes left out; anything else stays for the validator. */
export function normaliseNib(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const compact = value.replace(/[\s.-]/g, '');
  return compact === '' ? undefined : compact;
}

/** The form's fixed link inputs, in order, to the stored list (empty inputs left out). */
export const FORM_LINK_FIELDS = [
  ['shopUrl', 'shop'], ['shopUrl2', 'shop'], ['socialUrl', 'social'], ['socialUrl2', 'social'], ['websiteUrl', 'website'],
] as const satisfies ReadonlyArray<readonly [string, LinkKind]>;
export type FormLinkField = (typeof FORM_LINK_FIELDS)[number][0];

export function linksFromForm(form: Partial<Record<FormLinkField, string>>): ProfileLink[] {
  return FORM_LINK_FIELDS.flatMap(([field, kind]) => (form[field] ? [{ kind, url: form[field] }] : []));
}

/** The stored list back into the form's inputs (a link of a kind beyond its inputs is dropped from the form only). */
export function formFromLinks(links: ProfileLink[]): Partial<Record<FormLinkField, string>> {
  const out: Partial<Record<FormLinkField, string>> = {};
  for (const link of links) {
    const free = FORM_LINK_FIELDS.find(([field, kind]) => kind === link.kind && out[field] === undefined);
    if (free) out[free[0]] = link.url;
  }
  return out;
}

/** The same address twice (case of the host, a trailing slash) is kept once. */
export function dedupeLinks(links: ProfileLink[]): ProfileLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = displayUrl(link.url).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a reader sees of a link: host and path, without the scheme, "www." or a trailing slash. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`.replace(/\/$/, '');
    return `${parsed.host.replace(/^www\./, '')}${path}`;
  } catch {
    return url;
  }
}
