import { DateTime } from 'luxon';
import request from 'supertest';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, longDate, nextWeekday } from './support/dates.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let venue: Venue;
let creator: User;
let auth: string;
let managerAuth: string;
let monday: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE });
  creator = await createUser(t, { name: 'Sari Kreator' });
  auth = await bearer(t, creator);
  managerAuth = await bearer(t, await makeManager(t, venue.id));
  monday = nextWeekday(ZONE, 1);
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);
const book = (room: Room, date: string, from: string, to: string, who = auth, extra: object = {}) =>
  api().post('/api/reservations').set('Authorization', who)
    .send({ roomId: room.id, start: at(date, from, ZONE), end: at(date, to, ZONE), headcount: 2, title: 'Live selling batik', ...extra });

describe('booking a room', () => {
  it('confirms a booking at once, shows it in my reservations and as busy without personal data', async () => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, '10:00', '12:00');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'confirmed', start: `${monday}T10:00:00+08:00`, end: `${monday}T12:00:00+08:00`, timezone: ZONE });

    const mine = await api().get('/api/reservations/mine').set('Authorization', auth);
    expect(mine.body.upcoming.map((r: { id: number }) => r.id)).toContain(res.body.id);

    const availability = await api().get(`/api/rooms/${room.id}/availability?from=${monday}&to=${monday}`);
    expect(availability.status).toBe(200);
    expect(availability.body.timezone).toBe(ZONE);
    expect(availability.body.busy).toEqual([{ start: `${monday}T10:00:00+08:00`, end: `${monday}T12:00:00+08:00`, kind: 'reserved' }]);
    expect(availability.body.free).toEqual([
      { start: `${monday}T08:00:00+08:00`, end: `${monday}T10:00:00+08:00` },
      { start: `${monday}T12:00:00+08:00`, end: `${monday}T16:00:00+08:00` },
    ]);
    expect(JSON.stringify(availability.body)).not.toContain('Sari');
  });

  it('allows back-to-back bookings but refuses a one-minute overlap with a 409 naming the taken time', async () => {
    const room = await createRoom(t, venue.id, { slotMinutes: 15, minMinutes: 15 });
    expect((await book(room, monday, '10:00', '11:00')).status).toBe(201);
    expect((await book(room, monday, '11:00', '12:00')).status).toBe(201);
    const clash = await api().post('/api/reservations').set('Authorization', auth)
      .send({ roomId: room.id, start: at(monday, '10:45', ZONE), end: at(monday, '11:00', ZONE), headcount: 1, title: 'Sempit' });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('slot_taken');
    expect(clash.body.message).toContain(`${longDate(monday)}, 10.00–11.00 WITA`);
  });

  it('names the taken time as the venue reads it, in the reader\'s language, never as an ISO timestamp', async () => {
    const room = await createRoom(t, venue.id);
    expect((await book(room, monday, '13:00', '15:00')).status).toBe(201);
    const clash = (lang: string) => api().post('/api/reservations').set('Authorization', auth).set('Accept-Language', lang)
      .send({ roomId: room.id, start: at(monday, '14:00', ZONE), end: at(monday, '15:00', ZONE), headcount: 1, title: 'Bentrok' });
    const id = await clash('id');
    expect(id.status).toBe(409);
    expect(id.body.message).toBe(`Waktu ini sudah dipesan: ${longDate(monday)}, 13.00–15.00 WITA. Pilih waktu lain.`);
    const en = await clash('en');
    expect(en.body.message).toBe(`This time is already booked: ${longDate(monday, 'en')}, 13:00–15:00 WITA. Please choose another time.`);
    expect(`${id.body.message}${en.body.message}`).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:/);
    expect(id.body.details.conflict).toEqual({ start: at(monday, '13:00', ZONE), end: at(monday, '15:00', ZONE), kind: 'reservation' });
  });

  it('says what the opening hours are when a booking falls outside them, once, on the field it concerns', async () => {
    const room = await createRoom(t, venue.id);
    const late = await book(room, monday, '15:00', '17:00');
    expect(late.status).toBe(400);
    expect(late.body.message).toBe('Waktu ini di luar jam buka. Ruang ini buka 08.00–16.00 WITA pada hari Senin.');
    expect(late.body.fields).toEqual({ end: [late.body.message] });
    const early = await api().post('/api/reservations').set('Authorization', auth).set('Accept-Language', 'en')
      .send({ roomId: room.id, start: at(monday, '07:00', ZONE), end: at(monday, '09:00', ZONE), headcount: 1, title: 'Pagi sekali' });
    expect(early.body.message).toBe('This time is outside the opening hours. This room is open 08:00–16:00 WITA on Mondays.');
    expect(Object.keys(early.body.fields)).toEqual(['start']);
    const sunday = await book(room, nextWeekday(ZONE, 7), '10:00', '11:00');
    expect(sunday.body.message).toBe('Waktu ini di luar jam buka. Lokasi ini tutup pada hari Minggu.');
  });

  it('refuses a booking that overlaps the buffer of an earlier one, and accepts one exactly after it', async () => {
    const room = await createRoom(t, venue.id, { bufferMinutes: 30 });
    expect((await book(room, monday, '09:00', '10:00')).status).toBe(201);
    const tooSoon = await book(room, monday, '10:00', '11:00');
    expect(tooSoon.status).toBe(409);
    expect((await book(room, monday, '10:30', '11:30')).status).toBe(201);
    const before = await book(room, monday, '11:30', '12:30');
    expect(before.status).toBe(409);
  });

  it.each([
    ['end before start', '12:00', '11:00', {}, 'reservation_end_before_start'],
    ['off the slot grid', '10:10', '11:10', {}, 'reservation_not_on_slot'],
    ['outside opening hours', '15:00', '17:00', {}, 'reservation_outside_hours'],
    ['too short', '10:00', '10:30', {}, 'reservation_too_short'],
    ['too long', '08:00', '13:00', {}, 'reservation_too_long'],
    ['more people than the room holds', '10:00', '11:00', { headcount: 9 }, 'reservation_headcount_out_of_range'],
  ])('refuses a booking %s with a clear 400', async (_name, from, to, extra, code) => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, from, to, auth, extra);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).not.toMatch(/errors\.|\{/);
  });

  it('refuses bookings in the past, beyond the horizon, on a closed day and on a closure', async () => {
    const room = await createRoom(t, venue.id, { horizonDays: 14 });
    expect((await book(room, '2020-01-06', '10:00', '11:00')).body.code).toBe('reservation_in_past');
    expect((await book(room, nextWeekday(ZONE, 1, 21), '10:00', '11:00')).body.code).toBe('reservation_beyond_horizon');
    expect((await book(room, nextWeekday(ZONE, 7), '10:00', '11:00')).body.code).toBe('reservation_outside_hours');
    const tuesday = nextWeekday(ZONE, 2);
    await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', managerAuth).send({ startDate: tuesday, endDate: tuesday, reason: 'Pemadaman listrik' });
    const closed = await book(room, tuesday, '10:00', '11:00');
    expect(closed.body.code).toBe('reservation_in_closure');
    expect(closed.body.message).toBe(`Lokasi tutup pada ${longDate(tuesday)} (Pemadaman listrik).`);
  });

  it('refuses times without an offset or that are not dates', async () => {
    const room = await createRoom(t, venue.id);
    const res = await api().post('/api/reservations').set('Authorization', auth)
      .send({ roomId: room.id, start: `${monday}T10:00:00`, end: 'besok', headcount: 2, title: 'Tanpa zona' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['end', 'start']);
  });

  it('needs a signed-in user to book', async () => {
    const room = await createRoom(t, venue.id);
    const res = await api().post('/api/reservations').send({ roomId: room.id, start: at(monday, '10:00', ZONE), end: at(monday, '11:00', ZONE), headcount: 1, title: 'x' });
    expect(res.status).toBe(401);
  });
});

