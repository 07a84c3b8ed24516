import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { EventRecord } from '../src/events/event.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, longDate, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let venue: Venue;
let room: Room;
let organiser: User;
let auth: string;
let date: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, city: 'Makassar', province: 'Sulawesi Selatan' });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
  organiser = await createUser(t, { name: 'Andi Penyelenggara' });
  auth = await bearer(t, organiser);
  date = nextWeekday(ZONE, 2);
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);
const register = (eventId: number, n: string, extra: object = {}) =>
  api().post(`/api/events/${eventId}/registrations`).send({ name: `Peserta ${n}`, email: `${n}@contoh.id`, consent: true, ...extra });

describe('events hold their rooms through the reservation engine', () => {
  it('creates a draft that holds its room, hidden from the public until published', async () => {
    const created = await api().post('/api/events').set('Authorization', auth).send({
      venueId: venue.id, kind: 'workshop', title: 'Foto produk dengan ponsel', capacity: 20, tags: ['Go Digital'],
      sessions: [{ roomId: room.id, title: 'Praktik', start: at(date, '13:00', ZONE), end: at(date, '15:00', ZONE) }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', start: `${date}T13:00:00+08:00`, timezone: ZONE });
    expect((await api().get(`/api/events/${created.body.id}`)).status).toBe(404);
    const booking = await api().post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: room.id, start: at(date, '14:00', ZONE), end: at(date, '15:00', ZONE), headcount: 2, title: 'Menyelip' });
    expect(booking.status).toBe(409);
    expect(booking.body.message).toContain(`${longDate(date)}, 13.00–15.00 WITA`);
  });

  it('cannot be placed on a taken room, breaks no booking rule, and needs rooms big enough', async () => {
    await api().post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: room.id, start: at(date, '09:00', ZONE), end: at(date, '10:00', ZONE), headcount: 2, title: 'Sudah dipesan' });
    const base = { venueId: venue.id, kind: 'workshop', title: 'Bentrok', capacity: 10 };
    const taken = await api().post('/api/events').set('Authorization', auth)
      .send({ ...base, sessions: [{ roomId: room.id, title: 'Sesi', start: at(date, '08:00', ZONE), end: at(date, '10:00', ZONE) }] });
    expect(taken.status).toBe(409);
    const closed = await api().post('/api/events').set('Authorization', auth)
      .send({ ...base, sessions: [{ roomId: room.id, title: 'Sesi', start: at(date, '17:00', ZONE), end: at(date, '19:00', ZONE) }] });
    expect(closed.status).toBe(400);
    expect(closed.body.code).toBe('reservation_outside_hours');
    const tooBig = await api().post('/api/events').set('Authorization', auth)
      .send({ ...base, capacity: 31, sessions: [{ roomId: room.id, title: 'Sesi', start: at(date, '10:00', ZONE), end: at(date, '12:00', ZONE) }] });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('capacity_exceeds_room');
    expect(tooBig.body.message).toContain('30');
    expect(await t.db.getRepository(Reservation).countBy({ title: 'Bentrok: Sesi' })).toBe(0);
  });

  it('moves with a changed programme, rechecking the rules and raising the calendar sequence', async () => {
    const day = nextWeekday(ZONE, 3);
    const event = await publishedEvent(t, auth, room, day, ZONE, { capacity: 10 }, '08:00', '10:00');
    const moved = await api().patch(`/api/events/${event.id}`).set('Authorization', auth)
      .send({ sessions: [{ roomId: room.id, title: 'Praktik', start: at(day, '13:00', ZONE), end: at(day, '15:00', ZONE) }] });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe(`${day}T13:00:00+08:00`);
    const rows = await t.db.getRepository(Reservation).findBy({ eventId: event.id });
    expect(rows.filter((r) => r.status === 'confirmed').map((r) => r.startAt.toISOString())).toEqual([new Date(at(day, '13:00', ZONE)).toISOString()]);
    const refused = await api().patch(`/api/events/${event.id}`).set('Authorization', auth)
      .send({ sessions: [{ roomId: room.id, title: 'Praktik', start: at(day, '15:00', ZONE), end: at(day, '17:00', ZONE) }] });
    expect(refused.status).toBe(400);
    expect((await api().get(`/api/events/${event.id}`)).body.start).toBe(`${day}T13:00:00+08:00`);
  });

  it('releases its rooms and closes registration when cancelled', async () => {
    const day = nextWeekday(ZONE, 4);
    const event = await publishedEvent(t, auth, room, day, ZONE, { capacity: 5 });
    const reg = await register(event.id, 'batal-1');
    const cancelled = await api().post(`/api/events/${event.id}/cancel`).set('Authorization', auth).send({ reason: 'Pembicara sakit' });
    expect(cancelled.status).toBe(200);
    expect((await api().get(`/api/registrations/${reg.body.token}`)).body.status).toBe('cancelled');
    const late = await register(event.id, 'batal-2');
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('event_cancelled');
    const booking = await api().post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: room.id, start: at(day, '09:00', ZONE), end: at(day, '10:00', ZONE), headcount: 2, title: 'Sekarang kosong' });
    expect(booking.status).toBe(201);
  });

  it('reads as completed once its last session has ended, and takes no more registrations', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 1, 16), ZONE, { title: 'Sudah lewat' });
    await t.tx.write((m) => m.update(EventRecord, { id: event.id }, { startsAt: new Date(Date.now() - 3 * 3_600_000), endsAt: new Date(Date.now() - 3_600_000) }));
    expect((await api().get(`/api/events/${event.id}`)).body.status).toBe('completed');
    expect((await register(event.id, 'terlambat')).body.code).toBe('event_started');
  });

  it('keeps an event\'s rooms from being cancelled, moved or blocked from under it', async () => {
    const day = nextWeekday(ZONE, 1, 23);
    const event = await publishedEvent(t, auth, room, day, ZONE, { title: 'Acara terlindungi' });
    const held = await t.db.getRepository(Reservation).findOneByOrFail({ eventId: event.id, status: 'confirmed' });
    const manager = await bearer(t, await makeManager(t, venue.id));
    const cancel = await api().post(`/api/reservations/${held.id}/cancel`).set('Authorization', manager).send({ reason: 'Coba' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('reservation_belongs_to_event');
    const block = await api().post(`/api/rooms/${room.id}/blocks`).set('Authorization', manager)
      .send({ start: at(day, '09:00', ZONE), end: at(day, '10:00', ZONE), reason: 'Perawatan', cancelAffected: true });
    expect(block.status).toBe(409);
    expect(block.body.code).toBe('event_in_the_way');
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: held.id })).status).toBe('confirmed');
  });

  it('counts an event\'s sessions against the room\'s fair-use limits, like bookings', async () => {
    const studio = await createRoom(t, venue.id, { name: 'Studio Adil', capacity: 20, maxMinutes: 480, maxFutureReservations: 1 });
    const creator = await bearer(t, await createUser(t));
    const day = nextWeekday(ZONE, 3, 23);
    const booked = await api().post('/api/reservations').set('Authorization', creator)
      .send({ roomId: studio.id, start: at(day, '08:00', ZONE), end: at(day, '09:00', ZONE), headcount: 2, title: 'Sudah pesan' });
    expect(booked.status).toBe(201);
    const wrapped = await api().post('/api/events').set('Authorization', creator).send({
      venueId: venue.id, kind: 'workshop', title: 'Lewat jalan belakang', capacity: 10,
      sessions: [{ roomId: studio.id, title: 'Sesi', start: at(day, '13:00', ZONE), end: at(day, '15:00', ZONE) }],
    });
    expect(wrapped.status).toBe(400);
    expect(wrapped.body.code).toBe('fair_use_future');
    expect(wrapped.body.fields['sessions.0']).toBeDefined();
    expect(await t.db.getRepository(Reservation).countBy({ roomId: studio.id })).toBe(1);
    // The venue's managers are exempt, as they are for bookings.
    const manager = await bearer(t, await makeManager(t, venue.id));
    const theirs = await api().post('/api/events').set('Authorization', manager).send({
      venueId: venue.id, kind: 'workshop', title: 'Acara pengelola', capacity: 10,
      sessions: [{ roomId: studio.id, title: 'Sesi', start: at(day, '13:00', ZONE), end: at(day, '15:00', ZONE) }],
    });
    expect(theirs.status).toBe(201);
  });

  it('will not publish an event whose room request a manager rejected', async () => {
    const hall = await createRoom(t, venue.id, { name: 'Aula Persetujuan', kind: 'conference_hall', capacity: 100, maxMinutes: 600, requiresApproval: true });
    const day = nextWeekday(ZONE, 2, 23);
    const created = await api().post('/api/events').set('Authorization', auth).send({
      venueId: venue.id, kind: 'conference', title: 'Butuh persetujuan', capacity: 50,
      sessions: [{ roomId: hall.id, title: 'Pleno', start: at(day, '09:00', ZONE), end: at(day, '12:00', ZONE) }],
    });
    expect(created.status).toBe(201);
    expect((await api().post(`/api/events/${created.body.id}/publish`).set('Authorization', auth)).body.code).toBe('event_rooms_pending');
    const held = await t.db.getRepository(Reservation).findOneByOrFail({ eventId: created.body.id });
    const manager = await bearer(t, await makeManager(t, venue.id));
    expect((await api().post(`/api/reservations/${held.id}/reject`).set('Authorization', manager).send({ reason: 'Aula dipakai' })).status).toBe(200);
    const publish = await api().post(`/api/events/${created.body.id}/publish`).set('Authorization', auth);
    expect(publish.status).toBe(409);
    expect(publish.body.code).toBe('event_rooms_released');
  });

  it('shows an optional https cover image, and refuses other addresses', async () => {
    const day = nextWeekday(ZONE, 6, 30);
    const event = await publishedEvent(t, auth, room, day, ZONE, { title: 'Bersampul', coverImageUrl: 'https://contoh.id/sampul.jpg' });
    expect((await api().get(`/api/events/${event.id}`)).body.coverImageUrl).toBe('https://contoh.id/sampul.jpg');
    expect((await api().get(`/events/${event.id}`)).text).toContain('<img class="event-cover" src="https://contoh.id/sampul.jpg"');
    const bad = await api().patch(`/api/events/${event.id}`).set('Authorization', auth).send({ coverImageUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.coverImageUrl[0]).toMatch(/https/);
    const cleared = await api().patch(`/api/events/${event.id}`).set('Authorization', auth).send({ coverImageUrl: null });
    expect(cleared.body.coverImageUrl).toBeNull();
  });

  it('refuses changes by someone who does not organise the event', async () => {
    const day = nextWeekday(ZONE, 5);
    const event = await publishedEvent(t, auth, room, day, ZONE);
    const stranger = await bearer(t, await createUser(t));
    expect((await api().patch(`/api/events/${event.id}`).set('Authorization', stranger).send({ title: 'Dibajak' })).status).toBe(403);
    expect((await api().post(`/api/events/${event.id}/cancel`).set('Authorization', stranger).send({ reason: 'iseng' })).status).toBe(403);
    const manager = await bearer(t, await makeManager(t, venue.id));
    expect((await api().patch(`/api/events/${event.id}`).set('Authorization', manager).send({ summary: 'Diperbarui pengelola' })).status).toBe(200);
  });
});

