import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let venue: Venue;
let room: Room;
let organiser: User;
let auth: string;
let eventId: number;
let date: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar', city: 'Makassar' });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
  organiser = await createUser(t, { name: 'Andi Penyelenggara' });
  auth = await bearer(t, organiser);
  date = nextWeekday(ZONE, 2);
  eventId = (await publishedEvent(t, auth, room, date, ZONE, { title: 'Diskon 100% untuk UMKM', tags: ['Go_Digital'] })).id;
});
afterAll(async () => { await t.close(); });

const api = () => request(t.server);
const nested = (depth: number, leaf: unknown = 'x', kind: 'array' | 'object' = 'array'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
};
const session = () => ({ roomId: room.id, title: 'Sesi', start: at(date, '13:00', ZONE), end: at(date, '15:00', ZONE) });

describe('deeply nested bodies', () => {
  const deep = nested(3000);
  const deepObject = nested(3000, 'x', 'object');
  const cases: Array<[string, () => request.Test]> = [
    ['POST /api/events (array at the top)', () => api().post('/api/events').set('Authorization', auth).type('json').send(JSON.stringify(deep))],
    ['POST /api/events (object inside a field)', () => api().post('/api/events').set('Authorization', auth)
      .send({ venueId: venue.id, kind: 'workshop', title: 'Bertingkat', capacity: 5, sessions: [session()], summary: deepObject })],
    ['POST /api/reservations', () => api().post('/api/reservations').set('Authorization', auth).send({ roomId: deep })],
    ['POST /api/events/:id/registrations', () => api().post(`/api/events/${eventId}/registrations`).send({ name: deepObject, email: 'a@contoh.id', consent: true })],
    ['POST /api/auth/sign-in', () => api().post('/api/auth/sign-in').send({ email: deep, password: 'x' })],
  ];

  it.each(cases)('are refused with a 400 that says so: %s', async (_, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: 'body_too_deep', fields: {} });
    expect(res.body.message).toContain('bertingkat');
  });

  it('answers in English to an English client', async () => {
    const res = await api().post('/api/auth/sign-in').set('Accept-Language', 'en').send({ email: nested(50), password: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested too deeply/);
  });

  it('refuses deep nesting in form posts too, and keeps the everyday shapes working', async () => {
    const { agent, csrf } = await browser(t, '/sign-in');
    const key = `x${'[a]'.repeat(20)}`;
    const res = await agent.post('/sign-in').type('form').set('Accept', 'text/html')
      .send(`_csrf=${csrf}&email=a%40contoh.id&password=x&${encodeURIComponent(key)}=1`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('bertingkat');
    const fine = await api().post('/api/events').set('Authorization', auth).send({
      venueId: venue.id, kind: 'workshop', title: 'Programme with sessions', capacity: 5, tags: ['Go Digital'],
      sessions: [{ ...session(), start: at(date, '15:00', ZONE), end: at(date, '16:00', ZONE) }],
    });
    expect(fine.status).toBe(201);
  });
});

describe('invalid Unicode and NUL characters', () => {
  const registrations = () => t.db.getRepository(Registration);

  it.each(['\ud800', '\udfff x', 'dewi\ud83d@contoh.id'])('refuses the email %j on registration, sign-up and sign-in with a field message', async (email) => {
    const sends = [
      api().post(`/api/events/${eventId}/registrations`).send({ name: 'Dewi', email, consent: true }),
      api().post('/api/auth/sign-up').send({ name: 'Dewi', email, password: 'rahasia-panjang' }),
      api().post('/api/auth/sign-in').send({ email, password: 'rahasia-panjang' }),
    ];
    for (const res of await Promise.all(sends)) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'invalid_text' });
      expect(res.body.fields.email[0]).toMatch(/karakter/);
    }
    expect(await registrations().countBy({ name: 'Dewi' })).toBe(0);
  });

  it('names the nested field that holds a lone surrogate or a NUL character', async () => {
    const res = await api().post('/api/events').set('Authorization', auth).send({
      venueId: venue.id, kind: 'workshop', title: 'Judul', capacity: 5, sessions: [{ ...session(), title: 'Sesi\u0000' }],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields)).toEqual(['sessions.0.title']);
    const key = await api().post('/api/reservations').set('Authorization', auth).send({ ['\udc00']: 1 });
    expect(key.status).toBe(400);
    expect(key.body.code).toBe('invalid_text');
  });

  it('refuses a JSON body that is not valid UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"Dewi '), Buffer.from([0xc3, 0x28]), Buffer.from('","email":"dewi.utf8@contoh.id","consent":true}')]);
    const res = await api().post(`/api/events/${eventId}/registrations`).set('Content-Type', 'application/json')
      .serialize((raw: unknown) => raw as string).send(body as unknown as string);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_text');
    expect(await registrations().countBy({ email: 'dewi.utf8@contoh.id' })).toBe(0);
  });

  it('refuses invalid UTF-8 and NUL in the query string and in path parameters, naming the parameter', async () => {
    const query = await api().get('/api/events?q=%ED%A0%80');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ code: 'invalid_text', fields: { q: [expect.stringMatching(/karakter/)] } });
    expect((await api().get('/api/venues?city=Makassar%00')).status).toBe(400);
    const path = await api().get('/api/registrations/%FF%FE');
    expect(path.status).toBe(400);
    expect(path.body.code).toBe('invalid_text');
    const page = await api().get('/events?q=%C3').set('Accept', 'text/html');
    expect(page.status).toBe(400);
    expect(page.text).toContain('karakter');
  });

  it('refuses a registration form whose name is not valid UTF-8, storing nothing', async () => {
    const { agent, csrf } = await browser(t, `/events/${eventId}`);
    const res = await agent.post(`/events/${eventId}/register`).type('form').set('Accept', 'text/html')
      .send(`_csrf=${csrf}&consent=true&name=Budi%ED%A0%80&email=budi.form%40contoh.id`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('karakter');
    expect(await registrations().countBy({ email: 'budi.form@contoh.id' })).toBe(0);
  });

  it('still takes every valid character, emoji and Indonesian names included', async () => {
    const res = await api().post(`/api/events/${eventId}/registrations`)
      .send({ name: 'Ni Luh Putu Ayu 🌺 Śrī', email: 'ayu.valid@contoh.id', businessName: 'Kopi “Wamena” ☕', consent: true });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Ni Luh Putu Ayu 🌺 Śrī');
  });
});

