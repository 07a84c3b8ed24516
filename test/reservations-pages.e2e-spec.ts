import { DateTime } from 'luxon';
import request from 'supertest';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, longDate, nextWeekday } from './support/dates.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Jayapura';
let t: TestApp;
let venue: Venue;
let room: Room;
let creator: User;
let monday: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Jayapura' });
  room = await createRoom(t, venue.id, { name: 'Studio Cenderawasih' });
  creator = await createUser(t, { name: 'Yosef Kreator' });
  monday = nextWeekday(ZONE, 1);
});
afterAll(async () => { await t.close(); });

const bookViaApi = async (r: Room, date: string, from: string, to: string, who: User) =>
  request(t.server).post('/api/reservations').set('Authorization', await bearer(t, who))
    .send({ roomId: r.id, start: at(date, from, ZONE), end: at(date, to, ZONE), headcount: 1, title: 'Podcast kopi Papua' });

describe('booking through the pages', () => {
  it('shows the week in WIT with free slots as links and taken ones as taken, without names', async () => {
    await bookViaApi(room, monday, '10:00', '12:00', await createUser(t, { name: 'Orang Lain' }));
    const page = await request(t.server).get(`/rooms/${room.id}/book?week=${monday}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('WIT');
    expect(page.text).toContain(`start=${encodeURIComponent(at(monday, '08:00', ZONE))}`);
    expect(page.text).not.toContain(`start=${encodeURIComponent(at(monday, '10:00', ZONE))}`);
    expect(page.text).toContain('Terisi');
    expect(page.text).not.toContain('Orang Lain');
  });

  it('books a free slot in three steps: grid, form, submit, and lists it under my reservations', async () => {
    const { agent } = await browser(t, `/rooms/${room.id}/book?week=${monday}`, creator);
    const start = at(monday, '13:00', ZONE);
    const form = await agent.get(`/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('14.00 WIT');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const posted = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start, end: at(monday, '14:00', ZONE), title: 'Rekaman podcast', headcount: '2', repeat: 'none', count: '4', skipConflicts: 'false' });
    expect(posted.status).toBe(303);
    const detail = await agent.get(posted.headers.location);
    expect(detail.text).toContain('Rekaman podcast');
    expect(detail.text).toContain('Terkonfirmasi');
    const mine = await agent.get('/reservations');
    expect(mine.text).toContain('Rekaman podcast');
    expect(await t.db.getRepository(Reservation).countBy({ roomId: room.id, title: 'Rekaman podcast', status: 'confirmed' })).toBe(1);
    const id = Number(posted.headers.location.split('/').pop());
    const mail = await t.db.getRepository(OutboxMessage).findOneByOrFail({ dedupeKey: `reservation-${id}-seq-0-confirmed` });
    expect(mail.textBody).toContain(`${longDate(monday)}, 13.00–14.00 WIT`);
  });

  it('re-renders the form naming the taken time in WIT and writes nothing when the slot is gone', async () => {
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(at(monday, '15:00', ZONE))}`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start: at(monday, '11:00', ZONE), end: at(monday, '12:00', ZONE), title: 'Bentrok', headcount: '1', repeat: 'none' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(`${longDate(monday)}, 10.00–12.00 WIT`);
    expect(res.text).toContain('value="Bentrok"');
    expect(await t.db.getRepository(Reservation).countBy({ title: 'Bentrok' })).toBe(0);
  });

  it('shows rule messages in English when asked, and a too-large group as a field error', async () => {
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(at(monday, '08:00', ZONE))}&lang=en`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start: at(monday, '08:00', ZONE), end: at(monday, '09:00', ZONE), title: 'Terlalu ramai', headcount: '50', repeat: 'none' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/between 1 and 4/);
  });

  it('lets the creator cancel from the page, which frees the slot', async () => {
    const created = await bookViaApi(room, monday, '14:00', '15:00', creator);
    const { agent, csrf } = await browser(t, `/reservations/${created.body.id}`, creator);
    const res = await agent.post(`/reservations/${created.body.id}/cancel`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: created.body.id })).status).toBe('cancelled');
    const grid = await request(t.server).get(`/rooms/${room.id}/book?week=${monday}`);
    expect(grid.text).toContain(`start=${encodeURIComponent(at(monday, '14:00', ZONE))}`);
  });

  it('hides another creator\'s reservation page and sends strangers to sign in', async () => {
    const created = await bookViaApi(room, monday, '08:00', '09:00', await createUser(t));
    const { agent } = await browser(t, '/reservations', creator);
    expect((await agent.get(`/reservations/${created.body.id}`)).status).toBe(404);
    const anonymous = await request(t.server).get('/reservations');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toContain('/sign-in');
  });

  it('lets a manager of the venue open any of its reservations', async () => {
    const created = await bookViaApi(room, nextWeekday(ZONE, 2), '08:00', '09:00', await createUser(t));
    const { agent } = await browser(t, '/manage', await makeManager(t, venue.id));
    const page = await agent.get(`/reservations/${created.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Podcast kopi Papua');
  });
});

describe('the room\'s week on a phone: a day strip and free start times', () => {
  const section = (html: string, date: string) => {
    const from = html.indexOf(`data-times="${date}"`);
    return html.slice(from, html.indexOf('</section>', from));
  };
  const dayLink = (html: string, date: string) => new RegExp(`<a class="day day-(\\w+)[^"]*" href="[^"]*day=${date}"[^>]*>`).exec(html);

  it('lists the chosen day\'s free start times as links to the form, leaving out taken and too-short ones', async () => {
    const stripRoom = await createRoom(t, venue.id, { name: 'Studio Strip' });
    await bookViaApi(stripRoom, monday, '10:00', '12:00', await createUser(t));
    const page = await request(t.server).get(`/rooms/${stripRoom.id}/book?day=${monday}`);
    expect(page.status).toBe(200);
    const times = section(page.text, monday);
    expect(times).not.toContain(' hidden');
    const starts = [...times.matchAll(/start=([^"&]+)/g)].map((m) => decodeURIComponent(m[1]));
    // 08.00–16.00 WIT, one-hour minimum on half-hour steps: 10.00–12.00 is taken, 15.30 is too late to start.
    expect(starts).toEqual(['08:00', '08:30', '09:00', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00'].map((time) => at(monday, time, ZONE)));
    expect(times).toMatch(/<h3 class="day-part">Pagi<\/h3>[\s\S]*08\.00[\s\S]*<h3 class="day-part">Siang<\/h3>[\s\S]*12\.00/);
    expect(dayLink(page.text, monday)![0]).toContain('aria-current="true"');
  });

  it('marks days without free time as such: Sunday closed, a closure with its reason, a full day', async () => {
    const own = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Sentani' });
    const fullRoom = await createRoom(t, own.id, { name: 'Studio Penuh Sekali', minMinutes: 60, maxMinutes: 480 });
    const tuesday = DateTime.fromISO(monday).plus({ days: 1 }).toISODate()!;
    const wednesday = DateTime.fromISO(monday).plus({ days: 2 }).toISODate()!;
    const sunday = DateTime.fromISO(monday).plus({ days: 6 }).toISODate()!;
    await bookViaApi(fullRoom, tuesday, '08:00', '16:00', await createUser(t));
    const manager = await makeManager(t, own.id);
    await request(t.server).post(`/api/venues/${own.id}/closures`).set('Authorization', await bearer(t, manager))
      .send({ startDate: wednesday, endDate: wednesday, reason: 'Pemeliharaan gedung' });
    const page = await request(t.server).get(`/rooms/${fullRoom.id}/book?day=${wednesday}`);
    expect(dayLink(page.text, monday)![1]).toBe('open');
    expect(dayLink(page.text, tuesday)![1]).toBe('full');
    expect(dayLink(page.text, wednesday)![1]).toBe('closed');
    expect(dayLink(page.text, sunday)![1]).toBe('closed');
    expect(section(page.text, wednesday)).toContain('Lokasi tutup: Pemeliharaan gedung.');
    expect(section(page.text, tuesday)).toContain('Tidak ada waktu kosong pada hari ini.');
    expect(section(page.text, tuesday)).not.toContain('/reservations/new');
  });

  it('chooses the first day with free time when no day is asked for, and marks today', async () => {
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    const page = await request(t.server).get(`/rooms/${room.id}/book`);
    const current = /<a class="day day-(\w+)[^"]*" href="[^"]*day=([\d-]+)"[^>]*aria-current="true"/.exec(page.text)!;
    expect(current[1]).toBe('open');
    expect(current[2] >= today).toBe(true);
    expect(page.text).toMatch(new RegExp(`class="day day-\\w+ day-today" href="[^"]*day=${today}"`));
    expect(page.text).toContain('Hari ini');
  });

  it('keeps the week grid for wide screens with every cell state in the legend', async () => {
    const page = await request(t.server).get(`/rooms/${room.id}/book?week=${monday}`);
    const legend = page.text.slice(page.text.indexOf('class="legend"'), page.text.indexOf('</ul>', page.text.indexOf('class="legend"')));
    for (const label of ['Kosong', 'Terisi', 'Menunggu', 'Diblokir', 'Milik Anda', 'Tidak tersedia', 'Tutup / di luar jam buka', 'Lewat']) expect(legend).toContain(label);
    expect(page.text).toContain('class="cell cell-closed"');
    expect(page.text).toContain('class="week-grid"');
  });

  it('shows the time already gone as past, not as free or taken', async () => {
    const allDay = await createVenue(t, { timezone: ZONE }, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })));
    const open = await createRoom(t, allDay.id, { name: 'Studio 24 Jam' });
    const page = await request(t.server).get(`/rooms/${open.id}/book`);
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    const firstRow = /<th scope="row">00\.00<\/th>([\s\S]*?)<\/tr>/.exec(page.text)![1];
    const todayColumn = [...page.text.matchAll(/<th scope="col"[^>]*>/g)].findIndex((m) => m[0].includes('today')) - 1;
    expect(todayColumn).toBeGreaterThanOrEqual(0);
    expect([...firstRow.matchAll(/class="cell cell-(\w+)"/g)][todayColumn][1]).toBe('past');
    expect(page.text).not.toContain(`start=${encodeURIComponent(at(today, '00:00', ZONE))}`);
  });
});

