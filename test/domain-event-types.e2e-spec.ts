import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { ConflictError } from '../src/common/errors.js';
import { DomainEvents } from '../src/domain-events/domain-events.service.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every change a partner would care about is one row of the domain-event stream, written with the change: the type,
 * who did it, where, and the payload of docs/webhooks.md. A change that is refused or rolled back leaves neither an
 * event nor a mail.
 */
const ZONE = 'Asia/Makassar';
let t: TestApp;
let venue: Venue;
let room: Room;
let other: Room;
let gated: Room;
let creator: User;
let manager: User;
let creatorAuth: string;
let managerAuth: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, code: 'MKS-STREAM' });
  room = await createRoom(t, venue.id, { name: 'Studio Satu', capacity: 30, maxMinutes: 480, horizonDays: 120 });
  other = await createRoom(t, venue.id, { name: 'Studio Dua', capacity: 30, maxMinutes: 480, horizonDays: 120 });
  gated = await createRoom(t, venue.id, { name: 'Aula Persetujuan', capacity: 30, requiresApproval: true });
  creator = await createUser(t, { name: 'Sari Kreator' });
  manager = await makeManager(t, venue.id);
  creatorAuth = await bearer(t, creator);
  managerAuth = await bearer(t, manager);
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);

interface Row { id: number; type: string; actorId: number | null; venueId: number | null; eventId: number | null; subjectUserId: number | null; payload: any }

async function lastId(): Promise<number> {
  return Number((await t.db.query('SELECT COALESCE(MAX(id), 0) AS n FROM domain_events'))[0].n);
}

/** The events recorded after `mark`, in stream order. */
async function since(mark: number): Promise<Row[]> {
  const rows = await t.db.query(`SELECT id, type, actor_id, venue_id, event_id, subject_user_id, payload FROM domain_events WHERE id > ${mark} ORDER BY id`);
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id), type: r.type as string, actorId: r.actor_id === null ? null : Number(r.actor_id), venueId: r.venue_id === null ? null : Number(r.venue_id),
    eventId: r.event_id === null ? null : Number(r.event_id), subjectUserId: r.subject_user_id === null ? null : Number(r.subject_user_id),
    payload: JSON.parse(r.payload as string),
  }));
}

async function mailCount(): Promise<number> {
  return t.db.getRepository(OutboxMessage).count();
}

const register = (eventId: number, n: string) =>
  api().post(`/api/events/${eventId}/registrations`).send({ name: `Peserta ${n}`, email: `${n}@contoh.id`, phone: '0812-1111-2222', consent: true });

let day = 2;
/** A new weekday for each test, so bookings never meet. */
const nextDay = () => nextWeekday(ZONE, 2, (day += 7));

