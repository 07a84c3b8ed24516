import { DateTime } from 'luxon';
import request from 'supertest';
import { In } from 'typeorm';
import { DomainEventRecord } from '../src/domain-events/domain-event.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { NoShowWorker } from '../src/reservations/no-show.worker.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { WorkerLease } from '../src/database/worker-lease.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Room check-in and the release of unused bookings, driven by the worker's clock (run(now)), never by waiting.
const ZONE = 'Asia/Makassar';
const MIN = 60_000;
let t: TestApp;
let venue: Venue;
let studio: Room;
let manager: User;
let managerToken: string;
const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:00', closes: '21:00' }));

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar' }, everyDay);
  studio = await createRoom(t, venue.id, { name: 'Studio Live Losari', checkInMinutes: 15 });
  manager = await makeManager(t, venue.id);
  managerToken = await bearer(t, manager);
});
afterAll(() => t.close());

const worker = () => t.app.get(NoShowWorker);
/** 10:00 (or `hh`) at the venue `days` days from today. */
const localAt = (days: number, hh = '10:00') => DateTime.now().setZone(ZONE).startOf('day').plus({ days }).set({ hour: Number(hh.slice(0, 2)), minute: Number(hh.slice(3)) });

async function book(token: string, room: Room, start: DateTime, minutes = 60, title = 'Live selling kopi') {
  return request(t.server).post('/api/reservations').set('Authorization', token)
    .send({ roomId: room.id, start: start.toISO({ suppressMilliseconds: true }), end: start.plus({ minutes }).toISO({ suppressMilliseconds: true }), headcount: 2, title });
}

/** A booking written straight to the table, for times around the real clock that the booking rules would refuse. */
function insertBooking(creator: User, room: Room, startAt: Date, minutes = 60, over: Partial<Reservation> = {}): Promise<Reservation> {
  const endAt = new Date(startAt.getTime() + minutes * MIN);
  return t.tx.write((m) => m.save(m.create(Reservation, {
    roomId: room.id, venueId: room.venueId, creatorId: creator.id, kind: 'booking', status: 'confirmed', title: 'Rekaman podcast UMKM',
    headcount: 2, notes: '', startAt, endAt, occupiedEndAt: endAt, seriesId: null, statusReason: null, eventId: null, sequence: 0, checkedInAt: null, ...over,
  })));
}

const eventsOf = (type: string, id: number) => t.db.getRepository(DomainEventRecord).find({ where: { type } })
  .then((rows) => rows.map((e) => ({ ...e, payload: JSON.parse(e.payload) as { reservation: { id: number } } & Record<string, unknown> }))
    .filter((e) => e.payload.reservation.id === id));
const mailsOf = (id: number) => t.db.getRepository(OutboxMessage).find({ order: { id: 'ASC' } })
  .then((rows) => rows.filter((r) => r.dedupeKey.startsWith(`reservation-${id}-`)));
const field = (ics: string, name: string) => new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(ics)?.[1];

