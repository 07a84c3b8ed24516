import request from 'supertest';
import { jest } from '@jest/globals';
import type { User } from '../src/accounts/user.entity.js';
import { requestFingerprint } from '../src/idempotency/idempotency-key.js';
import { IdempotencyService } from '../src/idempotency/idempotency.service.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { BookingsService } from '../src/reservations/bookings.service.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let keys: IdempotencyService;
let venue: Venue;
let creator: User;
let auth: string;
let otherAuth: string;
let organiserAuth: string;
let monday: string;
let seq = 0;
const newKey = () => `key-${Date.now()}-${seq++}`;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  keys = t.app.get(IdempotencyService);
  venue = await createVenue(t, { timezone: ZONE });
  creator = await createUser(t, { name: 'Sari Kreator' });
  auth = await bearer(t, creator);
  otherAuth = await bearer(t, await createUser(t, { name: 'Yosef Kreator' }));
  organiserAuth = await bearer(t, await createUser(t, { name: 'Andi Penyelenggara' }));
  monday = nextWeekday(ZONE, 1);
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);
const booking = (room: Room, from: string, to: string, extra: object = {}) =>
  ({ roomId: room.id, start: at(monday, from, ZONE), end: at(monday, to, ZONE), headcount: 2, title: 'Live selling batik', ...extra });
const book = (body: object, key?: string, who = auth) => {
  const req = api().post('/api/reservations').set('Authorization', who);
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
};
const rowsIn = (room: Room) => t.db.getRepository(Reservation).countBy({ roomId: room.id });
const keyRows = async () => Number((await t.db.query('SELECT COUNT(*) AS n FROM idempotency_keys'))[0].n);

