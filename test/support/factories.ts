import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import { CreatorProfile } from '../../src/accounts/creator-profile.entity.js';
import { User, type Role } from '../../src/accounts/user.entity.js';
import { hashPassword } from '../../src/common/secrets.js';
import { rebuildAll } from '../../src/reports/rollup-sql.js';
import { Room } from '../../src/rooms/room.entity.js';
import { OpeningHour } from '../../src/venues/opening-hour.entity.js';
import { VenueManager } from '../../src/venues/venue-manager.entity.js';
import { Venue } from '../../src/venues/venue.entity.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'rahasia-123';
let passwordHash: Promise<string> | null = null;
let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/**
 * A user; a creator comes with a completed business profile (so the booking flow does not stop at the profile step),
 * unless `profile` is false (never asked) or gives the profile's fields.
 */
export async function createUser(
  t: TestApp,
  overrides: Partial<Pick<User, 'name' | 'email' | 'role' | 'locale'>> & { profile?: false | Partial<CreatorProfile> } = {},
): Promise<User> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const role: Role = overrides.role ?? 'creator';
  return t.tx.write(async (m) => {
    const user = await m.save(m.create(User, {
      name: overrides.name ?? `Pengguna ${role}`, email: overrides.email ?? `${role}-${next()}@contoh.id`,
      passwordHash: hash, role, locale: overrides.locale ?? null,
    }));
    if (role === 'creator' && overrides.profile !== false) {
      await m.save(m.create(CreatorProfile, {
        userId: user.id, businessName: `Usaha ${user.name}`, sector: 'lainnya', scale: 'mikro', province: 'Sulawesi Selatan', city: 'Makassar',
        nib: null, links: [], reportConsent: false, completedAt: new Date(), skippedAt: null, ...overrides.profile,
      }));
    }
    return user;
  });
}

/** Weekdays 08:00–16:00, Saturday 08:00–13:00, Sunday closed, unless `hours` says otherwise. */
export async function createVenue(
  t: TestApp,
  overrides: Partial<Venue> = {},
  hours: Array<{ weekday: number; opens: string; closes: string }> = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' }))
    .concat([{ weekday: 6, opens: '08:00', closes: '13:00' }]),
): Promise<Venue> {
  return t.tx.write(async (m) => {
    const venue = await m.save(m.create(Venue, {
      code: `V-${next().toUpperCase()}`.slice(0, 32), name: 'Kantor Pos Uji', address: 'Jl. Pos No. 1', city: 'Makassar',
      province: 'Sulawesi Selatan', timezone: 'Asia/Makassar', phone: '+62411000000', email: null, description: '',
      latitude: null, longitude: null, active: true, ...overrides,
    }));
    if (hours.length) await m.insert(OpeningHour, hours.map((h) => ({ ...h, venueId: venue.id })));
    return venue;
  });
}

export async function createRoom(t: TestApp, venueId: number, overrides: Partial<Room> = {}): Promise<Room> {
  return t.tx.write((m) => m.save(m.create(Room, {
    venueId, name: 'Studio Live Streaming', kind: 'live_stream_studio', capacity: 4, amenities: ['ring_light', 'green_screen'],
    photos: [], description: '', slotMinutes: 30, minMinutes: 60, maxMinutes: 240, bufferMinutes: 0, horizonDays: 60,
    requiresApproval: false, maxHoursPerWeek: null, maxFutureReservations: null, active: true, ...overrides,
  })));
}

export async function makeManager(t: TestApp, venueId: number, user?: User): Promise<User> {
  const manager = user ?? (await createUser(t, { role: 'manager' }));
  await t.tx.write((m) => m.insert(VenueManager, { venueId, userId: manager.id }));
  return manager;
}

/** `Authorization` header value with a fresh personal API token of the user. */
export async function bearer(t: TestApp, user: User): Promise<string> {
  const { token } = await t.app.get(AccountsService).createApiToken(user.id, 'tes');
  return `Bearer ${token}`;
}

const csrfOf = (html: string): string | undefined => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/**
 * A browser: a cookie-keeping agent (signed in through the real sign-in form when `user` is given)
 * that has loaded `path`; returns the page's CSRF token for form posts.
 */
export async function browser(t: TestApp, path = '/sign-in', user?: User): Promise<{ agent: request.Agent; csrf: string; html: string }> {
  const agent = request.agent(t.server);
  if (user) {
    const signIn = await agent.get('/sign-in').set('Accept', 'text/html');
    const res = await agent.post('/sign-in').type('form').set('Accept', 'text/html')
      .send({ _csrf: csrfOf(signIn.text), email: user.email, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in failed for ${user.email}: ${res.status}`);
  }
  const res = await agent.get(path).set('Accept', 'text/html');
  const csrf = csrfOf(res.text);
  if (!csrf) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
  return { agent, csrf, html: res.text };
}

/** Rows written beside the services (as fixtures do) reach the reports' roll-ups the way bulk loads do: recomputed from them. */
export async function rebuildReportRollups(t: TestApp): Promise<void> {
  await t.tx.write(async (m) => {
    for (const sql of rebuildAll({ pg: t.db.options.type === 'postgres' })) await m.query(sql);
  });
}