describe('the room rule', () => {
  it('is on (15 minutes) for new studios, off for other rooms, 5–60 or null through the API', async () => {
    const post = (kind: string) => request(t.server).post(`/api/venues/${venue.id}/rooms`).set('Authorization', managerToken).send({ name: `Ruang ${kind}`, kind, capacity: 4 });
    const podcast = await post('podcast_room');
    expect([podcast.status, podcast.body.rules.checkInMinutes]).toEqual([201, 15]);
    const meeting = await post('meeting_room');
    expect(meeting.body.rules.checkInMinutes).toBeNull();
    const patch = (body: object) => request(t.server).patch(`/api/rooms/${podcast.body.id}`).set('Authorization', managerToken).set('Accept-Language', 'en').send(body);
    const tooShort = await patch({ checkInMinutes: 3 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.fields.checkInMinutes).toBeDefined();
    expect((await patch({ checkInMinutes: 61 })).status).toBe(400);
    expect((await patch({ checkInMinutes: 30 })).body.rules.checkInMinutes).toBe(30);
    expect((await patch({ checkInMinutes: null })).body.rules.checkInMinutes).toBeNull();
  });

  it('has a per-venue no-show policy (limit, window, approval period), validated, in the API', async () => {
    const patch = (body: object) => request(t.server).patch(`/api/venues/${venue.id}`).set('Authorization', managerToken).send(body);
    expect((await patch({ noShowLimit: 0 })).status).toBe(400);
    expect((await patch({ noShowApprovalDays: 400 })).status).toBe(400);
    const saved = await patch({ noShowLimit: 4, noShowWindowDays: 14 });
    expect(saved.body.fairUse).toEqual({ noShowLimit: 4, noShowWindowDays: 14, noShowApprovalDays: 30 });
    expect((await patch({ noShowLimit: 3, noShowWindowDays: 30 })).body.fairUse.noShowLimit).toBe(3);
  });

  it('is on the room form, and a printable sign with the QR code to the room check-in address is on the manage pages', async () => {
    const page = await browser(t, `/manage/rooms/${studio.id}`, manager);
    expect(page.html).toContain('name="checkInMinutes"');
    expect(page.html).toMatch(/name="checkInMinutes"[^>]*value="15"/);
    const saved = await page.agent.post(`/manage/rooms/${studio.id}`).type('form').set('Accept', 'text/html')
      .send({ _csrf: page.csrf, name: studio.name, kind: studio.kind, capacity: '4', slotMinutes: '30', minMinutes: '60', maxMinutes: '240', bufferMinutes: '0', horizonDays: '60', checkInMinutes: '70', active: 'on' });
    expect(saved.status).toBe(400);
    expect(saved.text).toContain('checkInMinutes');
    const sign = await page.agent.get(`/manage/rooms/${studio.id}/sign`);
    expect(sign.status).toBe(200);
    expect(sign.text).toContain(`${t.config.publicBaseUrl}/rooms/${studio.id}/check-in`);
    expect(sign.text).toContain('data:image/svg+xml;base64,');
    expect(sign.text).toContain('Check-in di sini');
    expect(sign.text).toContain('Check in here');
    const creator = await createUser(t);
    const stranger = await browser(t, '/', creator);
    expect((await stranger.agent.get(`/manage/rooms/${studio.id}/sign`)).status).toBe(403);
  });
});

describe('checking in', () => {
  it('is open from 15 minutes before the start until start + N, for the creator or a manager only', async () => {
    const creator = await createUser(t);
    const token = await bearer(t, creator);
    const [roomA, roomB, roomC] = await Promise.all(['Studio Foto 1', 'Studio Foto 2', 'Studio Foto 3'].map((name) => createRoom(t, venue.id, { name, kind: 'photo_studio', checkInMinutes: 15 })));
    const checkIn = (id: number, auth = token) => request(t.server).post(`/api/reservations/${id}/check-in`).set('Authorization', auth).set('Accept-Language', 'en');
    const early = await insertBooking(creator, roomA, new Date(Date.now() + 30 * MIN));
    const refused = await checkIn(early.id);
    expect([refused.status, refused.body.code]).toEqual([400, 'check_in_too_early']);
    expect(refused.body.message).toMatch(/^Too early to check in: check-in opens /);
    const late = await insertBooking(creator, roomB, new Date(Date.now() - 20 * MIN), 120);
    expect((await checkIn(late.id)).body.code).toBe('check_in_too_late');
    const pending = await insertBooking(creator, roomA, new Date(Date.now() + 5 * MIN), 20, { status: 'pending' });
    expect((await checkIn(pending.id)).status).toBe(409);

    const now = await insertBooking(creator, roomC, new Date(Date.now() + 5 * MIN));
    const other = await bearer(t, await createUser(t));
    expect((await checkIn(now.id, other)).status).toBe(404);
    const done = await checkIn(now.id);
    expect(done.status).toBe(200);
    expect(done.body.checkedInAt).toMatch(/\+08:00$/);
    const twice = await checkIn(now.id);
    expect([twice.status, twice.body.code]).toEqual([409, 'check_in_already']);
    const events = await eventsOf('reservation.checked_in', now.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ checkedInBy: 'creator', via: 'booking', reservation: { id: now.id, status: 'confirmed' } });

    const forSomeone = await insertBooking(creator, studio, new Date(Date.now() + 10 * MIN));
    expect((await checkIn(forSomeone.id, managerToken)).status).toBe(200);
  });

  it('works from the booking page on a phone: the button, the form post with CSRF, the message in Indonesian', async () => {
    const creator = await createUser(t);
    const room = await createRoom(t, venue.id, { name: 'Ruang Podcast Karebosi', kind: 'podcast_room', checkInMinutes: 15 });
    const r = await insertBooking(creator, room, new Date(Date.now() + 8 * MIN));
    const page = await browser(t, `/reservations/${r.id}`, creator);
    expect(page.html).toContain('Check-in sekarang');
    const noToken = await page.agent.post(`/reservations/${r.id}/check-in`).type('form').send({});
    expect(noToken.status).toBe(403);
    const posted = await page.agent.post(`/reservations/${r.id}/check-in`).type('form').send({ _csrf: page.csrf });
    expect([posted.status, posted.headers.location]).toEqual([303, `/reservations/${r.id}`]);
    const after = await page.agent.get(`/reservations/${r.id}`).set('Accept', 'text/html');
    expect(after.text).toContain('Check-in berhasil');
    expect(after.text).toContain('Sudah check-in pukul');
    expect(after.text).not.toContain('Check-in sekarang');
  });

  it('works from the QR code at the door: it finds the booking in that room now, or says there is none', async () => {
    const creator = await createUser(t);
    const room = await createRoom(t, venue.id, { name: 'Studio Foto Pantai', kind: 'photo_studio', checkInMinutes: 15 });
    const page = await browser(t, `/rooms/${room.id}/check-in`, creator);
    expect(page.html).toContain('Tidak ada pemesanan Anda saat ini');
    const r = await insertBooking(creator, room, new Date(Date.now() - 3 * MIN), 60, { title: 'Foto katalog tenun' });
    const landing = await page.agent.get(`/rooms/${room.id}/check-in`).set('Accept', 'text/html');
    expect(landing.text).toContain('Foto katalog tenun');
    expect(landing.text).toContain('Check-in sekarang');
    const posted = await page.agent.post(`/reservations/${r.id}/check-in`).type('form').send({ _csrf: page.csrf, back: 'room' });
    expect(posted.status).toBe(303);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: r.id })).checkedInAt).not.toBeNull();
    expect((await eventsOf('reservation.checked_in', r.id))[0].payload).toMatchObject({ via: 'room_qr' });
    const signedOut = await request(t.server).get(`/rooms/${room.id}/check-in`).set('Accept', 'text/html');
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.location).toContain('/sign-in');
  });
});