describe('registration', () => {
  let eventId: number;
  beforeAll(async () => {
    eventId = (await publishedEvent(t, auth, room, nextWeekday(ZONE, 1, 9), ZONE, { capacity: 2, title: 'Kelas ekspor' })).id;
  });

  it('confirms seats, then waitlists with a position, and refuses a second registration with the same email', async () => {
    expect((await register(eventId, 'sari', { phone: '0812-3456-7890' })).body).toMatchObject({ status: 'confirmed', position: null, phone: '+6281234567890' });
    expect((await register(eventId, 'yosef')).body.status).toBe('confirmed');
    const third = await register(eventId, 'dewi');
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ status: 'waitlisted', position: 1 });
    const again = await register(eventId, 'SARI');
    expect(again.status).toBe(409);
    // A fresh manage link goes to the registered mailbox only; the answer at the form carries none.
    expect(JSON.stringify(again.body)).not.toMatch(/registrations\//);
    const link = await t.db.getRepository(OutboxMessage).findOneByOrFail({ kind: 'registration_link', recipient: 'sari@contoh.id' });
    expect(link.textBody).toMatch(/\/registrations\/[\w-]{20,}/);
    expect(again.body.code).toBe('already_registered');
    expect(again.body.message).toMatch(/sudah terdaftar/);
  });

  it('refuses a registration without consent or with a wrong phone, in the user\'s language', async () => {
    const res = await api().post(`/api/events/${eventId}/registrations`).set('Accept-Language', 'en')
      .send({ name: 'Tanpa Izin', email: 'tanpa@contoh.id', consent: false, phone: '12345' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['consent', 'phone']);
    expect(res.body.fields.consent[0]).toMatch(/organiser may contact/);
  });

  it('shows the list of events with seats left, filtered by city, tag and text, without personal data', async () => {
    const list = await api().get('/api/events?city=makassar&q=ekspor');
    expect(list.status).toBe(200);
    const item = list.body.items.find((e: { id: number }) => e.id === eventId);
    expect(item).toMatchObject({ spotsLeft: 0, confirmed: 2, waitlisted: 1 });
    expect((await api().get('/api/events?tag=Go%20Digital')).body.items.length).toBeGreaterThan(0);
    expect((await api().get('/api/events?city=Jayapura')).body.items).toEqual([]);
    expect(JSON.stringify((await api().get(`/api/events/${eventId}`)).body)).not.toContain('@contoh.id');
    expect((await api().get('/api/events?from=2026-13-01')).status).toBe(400);
  });

  it('shows attendees and their CSV only to the organiser, the venue managers and admins', async () => {
    expect((await api().get(`/api/events/${eventId}/registrations`).set('Authorization', await bearer(t, await createUser(t)))).status).toBe(403);
    expect((await api().get(`/api/events/${eventId}/registrations`)).status).toBe(401);
    await register(eventId, 'formula', { name: '=HYPERLINK("http://x")' });
    const list = await api().get(`/api/events/${eventId}/registrations`).set('Authorization', auth);
    expect(list.body.map((r: { email: string }) => r.email)).toContain('sari@contoh.id');
    const csv = await api().get(`/api/events/${eventId}/registrations.csv`).set('Authorization', await bearer(t, await makeManager(t, venue.id)));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.text).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(csv.text).toContain("'+6281234567890");
  });

  it('lets the holder cancel through the secret link and gives the seat to the first on the waiting list', async () => {
    const regs = (await api().get(`/api/events/${eventId}/registrations`).set('Authorization', auth)).body as Array<{ email: string; status: string }>;
    expect(regs.find((r) => r.email === 'dewi@contoh.id')!.status).toBe('waitlisted');
    const yosef = await register(eventId, 'yosef');
    expect(yosef.status).toBe(409);
    const event2 = await publishedEvent(t, auth, room, nextWeekday(ZONE, 2, 9), ZONE, { capacity: 1, title: 'Kelas kemasan' });
    const first = await register(event2.id, 'a');
    const second = await register(event2.id, 'b');
    expect((await api().get(`/api/registrations/${first.body.token}`)).status).toBe(200);
    const cancel = await api().post(`/api/registrations/${first.body.token}/cancel`);
    expect(cancel.status).toBe(200);
    expect((await api().get(`/api/registrations/${second.body.token}`)).body).toMatchObject({ status: 'confirmed', position: null });
    expect((await api().post(`/api/registrations/${first.body.token}/cancel`)).status).toBe(409);
    expect((await api().get('/api/registrations/not-a-real-token')).status).toBe(404);
  });

  it('promotes the waiting list when the organiser raises capacity, and refuses going below the confirmed seats', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 3, 9), ZONE, { capacity: 1, title: 'Kelas halal' });
    await register(event.id, 'h1');
    const waiting = await register(event.id, 'h2');
    const raised = await api().patch(`/api/events/${event.id}`).set('Authorization', auth).send({ capacity: 2 });
    expect(raised.body.promoted).toEqual([waiting.body.id]);
    const lowered = await api().patch(`/api/events/${event.id}`).set('Authorization', auth).send({ capacity: 1 });
    expect(lowered.status).toBe(400);
    expect(lowered.body.code).toBe('capacity_below_confirmed');
  });

  it('checks a ticket in once and refuses waitlisted and cancelled tickets with the reason', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 4, 9), ZONE, { capacity: 1, title: 'Kelas check-in' });
    const seat = await register(event.id, 'c1');
    const wait = await register(event.id, 'c2');
    const checkIn = (code: string) => api().post(`/api/events/${event.id}/check-ins`).set('Authorization', auth).send({ code });
    const ok = await checkIn(seat.body.ticketCode.toLowerCase());
    expect(ok.status).toBe(200);
    expect(ok.body.checkedInAt).toBeTruthy();
    const twice = await checkIn(seat.body.ticketCode);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/sudah check-in pada .* WITA/);
    expect((await checkIn(wait.body.ticketCode)).body.code).toBe('ticket_waitlisted');
    expect((await checkIn('ZZZZZZZZ')).status).toBe(404);
    const stranger = await bearer(t, await createUser(t));
    expect((await api().post(`/api/events/${event.id}/check-ins`).set('Authorization', stranger).send({ code: seat.body.ticketCode })).status).toBe(403);
  });
});