describe('search text is matched literally, never as a LIKE wildcard', () => {
  beforeAll(async () => {
    await publishedEvent(t, auth, room, nextWeekday(ZONE, 3), ZONE, { title: 'Kelas foto produk', tags: ['GoXDigital'] });
    await createVenue(t, { name: 'Kantor Pos Uji_Coba 50%', city: 'Makassar' });
  });
  const titles = async (query: Record<string, string>) => {
    const res = await api().get('/api/events').query(query);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ title: string }>).map((e) => e.title).sort();
  };

  it.each([['%', ['Diskon 100% untuk UMKM']], ['_', ['Diskon 100% untuk UMKM']], ['\\', []], ['%%', []], ['_%_', []], ['0%', ['Diskon 100% untuk UMKM']]])(
    'q=%j finds only the events whose text contains it', async (q, expected) => {
      expect(await titles({ q: q as string })).toEqual(expected);
    });

  it('finds the events whose text contains %, _ or \\ literally', async () => {
    expect(await titles({ q: '100%' })).toEqual(['Diskon 100% untuk UMKM']);
    expect(await titles({ q: 'o_d' })).toEqual(['Diskon 100% untuk UMKM']);
    expect(await titles({ tag: 'Go_Digital' })).toEqual(['Diskon 100% untuk UMKM']);
  });

  it('matches venue names literally', async () => {
    const names = async (q: string) => ((await api().get('/api/venues').query({ q })).body.items as Array<{ name: string }>).map((v) => v.name);
    expect(await names('_')).toEqual(['Kantor Pos Uji_Coba 50%']);
    expect(await names('%')).toEqual(['Kantor Pos Uji_Coba 50%']);
    expect(await names('Uji%Coba')).toEqual([]);
  });

  it('finds rooms by an amenity whose code contains an underscore', async () => {
    const res = await api().get('/api/availability').query({ date, from: '12:00', to: '13:00', amenity: 'ring_light' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { room: { id: number } }) => i.room.id)).toContain(room.id);
    const wildcard = await api().get('/api/availability').query({ date, from: '12:00', to: '13:00', amenity: 'ring%' });
    expect(wildcard.body.items).toEqual([]);
  });
});