describe('approval, cancellation and history', () => {
  it('holds a pending request until a manager approves it, and frees the slot when rejected', async () => {
    const room = await createRoom(t, venue.id, { requiresApproval: true });
    const res = await book(room, monday, '10:00', '12:00');
    expect(res.body.status).toBe('pending');
    expect((await book(room, monday, '11:00', '12:00', await bearer(t, await createUser(t)))).status).toBe(409);

    const queue = await api().get('/api/reservations/pending').set('Authorization', managerAuth);
    expect(queue.body.map((r: { id: number }) => r.id)).toContain(res.body.id);
    expect(queue.body.find((r: { id: number }) => r.id === res.body.id).creator.name).toBe('Sari Kreator');
    expect((await api().post(`/api/reservations/${res.body.id}/approve`).set('Authorization', auth)).status).toBe(403);

    const other = await book(room, monday, '13:00', '15:00');
    const rejected = await api().post(`/api/reservations/${other.body.id}/reject`).set('Authorization', managerAuth).send({ reason: 'Dipakai pelatihan internal' });
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'Dipakai pelatihan internal' });
    expect((await book(room, monday, '13:00', '15:00')).status).toBe(201);

    const approved = await api().post(`/api/reservations/${res.body.id}/approve`).set('Authorization', managerAuth);
    expect(approved.body).toMatchObject({ status: 'confirmed', sequence: 1 });
    expect((await api().post(`/api/reservations/${res.body.id}/approve`).set('Authorization', managerAuth)).status).toBe(409);
  });

  it('lets creators cancel their own bookings, frees the slot, and keeps the history', async () => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, '10:00', '12:00');
    const stranger = await bearer(t, await createUser(t));
    expect((await api().post(`/api/reservations/${res.body.id}/cancel`).set('Authorization', stranger).send({})).status).toBe(404);
    const cancelled = await api().post(`/api/reservations/${res.body.id}/cancel`).set('Authorization', auth).send({ reason: 'Produk belum siap' });
    expect(cancelled.body).toEqual({ cancelled: [res.body.id] });
    expect((await book(room, monday, '10:00', '12:00')).status).toBe(201);
    const detail = await api().get(`/api/reservations/${res.body.id}`).set('Authorization', auth);
    expect(detail.body.status).toBe('cancelled');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['created', 'cancelled']);
    expect(await t.db.getRepository(Reservation).countBy({ roomId: room.id })).toBe(2);
  });

  it('requires a reason when a manager cancels a creator booking', async () => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, '10:00', '12:00');
    const noReason = await api().post(`/api/reservations/${res.body.id}/cancel`).set('Authorization', managerAuth).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields.reason).toBeDefined();
    expect((await api().post(`/api/reservations/${res.body.id}/cancel`).set('Authorization', managerAuth).send({ reason: 'Atap bocor' })).status).toBe(200);
  });

  it('moves a booking to another room and time, checking every rule again', async () => {
    const roomA = await createRoom(t, venue.id);
    const roomB = await createRoom(t, venue.id, { name: 'Studio B' });
    const res = await book(roomA, monday, '10:00', '12:00');
    await book(roomB, monday, '13:00', '15:00');
    const clash = await api().post(`/api/reservations/${res.body.id}/move`).set('Authorization', managerAuth)
      .send({ roomId: roomB.id, start: at(monday, '14:00', ZONE), end: at(monday, '16:00', ZONE) });
    expect(clash.status).toBe(409);
    const closed = await api().post(`/api/reservations/${res.body.id}/move`).set('Authorization', managerAuth)
      .send({ roomId: roomB.id, start: at(monday, '17:00', ZONE), end: at(monday, '18:00', ZONE) });
    expect(closed.body.code).toBe('reservation_outside_hours');
    const moved = await api().post(`/api/reservations/${res.body.id}/move`).set('Authorization', managerAuth)
      .send({ roomId: roomB.id, start: at(monday, '08:00', ZONE), end: at(monday, '10:00', ZONE) });
    expect(moved.body).toMatchObject({ roomId: roomB.id, start: `${monday}T08:00:00+08:00`, sequence: 1 });
    expect((await book(roomA, monday, '10:00', '12:00')).status).toBe(201);
    expect((await api().post(`/api/reservations/${res.body.id}/move`).set('Authorization', auth)
      .send({ start: at(monday, '08:00', ZONE), end: at(monday, '10:00', ZONE) })).status).toBe(403);
  });
});

