import request from 'supertest';
import { Closure } from '../src/venues/closure.entity.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: string;
let creator: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await bearer(t, await createUser(t, { role: 'admin' }));
  creator = await bearer(t, await createUser(t, { role: 'creator' }));
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);
const newVenue = {
  code: 'MKS-99', name: 'Kantor Pos Uji Makassar', address: 'Jl. Slamet Riyadi No. 10', city: 'Makassar',
  province: 'Sulawesi Selatan', timezone: 'Asia/Makassar', phone: '0411-315-001', email: 'mks@contoh.id',
};

describe('venues API', () => {
  it('lets an admin create a venue, with its phone stored as E.164 and national holidays preloaded', async () => {
    const res = await api().post('/api/venues').set('Authorization', admin).send(newVenue);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'MKS-99', timezone: 'Asia/Makassar', timezoneLabel: 'WITA', phone: '+62411315001', active: true });
    const closures = await t.db.getRepository(Closure).findBy({ venueId: res.body.id });
    expect(closures.map((c) => c.startDate)).toEqual(expect.arrayContaining(['2026-12-25', '2026-12-24', '2027-08-17']));
    expect(closures.find((c) => c.startDate === '2027-08-17')?.estimated).toBe(true);

    const dup = await api().post('/api/venues').set('Authorization', admin).send(newVenue);
    expect(dup.status).toBe(409);
    expect(dup.body.fields.code[0]).toBe('Kode ini sudah dipakai lokasi lain.');
  });

  it('refuses venue creation by a creator (403) and by a visitor (401)', async () => {
    expect((await api().post('/api/venues').set('Authorization', creator).send({ ...newVenue, code: 'X-1' })).status).toBe(403);
    const visitor = await api().post('/api/venues').send({ ...newVenue, code: 'X-2' });
    expect(visitor.status).toBe(401);
    expect(visitor.body).toMatchObject({ status: 401, code: 'unauthenticated', fields: {} });
  });

  it('names every bad field of a venue with a readable message', async () => {
    const res = await api().post('/api/venues').set('Authorization', admin)
      .send({ code: 'mks 1', name: 'K', timezone: 'Asia/Tokyo', phone: '12', latitude: 'utara' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields)).toEqual(expect.arrayContaining(['code', 'name', 'address', 'city', 'province', 'timezone', 'phone', 'latitude']));
    expect(res.body.fields.timezone[0]).toBe('Pilih salah satu pilihan yang tersedia.');
    expect(res.body.fields.phone[0]).toMatch(/0812-3456-7890/);
  });

  it('lets a manager edit only the venues they manage', async () => {
    const mine = await createVenue(t, { name: 'Milik Saya' });
    const other = await createVenue(t, { name: 'Milik Orang Lain' });
    const manager = await makeManager(t, mine.id);
    const auth = await bearer(t, manager);
    const ok = await api().patch(`/api/venues/${mine.id}`).set('Authorization', auth).send({ description: 'Studio baru dibuka' });
    expect(ok.status).toBe(200);
    expect(ok.body.description).toBe('Studio baru dibuka');
    expect(ok.body.name).toBe('Milik Saya');
    const refused = await api().patch(`/api/venues/${other.id}`).set('Authorization', auth).send({ description: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_venue_manager');
    const code = await api().patch(`/api/venues/${mine.id}`).set('Authorization', auth).send({ code: 'BARU-1' });
    expect(code.status).toBe(403);
    expect((await api().post(`/api/venues/${other.id}/rooms`).set('Authorization', auth).send({ name: 'Ruang', kind: 'podcast_room', capacity: 3 })).status).toBe(403);
  });

  it('replaces opening hours and refuses overlapping or inverted ranges', async () => {
    const venue = await createVenue(t);
    const auth = await bearer(t, await makeManager(t, venue.id));
    const ok = await api().put(`/api/venues/${venue.id}/opening-hours`).set('Authorization', auth).send({ ranges: [
      { weekday: 5, opens: '08:00', closes: '11:30' }, { weekday: 5, opens: '13:00', closes: '16:00' }, { weekday: 6, opens: '09:00', closes: '12:00' },
    ] });
    expect(ok.status).toBe(200);
    const show = await api().get(`/api/venues/${venue.id}`);
    expect(show.body.openingHours).toEqual({
      5: [{ opens: '08:00', closes: '11:30' }, { opens: '13:00', closes: '16:00' }], 6: [{ opens: '09:00', closes: '12:00' }],
    });
    const overlap = await api().put(`/api/venues/${venue.id}/opening-hours`).set('Authorization', auth).send({ ranges: [
      { weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '11:00', closes: '15:00' },
    ] });
    expect(overlap.status).toBe(400);
    expect(overlap.body.fields.weekday1[0]).toMatch(/tumpang tindih/);
    const inverted = await api().put(`/api/venues/${venue.id}/opening-hours`).set('Authorization', auth)
      .send({ ranges: [{ weekday: 2, opens: '16:00', closes: '08:00' }] });
    expect(inverted.status).toBe(400);
    const badTime = await api().put(`/api/venues/${venue.id}/opening-hours`).set('Authorization', auth)
      .send({ ranges: [{ weekday: 8, opens: '25:00', closes: '08:00' }] });
    expect(badTime.status).toBe(400);
    expect(Object.keys(badTime.body.fields)).toEqual(expect.arrayContaining(['ranges.0.weekday', 'ranges.0.opens']));
    expect((await api().get(`/api/venues/${venue.id}`)).body.openingHours[5]).toHaveLength(2);
  });

  it('adds and removes closures, refusing an end before the start', async () => {
    const venue = await createVenue(t);
    const auth = await bearer(t, await makeManager(t, venue.id));
    const bad = await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', auth).send({ startDate: '2027-02-10', endDate: '2027-02-01', reason: 'Renovasi' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.endDate).toBeDefined();
    const ok = await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', auth).send({ startDate: '2027-02-01', endDate: '2027-02-10', reason: 'Renovasi studio', kind: 'maintenance' });
    expect(ok.status).toBe(201);
    const shown = await api().get(`/api/venues/${venue.id}`);
    expect(shown.body.closures).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'Renovasi studio', startDate: '2027-02-01' })]));
    expect((await api().delete(`/api/venues/${venue.id}/closures/${ok.body.id}`).set('Authorization', auth)).status).toBe(204);
    expect((await api().delete(`/api/venues/${venue.id}/closures/${ok.body.id}`).set('Authorization', auth)).status).toBe(404);
  });

  it('lets admins assign and remove managers by email', async () => {
    const venue = await createVenue(t);
    const person = await createUser(t, { role: 'creator' });
    const res = await api().post(`/api/venues/${venue.id}/managers`).set('Authorization', admin).send({ email: person.email.toUpperCase() });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe('manager');
    const auth = await bearer(t, person);
    expect((await api().patch(`/api/venues/${venue.id}`).set('Authorization', auth).send({ description: 'ok' })).status).toBe(200);
    expect((await api().get('/api/me').set('Authorization', auth)).body.managedVenueIds).toEqual([venue.id]);
    expect((await api().post(`/api/venues/${venue.id}/managers`).set('Authorization', admin).send({ email: person.email })).status).toBe(409);
    expect((await api().post(`/api/venues/${venue.id}/managers`).set('Authorization', admin).send({ email: 'tidak.ada@contoh.id' })).status).toBe(404);
    expect((await api().post(`/api/venues/${venue.id}/managers`).set('Authorization', auth).send({ email: person.email })).status).toBe(403);
    expect((await api().delete(`/api/venues/${venue.id}/managers/${person.id}`).set('Authorization', admin)).status).toBe(204);
    expect((await api().patch(`/api/venues/${venue.id}`).set('Authorization', auth).send({ description: 'x' })).status).toBe(403);
  });

  it('lists venues with filters and pagination, hiding inactive venues from the public', async () => {
    await createVenue(t, { name: 'Kantor Pos Jayapura Uji', city: 'Jayapura', province: 'Papua', timezone: 'Asia/Jayapura' });
    const hidden = await createVenue(t, { name: 'Kantor Pos Tersembunyi', city: 'Jayapura', province: 'Papua', timezone: 'Asia/Jayapura', active: false });
    const hall = await createVenue(t, { name: 'Aula Sorong', city: 'Sorong', province: 'Papua Barat Daya', timezone: 'Asia/Jayapura' });
    await createRoom(t, hall.id, { kind: 'conference_hall', capacity: 150, amenities: ['stage', 'projector'] });

    const papua = await api().get('/api/venues?province=papua');
    expect(papua.body.items.map((v: { name: string }) => v.name)).toEqual(['Kantor Pos Jayapura Uji']);
    expect(papua.body.items[0].timezoneLabel).toBe('WIT');
    expect((await api().get(`/api/venues/${hidden.id}`)).status).toBe(404);
    expect((await api().get(`/api/venues/${hidden.id}`).set('Authorization', admin)).status).toBe(200);

    const big = await api().get('/api/venues?minCapacity=100&amenity=stage');
    expect(big.body.items.map((v: { id: number }) => v.id)).toEqual([hall.id]);
    expect((await api().get('/api/venues?roomKind=conference_hall&q=sorong')).body.total).toBe(1);
    expect((await api().get('/api/venues?q=100%25')).body.total).toBe(0);

    const paged = await api().get('/api/venues?pageSize=2&page=1');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(paged.body.total).toBeGreaterThan(2);
    const badQuery = await api().get('/api/venues?pageSize=1000&minCapacity=banyak');
    expect(badQuery.status).toBe(400);
    expect(Object.keys(badQuery.body.fields).sort()).toEqual(['minCapacity', 'pageSize']);
  });

  it('answers unknown or malformed ids with 404', async () => {
    expect((await api().get('/api/venues/999999')).body.code).toBe('venue_not_found');
    expect((await api().get('/api/venues/abc')).status).toBe(404);
    expect((await api().get('/api/rooms/0')).status).toBe(404);
  });
});