describe('the OpenAPI document is the contract', () => {
  type Schema = { type?: string; format?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string; enum?: unknown[]; $ref?: string; items?: Schema };
  type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema; allowEmptyValue?: boolean }>; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties: Record<string, Schema>; required?: string[] }> } };
  beforeAll(async () => { doc = (await api().get('/api/docs/openapi.json')).body; });
  const prop = (schema: string, name: string) => doc.components.schemas[schema].properties[name];

  it('states the validators\' types, minimums, lengths and formats', () => {
    expect(prop('CreateEventDto', 'venueId')).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });
    expect(prop('SessionDto', 'roomId')).toMatchObject({ type: 'integer', minimum: 1 });
    expect(prop('CreateReservationDto', 'roomId')).toMatchObject({ type: 'integer', minimum: 1 });
    expect(prop('SignUpDto', 'name')).toMatchObject({ type: 'string', minLength: 2, maxLength: 120 });
    expect(prop('SignUpDto', 'email')).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(prop('SignInDto', 'password')).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(prop('CheckInDto', 'code')).toMatchObject({ minLength: 4, maxLength: 64 });
    expect(prop('CancelEventDto', 'reason')).toMatchObject({ minLength: 3, maxLength: 500 });
    expect(prop('CreateVenueDto', 'code').pattern).toBe('^[A-Z0-9-]{2,32}$');
    expect(prop('CreateEventDto', 'tags')).toMatchObject({ type: 'array', maxItems: 10, items: { type: 'string', minLength: 2, maxLength: 40 } });
    expect(doc.components.schemas.RegisterDto.required).toEqual(expect.arrayContaining(['name', 'email', 'consent']));
    const availability = doc.paths['/api/availability'].get.parameters!;
    expect(availability.find((p) => p.name === 'minCapacity')).toMatchObject({ required: false, allowEmptyValue: true, schema: { type: 'integer', minimum: 1, maximum: 10000 } });
    expect(availability.find((p) => p.name === 'date')).toMatchObject({ required: true, schema: { pattern: '^\\d{4}-\\d{2}-\\d{2}$' } });
    expect(doc.paths['/api/events/{id}'].get.parameters!.find((p) => p.name === 'id')).toMatchObject({ in: 'path', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } });
  });

  it('lists the error answers of each operation with the shared error shape', () => {
    const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
    const ops = (path: string) => doc.paths[path];
    expect(ops('/api/events').post.responses).toMatchObject({ 201: {}, 400: error, 401: error, 403: error, 409: error, 413: error, 415: error });
    expect(ops('/api/events/{id}').get.responses).toMatchObject({ 200: {}, 400: error, 404: error });
    expect(ops('/api/auth/sign-in').post.responses).toMatchObject({ 200: {}, 400: error, 401: error, 429: error });
    expect(ops('/api/reservations/{id}/approve').post.responses).toMatchObject({ 401: error, 403: error, 404: error, 409: error });
    expect(doc.components.schemas.ErrorBody).toMatchObject({ required: ['status', 'code', 'message', 'fields'] });
  });

  it('refuses the things the document refuses and takes what it allows', async () => {
    expect((await api().get('/api/events').query({ venueId: '0' })).status).toBe(400);
    expect((await api().get('/api/events').query({ venueId: '' })).status).toBe(200);
    expect((await api().get('/api/events/2147483648')).status).toBe(404);
    const huge = await api().post('/api/reservations').set('Authorization', auth)
      .send({ roomId: 1e15, start: at(date, '09:00', ZONE), end: at(date, '10:00', ZONE), headcount: 1, title: 'Besar' });
    expect(huge.status).toBe(400);
    expect(Object.keys(huge.body.fields)).toEqual(['roomId']);
  });

  it('refuses null where the document does not allow it, and takes it where it means "remove"', async () => {
    const admin = await bearer(t, await createUser(t, { role: 'admin' }));
    const refused = await api().patch(`/api/venues/${venue.id}`).set('Authorization', admin).send({ address: null, name: 'Tetap' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.address[0]).toMatch(/null/);
    const nested = await api().patch(`/api/events/${eventId}`).set('Authorization', auth).send({ sessions: [{ ...session(), speaker: null }] });
    expect(nested.status).toBe(400);
    expect(Object.keys(nested.body.fields)).toEqual(['sessions.0.speaker']);
    const cleared = await api().patch(`/api/venues/${venue.id}`).set('Authorization', admin).send({ email: null, latitude: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ email: null, latitude: null, name: 'Kantor Pos Besar Makassar' });
    const schemas = (await api().get('/api/docs/openapi.json')).body.components.schemas;
    expect(schemas.UpdateVenueDto.properties.email.nullable).toBe(true);
    expect(schemas.UpdateVenueDto.properties.address.nullable).toBeUndefined();
  });

  it('refuses dates that match the pattern but do not exist, as the document says (format date)', async () => {
    const admin = await bearer(t, await createUser(t, { role: 'admin' }));
    for (const endDate of ['8000-50-00', '2027-02-30', '0000-01-01']) {
      const res = await api().post(`/api/venues/${venue.id}/closures`).set('Authorization', admin).send({ startDate: '2027-01-04', endDate, reason: 'Renovasi' });
      expect(res.status).toBe(400);
      expect(res.body.fields.endDate).toHaveLength(1);
    }
    expect((await api().get('/api/events').query({ from: '0000-01-01' })).status).toBe(400);
    const schemas = (await api().get('/api/docs/openapi.json')).body.components.schemas;
    expect(schemas.CreateClosureDto.properties.endDate).toMatchObject({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
  });

  it('answers an unknown method on a known path with 405 and the methods it allows', async () => {
    const trace = await api().trace('/api/events');
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, POST');
    expect(trace.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    const del = await api().delete(`/api/events/${eventId}`).set('Authorization', auth);
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD, PATCH');
    const options = await api().options('/api/events');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST');
    const page = await api().trace('/sign-in');
    expect(page.status).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD, POST');
    expect((await api().get('/api/no-such-thing')).status).toBe(404);
    expect(await t.db.getRepository(EventRecord).existsBy({ id: eventId })).toBe(true);
  });
});