describe('reservation events', () => {
  it('records a booking once, with the creator, the venue and the booking in the venue\'s offset', async () => {
    const date = nextDay();
    const mark = await lastId();
    const res = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: room.id, start: at(date, '10:00', ZONE), end: at(date, '12:00', ZONE), headcount: 2, title: 'Live batik', notes: 'kunci di resepsionis' });
    expect(res.status).toBe(201);
    const events = await since(mark);
    expect(events.map((e) => e.type)).toEqual(['reservation.created']);
    expect(events[0]).toMatchObject({ actorId: creator.id, venueId: venue.id, subjectUserId: creator.id, eventId: null });
    expect(events[0].payload).toEqual({
      reservation: {
        id: res.body.id, kind: 'booking', status: 'confirmed', roomId: room.id, roomName: 'Studio Satu', venueId: venue.id, venueCode: 'MKS-STREAM',
        start: `${date}T10:00:00+08:00`, end: `${date}T12:00:00+08:00`, timezone: ZONE, title: 'Live batik', headcount: 2, creatorId: creator.id, seriesId: null,
      },
    });
    expect(JSON.stringify(events[0].payload)).not.toContain('resepsionis');
    expect(await t.db.getRepository(OutboxMessage).countBy({ kind: 'reservation_confirmed', recipient: creator.email })).toBe(1);
  });

  it('records one event per date of a weekly series, and mails one invitation', async () => {
    const date = nextDay();
    const [mark, mails] = [await lastId(), await mailCount()];
    const res = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: other.id, start: at(date, '08:00', ZONE), end: at(date, '09:00', ZONE), headcount: 1, title: 'Podcast mingguan', recurrence: 'FREQ=WEEKLY;COUNT=3' });
    expect(res.status).toBe(201);
    const events = await since(mark);
    expect(events.map((e) => e.type)).toEqual(['reservation.created', 'reservation.created', 'reservation.created']);
    const seriesId = events[0].payload.reservation.seriesId;
    expect(seriesId).toEqual(expect.any(Number));
    expect(events.map((e) => e.payload.reservation.seriesId)).toEqual([seriesId, seriesId, seriesId]);
    expect(events.map((e) => e.payload.reservation.start.slice(11))).toEqual(['08:00:00+08:00', '08:00:00+08:00', '08:00:00+08:00']);
    expect(await mailCount()).toBe(mails + 1);
  });

  it('records a request, its approval and a rejection with the reason, each by whoever made it', async () => {
    const date = nextDay();
    const mark = await lastId();
    const asked = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: gated.id, start: at(date, '09:00', ZONE), end: at(date, '10:00', ZONE), headcount: 5, title: 'Temu komunitas' });
    const second = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: gated.id, start: at(date, '13:00', ZONE), end: at(date, '14:00', ZONE), headcount: 5, title: 'Temu komunitas 2' });
    expect((await api().post(`/api/reservations/${asked.body.id}/approve`).set('Authorization', managerAuth)).status).toBe(200);
    expect((await api().post(`/api/reservations/${second.body.id}/reject`).set('Authorization', managerAuth).send({ reason: 'Aula dipakai' })).status).toBe(200);
    const events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId, e.payload.reservation.id, e.payload.reservation.status])).toEqual([
      ['reservation.created', creator.id, asked.body.id, 'pending'],
      ['reservation.created', creator.id, second.body.id, 'pending'],
      ['reservation.approved', manager.id, asked.body.id, 'confirmed'],
      ['reservation.rejected', manager.id, second.body.id, 'rejected'],
    ]);
    expect(events[3].payload.reason).toBe('Aula dipakai');
    expect(events.every((e) => e.venueId === venue.id && e.subjectUserId === creator.id)).toBe(true);
  });

  it('records a move with where the booking was, and cancellations by the creator and by a manager', async () => {
    const date = nextDay();
    const booked = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: room.id, start: at(date, '10:00', ZONE), end: at(date, '11:00', ZONE), headcount: 2, title: 'Akan pindah' });
    const mine = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: room.id, start: at(date, '14:00', ZONE), end: at(date, '15:00', ZONE), headcount: 2, title: 'Batal sendiri' });
    const mark = await lastId();
    expect((await api().post(`/api/reservations/${booked.body.id}/move`).set('Authorization', managerAuth)
      .send({ roomId: other.id, start: at(date, '11:00', ZONE), end: at(date, '12:00', ZONE) })).status).toBe(200);
    expect((await api().post(`/api/reservations/${mine.body.id}/cancel`).set('Authorization', creatorAuth).send({})).status).toBe(200);
    expect((await api().post(`/api/reservations/${booked.body.id}/cancel`).set('Authorization', managerAuth).send({ reason: 'Listrik padam' })).status).toBe(200);
    const events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['reservation.moved', manager.id], ['reservation.cancelled', creator.id], ['reservation.cancelled', manager.id],
    ]);
    expect(events[0].payload.previous).toEqual({ roomId: room.id, start: `${date}T10:00:00+08:00`, end: `${date}T11:00:00+08:00` });
    expect(events[0].payload.reservation).toMatchObject({ roomId: other.id, roomName: 'Studio Dua', start: `${date}T11:00:00+08:00` });
    expect(events[1].payload).toMatchObject({ by: 'creator', reservation: { id: mine.body.id, status: 'cancelled' } });
    expect(events[2].payload).toMatchObject({ by: 'manager', reason: 'Listrik padam', reservation: { id: booked.body.id } });
  });

  it('records a block, and the bookings it cancels as cancelled by a manager', async () => {
    const date = nextDay();
    const booked = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: room.id, start: at(date, '10:00', ZONE), end: at(date, '11:00', ZONE), headcount: 2, title: 'Di jalan blok' });
    const mark = await lastId();
    const block = await api().post(`/api/rooms/${room.id}/blocks`).set('Authorization', managerAuth)
      .send({ start: at(date, '09:00', ZONE), end: at(date, '12:00', ZONE), reason: 'Perawatan AC', cancelAffected: true });
    expect(block.status).toBe(201);
    const events = await since(mark);
    expect(events.map((e) => [e.type, e.payload.reservation.kind, e.payload.by ?? null])).toEqual([
      ['reservation.cancelled', 'booking', 'manager'], ['reservation.created', 'block', null],
    ]);
    expect(events[0].payload.reservation.id).toBe(booked.body.id);
  });
});

