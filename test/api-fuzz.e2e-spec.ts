/**
 * Property test of the API contract: generated hostile requests (deep nesting, invalid Unicode, huge numbers and
 * strings, wrong types, missing and extra fields, bad ids and tokens) to every operation of the OpenAPI document,
 * as every kind of caller, never get a 5xx and always get a status the document lists for that operation.
 * `npm test` runs a few cases per operation; `npm run test:fuzz` runs FUZZ_NUM_RUNS (default 200), FUZZ_SEED replays
 * a run, FUZZ_TRACE=<file> logs every request sent.
 */
import { fc, it } from '@fast-check/jest';
import { appendFileSync } from 'node:fs';
import request from 'supertest';
import { AccountsService } from '../src/accounts/accounts.service.js';
import { SESSION_COOKIE } from '../src/accounts/auth.middleware.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { Room } from '../src/rooms/room.entity.js';
import { Closure } from '../src/venues/closure.entity.js';
import { OpeningHour } from '../src/venues/opening-hour.entity.js';
import { VenueManager } from '../src/venues/venue-manager.entity.js';
import { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp } from './support/test-app.js';

const NUM_RUNS = Number(process.env.FUZZ_NUM_RUNS ?? 6);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const ZONE = 'Asia/Makassar';

type Schema = {
  $ref?: string; type?: string; example?: unknown; format?: string; pattern?: string; enum?: unknown[]; description?: string; nullable?: boolean;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number;
  items?: Schema; properties?: Record<string, Schema>; required?: string[];
};
type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema };
type Operation = {
  parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type Op = { method: string; path: string; operation: Operation };

// The app and its data exist before the tests are declared: there is one property per operation of its document.
const t = await startTestApp();
afterAll(async () => { await t.close(); });

const date = nextWeekday(ZONE, 2);
const HOURS = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));
const venue = await createVenue(t, { timezone: ZONE, city: 'Makassar', province: 'Sulawesi Selatan' }, HOURS);
const RULES = { capacity: 30, slotMinutes: 30, minMinutes: 60, maxMinutes: 480, bufferMinutes: 0, horizonDays: 60, maxHoursPerWeek: null, maxFutureReservations: null, active: true };
const room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya', kind: 'workshop_room', requiresApproval: false, ...RULES });
const approvalRoom = await createRoom(t, venue.id, { name: 'Studio Podcast', kind: 'podcast_room', requiresApproval: true, ...RULES });
const users = {
  admin: await createUser(t, { role: 'admin' }),
  manager: await makeManager(t, venue.id),
  organiser: await createUser(t, { name: 'Andi Penyelenggara' }),
  creator: await createUser(t, { name: 'Sari Kreator' }),
};

/**
 * What the well-formed requests aim at: a published event with a registration, a booking awaiting approval and a
 * closure. Fuzzed requests cancel and change them, so each operation's property starts by putting them back.
 */
