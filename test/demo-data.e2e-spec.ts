import request from 'supertest';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { DEMO_TICKET_TOKEN } from '../src/database/seeds/demo-events.js';
import { resetDemoData, seedIfEmpty } from '../src/database/seeds/demo.seed.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Venue } from '../src/venues/venue.entity.js';
import { Room } from '../src/rooms/room.entity.js';
import { CreatorProfile } from '../src/accounts/creator-profile.entity.js';
import { User } from '../src/accounts/user.entity.js';
import { DEMO_CREATORS } from '../src/database/seeds/demo-creators.js';
import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from './support/test-app.js';
import { AccountsService } from '../src/accounts/accounts.service.js';

const demoBearer = async (app: TestApp, email: string) => {
  const user = await app.db.getRepository(User).findOneByOrFail({ email });
  return `Bearer ${(await app.app.get(AccountsService).createApiToken(user.id, 'tes')).token}`;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect(await seedIfEmpty(t.db)).toBe(true);
});
afterAll(async () => { await t.close(); });

describe('demo network', () => {
  it('loads venues in all three time zones and a month of bookings around today', async () => {
    const zones = new Set((await t.db.getRepository(Venue).find()).map((v) => v.timezone));
    expect(zones).toEqual(new Set(['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura']));
    const rows = await t.db.getRepository(Reservation).find();
    const now = Date.now();
    expect(rows.filter((r) => r.startAt.getTime() > now).length).toBeGreaterThan(300);
    expect(rows.some((r) => r.endAt.getTime() < now)).toBe(true);
    expect(new Set(rows.map((r) => `${r.kind}:${r.status}`))).toEqual(new Set(['booking:confirmed', 'booking:pending', 'booking:cancelled', 'booking:no_show', 'block:confirmed']));
  });

  it('has past studio bookings checked in and a few released as no-shows, no creator near the fair-use limit', async () => {
    const rows = await t.db.getRepository(Reservation).find({ where: { kind: 'booking' } });
    const checkedIn = rows.filter((r) => r.checkedInAt);
    const noShows = rows.filter((r) => r.status === 'no_show');
    expect(checkedIn.length).toBeGreaterThan(10);
    expect(noShows.length).toBeGreaterThan(2);
    expect(checkedIn.every((r) => r.startAt.getTime() < Date.now() && r.status === 'confirmed')).toBe(true);
    const perCreator = new Map<number, number>();
    for (const r of noShows) perCreator.set(r.creatorId, (perCreator.get(r.creatorId) ?? 0) + 1);
    expect(Math.max(...perCreator.values())).toBe(1);
  });

  it('never puts two active bookings in one room at once, buffers included', async () => {
    const rows = (await t.db.getRepository(Reservation).find({ order: { roomId: 'ASC', startAt: 'ASC' } }))
      .filter((r) => r.status === 'pending' || r.status === 'confirmed');
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].roomId === rows[i - 1].roomId) expect(rows[i].startAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1].occupiedEndAt.getTime());
    }
  });

  describe('a believable network of creators', () => {
    let bookings: Array<Reservation & { province: string; zone: string }>;
    let rooms: Map<number, Room>;
    let creators: User[];
    const HOUR = 3_600_000;
    beforeAll(async () => {
      const venues = new Map((await t.db.getRepository(Venue).find()).map((v) => [v.id, v]));
      rooms = new Map((await t.db.getRepository(Room).find()).map((r) => [r.id, r]));
      creators = await t.db.getRepository(User).findBy({ role: 'creator' });
      bookings = (await t.db.getRepository(Reservation).find({ where: { kind: 'booking' }, order: { startAt: 'ASC' } }))
        .filter((r) => r.status === 'pending' || r.status === 'confirmed')
        .map((r) => Object.assign(r, { province: venues.get(r.venueId)!.province, zone: venues.get(r.venueId)!.timezone }));
    });
    const byCreator = () => {
      const map = new Map<number, typeof bookings>();
      for (const b of bookings) map.set(b.creatorId, [...(map.get(b.creatorId) ?? []), b]);
      return map;
    };

    it('never has a creator in two places at once, nor in two provinces less than half a day apart', () => {
      for (const list of byCreator().values()) {
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length && list[j].startAt.getTime() < list[i].endAt.getTime() + 24 * HOUR; j++) {
            expect(list[j].startAt.getTime()).toBeGreaterThanOrEqual(list[i].endAt.getTime());
            if (list[j].province !== list[i].province) expect(list[j].startAt.getTime() - list[i].endAt.getTime()).toBeGreaterThanOrEqual(12 * HOUR);
          }
        }
      }
    });

    it('keeps every creator within each room\'s fair-use limits', () => {
      const now = Date.now();
      for (const list of byCreator().values()) {
        const perRoom = new Map<number, typeof bookings>();
        for (const b of list) perRoom.set(b.roomId, [...(perRoom.get(b.roomId) ?? []), b]);
        for (const [roomId, held] of perRoom) {
          const room = rooms.get(roomId)!;
          if (room.maxFutureReservations) expect(held.filter((b) => b.startAt.getTime() > now).length).toBeLessThanOrEqual(room.maxFutureReservations);
          if (room.maxHoursPerWeek) {
            const weeks = new Map<string, number>();
            for (const b of held) {
              const week = DateTime.fromJSDate(b.startAt, { zone: b.zone }).startOf('week').toISODate()!;
              weeks.set(week, (weeks.get(week) ?? 0) + (b.endAt.getTime() - b.startAt.getTime()) / HOUR);
            }
            for (const hours of weeks.values()) expect(hours).toBeLessThanOrEqual(room.maxHoursPerWeek);
          }
        }
      }
    });

    it('has each creator book mostly in their home province, a few times a week, spread over the month', () => {
      const home = new Map(DEMO_CREATORS.map((c) => [c.email, c.province]));
      const now = Date.now();
      const lists = byCreator();
      expect(creators.length).toBeGreaterThanOrEqual(60);
      for (const creator of creators) {
        const list = (lists.get(creator.id) ?? []).filter((b) => !b.eventId);
        const upcoming = list.filter((b) => b.startAt.getTime() > now);
        expect(upcoming.length).toBeLessThanOrEqual(16);
        if (list.length < 3) continue;
        const atHome = list.filter((b) => b.province === home.get(creator.email)).length;
        expect(atHome / list.length).toBeGreaterThanOrEqual(0.75);
      }
      const busyCreators = [...lists.values()].filter((l) => l.length >= 3).length;
      expect(busyCreators).toBeGreaterThanOrEqual(50);
      const weeksAhead = new Set(bookings.filter((b) => b.startAt.getTime() > now).map((b) => Math.floor((b.startAt.getTime() - now) / (7 * 24 * HOUR))));
      for (const week of [0, 1, 2, 3]) expect(weeksAhead.has(week)).toBe(true);
      expect(new Set(bookings.map((b) => b.startAt.toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(30);
    });

    it('keeps the README accounts where the README puts them', async () => {
      const sari = creators.find((c) => c.email === 'kreator.sari@ruangkreatif.id')!;
      expect(sari.name).toBe('Sari Wulandari (Batik Sari)');
      const hers = byCreator().get(sari.id)!;
      expect(hers.filter((b) => b.province === 'DKI Jakarta').length).toBeGreaterThanOrEqual(hers.length - 1);
      for (const email of ['kreator.yosef', 'kreator.dewi', 'kreator.budi', 'kreator.made', 'kreator.aisyah']) {
        expect(creators.some((c) => c.email === `${email}@ruangkreatif.id`)).toBe(true);
      }
    });
  });

  it('gives the demo Makassar manager requests to approve too', async () => {
    const agent = request.agent(t.server);
    await agent.post('/api/auth/sign-in').send({ email: 'manajer.makassar@ruangkreatif.id', password: 'ruangkreatif2026' });
    const pending = await agent.get('/api/reservations/pending');
    expect(pending.body.length).toBeGreaterThan(0);
  });

  it('gives the demo Jakarta manager requests to approve', async () => {
    const agent = request.agent(t.server);
    const signIn = await agent.post('/api/auth/sign-in').send({ email: 'manajer.jakarta@ruangkreatif.id', password: 'ruangkreatif2026' });
    expect(signIn.status).toBe(200);
    const pending = await agent.get('/api/reservations/pending');
    expect(pending.status).toBe(200);
    expect(pending.body.length).toBeGreaterThan(2);
  });

  it('has upcoming published events in every time zone, one full with a waiting list, and a draft', async () => {
    const list = await request(t.server).get('/api/events');
    expect(list.status).toBe(200);
    const zones = new Set(list.body.items.map((e: { timezone: string }) => e.timezone));
    expect(zones).toEqual(new Set(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']));
    expect(list.body.items.some((e: { spotsLeft: number; waitlisted: number }) => e.spotsLeft === 0 && e.waitlisted > 0)).toBe(true);
    expect(list.body.items.some((e: { sessions?: unknown[]; title: string }) => /Konferensi/.test(e.title))).toBe(true);
    const drafts = await t.db.getRepository(EventRecord).countBy({ status: 'draft' });
    expect(drafts).toBe(1);
    const ticket = await request(t.server).get(`/api/registrations/${DEMO_TICKET_TOKEN}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body.status).toBe('confirmed');
  });

  it('gives every demo creator a business profile, one skipped, and the README creators completed ones with links', async () => {
    const sari = await request(t.server).get('/api/me/profile').set('Authorization', await demoBearer(t, 'kreator.sari@ruangkreatif.id'));
    expect(sari.body).toMatchObject({ state: 'completed', businessName: 'Batik Sari', sector: 'fesyen', province: 'DKI Jakarta', reportConsent: true });
    expect(sari.body.links.length).toBeGreaterThan(0);
    const profiles = await t.db.getRepository(CreatorProfile).find();
    expect(profiles).toHaveLength(DEMO_CREATORS.length);
    expect(profiles.filter((p) => p.completedAt === null && p.skippedAt !== null)).toHaveLength(1);
  });

  it('loads again from scratch on reset', async () => {
    const before = await t.db.getRepository(Venue).count();
    await resetDemoData(t.db);
    expect(await t.db.getRepository(Venue).count()).toBe(before);
    expect(await t.db.getRepository(Reservation).count()).toBeGreaterThan(300);
  });
});