describe('closures', () => {
  it('refuses a closure over a booking without leaving an event or a mail, and records both once the manager agrees', async () => {
    const date = nextDay();
    const booked = await api().post('/api/reservations').set('Authorization', creatorAuth)
      .send({ roomId: room.id, start: at(date, '10:00', ZONE), end: at(date, '11:00', ZONE), headcount: 2, title: 'Kena tutup' });
    const [mark, mails] = [await lastId(), await mailCount()];
    const refused = await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', managerAuth)
      .send({ startDate: date, endDate: date, reason: 'Banjir' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('bookings_affected');
    expect(refused.body.details.affected.map((a: { id: number }) => a.id)).toEqual([booked.body.id]);
    expect(await since(mark)).toEqual([]);
    expect(await mailCount()).toBe(mails);

    const closed = await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', managerAuth)
      .send({ startDate: date, endDate: date, reason: 'Banjir', cancelAffected: true });
    expect(closed.status).toBe(201);
    const events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId, e.venueId])).toEqual([
      ['venue.closure_added', manager.id, venue.id], ['reservation.cancelled', manager.id, venue.id],
    ]);
    expect(events[0].payload).toEqual({
      closure: { id: closed.body.id, venueId: venue.id, roomId: null, start: `${date}T00:00:00+08:00`, end: expect.stringMatching(/T00:00:00\+08:00$/), timezone: ZONE, reason: 'Banjir' },
      cancelledReservationIds: [booked.body.id],
    });
    expect(events[1].payload).toMatchObject({ by: 'closure', reason: 'Banjir', reservation: { id: booked.body.id, status: 'cancelled' } });
    expect(await mailCount()).toBe(mails + 1);
    expect((await t.db.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0]).toMatchObject({ kind: 'reservation_cancelled', recipient: creator.email });
  });
});