const fx = { eventId: 0, registrationId: 0, registrationToken: '', pendingId: 0, closureId: 0, round: 0 };
async function refreshFixtures() {
  if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `refresh ${JSON.stringify(fx)}\n`);
  await t.tx.write(async (m) => {
    await m.update(Venue, { id: venue.id }, { active: true, timezone: ZONE });
    await m.update(Room, { id: room.id }, { ...RULES, requiresApproval: false });
    await m.update(Room, { id: approvalRoom.id }, { ...RULES, requiresApproval: true });
    await m.delete(OpeningHour, { venueId: venue.id });
    await m.insert(OpeningHour, HOURS.map((h) => ({ ...h, venueId: venue.id })));
    await m.delete(Closure, { venueId: venue.id });
    fx.closureId = (await m.save(m.create(Closure, { venueId: venue.id, startDate: '2031-01-02', endDate: '2031-01-02', reason: 'Renovasi', kind: 'other', estimated: false }))).id;
    if (!(await m.existsBy(VenueManager, { venueId: venue.id, userId: users.manager.id }))) await m.insert(VenueManager, { venueId: venue.id, userId: users.manager.id });
  });
  // Later rounds use later weeks (within the rooms' 60-day horizon), away from the times the fuzzed requests book.
  const day = () => nextWeekday(ZONE, 2 + (fx.round % 4), 9 + 7 * Math.floor((fx.round % 28) / 4));
  const organiser = await bearer(t, users.organiser);
  for (let tries = 0; (await t.db.getRepository(EventRecord).findOneBy({ id: fx.eventId }))?.status !== 'published' && tries < 10; tries++) {
    fx.round += 1;
    fx.eventId = await publishedEvent(t, organiser, room, day(), ZONE, { capacity: 2 }).then((e) => e.id, () => fx.eventId);
  }
  const registration = await t.db.getRepository(Registration).findOneBy({ id: fx.registrationId });
  if (registration?.status !== 'confirmed' || registration.eventId !== fx.eventId) {
    const res = await request(t.server).post(`/api/events/${fx.eventId}/registrations`).send({ name: 'Dewi Lestari', email: `dewi.${fx.round}.${Date.now()}@contoh.id`, consent: true });
    if (res.status === 201) [fx.registrationId, fx.registrationToken] = [res.body.id, res.body.token];
  }
  const creator = await bearer(t, users.creator);
  for (let tries = 0; (await t.db.getRepository(Reservation).findOneBy({ id: fx.pendingId }))?.status !== 'pending' && tries < 10; tries++) {
    fx.round += 1;
    const res = await request(t.server).post('/api/reservations').set('Authorization', creator)
      .send({ roomId: approvalRoom.id, start: at(day(), '13:00', ZONE), end: at(day(), '14:00', ZONE), headcount: 2, title: 'Rekaman podcast' });
    if (res.status === 201) fx.pendingId = res.body.id;
  }
}
await refreshFixtures();
const doc = (await request(t.server).get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** Credentials per caller, renewed when a fuzzed request revokes them (sign-out, token deletion). */
const credentials: Record<string, Record<string, string>> = {};
async function renewCredentials() {
  credentials.anonymous = {};
  credentials.badToken = { Authorization: 'Bearer rk_nichtsda' };
  for (const [name, user] of Object.entries(users)) credentials[name] = { Authorization: await bearer(t, user) };
  // A session made directly: fuzzed sign-ins with wrong passwords may have throttled the manager's account.
  credentials.managerCookie = { Cookie: `${SESSION_COOKIE}=${await t.app.get(AccountsService).createSession(users.manager.id)}` };
}
await renewCredentials();

const operations: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ method, path, operation })));

// ---- values -------------------------------------------------------------------------------------------------

const ids = [1, 2, 3, 4, 5, venue.id, room.id, approvalRoom.id, ...Object.values(users).map((u) => u.id)];
/**
 * Ids that name something: for a path parameter by the segment before it (`/rooms/{id}` → the rooms), with renewed
 * fixtures written as `@fx.eventId` and read when the request is sent; for a body or query field by its name.
 */
const idsFor = (path: string, name: string): string[] => {
  const before = path.includes(`{${name}}`) ? path.split(`/{${name}}`)[0].split('/').pop()! : '';
  const known: Record<string, string[]> = {
    venues: [String(venue.id)], rooms: [String(room.id), String(approvalRoom.id)], events: ['@fx.eventId'], reservations: ['@fx.pendingId'],
    registrations: ['@fx.registrationId'], closures: ['@fx.closureId'], managers: [String(users.manager.id)],
    roomId: [String(room.id), String(approvalRoom.id)], venueId: [String(venue.id)],
  };
  return known[before] ?? known[name] ?? ids.map(String);
};
const withFixtures = (text: string) => text.replace(/@fx\.(\w+)/g, (_, key: keyof typeof fx) => encodeURIComponent(String(fx[key])));
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const TIME = '^([01]\\d|2[0-3]):[0-5]\\d$';
const isoTimes = fc.constantFrom('08:00', '09:00', '12:00', '13:00', '13:30', '15:00', '16:00', '17:00', '23:59')
  .chain((time) => fc.constantFrom(at(date, time, ZONE), `${date}T${time}:00Z`, `${date}T${time}`, '2026-02-30T10:00:00+08:00'));

const invalidText = fc.oneof(
  fc.constantFrom('\ud800', '\udfff x', 'a\u0000b', '\u0000', 'dewi\ud83d@contoh.id', '\udc00\ud800'),
  fc.tuple(fc.string(), fc.constantFrom('\ud800', '\udbff', '\udc00', '\u0000'), fc.string()).map((parts) => parts.join('')),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, -1, 0, -0, 0.5, 1e-300, Number.MAX_SAFE_INTEGER);