describe('POST /api/reservations with an Idempotency-Key', () => {
  it('replays the first answer (same status and body, marked as a replay) and books once', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    const first = await book(booking(room, '10:00', '11:00'), key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await book(booking(room, '10:00', '11:00'), key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // The key may also come as a Structured Field string, as the draft writes it; field order does not matter.
    const { title, ...rest } = booking(room, '10:00', '11:00');
    const quoted = await book({ title, ...rest }, `"${key}"`);
    expect(quoted.status).toBe(201);
    expect(quoted.body).toEqual(first.body);
    expect(await rowsIn(room)).toBe(1);
  });

  it('refuses the same key with a different body with 422 in Indonesian and English, creating nothing', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    expect((await book(booking(room, '10:00', '11:00'), key)).status).toBe(201);
    const other = await book(booking(room, '12:00', '13:00'), key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
    expect(other.body.message).toMatch(/sudah pernah dikirim dengan isian yang berbeda/);
    const en = await book(booking(room, '12:00', '13:00'), key).set('Accept-Language', 'en');
    expect(en.status).toBe(422);
    expect(en.body.message).toMatch(/already sent with different details/);
    expect(await rowsIn(room)).toBe(1);
  });

  it('gives 20 simultaneous requests with one key one booking and the same answer', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    const body = JSON.stringify(booking(room, '13:00', '14:00'));
    const results = await Promise.all(Array.from({ length: 20 }, async () => {
      const res = await fetch(`${t.baseUrl}/api/reservations`, {
        method: 'POST', body, headers: { Authorization: auth, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      });
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() as { id: number } };
    }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => r.replayed === 'true')).toHaveLength(19);
    expect(await rowsIn(room)).toBe(1);
    const mails = await t.db.query(`SELECT COUNT(*) AS n FROM outbox_messages WHERE dedupe_key LIKE 'reservation-${results[0].body.id}-%'`);
    expect(Number(mails[0].n)).toBe(1);
  });

  it('keeps the keys of two users apart: the same key books for each of them', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    const mine = await book(booking(room, '08:00', '09:00'), key);
    const theirs = await book(booking(room, '09:00', '10:00'), key, otherAuth);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await rowsIn(room)).toBe(2);
  });

  it('answers 400 for an empty, too long or control-character key and books nothing', async () => {
    const room = await createRoom(t, venue.id);
    for (const bad of ['', ' ', 'x'.repeat(256), 'tab\there', 'caf\u00e9', '"unterminated', '"a"b"']) {
      const res = await book(booking(room, '10:00', '11:00'), bad);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'idempotency_key_invalid' });
      expect(res.body.message).toMatch(/Idempotency-Key tidak sah/);
    }
    expect(await rowsIn(room)).toBe(0);
    expect((await book(booking(room, '10:00', '11:00'), 'k'.repeat(255))).status).toBe(201);
  });

  it('behaves as before without a key: a repeat is a new request (here refused, the slot being taken)', async () => {
    const room = await createRoom(t, venue.id);
    expect((await book(booking(room, '10:00', '11:00'))).status).toBe(201);
    const repeat = await book(booking(room, '10:00', '11:00'));
    expect(repeat.status).toBe(409);
    expect(repeat.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsIn(room)).toBe(1);
  });

  it('keeps a refusal (4xx) as the key\'s answer, even once the slot is free again', async () => {
    const room = await createRoom(t, venue.id);
    const taken = await book(booking(room, '10:00', '11:00'), undefined, otherAuth);
    const key = newKey();
    const refused = await book(booking(room, '10:00', '11:00'), key);
    expect(refused.status).toBe(409);
    await api().post(`/api/reservations/${taken.body.id}/cancel`).set('Authorization', otherAuth).send({}).expect(200);
    const retry = await book(booking(room, '10:00', '11:00'), key);
    expect(retry.status).toBe(409);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(refused.body);
    const invalid = await book({ ...booking(room, '10:00', '11:00'), headcount: 0 }, newKey());
    expect(invalid.status).toBe(400);
    expect(await rowsIn(room)).toBe(1);
  });

  it('does not keep a 5xx: the retry with the same key runs and books', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    const spy = jest.spyOn(t.app.get(BookingsService), 'create').mockRejectedValueOnce(new Error('database went away'));
    try {
      expect((await book(booking(room, '10:00', '11:00'), key)).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    const retry = await book(booking(room, '10:00', '11:00'), key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsIn(room)).toBe(1);
  });

  it('answers 409 while the first request is still running, and "result unknown" once it was left for minutes', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    const body = booking(room, '10:00', '11:00');
    // A first request that claimed the key and has not answered (still working, or its process died after booking).
    const begun = await keys.begin(`user:${creator.id}`, key, requestFingerprint('POST', '/api/reservations', body));
    expect('claim' in begun).toBe(true);
    const wait = keys.waitMs;
    keys.waitMs = 300;
    try {
      const busy = await book(body, key);
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('idempotency_in_progress');
      await t.db.query(`UPDATE idempotency_keys SET created_at = $1`.replace('$1', t.tx.isPostgres ? `NOW() - INTERVAL '10 minutes'` : `datetime('now', '-10 minutes')`));
      const unknown = await book(body, key);
      expect(unknown.status).toBe(409);
      expect(unknown.body).toMatchObject({ code: 'idempotency_result_unknown' });
      expect(unknown.body.message).toMatch(/Periksa pemesanan atau pendaftaran Anda/);
    } finally {
      keys.waitMs = wait;
    }
    expect(await rowsIn(room)).toBe(0);
  });

  it('forgets keys after 24 hours and purges them', async () => {
    const room = await createRoom(t, venue.id);
    const key = newKey();
    expect((await book(booking(room, '10:00', '11:00'), key)).status).toBe(201);
    const past = t.tx.isPostgres ? `NOW() - INTERVAL '1 minute'` : `datetime('now', '-1 minute')`;
    await t.db.query(`UPDATE idempotency_keys SET expires_at = ${past}`);
    // A day later the key is a new request again (here refused: the slot is the caller's own booking now).
    const later = await book(booking(room, '10:00', '11:00'), key);
    expect(later.status).toBe(409);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    await t.db.query(`UPDATE idempotency_keys SET expires_at = ${past}`);
    expect(await keyRows()).toBeGreaterThan(0);
    await keys.purgeExpired();
    expect(await keyRows()).toBe(0);
  });
});

describe('POST /api/events/:id/registrations with an Idempotency-Key', () => {
  it('gives 20 simultaneous anonymous requests with one key one registration, one mail and the same answer', async () => {
    const room = await createRoom(t, venue.id, { capacity: 40, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, organiserAuth, room, nextWeekday(ZONE, 3), ZONE, { capacity: 10 });
    const key = newKey();
    const body = JSON.stringify({ name: 'Dewi Lestari', email: 'dewi.idem@contoh.id', consent: true });
    const results = await Promise.all(Array.from({ length: 20 }, async () => {
      const res = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      });
      return { status: res.status, body: await res.json() as { id: number; token: string } };
    }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await t.db.getRepository(Registration).countBy({ eventId: event.id })).toBe(1);
    const mails = await t.db.query(`SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'registration_confirmed' AND recipient = 'dewi.idem@contoh.id'`);
    expect(Number(mails[0].n)).toBe(1);
    // The stored answer holds the manage link: it is kept encrypted, never as readable text.
    const stored = await t.db.query('SELECT response FROM idempotency_keys WHERE response_status = 201');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((r: { response: string }) => r.response.includes(results[0].body.token) || r.response.includes('dewi'))).toBe(false);
  });
});