describe('event and registration events', () => {
  it('records publishing, registrations, a waiting list that moves up, check-in, cancellations and the event\'s cancellation', async () => {
    const date = nextDay();
    const organiser = creator;
    let mark = await lastId();
    const created = await api().post('/api/events').set('Authorization', creatorAuth).send({
      venueId: venue.id, kind: 'workshop', title: 'Kelas kopi', capacity: 1,
      sessions: [{ roomId: other.id, title: 'Seduh', start: at(date, '13:00', ZONE), end: at(date, '15:00', ZONE) }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // A draft is the organiser's workspace: only the room it holds is recorded.
    let events = await since(mark);
    expect(events.map((e) => [e.type, e.eventId])).toEqual([['reservation.created', id]]);

    mark = await lastId();
    expect((await api().post(`/api/events/${id}/publish`).set('Authorization', creatorAuth)).status).toBe(200);
    events = await since(mark);
    expect(events.map((e) => e.type)).toEqual(['event.published']);
    expect(events[0]).toMatchObject({ actorId: organiser.id, venueId: venue.id, eventId: id });
    expect(events[0].payload).toEqual({
      event: {
        id, title: 'Kelas kopi', kind: 'workshop', status: 'published', venueId: venue.id, start: `${date}T13:00:00+08:00`, end: `${date}T15:00:00+08:00`,
        timezone: ZONE, capacity: 1, url: `${t.config.publicBaseUrl}/events/${id}`, sessions: [{ title: 'Seduh', start: `${date}T13:00:00+08:00`, end: `${date}T15:00:00+08:00`, roomId: other.id }],
      },
    });

    mark = await lastId();
    const first = await register(id, 'satu');
    const second = await register(id, 'dua');
    const again = await register(id, 'dua');
    expect([first.status, second.status, again.status]).toEqual([201, 201, 409]);
    events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId, e.eventId, e.venueId])).toEqual([
      ['registration.confirmed', null, id, venue.id], ['registration.waitlisted', null, id, venue.id], ['registration.link_requested', null, id, venue.id],
    ]);
    expect(events[0].payload).toEqual({
      registration: { id: first.body.id, eventId: id, status: 'confirmed', waitlistPosition: null, name: 'Peserta satu', checkedInAt: null },
      event: { id, title: 'Kelas kopi', start: `${date}T13:00:00+08:00`, timezone: ZONE },
    });
    expect(events[1].payload.registration).toMatchObject({ id: second.body.id, status: 'waitlisted', waitlistPosition: 1 });
    // No email, phone, ticket code or manage-link token in any payload: they stay in the app (and in the attendee's mailbox).
    const text = JSON.stringify(events.map((e) => e.payload));
    for (const secret of ['contoh.id', '0812', '+62812', first.body.ticketCode, first.body.token, second.body.token]) expect(text).not.toContain(secret);
    const link = await t.db.getRepository(OutboxMessage).findOneByOrFail({ kind: 'registration_link' });
    expect(link.textBody).toMatch(/\/registrations\/[\w-]+/);
    expect(text).not.toContain(/\/registrations\/([\w-]+)/.exec(link.textBody)![1]);

    mark = await lastId();
    expect((await api().patch(`/api/events/${id}`).set('Authorization', creatorAuth).send({ capacity: 2 })).body.promoted).toEqual([second.body.id]);
    events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId])).toEqual([['event.changed', organiser.id], ['registration.promoted', organiser.id]]);
    expect(events[0].payload.changes).toEqual(['capacity']);
    expect(events[0].payload.event.capacity).toBe(2);
    expect(events[1].payload.registration).toMatchObject({ id: second.body.id, status: 'confirmed', waitlistPosition: null });
    expect(await t.db.getRepository(OutboxMessage).countBy({ kind: 'registration_promoted', recipient: 'dua@contoh.id' })).toBe(1);

    mark = await lastId();
    expect((await api().post(`/api/events/${id}/check-ins`).set('Authorization', managerAuth).send({ code: first.body.ticketCode })).status).toBe(200);
    expect((await api().post(`/api/events/${id}/check-ins`).set('Authorization', managerAuth).send({ code: first.body.ticketCode })).status).toBe(409);
    expect((await api().post(`/api/events/${id}/registrations/${first.body.id}/cancel`).set('Authorization', creatorAuth).send({ reason: 'Salah daftar' })).status).toBe(200);
    events = await since(mark);
    expect(events.map((e) => [e.type, e.actorId])).toEqual([['registration.checked_in', manager.id], ['registration.cancelled', organiser.id]]);
    expect(events[0].payload.registration.checkedInAt).toMatch(/\+08:00$/);

    mark = await lastId();
    const mails = await mailCount();
    expect((await api().post(`/api/events/${id}/cancel`).set('Authorization', creatorAuth).send({ reason: 'Pemateri sakit' })).status).toBe(200);
    events = await since(mark);
    expect(events.map((e) => e.type)).toEqual(['reservation.cancelled', 'event.cancelled', 'registration.cancelled']);
    expect(events[1].payload).toMatchObject({ reason: 'Pemateri sakit', event: { id, status: 'cancelled' } });
    expect(events[2].payload.registration).toMatchObject({ id: second.body.id, status: 'cancelled' });
    expect(events[0].payload).toMatchObject({ by: 'creator', reason: 'Pemateri sakit', reservation: { roomId: other.id } });
    // The attendee is told; the organiser's own room release sends no booking mail.
    expect(await mailCount()).toBe(mails + 1);
    expect(await t.db.getRepository(OutboxMessage).countBy({ kind: 'registration_cancelled', recipient: 'dua@contoh.id' })).toBe(1);
  });

  it('records a change of programme once, naming the sessions, and mails the seated attendees the update', async () => {
    const date = nextDay();
    const created = await api().post('/api/events').set('Authorization', creatorAuth).send({
      venueId: venue.id, kind: 'meetup', title: 'Temu UMKM', capacity: 5,
      sessions: [{ roomId: room.id, title: 'Temu', start: at(date, '09:00', ZONE), end: at(date, '10:00', ZONE) }],
    });
    await api().post(`/api/events/${created.body.id}/publish`).set('Authorization', creatorAuth);
    await register(created.body.id, 'tiga');
    const mark = await lastId();
    const moved = await api().patch(`/api/events/${created.body.id}`).set('Authorization', creatorAuth)
      .send({ sessions: [{ roomId: other.id, title: 'Temu', start: at(date, '10:00', ZONE), end: at(date, '11:00', ZONE) }] });
    expect(moved.status).toBe(200);
    const events = await since(mark);
    expect(events.map((e) => e.type)).toEqual(['reservation.cancelled', 'reservation.created', 'event.changed']);
    expect(events[2].payload.changes).toEqual(['start', 'end', 'sessions']);
    expect(events[2].payload.event.sessions).toEqual([{ title: 'Temu', start: `${date}T10:00:00+08:00`, end: `${date}T11:00:00+08:00`, roomId: other.id }]);
    expect(await t.db.getRepository(OutboxMessage).countBy({ kind: 'registration_updated', recipient: 'tiga@contoh.id' })).toBe(1);
  });
});

