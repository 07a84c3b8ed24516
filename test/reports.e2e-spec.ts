import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { DomainEventRecord } from '../src/domain-events/domain-event.entity.js';
import { EventSession } from '../src/events/event-session.entity.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { ReservationHistory } from '../src/reservations/reservation-history.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { Closure } from '../src/venues/closure.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager, rebuildReportRollups } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Known answers, worked out by hand. August 2026 in each venue's own zone; every venue opens 08.00–17.00 on
 * weekdays (540 min). August has 21 weekdays; the 17th (Monday) and 25th (Tuesday) are public holidays and the 12th–13th
 * (Wednesday–Thursday) a maintenance closure, so 17 open days: 17 × 540 = 9180 open minutes per room.
 * Bookings of the workshop room, local time:
 *   Jul 31 (Fri) 23.00 – Aug 1 02.00   confirmed; 120 min fall in August (Sat 00, 01)
 *   Aug 4 (Tue) 09.00–11.00            confirmed, 120 min
 *   Aug 5 (Wed) 10.00–12.30            confirmed after approval, 150 min
 *   Aug 6 (Thu) 13.00–16.00            event session (workshop), 180 min
 *   Aug 7 (Fri) 22.00 – Aug 8 02.00    confirmed across midnight: 240 min (Fri 22, 23; Sat 00, 01)
 *   Aug 31 (Mon) 23.00 – Sep 1 01.00   confirmed; 60 min fall in August
 *   booked = 120 + 120 + 150 + 180 + 240 + 60 = 870 min; not counted: pending Aug 10 60 min, block Aug 11 240 min,
 *   cancelled Aug 14 (1 h before: < 24 h) and Aug 20 (on Aug 1: > 7 days), rejected Aug 18, no-show Aug 19.
 * Requests (creators' bookings starting in August): Aug 4, 5, 7, 10, 14, 18, 19, 20, 31 = 9.
 */
const ZONES = [
  { zone: 'Asia/Jakarta', province: 'DKI Jakarta', city: 'Jakarta Pusat', name: 'Pos Bloc Jakarta' },
  { zone: 'Asia/Makassar', province: 'Sulawesi Selatan', city: 'Makassar', name: 'Kantor Pos Besar Makassar' },
  { zone: 'Asia/Jayapura', province: 'Papua', city: 'Jayapura', name: 'Kantor Pos Jayapura' },
] as const;
const AUGUST = { from: '2026-08-01', to: '2026-08-31' };
const OPEN = 9180;
const BOOKED = 870;
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));

let t: TestApp;
let admin: User;
let creators: Record<'ayu' | 'budi' | 'citra' | 'dewi' | 'organiser', User>;
const sites: Array<{ venue: Venue; workshop: Room; podcast: Room; manager: User; zone: string }> = [];

const local = (date: string, time: string, zone: string) => new Date(at(date, time, zone));

async function book(site: (typeof sites)[number], creator: User, from: [string, string], to: [string, string], extra: Partial<Reservation> = {}) {
  return t.tx.write(async (m) => {
    const startAt = local(from[0], from[1], site.zone);
    const endAt = local(to[0], to[1], site.zone);
    return m.save(m.create(Reservation, {
      roomId: site.workshop.id, venueId: site.venue.id, creatorId: creator.id, kind: 'booking', status: 'confirmed', title: 'Live selling',
      headcount: 2, notes: '', startAt, endAt, occupiedEndAt: endAt, seriesId: null, statusReason: null, eventId: null, sequence: 0, ...extra,
    }));
  });
}

async function history(reservation: Reservation, action: 'approved' | 'cancelled', when: Date) {
  await t.tx.write((m) => m.insert(ReservationHistory, { reservationId: reservation.id, actorId: null, action, reason: null, details: {}, createdAt: when }));
}