describe('booking forms in detail', () => {
  it('marks the viewer\'s own booking as theirs and answers in English with ?lang=en', async () => {
    const wednesday = nextWeekday(ZONE, 3);
    const own = await bookViaApi(room, wednesday, '09:00', '10:00', creator);
    const { html } = await browser(t, `/rooms/${room.id}/book?week=${wednesday}`, creator);
    expect(html).toContain(`href="/reservations/${own.body.id}">Milik Anda`);
    const en = await request(t.server).get(`/rooms/${room.id}/book?week=${wednesday}&lang=en`);
    expect(en.text).toContain('Pick a time: Studio Cenderawasih');
    expect(en.text).toContain('All times in WIT');
    expect(en.text).toContain('class="cell cell-reserved">Taken<');
    expect(en.text).not.toContain(`/reservations/${own.body.id}`);
  });

  it('puts the opening-hours error once, beside the end time, naming the hours', async () => {
    const start = at(monday, '15:00', ZONE);
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start, end: at(monday, '17:00', ZONE), title: 'Sampai sore', headcount: '1', repeat: 'none' });
    expect(res.status).toBe(400);
    const fieldErrors = [...res.text.matchAll(/<p class="field-error" id="e-(\w+)">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]);
    expect(fieldErrors).toEqual([['end', 'Waktu ini di luar jam buka. Ruang ini buka 08.00–16.00 WIT pada hari Senin.']]);
    expect(res.text).toContain('aria-describedby="e-end"');
    expect(await t.db.getRepository(Reservation).countBy({ title: 'Sampai sore' })).toBe(0);
  });

  it('answers 404 for an unknown room on the grid and the form', async () => {
    expect((await request(t.server).get('/rooms/999999/book')).status).toBe(404);
    const { agent } = await browser(t, '/reservations', creator);
    expect((await agent.get(`/reservations/new?roomId=999999&start=${encodeURIComponent(at(monday, '08:00', ZONE))}`)).status).toBe(404);
  });

  it('sends a request for a room that needs approval, shown as awaiting approval', async () => {
    const hall = await createRoom(t, venue.id, { name: 'Aula Persetujuan', capacity: 30, requiresApproval: true });
    const start = at(monday, '09:00', ZONE);
    const { agent, csrf, html } = await browser(t, `/reservations/new?roomId=${hall.id}&start=${encodeURIComponent(start)}`, creator);
    expect(html).toContain('perlu disetujui');
    const posted = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: hall.id, start, end: at(monday, '11:00', ZONE), title: 'Pelatihan QRIS', headcount: '20', repeat: 'none' });
    expect(posted.status).toBe(303);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ title: 'Pelatihan QRIS' })).status).toBe('pending');
    const mine = await agent.get('/reservations');
    expect(mine.text).toMatch(/Pelatihan QRIS[\s\S]*?Menunggu persetujuan/);
    expect(mine.text).toContain(`${longDate(monday)}, 09.00–11.00 WIT`);
  });

  it('refuses a weekly series naming every clashing date, then books the rest when asked to skip them', async () => {
    const seriesRoom = await createRoom(t, venue.id, { name: 'Studio Seri' });
    const weekLater = DateTime.fromISO(monday).plus({ weeks: 1 }).toISODate()!;
    const threeLater = DateTime.fromISO(monday).plus({ weeks: 3 }).toISODate()!;
    const other = await createUser(t);
    await bookViaApi(seriesRoom, weekLater, '10:00', '11:00', other);
    await bookViaApi(seriesRoom, threeLater, '10:30', '11:30', other);
    const start = at(monday, '10:00', ZONE);
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${seriesRoom.id}&start=${encodeURIComponent(start)}`, creator);
    const form = { _csrf: csrf, roomId: seriesRoom.id, start, end: at(monday, '11:00', ZONE), title: 'Kelas mingguan', headcount: '3', repeat: 'weekly', count: '4' };
    const refused = await agent.post('/reservations').type('form').send({ ...form, skipConflicts: 'false' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`${longDate(weekLater)}; ${longDate(threeLater)}`);
    expect(refused.text).toContain('Tanggal yang bentrok (2)');
    expect(refused.text).toContain('value="Kelas mingguan"');
    const repo = t.db.getRepository(Reservation);
    expect(await repo.countBy({ title: 'Kelas mingguan' })).toBe(0);
    const booked = await agent.post('/reservations').type('form').send({ ...form, skipConflicts: 'true' });
    expect(booked.status).toBe(303);
    const rows = await repo.find({ where: { title: 'Kelas mingguan' }, order: { startAt: 'ASC' } });
    expect(rows.map((r) => r.startAt.toISOString())).toEqual([monday, DateTime.fromISO(monday).plus({ weeks: 2 }).toISODate()!]
      .map((d) => new Date(at(d, '10:00', ZONE)).toISOString()));
    expect(rows[0].seriesId).not.toBeNull();

    const list = await agent.get('/reservations');
    expect(list.text).toContain(`action="/reservations/${rows[0].id}/cancel"`);
    const cancelled = await agent.post(`/reservations/${rows[0].id}/cancel`).type('form').send({ _csrf: csrf, scope: 'following', back: 'list' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe('/reservations');
    expect(await repo.countBy({ title: 'Kelas mingguan', status: 'cancelled' })).toBe(2);
  });

  it('asks for a number of repetitions when repeating', async () => {
    const start = at(monday, '15:00', ZONE);
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start, end: at(monday, '16:00', ZONE), title: 'Tanpa jumlah', headcount: '1', repeat: 'daily', count: '' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="e-count">[^<]+</);
    expect(await t.db.getRepository(Reservation).countBy({ title: 'Tanpa jumlah' })).toBe(0);
  });
});

describe('manager pages', () => {
  let manager: User;
  let approvalRoom: Room;
  let tuesday: string;
  beforeAll(async () => {
    manager = await makeManager(t, venue.id);
    approvalRoom = await createRoom(t, venue.id, { name: 'Aula Humboldt', capacity: 40, requiresApproval: true });
    tuesday = nextWeekday(ZONE, 2);
  });

  it('shows every room of the venue on the day grid with the creator\'s name and pending requests marked', async () => {
    await bookViaApi(approvalRoom, tuesday, '09:00', '11:00', creator);
    const { agent } = await browser(t, '/manage', manager);
    const day = await agent.get(`/manage/venues/${venue.id}/schedule?date=${tuesday}`);
    expect(day.status).toBe(200);
    expect(day.text).toContain('Studio Cenderawasih');
    expect(day.text).toContain('Aula Humboldt');
    expect(day.text).toContain('Yosef Kreator');
    expect(day.text).toMatch(/slot-pending/);
    expect(day.text).toContain('09.00–11.00');
    const week = await agent.get(`/manage/venues/${venue.id}/schedule?date=${tuesday}&view=week`);
    expect(week.text).toContain('Podcast kopi Papua');
  });

  it('refuses the schedule and the approval actions to creators and to managers of other venues', async () => {
    const other = await createVenue(t, { timezone: 'Asia/Makassar' });
    const otherManager = await makeManager(t, other.id);
    const pending = await bookViaApi(approvalRoom, tuesday, '13:00', '14:00', creator);
    const asCreator = await browser(t, '/reservations', creator);
    expect((await asCreator.agent.get(`/manage/venues/${venue.id}/schedule`)).status).toBe(403);
    expect((await asCreator.agent.get('/manage/approvals')).status).toBe(403);
    const asOther = await browser(t, '/manage', otherManager);
    expect((await asOther.agent.get(`/manage/venues/${venue.id}/schedule`)).status).toBe(403);
    const approve = await asOther.agent.post(`/manage/reservations/${pending.body.id}/approve`).type('form').send({ _csrf: asOther.csrf });
    expect(approve.status).toBe(403);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: pending.body.id })).status).toBe('pending');
  });

  it('approves and rejects from the queue, the rejection with a reason the creator sees', async () => {
    const first = await bookViaApi(approvalRoom, nextWeekday(ZONE, 3), '09:00', '11:00', creator);
    const second = await bookViaApi(approvalRoom, nextWeekday(ZONE, 3), '13:00', '15:00', creator);
    const { agent, csrf } = await browser(t, '/manage/approvals', manager);
    const queue = await agent.get('/manage/approvals');
    expect(queue.text).toContain(`/manage/reservations/${first.body.id}/approve`);
    await agent.post(`/manage/reservations/${first.body.id}/approve`).type('form').send({ _csrf: csrf });
    const rejected = await agent.post(`/manage/reservations/${second.body.id}/reject`).type('form').send({ _csrf: csrf, reason: 'Aula dipakai rapat internal' });
    expect(rejected.status).toBe(303);
    const repo = t.db.getRepository(Reservation);
    expect((await repo.findOneByOrFail({ id: first.body.id })).status).toBe('confirmed');
    expect(await repo.findOneByOrFail({ id: second.body.id })).toMatchObject({ status: 'rejected', statusReason: 'Aula dipakai rapat internal' });
    const creatorView = await browser(t, `/reservations/${second.body.id}`, creator);
    expect(creatorView.html).toContain('Aula dipakai rapat internal');
  });

  it('lists bookings in the way of a block and saves nothing until the manager cancels them', async () => {
    const thursday = nextWeekday(ZONE, 4);
    const booking = await bookViaApi(room, thursday, '10:00', '11:00', creator);
    const { agent, csrf } = await browser(t, `/manage/rooms/${room.id}/blocks/new?date=${thursday}`, manager);
    const form = { _csrf: csrf, date: thursday, from: '09:00', to: '12:00', reason: 'Perawatan peralatan' };
    const refused = await agent.post(`/manage/rooms/${room.id}/blocks`).type('form').send(form);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Podcast kopi Papua');
    expect(refused.text).toContain('name="cancelAffected"');
    const repo = t.db.getRepository(Reservation);
    expect(await repo.countBy({ roomId: room.id, kind: 'block' })).toBe(0);
    const saved = await agent.post(`/manage/rooms/${room.id}/blocks`).type('form').send({ ...form, cancelAffected: 'true' });
    expect(saved.status).toBe(303);
    expect(await repo.findOneByOrFail({ id: booking.body.id })).toMatchObject({ status: 'cancelled', statusReason: 'Perawatan peralatan' });
    const told = await t.db.getRepository(OutboxMessage).findOneByOrFail({ dedupeKey: `reservation-${booking.body.id}-seq-1-cancelled` });
    expect(told.recipient).toBe(creator.email);
    expect(told.textBody).toContain('Perawatan peralatan');
    expect(told.icsMethod).toBe('CANCEL');
    expect(await repo.countBy({ roomId: room.id, kind: 'block', status: 'confirmed' })).toBe(1);
  });

  it('moves a booking to another room, and refuses a move into a taken slot', async () => {
    const friday = nextWeekday(ZONE, 5);
    const target = await createRoom(t, venue.id, { name: 'Studio Sentani' });
    const booking = await bookViaApi(room, friday, '09:00', '10:00', creator);
    await bookViaApi(target, friday, '13:00', '14:00', await createUser(t));
    const { agent, csrf } = await browser(t, `/reservations/${booking.body.id}`, manager);
    const moved = await agent.post(`/manage/reservations/${booking.body.id}/move`).type('form')
      .send({ _csrf: csrf, roomId: target.id, date: friday, from: '10:00', to: '11:00' });
    expect(moved.status).toBe(303);
    const repo = t.db.getRepository(Reservation);
    const row = await repo.findOneByOrFail({ id: booking.body.id });
    expect(row.roomId).toBe(target.id);
    expect(row.startAt.toISOString()).toBe(new Date(at(friday, '10:00', ZONE)).toISOString());
    // The creator's calendar entry moves: an update (REQUEST) of the same UID with a higher SEQUENCE.
    const update = await t.db.getRepository(OutboxMessage).findOneByOrFail({ dedupeKey: `reservation-${booking.body.id}-seq-1-updated` });
    expect(update.icsMethod).toBe('REQUEST');
    expect(update.ics).toContain(`UID:reservation-${booking.body.id}@`);
    expect(update.ics).toMatch(/^SEQUENCE:1\r$/m);
    expect(update.ics).toContain('Studio Sentani');
    const refused = await agent.post(`/manage/reservations/${booking.body.id}/move`).type('form')
      .send({ _csrf: csrf, roomId: target.id, date: friday, from: '13:00', to: '14:00' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`${longDate(friday)}, 13.00–14.00 WIT`);
    expect(refused.text).toContain('value="13:00"');
    expect((await repo.findOneByOrFail({ id: booking.body.id })).startAt.toISOString()).toBe(new Date(at(friday, '10:00', ZONE)).toISOString());
    const page = await agent.get(`/manage/reservations/${booking.body.id}`);
    expect(page.text).toContain('Dipindahkan');
  });

  it('shows a manager the reservation with its creator and history, and refuses it to creators and other venues', async () => {
    const booking = await bookViaApi(room, nextWeekday(ZONE, 3), '14:00', '15:00', creator);
    const { agent } = await browser(t, '/manage', manager);
    const page = await agent.get(`/manage/reservations/${booking.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Yosef Kreator');
    expect(page.text).toContain(creator.email);
    expect(page.text).toContain(`${longDate(nextWeekday(ZONE, 3))}, 14.00–15.00 WIT`);
    expect(page.text).toContain('Dibuat');
    expect((await agent.get('/manage/reservations/999999')).status).toBe(404);
    const asCreator = await browser(t, '/reservations', creator);
    expect((await asCreator.agent.get(`/manage/reservations/${booking.body.id}`)).status).toBe(403);
    expect((await asCreator.agent.get(`/manage/rooms/${room.id}/blocks/new`)).status).toBe(403);
    const asOther = await browser(t, '/manage', await makeManager(t, (await createVenue(t)).id));
    expect((await asOther.agent.get(`/manage/reservations/${booking.body.id}`)).status).toBe(403);
    const move = await asOther.agent.post(`/manage/reservations/${booking.body.id}/move`).type('form')
      .send({ _csrf: asOther.csrf, date: nextWeekday(ZONE, 3), from: '08:00', to: '09:00' });
    expect(move.status).toBe(403);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: booking.body.id })).startAt.toISOString()).toBe(new Date(at(nextWeekday(ZONE, 3), '14:00', ZONE)).toISOString());
  });

  it('cancels a creator\'s booking only with a reason, which the creator then sees', async () => {
    const booking = await bookViaApi(room, nextWeekday(ZONE, 4), '14:00', '15:00', creator);
    const { agent, csrf } = await browser(t, `/manage/reservations/${booking.body.id}`, manager);
    const refused = await agent.post(`/manage/reservations/${booking.body.id}/cancel`).type('form').send({ _csrf: csrf, reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Tuliskan alasannya');
    const repo = t.db.getRepository(Reservation);
    expect((await repo.findOneByOrFail({ id: booking.body.id })).status).toBe('confirmed');
    const done = await agent.post(`/manage/reservations/${booking.body.id}/cancel`).type('form').send({ _csrf: csrf, reason: 'Listrik padam' });
    expect(done.status).toBe(303);
    const mine = await browser(t, '/reservations', creator);
    expect(mine.html).toMatch(/Podcast kopi Papua[\s\S]*Listrik padam/);
    expect((await repo.findOneByOrFail({ id: booking.body.id })).status).toBe('cancelled');
  });

  it('starts the week on Monday whatever day is asked for, with every state in the legend', async () => {
    const { agent } = await browser(t, '/manage', manager);
    const thursday = DateTime.fromISO(tuesday).plus({ days: 2 }).toISODate()!;
    const mondayOfWeek = DateTime.fromISO(tuesday).minus({ days: 1 }).toISODate()!;
    const week = await agent.get(`/manage/venues/${venue.id}/schedule?date=${thursday}&view=week`);
    expect(week.status).toBe(200);
    const head = week.text.slice(week.text.indexOf('<table class="schedule schedule-week">'), week.text.indexOf('</thead>'));
    const days = [...head.matchAll(/href="\?view=day&amp;date=([\d-]+)"/g)].map((m) => m[1]);
    expect(days).toEqual(Array.from({ length: 7 }, (_, i) => DateTime.fromISO(mondayOfWeek).plus({ days: i }).toISODate()));
    expect(DateTime.fromISO(days[0]).weekday).toBe(1);
    const legend = week.text.slice(week.text.indexOf('class="legend"'), week.text.indexOf('</ul>', week.text.indexOf('class="legend"')));
    for (const label of ['Terkonfirmasi', 'Menunggu persetujuan', 'Diblokir', 'Kosong', 'Tutup / di luar jam buka', 'Lewat']) expect(legend).toContain(label);
    // Sunday is closed at this venue: each room's Sunday says so in words.
    expect(week.text).toMatch(/<td class="room-day-closed">\s*<p class="slot slot-closed"><span class="slot-state">Tutup<\/span>/);
    expect(week.text).toContain('class="slot slot-free"');
    const previous = /<nav class="week-nav schedule-nav schedule-wide"[\s\S]*?href="\?view=week&amp;date=([\d-]+)"/.exec(week.text)![1];
    expect(previous).toBe(DateTime.fromISO(mondayOfWeek).minus({ weeks: 1 }).toISODate());
  });

  it('gives phones one day at a time with the previous and next day', async () => {
    const { agent } = await browser(t, '/manage', manager);
    const page = await agent.get(`/manage/venues/${venue.id}/schedule?date=${tuesday}&view=week`);
    const phoneNav = /<nav class="week-nav schedule-nav schedule-phone"[\s\S]*?<\/nav>/.exec(page.text)![0];
    const links = [...phoneNav.matchAll(/href="\?view=week&amp;date=([\d-]+)"/g)].map((m) => m[1]);
    expect(links[0]).toBe(DateTime.fromISO(tuesday).minus({ days: 1 }).toISODate());
    expect(links[links.length - 1]).toBe(DateTime.fromISO(tuesday).plus({ days: 1 }).toISODate());
    expect(phoneNav).toContain(longDate(tuesday));
    const agenda = page.text.slice(page.text.indexOf('<ul class="agenda schedule-phone">'));
    expect(agenda).toContain('Aula Humboldt');
    expect(agenda).toMatch(/slot-pending[\s\S]*?09\.00–11\.00[\s\S]*?Yosef Kreator/);
  });

  it('marks the day grid\'s empty cells as free, closed or past', async () => {
    const { agent } = await browser(t, '/manage', manager);
    const day = await agent.get(`/manage/venues/${venue.id}/schedule?date=${tuesday}`);
    expect(day.text).toContain('class="empty-free"');
    const sunday = await agent.get(`/manage/venues/${venue.id}/schedule?date=${nextWeekday(ZONE, 7)}`);
    expect(sunday.text).toContain('class="empty-closed"');
    expect(sunday.text).not.toContain('class="empty-free"');
    const past = await agent.get(`/manage/venues/${venue.id}/schedule?date=2020-01-06`);
    expect(past.text).toContain('class="empty-past"');
    expect(past.text).not.toContain('class="empty-free"');
  });

  it('keeps a request pending when it is rejected without a reason, and says a reason is needed', async () => {
    const request_ = await bookViaApi(approvalRoom, nextWeekday(ZONE, 4), '13:00', '15:00', creator);
    const { agent, csrf } = await browser(t, '/manage/approvals', manager);
    const queue = await agent.get('/manage/approvals');
    expect(queue.text).toMatch(new RegExp(`<details class="reject">[\\s\\S]*?action="/manage/reservations/${request_.body.id}/reject"[\\s\\S]*?<textarea[^>]*name="reason"[^>]*required`));
    const refused = await agent.post(`/manage/reservations/${request_.body.id}/reject`).type('form').send({ _csrf: csrf, reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`<details class="reject" open>`);
    expect(refused.text).toContain(`<p class="field-error" id="e-reason-${request_.body.id}">Tuliskan alasannya; pemesan akan menerimanya.</p>`);
    expect(refused.text.match(/class="field-error"/g)).toHaveLength(1);
    const fromDetail = await agent.post(`/manage/reservations/${request_.body.id}/reject`).type('form').send({ _csrf: csrf, reason: ' ', back: 'detail' });
    expect(fromDetail.status).toBe(400);
    expect(fromDetail.text).toContain('<p class="field-error" id="e-reject-reason">Tuliskan alasannya');
    expect(fromDetail.text).not.toContain('id="e-reason"');
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: request_.body.id })).status).toBe('pending');
  });

  it('shows the week view with each booking, its creator and its state', async () => {
    const { agent } = await browser(t, '/manage', manager);
    const week = await agent.get(`/manage/venues/${venue.id}/schedule?date=${tuesday}&view=week`);
    expect(week.status).toBe(200);
    expect(week.text).toMatch(/slot-pending[^>]*>[\s\S]*?09.00–11.00[\s\S]*?Yosef Kreator[\s\S]*?Menunggu persetujuan/);
  });
});