const hugeString = fc.constantFrom(300, 5_000, 70_000, 300_000).map((n) => 'x'.repeat(n));
/** Deep nesting, written as JSON text when sent: building or serialising 10,000 levels as objects would overflow the test's stack. */
class Deep {
  constructor(readonly depth: number, readonly arrays: boolean) {}
  get json(): string {
    return this.arrays ? `${'['.repeat(this.depth)}"x"${']'.repeat(this.depth)}` : `${'{"a":'.repeat(this.depth)}"x"${'}'.repeat(this.depth)}`;
  }
}
const deepNesting = fc.tuple(fc.constantFrom(9, 40, 3_000, 10_000), fc.boolean()).map(([depth, arrays]) => new Deep(depth, arrays));
const wrongType = fc.constantFrom<unknown>(null, true, false, [], {}, '', ' ', 'abc', '1', [1, 2], { a: 1 }, [null], ['x'], 12);
const hostile: fc.Arbitrary<unknown> = fc.oneof(invalidText, hugeNumber, hugeString, deepNesting, wrongType, fc.string(), fc.anything({ maxDepth: 3 }));
// A URL stays well under Node's 16 kB header limit (beyond it Node itself answers 431, before the app sees anything).
const hostileInUrl: fc.Arbitrary<unknown> = fc.oneof(invalidText, hugeNumber, wrongType, fc.string(), fc.anything({ maxDepth: 2 }),
  fc.constantFrom(81, 300, 2_000).map((n) => 'x'.repeat(n)), deepNesting.filter((v) => v.depth <= 40));

const resolve = (schema: Schema): Schema => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema);

/** A value the schema allows (mostly; constraints the generator cannot express are left to chance). */
function valid(schema: Schema, name = ''): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const generated = generate(s, name);
  return s.example === undefined ? generated : fc.oneof(fc.constant(s.example), generated);
}

function generate(s: Schema, name: string): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.type === 'integer') {
    const range = fc.integer({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 });
    return /^(id|\w+Id)$/.test(name) ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...idsFor('', name)).map(Number) }, { weight: 1, arbitrary: range }) : range;
  }
  if (s.type === 'number') return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'array') return fc.array(valid(s.items ?? {}, name), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
  if (s.type === 'object' || s.properties) {
    const properties = Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, child]) => [key, valid(child, key)]));
    return fc.record(properties, { requiredKeys: (s.required ?? []).filter((key) => key in properties) });
  }
  if (s.type === 'string' || !s.type) {
    if (s.format === 'email') {
      return fc.oneof(fc.emailAddress(), fc.constant(users.manager.email),
        fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/), fc.constantFrom('contoh.id', 'example.com')).map(([local, domain]) => `${local}@${domain}`));
    }
    if (s.format === 'uri') return fc.webUrl();
    if (s.pattern === DATE) return fc.oneof(fc.constant(date), fc.stringMatching(new RegExp(s.pattern)));
    if (s.pattern === TIME) return fc.oneof(fc.constantFrom('09:00', '10:00', '13:00', '14:30'), fc.stringMatching(new RegExp(s.pattern)));
    if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
    if (s.description?.includes('ISO 8601')) return isoTimes;
    return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200), unit: 'grapheme' });
  }
  return fc.anything();
}

/** A valid value, a hostile one, or one with hostile fields, missing fields and extra fields. */
function fuzzed(schema: Schema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const names = Object.keys(s.properties ?? {});
  const mangled = fc.tuple(
    valid({ ...s, required: [] }),
    fc.dictionary(fc.constantFrom(...names, 'extra', 'constructor', '__proto__', 'id', '_csrf'), hostile, { maxKeys: 3 }),
  ).map(([base, overrides]) => Object.assign(base as object, overrides));
  return fc.oneof({ weight: 4, arbitrary: valid(s) }, { weight: 4, arbitrary: mangled }, { weight: 2, arbitrary: hostile });
}

// ---- requests -----------------------------------------------------------------------------------------------

/** Percent-encodes like a careless client: lone surrogates become their (invalid) three UTF-8-style bytes. */
function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(char);
  }
  return out;
}
const rawEscapes = fc.constantFrom('%ED%A0%80', '%FF', '%00', '%C3', '%E2%82', '%', '%zz', '%2F', '..', '%20', '%C0%AF');
/** JSON text of a generated value, Deep values written out in place. */
function toJson(value: unknown): string {
  const deep: Deep[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `\u0001${deep.push(v) - 1}\u0001` : v)) ?? 'null';
  return text.replace(/"\\u0001(\d+)\\u0001"/g, (_, i: string) => deep[Number(i)].json);
}
const asText = (value: unknown): string => (typeof value === 'string' ? value : toJson(value));
const segment = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: arb.map((v) => encode(asText(v))) }, { weight: 1, arbitrary: rawEscapes });