describe('the booking and registration forms', () => {
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)![1];

  it('makes one booking of a double-tapped booking form, both taps landing on it with the notice', async () => {
    const room = await createRoom(t, venue.id);
    const start = at(monday, '13:00', ZONE);
    const { agent, html } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`, creator);
    const form = { _csrf: csrfOf(html), idempotencyKey: keyOf(html), roomId: room.id, start, end: at(monday, '14:00', ZONE), title: 'Rekaman podcast', headcount: '2', repeat: 'none', count: '4' };
    const post = () => agent.post('/reservations').type('form').set('Accept', 'text/html').send(form);
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(b.headers.location).toBe(a.headers.location);
    expect([a, b].map((r) => String(r.headers['set-cookie'])).every((c) => c.includes('rk_flash'))).toBe(true);
    // Going back and sending the same page again later lands on the same booking too.
    const back = await post();
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(a.headers.location);
    expect(back.headers['idempotent-replayed']).toBe('true');
    expect(await rowsIn(room)).toBe(1);
    const page = await agent.get(a.headers.location).set('Accept', 'text/html');
    expect(page.text).toContain('Rekaman podcast');
  });

  it('re-renders a refused form with a new key, and the fixed form then books', async () => {
    const room = await createRoom(t, venue.id);
    const start = at(monday, '13:00', ZONE);
    const { agent, html } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`, creator);
    const key = keyOf(html);
    const base = { _csrf: csrfOf(html), idempotencyKey: key, roomId: room.id, start, end: at(monday, '14:00', ZONE), title: 'Ramai', repeat: 'none', count: '4' };
    const refused = await agent.post('/reservations').type('form').set('Accept', 'text/html').send({ ...base, headcount: '50' });
    expect(refused.status).toBe(400);
    const fresh = keyOf(refused.text);
    expect(fresh).not.toBe(key);
    const fixed = await agent.post('/reservations').type('form').set('Accept', 'text/html').send({ ...base, idempotencyKey: fresh, headcount: '2' });
    expect(fixed.status).toBe(303);
    // The first rendering's key sent again with other details: the form comes back (422) with a fresh key, nothing booked.
    const reused = await agent.post('/reservations').type('form').set('Accept', 'text/html').send({ ...base, idempotencyKey: fresh, headcount: '3' });
    expect(reused.status).toBe(422);
    expect(reused.text).toContain('sudah pernah dikirim dengan isian yang berbeda');
    expect(keyOf(reused.text)).not.toBe(fresh);
    const bad = await agent.post('/reservations').type('form').set('Accept', 'text/html').send({ ...base, idempotencyKey: 'a\u0001b', headcount: '2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Idempotency-Key tidak sah');
    expect(await rowsIn(room)).toBe(1);
  });

  it('registers once from a double-submitted event form, both answers opening the same ticket', async () => {
    const room = await createRoom(t, venue.id, { capacity: 40, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, organiserAuth, room, nextWeekday(ZONE, 4), ZONE, { capacity: 10 });
    const { agent, html } = await browser(t, `/events/${event.id}`);
    const form = { _csrf: csrfOf(html), idempotencyKey: keyOf(html), name: 'Made Wirawan', email: 'made.idem@contoh.id', consent: 'true' };
    const post = () => agent.post(`/events/${event.id}/register`).type('form').set('Accept', 'text/html').send(form);
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.location).toMatch(/^\/registrations\//);
    expect(b.headers.location).toBe(a.headers.location);
    expect(await t.db.getRepository(Registration).countBy({ eventId: event.id })).toBe(1);
    // Another browser with the same key (copied form) is another caller: its own registration attempt.
    const other = await browser(t, `/events/${event.id}`);
    const theirs = await other.agent.post(`/events/${event.id}/register`).type('form').set('Accept', 'text/html')
      .send({ ...form, _csrf: csrfOf(other.html), email: 'wayan.idem@contoh.id', name: 'Wayan' });
    expect(theirs.status).toBe(303);
    expect(theirs.headers.location).not.toBe(a.headers.location);
    expect(await t.db.getRepository(Registration).countBy({ eventId: event.id })).toBe(2);
  });
});

describe('the API document', () => {
  it('documents the Idempotency-Key header and the 409 and 422 answers on both writes', async () => {
    const doc = (await api().get('/api/docs/openapi.json')).body;
    for (const path of ['/api/reservations', '/api/events/{id}/registrations']) {
      const op = doc.paths[path].post;
      const header = op.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(header).toMatchObject({ required: false, schema: { type: 'string', maxLength: 255 } });
      expect(header.description).toContain('Idempotent-Replayed');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
      expect(op.responses['422'].description).toContain('idempotency_key_reused');
    }
  });
});