describe('network search page', () => {
  it('finds a free room for a whole window, leaves out a booked one, and links to the booking form', async () => {
    const place = await createVenue(t, { timezone: 'Asia/Makassar', city: 'Kota Uji Cari', province: 'Sulawesi Tengah' });
    const free = await createRoom(t, place.id, { name: 'Studio Bebas' });
    const taken = await createRoom(t, place.id, { name: 'Studio Penuh' });
    const saturday = nextWeekday('Asia/Makassar', 6);
    await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: taken.id, start: at(saturday, '09:00', 'Asia/Makassar'), end: at(saturday, '11:00', 'Asia/Makassar'), headcount: 1, title: 'Penuh' });
    const page = await request(t.server).get(`/search?date=${saturday}&from=09:00&to=11:00&city=Kota%20Uji%20Cari`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Studio Bebas');
    expect(page.text).not.toContain('Studio Penuh');
    expect(page.text).toContain(`/reservations/new?roomId=${free.id}&amp;start=${encodeURIComponent(at(saturday, '09:00', 'Asia/Makassar'))}`);
  });

  it('reads times typed the Indonesian way (09.00) like 09:00', async () => {
    const place = await createVenue(t, { timezone: 'Asia/Jayapura', city: 'Kota Uji Titik', province: 'Papua' });
    await createRoom(t, place.id, { name: 'Studio Titik' });
    const saturday = nextWeekday('Asia/Jayapura', 6);
    const page = await request(t.server).get(`/search?date=${saturday}&from=09.00&to=11.00&city=Kota%20Uji%20Titik`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Studio Titik');
    expect(page.text).not.toContain('Gunakan jam 24 jam');
  });

  it('explains a wrong time on the page instead of failing', async () => {
    const page = await request(t.server).get('/search?date=2026-12-05&from=25:00&to=11:00&lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('24-hour');
  });
});