async function seedSite(site: (typeof sites)[number]) {
  const z = site.zone;
  await t.tx.write((m) => m.insert(Closure, [
    { venueId: site.venue.id, startDate: '2026-08-17', endDate: '2026-08-17', reason: 'Hari Kemerdekaan', kind: 'holiday', estimated: false },
    { venueId: site.venue.id, startDate: '2026-08-25', endDate: '2026-08-25', reason: 'Maulid Nabi', kind: 'holiday', estimated: false },
    { venueId: site.venue.id, startDate: '2026-08-12', endDate: '2026-08-13', reason: 'Perawatan AC', kind: 'maintenance', estimated: false },
    { venueId: site.venue.id, startDate: '2026-09-01', endDate: '2026-09-01', reason: 'Di luar periode', kind: 'maintenance', estimated: false },
  ]));
  await book(site, creators.dewi, ['2026-07-31', '23:00'], ['2026-08-01', '02:00']);
  await book(site, creators.ayu, ['2026-08-04', '09:00'], ['2026-08-04', '11:00']);
  const approved = await book(site, creators.budi, ['2026-08-05', '10:00'], ['2026-08-05', '12:30']);
  await history(approved, 'approved', local('2026-08-01', '10:00', z));
  await book(site, creators.ayu, ['2026-08-07', '22:00'], ['2026-08-08', '02:00']);
  await book(site, creators.citra, ['2026-08-31', '23:00'], ['2026-09-01', '01:00']);
  await book(site, creators.budi, ['2026-08-10', '09:00'], ['2026-08-10', '10:00'], { status: 'pending' });
  await book(site, creators.budi, ['2026-08-11', '08:00'], ['2026-08-11', '12:00'], { kind: 'block', creatorId: site.manager.id });
  const late = await book(site, creators.budi, ['2026-08-14', '09:00'], ['2026-08-14', '10:00'], { status: 'cancelled' });
  await history(late, 'cancelled', local('2026-08-14', '08:00', z));
  const early = await book(site, creators.budi, ['2026-08-20', '09:00'], ['2026-08-20', '10:00'], { status: 'cancelled' });
  await history(early, 'cancelled', local('2026-08-01', '09:00', z));
  await book(site, creators.budi, ['2026-08-18', '09:00'], ['2026-08-18', '10:00'], { status: 'rejected', statusReason: 'Bentrok dengan acara kantor pos' });
  await book(site, creators.budi, ['2026-08-19', '09:00'], ['2026-08-19', '10:00'], { status: 'no_show' as Reservation['status'] });

  const event = await t.tx.write((m) => m.save(m.create(EventRecord, {
    organiserId: creators.organiser.id, venueId: site.venue.id, kind: 'workshop', status: 'completed', title: 'Foto produk dengan ponsel',
    summary: '', description: '', tags: [], language: 'id', capacity: 3, registrationOpensAt: null, registrationClosesAt: null,
    startsAt: local('2026-08-06', '13:00', z), endsAt: local('2026-08-06', '16:00', z), arrivals: 5, sequence: 0, cancelReason: null, coverImageUrl: null,
  })));
  const session = await book(site, creators.organiser, ['2026-08-06', '13:00'], ['2026-08-06', '16:00'], { eventId: event.id });
  await t.tx.write(async (m) => {
    await m.insert(EventSession, { eventId: event.id, roomId: site.workshop.id, reservationId: session.id, title: 'Praktik', speaker: 'Rina', startAt: session.startAt, endAt: session.endAt, capacity: null });
    const people: Array<[Registration['status'], boolean]> = [['confirmed', true], ['confirmed', true], ['confirmed', false], ['waitlisted', false], ['cancelled', false]];
    for (const [i, [status, checkedIn]] of people.entries()) {
      await m.insert(Registration, {
        eventId: event.id, status, arrival: i + 1, tokenHash: randomBytes(32).toString('hex'), ticketCode: `T${site.venue.id}-${i}`, name: `Peserta ${i}`,
        email: `peserta${i}-${site.venue.id}@contoh.id`, phone: null, businessName: null, sector: null, consent: true, locale: 'id',
        checkedInAt: checkedIn ? local('2026-08-06', '12:50', z) : null, cancelledAt: null, cancelReason: null, sequence: 0,
      });
    }
    await m.insert(DomainEventRecord, {
      uid: `evt_${randomBytes(8).toString('hex')}`, type: 'registration.promoted', version: 1, occurredAt: local('2026-08-02', '10:00', z),
      actorId: null, venueId: site.venue.id, eventId: event.id, subjectUserId: null, payload: '{}',
    });
  });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin' });
  creators = {
    ayu: await createUser(t, { name: 'Ayu Kuliner', profile: { sector: 'kuliner', scale: 'mikro', province: 'DKI Jakarta', reportConsent: true } }),
    budi: await createUser(t, { name: 'Budi', profile: { sector: 'kriya', scale: 'kecil', province: 'Bali', reportConsent: false } }),
    citra: await createUser(t, { name: 'Citra Fesyen', profile: { sector: 'fesyen', scale: 'kecil', province: 'Papua', reportConsent: true } }),
    dewi: await createUser(t, { name: 'Dewi', profile: { sector: 'kosmetik', scale: 'mikro', province: 'Papua', reportConsent: true } }),
    organiser: await createUser(t, { name: 'Komunitas Foto', profile: { sector: 'jasa_kreatif', scale: 'mikro', province: 'Sulawesi Selatan', reportConsent: true } }),
  };
  for (const z of ZONES) {
    const venue = await createVenue(t, { timezone: z.zone, province: z.province, city: z.city, name: z.name }, WEEKDAYS);
    const workshop = await createRoom(t, venue.id, { name: 'Ruang Lokakarya', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
    const podcast = await createRoom(t, venue.id, { name: '=HYPERLINK("http://x") Podcast', kind: 'podcast_room' });
    const manager = await makeManager(t, venue.id);
    sites.push({ venue, workshop, podcast, manager, zone: z.zone });
  }
  for (const site of sites) await seedSite(site);
  // Ayu booked before August (in June): she is a returning creator; everyone else is new in August.
  await book(sites[0], creators.ayu, ['2026-06-10', '09:00'], ['2026-06-10', '10:00']);
  await rebuildReportRollups(t);
});
afterAll(async () => { await t.close(); });

const venueReport = async (site: (typeof sites)[number], query: Record<string, string> = AUGUST, user: User = site.manager) =>
  request(t.server).get(`/api/reports/venues/${site.venue.id}`).query(query).set('Authorization', await bearer(t, user));

describe('venue report: known answers in WIB, WITA and WIT', () => {
  it.each([0, 1, 2])('utilisation per room from opening hours minus holidays and closures, bookings clipped to the period (site %i)', async (i) => {
    const res = await venueReport(sites[i]);
    expect(res.status).toBe(200);
    const workshop = res.body.rooms.find((r: { roomId: number }) => r.roomId === sites[i].workshop.id);
    expect(workshop).toMatchObject({ name: 'Ruang Lokakarya', kind: 'workshop_room', openMinutes: OPEN, bookedMinutes: BOOKED, eventMinutes: 180, bookingMinutes: 690, pendingMinutes: 60, blockMinutes: 240 });
    expect(workshop.utilisation).toBeCloseTo(870 / 9180, 10);
    const podcast = res.body.rooms.find((r: { roomId: number }) => r.roomId === sites[i].podcast.id);
    expect(podcast).toMatchObject({ openMinutes: OPEN, bookedMinutes: 0, utilisation: 0 });
    expect(res.body.totals).toMatchObject({
      openMinutes: 2 * OPEN, bookedMinutes: BOOKED, holidayMinutes: 2 * 540, closureMinutes: 2 * 540, creators: 4, events: 1, registrations: 3, checkIns: 2,
    });
    expect(res.body.totals.utilisation).toBeCloseTo(870 / 18360, 10);
  });

  it.each([0, 1, 2])('a booking across midnight counts on both days of the heatmap, in local time (site %i)', async (i) => {
    const grid: number[][] = (await venueReport(sites[i])).body.heatmap.bookedMinutes;
    const expected = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    // Monday = 0 … Sunday = 6.
    expected[4][22] = 60; expected[4][23] = 60; // Fri 7 Aug 22.00–24.00
    expected[5][0] = 120; expected[5][1] = 120; // Sat 8 Aug 00.00–02.00 and Sat 1 Aug 00.00–02.00
    expected[1][9] = 60; expected[1][10] = 60; // Tue 4 Aug
    expected[2][10] = 60; expected[2][11] = 60; expected[2][12] = 30; // Wed 5 Aug
    expected[3][13] = 60; expected[3][14] = 60; expected[3][15] = 60; // Thu 6 Aug, the event
    expected[0][23] = 60; // Mon 31 Aug 23.00–24.00
    expect(grid).toEqual(expected);
  });

  it('counts requests by outcome, rejection reasons, cancellations by how late, and no-shows', async () => {
    const { requests } = (await venueReport(sites[1])).body;
    expect(requests).toEqual({
      made: 9, confirmed: 4, approved: 1, pending: 1, rejected: 1, cancelled: 2, noShows: 1,
      reasons: [{ key: 'Bentrok dengan acara kantor pos', count: 1 }],
      cancelledByLead: { after_start: 0, under_24h: 1, under_7d: 0, over_7d: 1 },
    });
  });

  it('counts events, registrations, waiting-list promotions and the show-up rate by event kind', async () => {
    const { events } = (await venueReport(sites[2])).body;
    expect(events.byKind).toEqual([{ kind: 'workshop', events: 1, registrations: 3, waitlisted: 1, promotions: 1, checkIns: 2, pastRegistrations: 3, showUpRate: 2 / 3 }]);
  });

  it('breaks reach down only for creators who consented, and tells first-time from returning', async () => {
    const { reach } = (await venueReport(sites[1])).body;
    // Served in August: Ayu, Budi, Citra and the organiser (Dewi's only booking started in July). Budi did not consent.
    expect(reach).toEqual({
      creators: 4, counted: 3, notCounted: 1, firstTime: 3, returning: 1,
      bySector: [{ key: 'fesyen', count: 1 }, { key: 'jasa_kreatif', count: 1 }, { key: 'kuliner', count: 1 }],
      byScale: [{ key: 'mikro', count: 2 }, { key: 'kecil', count: 1 }],
      byProvince: [{ key: 'DKI Jakarta', count: 1 }, { key: 'Papua', count: 1 }, { key: 'Sulawesi Selatan', count: 1 }],
    });
  });

  it('a custom period with no opening at all has utilisation 0, not a division by zero', async () => {
    const res = await venueReport(sites[0], { from: '2026-08-17', to: '2026-08-17' });
    expect(res.status).toBe(200);
    expect(res.body.rooms.map((r: { openMinutes: number; utilisation: number }) => [r.openMinutes, r.utilisation])).toEqual([[0, 0], [0, 0]]);
  });
});

describe('network report', () => {
  it('adds up every zone, each read in its own local dates', async () => {
    const res = await request(t.server).get('/api/reports/network').query(AUGUST).set('Authorization', await bearer(t, admin));
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ rooms: 6, openMinutes: 6 * OPEN, bookedMinutes: 3 * BOOKED, creators: 4, events: 3, registrations: 9, checkIns: 6 });
    expect(res.body.requests.made).toBe(27);
    expect(res.body.roomKinds).toEqual([
      { kind: 'podcast_room', rooms: 3, openMinutes: 3 * OPEN, bookedMinutes: 0, utilisation: 0 },
      { kind: 'workshop_room', rooms: 3, openMinutes: 3 * OPEN, bookedMinutes: 3 * BOOKED, utilisation: BOOKED / OPEN },
    ]);
    expect(res.body.venues).toHaveLength(3);
    expect(res.body.venues[0]).toMatchObject({ bookedMinutes: BOOKED, creators: 4 });
  });

  it('filters by province and by room kind', async () => {
    const auth = await bearer(t, admin);
    const papua = await request(t.server).get('/api/reports/network').query({ ...AUGUST, province: 'Papua' }).set('Authorization', auth);
    expect(papua.body.venues.map((v: { name: string }) => v.name)).toEqual(['Kantor Pos Jayapura']);
    expect(papua.body.totals).toMatchObject({ openMinutes: 2 * OPEN, bookedMinutes: BOOKED, events: 1 });
    const podcasts = await request(t.server).get('/api/reports/network').query({ ...AUGUST, roomKind: 'podcast_room' }).set('Authorization', auth);
    expect(podcasts.body.totals).toMatchObject({ rooms: 3, openMinutes: 3 * OPEN, bookedMinutes: 0, creators: 0, events: 0 });
    expect(podcasts.body.requests.made).toBe(0);
  });

  it('lists the rooms only when asked to; the venue report always does', async () => {
    const auth = await bearer(t, admin);
    const plain = await request(t.server).get('/api/reports/network').query(AUGUST).set('Authorization', auth);
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('rooms');
    expect(plain.body.totals.rooms).toBe(6);
    const withRooms = await request(t.server).get('/api/reports/network').query({ ...AUGUST, rooms: 'true' }).set('Authorization', auth);
    expect(withRooms.body.rooms).toHaveLength(6);
    expect(withRooms.body.rooms.reduce((sum: number, r: { bookedMinutes: number }) => sum + r.bookedMinutes, 0)).toBe(3 * BOOKED);
    expect((await request(t.server).get('/api/reports/network').query({ ...AUGUST, rooms: 'false' }).set('Authorization', auth)).body).not.toHaveProperty('rooms');
    expect((await venueReport(sites[0], AUGUST, admin)).body.rooms).toHaveLength(2);
    const doc = (await request(t.server).get('/api/docs/openapi.json')).body;
    expect(doc.paths['/api/reports/network'].get.parameters.map((p: { name: string }) => p.name)).toContain('rooms');
  });

  it('refuses a rooms value that is not yes or no with a 400 in Indonesian and English', async () => {
    const auth = await bearer(t, admin);
    const ask = (lang: string) => request(t.server).get('/api/reports/network').query({ ...AUGUST, rooms: 'semua' }).set('Authorization', auth).set('Accept-Language', lang);
    const [inId, inEn] = [await ask('id'), await ask('en')];
    expect(inId.status).toBe(400);
    expect(inId.body.fields.rooms.join(' ')).toContain('Pilih ya atau tidak');
    expect(inEn.status).toBe(400);
    expect(inEn.body.fields.rooms.join(' ')).toContain('Choose yes or no');
  });
});