/** Never empty: an empty segment is another path (often another operation), not a value of this parameter. */
function pathValue(param: Parameter, path: string): fc.Arbitrary<string> {
  return pathValueOrEmpty(param, path).filter((value) => value !== '');
}

function pathValueOrEmpty(param: Parameter, path: string): fc.Arbitrary<string> {
  if (param.schema.type === 'integer') {
    return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...idsFor(path, param.name)) }, { weight: 1, arbitrary: fc.constantFrom(...ids).map(String) }, { weight: 2, arbitrary: fc.integer({ min: -5, max: 5e9 }).map(String) },
      { weight: 2, arbitrary: segment(hostileInUrl) });
  }
  return fc.oneof({ weight: 3, arbitrary: fc.constant('@fx.registrationToken') }, { weight: 3, arbitrary: segment(fc.oneof(fc.string(), invalidText)) });
}

function queryPart(param: Parameter): fc.Arbitrary<string | null> {
  const pair = (value: string) => `${encode(param.name)}=${value}`;
  const value = fc.oneof({ weight: 5, arbitrary: segment(valid(param.schema, param.name)) }, { weight: 3, arbitrary: segment(hostileInUrl) });
  return fc.oneof(
    { weight: param.required ? 1 : 3, arbitrary: fc.constant(null) },
    { weight: 6, arbitrary: value.map(pair) },
    { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]) => `${pair(a)}&${pair(b)}`) },
    { weight: 1, arbitrary: fc.constant(`${encode(param.name)}=`) },
  );
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; bytes: Buffer } | { kind: 'none' };

function bodyFor(op: Operation): fc.Arbitrary<Body> {
  const schema = op.requestBody?.content['application/json']?.schema;
  const json = (schema ? fuzzed(schema) : hostile).map((value): Body => ({ kind: 'json', value }));
  const raw = fc.oneof(
    fc.constant({ type: 'application/json', bytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }),
    fc.constant({ type: 'application/json', bytes: Buffer.from('{"a": ') }),
    fc.constant({ type: 'application/json', bytes: Buffer.from('"\\ud800"') }),
    fc.constant({ type: 'text/plain', bytes: Buffer.from('halo') }),
    fc.tuple(fc.constantFrom(...(schema ? Object.keys(resolve(schema).properties ?? {}) : ['a']), 'x[a][b][c][d][e][f][g][h][i][j]'), segment(fc.oneof(fc.string(), invalidText)))
      .map(([key, value]) => ({ type: 'application/x-www-form-urlencoded', bytes: Buffer.from(`${encode(key)}=${value}`) })),
  ).map((r): Body => ({ kind: 'raw', ...r }));
  if (op.requestBody) return fc.oneof({ weight: 8, arbitrary: json }, { weight: 2, arbitrary: raw }, { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) });
  return fc.oneof({ weight: 6, arbitrary: fc.constant<Body>({ kind: 'none' }) }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: raw });
}

function requestFor({ method, path, operation }: Op) {
  const params = operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const fill = (values: string[]) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, values[i]), path);
  const callers = fc.constantFrom('anonymous', 'badToken', 'admin', 'manager', 'organiser', 'creator', 'managerCookie');
  const schema = operation.requestBody?.content['application/json']?.schema;
  // A quarter of the cases are well-formed, so that the checks behind validation (rules, permissions, conflicts) are reached too.
  const wellFormed = fc.record({
    caller: fc.constantFrom('admin', 'manager', 'organiser', 'creator', 'anonymous'),
    path: fc.tuple(...pathParams.map((p) => (p.schema.type === 'integer' ? fc.constantFrom(...idsFor(path, p.name)) : fc.constant('@fx.registrationToken')))).map(fill),
    query: fc.tuple(...queryParams.map((p) => (p.required ? valid(p.schema, p.name) : fc.option(valid(p.schema, p.name), { nil: undefined }))
      .map((v) => (v === undefined ? null : `${encode(p.name)}=${encode(asText(v))}`)))).map((parts) => parts.filter((p) => p !== null).join('&')),
    body: fc.constant(schema).chain((s) => (s ? valid(s).map((value): Body => ({ kind: 'json', value })) : fc.constant<Body>({ kind: 'none' }))),
  });
  const hostileRequest = fc.record({
    caller: callers,
    path: fc.tuple(...pathParams.map((p) => pathValue(p, path))).map(fill),
    query: fc.tuple(...queryParams.map(queryPart),
      fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: segment(hostileInUrl).map((v) => `extra=${v}`) }))
      .map((parts) => parts.filter((p) => p !== null).join('&')),
    body: method === 'get' ? fc.constant<Body>({ kind: 'none' }) : bodyFor(operation),
  });
  return fc.oneof({ weight: 1, arbitrary: wellFormed }, { weight: 3, arbitrary: hostileRequest });
}