describe('releasing unused bookings', () => {
  it('releases a booking not checked in by start + N: no-show, slot free, one event, a calendar CANCEL of the same UID', async () => {
    const creator = await createUser(t, { name: 'Sari Wulandari', locale: 'id' });
    const token = await bearer(t, creator);
    const start = localAt(2);
    const made = await book(token, studio, start);
    expect([made.status, made.body.status]).toEqual([201, 'confirmed']);
    const id = made.body.id;
    const [invite] = await mailsOf(id);
    const uid = field(invite.ics!, 'UID');

    expect(await worker().run(new Date(start.toMillis() + 14 * MIN))).toBe(0);
    expect(await worker().run(new Date(start.toMillis() + 16 * MIN))).toBe(1);
    const row = await t.db.getRepository(Reservation).findOneByOrFail({ id });
    expect([row.status, row.sequence]).toEqual(['no_show', 1]);
    expect(row.statusReason).toContain('Tidak ada check-in sampai');
    expect(await worker().run(new Date(start.toMillis() + 17 * MIN))).toBe(0);
    expect(await eventsOf('reservation.no_show', id)).toHaveLength(1);

    const mails = await mailsOf(id);
    const released = mails.filter((m) => m.kind === 'reservation_no_show');
    expect(released).toHaveLength(1);
    expect(released[0].subject).toBe('Pemesanan dilepas, tidak ada check-in: Live selling kopi');
    expect(released[0].ics).toMatch(/^METHOD:CANCEL\r?$/m);
    expect(field(released[0].ics!, 'UID')).toBe(uid);
    expect(Number(field(released[0].ics!, 'SEQUENCE'))).toBeGreaterThan(Number(field(invite.ics!, 'SEQUENCE') ?? 0));

    // The slot is free for others at once.
    const other = await book(await bearer(t, await createUser(t)), studio, start);
    expect(other.status).toBe(201);
    // The creator sees it released on the booking page.
    const page = await browser(t, `/reservations/${id}`, creator);
    expect(page.html).toContain('Tidak hadir (dilepas)');
  });

  it('never releases a checked-in booking, a pending request, or a booking in a room without the rule', async () => {
    const creator = await createUser(t);
    const plain = await createRoom(t, venue.id, { name: 'Ruang Rapat Pinisi', kind: 'meeting_room', checkInMinutes: null });
    const start = localAt(3);
    const checkedIn = await insertBooking(creator, studio, start.toJSDate(), 60, { checkedInAt: start.minus({ minutes: 5 }).toJSDate() });
    const pending = await insertBooking(creator, studio, start.plus({ hours: 2 }).toJSDate(), 60, { status: 'pending' });
    const noRule = await insertBooking(creator, plain, start.toJSDate());
    await worker().run(start.plus({ hours: 3 }).toJSDate());
    const statuses = await t.db.getRepository(Reservation).findBy({ id: In([checkedIn.id, pending.id, noRule.id]) });
    expect(statuses.map((r) => r.status).sort()).toEqual(['confirmed', 'confirmed', 'pending']);
  });

  it('after three no-shows in 30 days asks approval for the next bookings there, says so in the mail and on the form, and managers see the count', async () => {
    const creator = await createUser(t, { name: 'Budi Santoso' });
    const token = await bearer(t, creator);
    const ids: number[] = [];
    for (const days of [4, 5, 6]) {
      const made = await book(token, studio, localAt(days, '12:00'));
      expect(made.body.status).toBe('confirmed');
      ids.push(made.body.id);
      await worker().run(localAt(days, '12:16').toJSDate());
    }
    const mails = await Promise.all(ids.map(mailsOf));
    const noShowMail = (list: OutboxMessage[]) => list.find((m) => m.kind === 'reservation_no_show')!;
    expect(noShowMail(mails[1]).textBody).not.toContain('perlu persetujuan');
    expect(noShowMail(mails[2]).textBody).toContain('pemesanan Anda berikutnya di lokasi ini perlu persetujuan pengelola sampai');
    expect((await eventsOf('reservation.no_show', ids[2]))[0].payload).toMatchObject({ checkInMinutes: 15, approvalRequiredUntil: expect.stringMatching(/\+08:00$/) });

    const next = await book(token, studio, localAt(8, '12:00'));
    expect([next.status, next.body.status]).toEqual([201, 'pending']);
    const form = await browser(t, `/reservations/new?roomId=${studio.id}&start=${encodeURIComponent(localAt(9, '12:00').toISO({ suppressMilliseconds: true })!)}`, creator);
    expect(form.html).toContain('Karena 3 kali tidak hadir dalam 30 hari, pemesanan Anda di lokasi ini perlu persetujuan pengelola sampai');

    const queue = await browser(t, '/manage/approvals', manager);
    expect(queue.html).toContain('Tidak hadir: 3 dalam 30 hari');
    const detail = await queue.agent.get(`/manage/reservations/${next.body.id}`).set('Accept', 'text/html');
    expect(detail.text).toContain('Tidak hadir: 3 dalam 30 hari');
    // A manager's own bookings never wait for approval.
    expect((await book(managerToken, studio, localAt(8, '15:00'))).body.status).toBe('confirmed');
  });
  it('releases a due short-rule booking even when a full batch of earlier-starting long-rule bookings is not due yet', async () => {
    const creator = await createUser(t, { name: 'Rina Paramitha' });
    const longRule = await createRoom(t, venue.id, { name: 'Studio Panjang', checkInMinutes: 60 });
    const shortRule = await createRoom(t, venue.id, { name: 'Studio Singkat', checkInMinutes: 5 });
    const now = localAt(10);
    // Four 5-minute bookings from 50 to 20 minutes ago under the 60-minute rule: none is due before start + 60.
    const waiting: Reservation[] = [];
    for (const ago of [50, 40, 30, 20]) waiting.push(await insertBooking(creator, longRule, now.minus({ minutes: ago }).toJSDate(), 5));
    // Started 10 minutes ago under the 5-minute rule: due 5 minutes ago.
    const due = await insertBooking(creator, shortRule, now.minus({ minutes: 10 }).toJSDate());
    // Started 5 minutes ago under the same rule: due exactly now, so released in this run too.
    const dueNow = await insertBooking(creator, await createRoom(t, venue.id, { name: 'Studio Singkat 2', checkInMinutes: 5 }), now.minus({ minutes: 5 }).toJSDate());
    const statuses = async () => (await t.db.getRepository(Reservation).findBy({ id: In(waiting.map((r) => r.id)) })).map((r) => r.status);
    worker().batchSize = 3;
    try {
      expect(await worker().run(now.toJSDate())).toBe(2);
      expect((await t.db.getRepository(Reservation).findBy({ id: In([due.id, dueNow.id]) })).map((r) => r.status)).toEqual(['no_show', 'no_show']);
      expect(await statuses()).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
      // Once their hour has passed: a full batch of three, and the next run goes on with the fourth.
      expect(await worker().run(now.plus({ minutes: 45 }).toJSDate())).toBe(3);
      expect(await worker().run(now.plus({ minutes: 46 }).toJSDate())).toBe(1);
      expect(await statuses()).toEqual(['no_show', 'no_show', 'no_show', 'no_show']);
    } finally {
      worker().batchSize = 1000;
    }
  });
});