describe('no stale figures', () => {
  it('a booking made through the API shows in the next report, and is gone once cancelled', async () => {
    const site = sites[1];
    const date = nextWeekday(site.zone, 3);
    const auth = await bearer(t, creators.citra);
    const before = (await venueReport(site, { from: date, to: date })).body.totals.bookedMinutes;
    const made = await request(t.server).post('/api/reservations').set('Authorization', auth)
      .send({ roomId: site.workshop.id, start: at(date, '10:00', site.zone), end: at(date, '12:00', site.zone), headcount: 2, title: 'Live selling kain tenun' });
    expect(made.status).toBe(201);
    expect((await venueReport(site, { from: date, to: date })).body.totals.bookedMinutes).toBe(before + 120);
    const cancelled = await request(t.server).post(`/api/reservations/${made.body.id}/cancel`).set('Authorization', auth).send({});
    expect(cancelled.status).toBe(200);
    const after = (await venueReport(site, { from: date, to: date })).body;
    expect(after.totals.bookedMinutes).toBe(before);
    expect(after.requests.cancelled).toBe(1);
  });
});

describe('permissions and bad input', () => {
  it('anonymous 401, creators 403, a manager of another venue 403, an unknown venue 404', async () => {
    expect((await request(t.server).get(`/api/reports/venues/${sites[0].venue.id}`)).status).toBe(401);
    expect((await venueReport(sites[0], AUGUST, creators.ayu)).status).toBe(403);
    const other = await venueReport(sites[0], AUGUST, sites[1].manager);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('not_venue_manager');
    expect((await request(t.server).get('/api/reports/venues/999999').set('Authorization', await bearer(t, admin))).status).toBe(404);
    expect((await venueReport(sites[0], AUGUST, admin)).status).toBe(200);
  });

  it('the network report is for admins only', async () => {
    expect((await request(t.server).get('/api/reports/network')).status).toBe(401);
    expect((await request(t.server).get('/api/reports/network').set('Authorization', await bearer(t, sites[0].manager))).status).toBe(403);
    expect((await request(t.server).get('/api/reports/network').set('Authorization', await bearer(t, creators.ayu))).status).toBe(403);
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from', 'TTTT-BB-HH', 'YYYY-MM-DD'],
    [{ from: '2026-08-31', to: '2026-08-01' }, 'to', 'tidak boleh sebelum', 'cannot be before'],
    [{ from: '2026-01-01', to: '2027-01-02' }, 'to', 'paling lama 366 hari', 'at most 366 days'],
    [{ period: 'minggu_depan' }, 'period', 'Pilih periode', 'Choose a period'],
  ])('refuses %j with a 400 in Indonesian and English', async (query, field, id, en) => {
    const auth = await bearer(t, sites[0].manager);
    const url = `/api/reports/venues/${sites[0].venue.id}`;
    const inId = await request(t.server).get(url).query(query).set('Authorization', auth).set('Accept-Language', 'id');
    const inEn = await request(t.server).get(url).query(query).set('Authorization', auth).set('Accept-Language', 'en');
    expect(inId.status).toBe(400);
    expect(inId.body.fields[field].join(' ')).toContain(id);
    expect(inEn.status).toBe(400);
    expect(inEn.body.fields[field].join(' ')).toContain(en);
  });

  it('the report pages follow the same rules', async () => {
    const { agent } = await browser(t, '/manage', sites[0].manager);
    expect((await agent.get(`/manage/venues/${sites[0].venue.id}/report`).set('Accept', 'text/html')).status).toBe(200);
    expect((await agent.get(`/manage/venues/${sites[1].venue.id}/report`).set('Accept', 'text/html')).status).toBe(403);
    expect((await agent.get('/manage/reports').set('Accept', 'text/html')).status).toBe(403);
    const creator = (await browser(t, '/', creators.ayu)).agent;
    expect((await creator.get(`/manage/venues/${sites[0].venue.id}/report`).set('Accept', 'text/html')).status).toBe(403);
    const visitor = await request(t.server).get(`/manage/venues/${sites[0].venue.id}/report`).set('Accept', 'text/html');
    expect(visitor.status).toBe(303);
  });
});