type Sample = { caller: string; path: string; query: string; body: Body };

async function send(method: string, sample: Sample, accept: string) {
  if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${new Date().toISOString()} ${method} ${withFixtures(sample.path)}?${withFixtures(sample.query)} ${sample.caller} ${sample.body.kind}\n`);
  const url = withFixtures(sample.query ? `${sample.path}?${sample.query}` : sample.path);
  let req = (request(t.server) as unknown as Record<string, (url: string) => request.Test>)[method](url).set('Accept', accept);
  for (const [name, value] of Object.entries(credentials[sample.caller])) req = req.set(name, value);
  if (sample.body.kind === 'json') req = req.set('Content-Type', 'application/json').send(toJson(sample.body.value));
  if (sample.body.kind === 'raw') req = req.set('Content-Type', sample.body.type).serialize((b: unknown) => b as string).send(sample.body.bytes as unknown as string);
  return req;
}

const describeSample = (method: string, s: Sample) => {
  const body = s.body.kind === 'json' ? toJson(s.body.value).slice(0, 300) : s.body.kind === 'raw' ? `${s.body.type} ${s.body.bytes.toString('latin1').slice(0, 200)}` : '-';
  return `${method.toUpperCase()} ${withFixtures(s.path).slice(0, 300)}${s.query ? `?${withFixtures(s.query).slice(0, 300)}` : ''} as ${s.caller}, body ${body}`;
};

it('has data to aim at: a published event with a registration and a booking awaiting approval', async () => {
  expect((await t.db.getRepository(EventRecord).findOneByOrFail({ id: fx.eventId })).status).toBe('published');
  expect((await t.db.getRepository(Registration).findOneByOrFail({ id: fx.registrationId })).status).toBe('confirmed');
  expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: fx.pendingId })).status).toBe('pending');
  expect(operations.length).toBeGreaterThan(40);
});

/** With test:fuzz, the statuses seen per operation: shows how deep the generated requests got (a 2xx means all the way). */
const statusCounts: Record<string, Record<number, number>> = {};
afterAll(() => {
  if (process.env.FUZZ_NUM_RUNS === undefined) return;
  console.log(Object.entries(statusCounts).map(([op, counts]) => `${op}: ${Object.entries(counts).map(([s, n]) => `${s}×${n}`).join(' ')}`).join('\n'));
});

describe.each(operations)('$method $path', (op) => {
  const documented = Object.keys(op.operation.responses);
  const accept = [...new Set(Object.values(op.operation.responses).flatMap((r) => Object.keys(r.content ?? {})))].join(', ') || 'application/json';
  beforeAll(refreshFixtures);

  it.prop([requestFor(op)], { numRuns: NUM_RUNS, seed: SEED })('answers hostile input with a status its document lists, never a 5xx', async (sample) => {
    const res = await send(op.method, sample, accept);
    const problem = res.status >= 500 ? 'a server error'
      : !documented.includes(String(res.status)) ? `an undocumented status (documented: ${documented.join(', ')})`
        : res.status >= 400 && res.type === 'application/json' && !(res.body.status === res.status && typeof res.body.code === 'string'
          && typeof res.body.message === 'string' && res.body.message !== '' && typeof res.body.fields === 'object') ? 'an error body not in the shared shape'
          : null;
    if (problem) throw new Error(`${describeSample(op.method, sample)}\n→ ${res.status}: ${problem}\n${res.text.slice(0, 500)}`);
    if ([200, 204].includes(res.status) && /sign-out|tokens\/\{id\}/.test(op.path)) await renewCredentials();
    if (process.env.FUZZ_DEBUG && `${op.method} ${op.path}`.includes(process.env.FUZZ_DEBUG) && (process.env.FUZZ_DEBUG_ALL || res.status === 400)) console.log(describeSample(op.method, sample), res.text.slice(0, 300));
    const counts = (statusCounts[`${op.method.toUpperCase()} ${op.path}`] ??= {});
    counts[res.status] = (counts[res.status] ?? 0) + 1;
  }, Math.max(60_000, NUM_RUNS * 2_000));
});