describe('rooms API', () => {
  it('creates and updates a room with its booking rules', async () => {
    const venue = await createVenue(t);
    const auth = await bearer(t, await makeManager(t, venue.id));
    const res = await api().post(`/api/venues/${venue.id}/rooms`).set('Authorization', auth).send({
      name: 'Studio Podcast', kind: 'podcast_room', capacity: 4, amenities: ['microphone', 'mixer'], slotMinutes: 30,
      minMinutes: 60, maxMinutes: 180, bufferMinutes: 15, horizonDays: 30, requiresApproval: true, maxHoursPerWeek: 6,
    });
    expect(res.status).toBe(201);
    expect(res.body.rules).toMatchObject({ slotMinutes: 30, bufferMinutes: 15, requiresApproval: true, maxHoursPerWeek: 6, maxFutureReservations: null });
    const patched = await api().patch(`/api/rooms/${res.body.id}`).set('Authorization', auth).send({ capacity: 5 });
    expect(patched.body).toMatchObject({ capacity: 5, name: 'Studio Podcast' });
    expect(patched.body.rules.requiresApproval).toBe(true);
    const shown = await api().get(`/api/rooms/${res.body.id}`);
    expect(shown.body.venue.timezone).toBe('Asia/Makassar');
  });

  it('refuses rules that do not fit together and unknown amenities', async () => {
    const venue = await createVenue(t);
    const auth = await bearer(t, await makeManager(t, venue.id));
    const minAboveMax = await api().post(`/api/venues/${venue.id}/rooms`).set('Authorization', auth)
      .send({ name: 'Aula', kind: 'conference_hall', capacity: 100, minMinutes: 300, maxMinutes: 120 });
    expect(minAboveMax.status).toBe(400);
    expect(minAboveMax.body.code).toBe('room_min_above_max');
    const offSlot = await api().post(`/api/venues/${venue.id}/rooms`).set('Authorization', auth)
      .send({ name: 'Aula', kind: 'conference_hall', capacity: 100, slotMinutes: 60, minMinutes: 90 });
    expect(offSlot.body.message).toBe('Durasi harus kelipatan 60 menit.');
    const amenity = await api().post(`/api/venues/${venue.id}/rooms`).set('Authorization', auth)
      .send({ name: 'Aula', kind: 'spaceship', capacity: 0, amenities: ['laser'] });
    expect(Object.keys(amenity.body.fields).sort()).toEqual(['amenities', 'capacity', 'kind']);
  });

  it('hides inactive rooms from the public but not from their managers', async () => {
    const venue = await createVenue(t);
    const room = await createRoom(t, venue.id, { active: false });
    const auth = await bearer(t, await makeManager(t, venue.id));
    expect((await api().get(`/api/rooms/${room.id}`)).status).toBe(404);
    expect((await api().get(`/api/rooms/${room.id}`).set('Authorization', auth)).status).toBe(200);
  });
});

describe('health and docs', () => {
  it('reports the app and the database reachable', async () => {
    const res = await api().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document listing the API routes', async () => {
    const res = await api().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/venues', '/api/venues/{id}', '/api/rooms/{id}', '/api/auth/sign-in', '/api/me/tokens']));
    expect((await api().get('/api/docs')).status).toBe(200);
  });

  it('answers an unknown API route with the JSON error shape', async () => {
    const res = await api().get('/api/tidak-ada');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });
});