describe('report pages and downloads', () => {
  it('shows the charts with titles, summaries and the data as tables; a bad period shows the picker with its message', async () => {
    const { agent } = await browser(t, '/manage', sites[0].manager);
    const page = await agent.get(`/manage/venues/${sites[0].venue.id}/report`).query(AUGUST).set('Accept', 'text/html');
    expect(page.text).toContain('Pemanfaatan per ruang');
    expect(page.text).toContain('Kapan ruang dipakai');
    expect(page.text).toMatch(/<svg class="chart chart-heatmap"[^>]*role="img"/);
    expect(page.text).toContain('Ruang terpakai 4,7% dari jam buka (14,5 dari 306 jam)');
    expect(page.text).toContain('<caption id="caption-rooms">Pemanfaatan per ruang</caption>');
    const bad = await agent.get(`/manage/venues/${sites[0].venue.id}/report`).query({ from: '2026-08-31', to: '2026-08-01' }).set('Accept', 'text/html');
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('Tanggal akhir tidak boleh sebelum tanggal awal.');
    const english = await agent.get(`/manage/venues/${sites[0].venue.id}/report`).query({ ...AUGUST, lang: 'en' }).set('Accept', 'text/html');
    expect(english.text).toContain('Rooms were booked 4.7% of their open hours (14.5 of 306 h)');
  });

  it('downloads the report as CSV (UTF-8 BOM, formula-safe) and as XLSX with one sheet per table', async () => {
    const { agent } = await browser(t, '/manage', sites[0].manager);
    const csv = await agent.get(`/manage/venues/${sites[0].venue.id}/report.csv`).query(AUGUST);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="?laporan-.*-2026-08-01-2026-08-31\.csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    // 9180 open minutes = 153 h; 870 booked = 14.5 h = 9.5%; 180 event minutes = 3 h; 60 pending = 1 h; 240 blocked = 4 h.
    expect(csv.text).toContain('\r\n"Ruang Lokakarya","Ruang lokakarya","153","14.5","9.5","3","1","4"\r\n');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"") Podcast"`);

    const xlsx = await agent.get(`/manage/venues/${sites[0].venue.id}/report.xlsx`).query(AUGUST).buffer(true)
      .parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Pemanfaatan per ruang', 'Pemanfaatan per jenis ruang', 'Jam terpakai per hari dan jam', 'Permintaan pemesanan', 'Acara per jenis', 'Jangkauan kreator']);
    const rooms = book.getWorksheet('Pemanfaatan per ruang')!;
    const byName = (name: string) => (rooms.getRows(2, 2) ?? []).find((r) => r.getCell(1).value === name);
    expect((byName('Ruang Lokakarya')!.values as unknown[]).slice(1)).toEqual(['Ruang Lokakarya', 'Ruang lokakarya', 153, 14.5, 9.5, 3, 1, 4]);
    const hostile = byName('=HYPERLINK("http://x") Podcast')!;
    expect(hostile.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect((hostile.values as unknown[]).slice(2)).toEqual(['Ruang podcast', 153, 0, 0, 0, 0, 0]);
  });
});