describe('the manager day view today', () => {
  it('shows each room as in use, waiting for check-in, released or free, in words', async () => {
    const v = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Denpasar' }, everyDay);
    const rooms = await Promise.all(['Studio A', 'Studio B', 'Studio C', 'Studio D'].map((name) => createRoom(t, v.id, { name, checkInMinutes: 15 })));
    const boss = await makeManager(t, v.id);
    const creator = await createUser(t, { name: 'Made Wirawan' });
    const now = Date.now();
    await insertBooking(creator, rooms[0], new Date(now - 10 * MIN), 60, { checkedInAt: new Date(now - 12 * MIN), title: 'Sedang dipakai' });
    // Started 5 minutes ago, not checked in, inside its 15 minutes: waiting. (Every booking here has begun, so each is
    // in today's list whatever the clock says: one starting in 5 minutes would belong to tomorrow at 23.58.)
    await insertBooking(creator, rooms[1], new Date(now - 5 * MIN), 60, { title: 'Menunggu datang' });
    await insertBooking(creator, rooms[2], new Date(now - 30 * MIN), 90, { status: 'no_show', title: 'Tidak datang' });
    const page = await browser(t, `/manage/venues/${v.id}/schedule`, boss);
    const board = page.html.slice(page.html.indexOf('class="room-now"'), page.html.indexOf('</section>', page.html.indexOf('class="room-now"')));
    expect(board).toMatch(/now-in_use[\s\S]*Studio A[\s\S]*Dipakai[\s\S]*Sedang dipakai/);
    expect(board).toMatch(/now-waiting[\s\S]*Studio B[\s\S]*Menunggu check-in/);
    expect(board).toMatch(/now-released[\s\S]*Studio C[\s\S]*Dilepas \(tidak hadir\)/);
    expect(board).toMatch(/now-free[\s\S]*Studio D[\s\S]*Kosong/);
  });
});