describe('blocks, closures and the time zone', () => {
  it('refuses a block over bookings and lists them, then cancels them when asked with a reason', async () => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, '10:00', '11:00');
    const refused = await api().post(`/api/rooms/${room.id}/blocks`).set('Authorization', managerAuth)
      .send({ start: at(monday, '09:00', ZONE), end: at(monday, '13:00', ZONE), reason: 'Perawatan lampu' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.affected.map((a: { id: number }) => a.id)).toEqual([res.body.id]);
    const blocked = await api().post(`/api/rooms/${room.id}/blocks`).set('Authorization', managerAuth)
      .send({ start: at(monday, '09:00', ZONE), end: at(monday, '13:00', ZONE), reason: 'Perawatan lampu', cancelAffected: true });
    expect(blocked.status).toBe(201);
    expect(blocked.body.cancelledReservationIds).toEqual([res.body.id]);
    const detail = await api().get(`/api/reservations/${res.body.id}`).set('Authorization', auth);
    expect(detail.body).toMatchObject({ status: 'cancelled', statusReason: 'Perawatan lampu' });
    const onBlock = await book(room, monday, '12:00', '13:00');
    expect(onBlock.body.code).toBe('slot_blocked');
    expect((await api().post(`/api/rooms/${room.id}/blocks`).set('Authorization', auth).send({ start: at(monday, '14:00', ZONE), end: at(monday, '15:00', ZONE), reason: 'x' })).status).toBe(403);
  });

  it('refuses a closure over bookings unless the manager cancels them', async () => {
    const own = await createVenue(t, { timezone: ZONE });
    const ownManager = await bearer(t, await makeManager(t, own.id));
    const room = await createRoom(t, own.id);
    const wednesday = nextWeekday(ZONE, 3);
    const res = await book(room, wednesday, '10:00', '11:00');
    const refused = await api().post(`/api/venues/${own.id}/closures`).set('Authorization', ownManager).send({ startDate: wednesday, endDate: wednesday, reason: 'Renovasi' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('bookings_affected');
    const ok = await api().post(`/api/venues/${own.id}/closures`).set('Authorization', ownManager).send({ startDate: wednesday, endDate: wednesday, reason: 'Renovasi', cancelAffected: true });
    expect(ok.status).toBe(201);
    expect(ok.body.cancelledReservationIds).toEqual([res.body.id]);
  });

  it('refuses a time-zone change while future bookings exist', async () => {
    const own = await createVenue(t, { timezone: 'Asia/Jakarta' });
    const ownManager = await bearer(t, await makeManager(t, own.id));
    const room = await createRoom(t, own.id);
    await api().post('/api/reservations').set('Authorization', auth)
      .send({ roomId: room.id, start: at(monday, '10:00', 'Asia/Jakarta'), end: at(monday, '11:00', 'Asia/Jakarta'), headcount: 1, title: 'Podcast' });
    const res = await api().patch(`/api/venues/${own.id}`).set('Authorization', ownManager).send({ timezone: 'Asia/Makassar' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('timezone_change_has_bookings');
  });
});

describe('recurring bookings and fair use', () => {
  it('creates a whole weekly series, or none with every clashing date listed, or skips the clashes when asked', async () => {
    const room = await createRoom(t, venue.id);
    const second = nextWeekday(ZONE, 1, 9);
    await book(room, second, '10:00', '11:00', await bearer(t, await createUser(t)));
    const refused = await book(room, monday, '10:00', '11:00', auth, { recurrence: 'FREQ=WEEKLY;COUNT=3' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('series_conflicts');
    expect(refused.body.message).toContain(longDate(second));
    expect(await t.db.getRepository(Reservation).countBy({ roomId: room.id })).toBe(1);

    const skipped = await book(room, monday, '10:00', '11:00', auth, { recurrence: 'FREQ=WEEKLY;COUNT=3', skipConflicts: true });
    expect(skipped.status).toBe(201);
    expect(skipped.body.count).toBe(2);
    const series = skipped.body.items[0].seriesId;
    expect(series).toBeTruthy();
    const following = await api().post(`/api/reservations/${skipped.body.items[0].id}/cancel`).set('Authorization', auth).send({ scope: 'following' });
    expect(following.body.cancelled).toHaveLength(2);
  });

  it('refuses a malformed repeat rule with a readable message', async () => {
    const room = await createRoom(t, venue.id);
    const res = await book(room, monday, '10:00', '11:00', auth, { recurrence: 'FREQ=HOURLY;COUNT=3' });
    expect(res.status).toBe(400);
    expect(res.body.fields.recurrence[0]).toMatch(/harian|mingguan/);
  });

  it('enforces the fair-use limits set on the room, naming the limit', async () => {
    const room = await createRoom(t, venue.id, { maxFutureReservations: 2, maxHoursPerWeek: 3 });
    expect((await book(room, monday, '08:00', '09:00')).status).toBe(201);
    expect((await book(room, monday, '10:00', '12:00')).status).toBe(201);
    const third = await book(room, monday, '13:00', '14:00');
    expect(third.status).toBe(400);
    expect(third.body.code).toBe('fair_use_future');
    expect(third.body.message).toContain('2');
    const hours = await createRoom(t, venue.id, { maxHoursPerWeek: 2 });
    expect((await book(hours, monday, '08:00', '10:00')).status).toBe(201);
    const wednesday = DateTime.fromISO(monday).plus({ days: 2 }).toISODate()!; // same local week, not the closed Tuesday
    const over = await book(hours, wednesday, '08:00', '09:00');
    expect(over.status).toBe(400);
    expect(over.body.code).toBe('fair_use_hours');
  });
});

describe('network search and the manager schedule', () => {
  it('finds rooms free for a whole window, smallest fitting room first, and leaves out booked ones', async () => {
    const place = await createVenue(t, { city: 'Kupang', province: 'Nusa Tenggara Timur', timezone: ZONE });
    const small = await createRoom(t, place.id, { name: 'Kecil', capacity: 4 });
    const big = await createRoom(t, place.id, { name: 'Besar', capacity: 30, kind: 'workshop_room' });
    const busy = await createRoom(t, place.id, { name: 'Sibuk', capacity: 6 });
    await book(busy, monday, '13:00', '15:00');
    const res = await api().get(`/api/availability?date=${monday}&from=13:00&to=15:00&city=Kupang&minCapacity=3`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { room: { id: number } }) => i.room.id)).toEqual([small.id, big.id]);
    expect(res.body.items[0].start).toBe(`${monday}T13:00:00+08:00`);
    const bad = await api().get('/api/availability?date=besok&from=25.00&to=15:00');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['date', 'from']);
  });

  it('answers the free rooms a page at a time, 20 by default, with the total found', async () => {
    const place = await createVenue(t, { city: 'Atambua', province: 'Nusa Tenggara Timur', timezone: ZONE });
    const rooms = [];
    for (const capacity of [4, 8, 12]) rooms.push(await createRoom(t, place.id, { name: `Ruang ${capacity}`, capacity }));
    const search = (paging: string) => api().get(`/api/availability?date=${monday}&from=13:00&to=15:00&city=atambua${paging}`);
    const whole = await search('');
    expect(whole.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(whole.body.items.map((i: { room: { id: number } }) => i.room.id)).toEqual(rooms.map((r) => r.id));
    const first = await search('&pageSize=2');
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.body.items.map((i: { room: { id: number } }) => i.room.id)).toEqual([rooms[0].id, rooms[1].id]);
    const second = await search('&pageSize=2&page=2');
    expect(second.body.items.map((i: { room: { id: number } }) => i.room.id)).toEqual([rooms[2].id]);
    expect((await search('&page=3&pageSize=2')).body.items).toEqual([]);
    const bad = await search('&pageSize=0&page=abc');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['page', 'pageSize']);
  });

  it("shows managers the venue's schedule with creators, and refuses other venues", async () => {
    const room = await createRoom(t, venue.id);
    await book(room, monday, '10:00', '11:00');
    const res = await api().get(`/api/venues/${venue.id}/schedule?date=${monday}&days=7`).set('Authorization', managerAuth);
    expect(res.status).toBe(200);
    expect(res.body.reservations.some((r: { creator?: { name: string } }) => r.creator?.name === 'Sari Kreator')).toBe(true);
    const other = await createVenue(t);
    expect((await api().get(`/api/venues/${other.id}/schedule`).set('Authorization', managerAuth)).status).toBe(403);
    expect((await api().get(`/api/venues/${venue.id}/schedule`).set('Authorization', auth)).status).toBe(403);
  });
});