describe('a rolled-back change', () => {
  it('leaves no event and no mail when a subscriber refuses it, although mail was already written in the transaction', async () => {
    const stream = t.app.get(DomainEvents);
    const date = nextDay();
    const event = await api().post('/api/events').set('Authorization', managerAuth).send({
      venueId: venue.id, kind: 'workshop', title: 'Ditolak pelanggan', capacity: 3,
      sessions: [{ roomId: room.id, title: 'Sesi', start: at(date, '13:00', ZONE), end: at(date, '14:00', ZONE) }],
    });
    await api().post(`/api/events/${event.body.id}/publish`).set('Authorization', managerAuth);
    let refuse = true;
    // '*' subscribers run after the typed ones: the mail subscriber has written the invitation when this refuses.
    stream.subscribe('*', async (m, e) => {
      if (!refuse || e.type !== 'registration.confirmed') return;
      expect(await m.getRepository(OutboxMessage).countBy({ recipient: 'tolak@contoh.id' })).toBe(1);
      throw new ConflictError('already_registered');
    });
    const [mark, mails] = [await lastId(), await mailCount()];
    const refused = await register(event.body.id, 'tolak');
    expect(refused.status).toBe(409);
    expect(await since(mark)).toEqual([]);
    expect(await mailCount()).toBe(mails);
    expect(await t.db.getRepository(Registration).countBy({ email: 'tolak@contoh.id' })).toBe(0);
    refuse = false;
    expect((await register(event.body.id, 'tolak')).status).toBe(201);
    expect((await since(mark)).map((e) => e.type)).toEqual(['registration.confirmed']);
    expect(await t.db.getRepository(Reservation).countBy({ eventId: event.body.id, status: 'confirmed' })).toBe(1);
  });
});