describe('two app instances on one database', () => {
  it('release each booking exactly once and enqueue one mail, and a dead holder of the lease is taken over', async () => {
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      const token = await bearer(t, await createUser(t));
      const extra = await Promise.all(['Studio Makassar 2', 'Studio Makassar 3'].map((name) => createRoom(t, venue.id, { name, checkInMinutes: 15 })));
      const start = localAt(12);
      const ids: number[] = [];
      for (const room of [studio, ...extra]) ids.push((await book(token, room, start)).body.id);
      const at = new Date(start.toMillis() + 20 * MIN);
      const runs = [() => worker().run(at), () => second.app.get(NoShowWorker).run(at)];
      // PostgreSQL: at once. SQLite allows one writer per file, and two apps in one process would block each other's
      // thread on its lock, so there the instances take turns (still two instances, one lease, one database).
      const counts = t.tx.isPostgres ? await Promise.all(runs.map((run) => run())) : await runs.reduce<Promise<number[]>>(async (done, run) => [...(await done), await run()], Promise.resolve([]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
      for (const id of ids) {
        expect(await eventsOf('reservation.no_show', id)).toHaveLength(1);
        expect((await mailsOf(id)).filter((m) => m.kind === 'reservation_no_show')).toHaveLength(1);
      }

      // A restart in the middle of a run: the releases committed, the progress mark did not. The next run looks at
      // the same bookings again and changes nothing (each release is a conditional update).
      await t.tx.write((m) => m.update(WorkerLease, { name: 'no-show' }, { doneUntil: new Date(start.toMillis() - 60 * MIN) }));
      expect(await second.app.get(NoShowWorker).run(new Date(at.getTime() + MIN))).toBe(0);
      for (const id of ids) expect(await eventsOf('reservation.no_show', id)).toHaveLength(1);

      // An instance died holding the lease: nobody runs until it expires, then the other takes over.
      const later = localAt(13);
      // (A fresh creator: the first one has just reached three no-shows, so their bookings now wait for approval.)
      const last = (await book(await bearer(t, await createUser(t)), studio, later)).body.id;
      const due = new Date(later.toMillis() + 16 * MIN);
      await t.tx.write((m) => m.update(WorkerLease, { name: 'no-show' }, { holder: 'crashed-instance', expiresAt: new Date(due.getTime() + 4 * MIN) }));
      expect(await second.app.get(NoShowWorker).run(due)).toBe(0);
      expect(await second.app.get(NoShowWorker).run(new Date(due.getTime() + 5 * MIN))).toBe(1);
      expect(await eventsOf('reservation.no_show', last)).toHaveLength(1);
    } finally {
      await second.app.close();
    }
  });
});
