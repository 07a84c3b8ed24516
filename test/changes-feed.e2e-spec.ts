import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { DomainEvents, type DomainEventInput } from '../src/domain-events/domain-events.service.js';
import type { DomainEventType } from '../src/domain-events/event-types.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let stream: DomainEvents;
let adminAuth: string;

beforeAll(async () => {
  t = await startTestApp();
  stream = t.app.get(DomainEvents);
  adminAuth = await bearer(t, await createUser(t, { role: 'admin' }));
});
afterAll(async () => { await t.close(); });

type Page = { data: Array<{ id: string; type: string; timestamp: string; venueId: number | null; eventId: number | null; data: { n?: number } }>; next: string; hasMore: boolean };

const feed = async (auth: string, query: Record<string, string | number> = {}): Promise<Page> => {
  const res = await request(t.server).get('/api/changes').query(query).set('Authorization', auth);
  if (res.status !== 200) throw new Error(`feed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Page;
};

/** Reads the whole feed from `after` (or the start) page by page, returning every event and the last cursor. */
async function readAll(auth: string, limit: number, after?: string) {
  const pages: Page[] = [];
  let cursor = after;
  do pages.push(await feed(auth, { limit, ...(cursor ? { after: cursor } : {}) }));
  while (pages.at(-1)!.hasMore && (cursor = pages.at(-1)!.next) && pages.length < 50);
  return { pages, events: pages.flatMap((p) => p.data), next: pages.at(-1)!.next };
}

const event = (type: DomainEventType, fields: Partial<DomainEventInput> = {}): DomainEventInput =>
  ({ type, actorId: null, venueId: null, payload: {}, ...fields });
const record = (...inputs: DomainEventInput[]) =>
  t.tx.write(async (m) => { const out = []; for (const input of inputs) out.push(await stream.record(m, input)); return out; });

describe('GET /api/changes', () => {
  it('lists events in stream order, a page at a time, with a cursor that reads on and ends empty', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const manager = await bearer(t, await makeManager(t, venue.id));
    const written: string[] = [];
    // 250 events in 25 transactions of 10: more than two pages of 100.
    for (let batch = 0; batch < 25; batch++) {
      const events = await record(...Array.from({ length: 10 }, (_, i) =>
        event(i % 2 ? 'reservation.created' : 'reservation.cancelled', { venueId: venue.id, payload: { n: batch * 10 + i } })));
      written.push(...events.map((e) => e.uid));
    }
    const first = await feed(manager);
    expect(first.data).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    expect(first.data[0]).toEqual({ id: written[0], type: 'reservation.cancelled', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), venueId: venue.id, eventId: null, data: { n: 0 } });

    const { pages, events, next } = await readAll(manager, 100);
    expect(pages.map((p) => p.data.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(events.map((e) => e.id)).toEqual(written);
    expect(events.map((e) => e.data.n)).toEqual(Array.from({ length: 250 }, (_, i) => i));

    // Read to the end: an empty page keeps the cursor, and a new event appears after it.
    const empty = await feed(manager, { after: next });
    expect(empty).toEqual({ data: [], next, hasMore: false });
    const [later] = await record(event('reservation.moved', { venueId: venue.id }));
    const fresh = await feed(manager, { after: next });
    expect(fresh.data.map((e) => e.id)).toEqual([later.uid]);
    expect(fresh.next).not.toBe(next);

    const cancelled = await readAll(manager, 7, undefined);
    expect(cancelled.events).toHaveLength(251);
    const onlyMoved = await feed(manager, { types: 'reservation.moved,reservation.approved' });
    expect(onlyMoved.data.map((e) => e.id)).toEqual([later.uid]);
  });

  it('shows a manager only their venues, a creator only their own, an organiser their events, an admin everything', async () => {
    const [venueA, venueB] = [await createVenue(t, { timezone: ZONE }), await createVenue(t, { timezone: ZONE })];
    const managerA = await bearer(t, await makeManager(t, venueA.id));
    const managerB = await bearer(t, await makeManager(t, venueB.id));
    const creator: User = await createUser(t, { name: 'Sari Kreator' });
    const creatorAuth = await bearer(t, creator);
    const someoneElse = await createUser(t, { name: 'Yosef Kreator' });
    const organiser = await createUser(t, { name: 'Andi Penyelenggara' });
    const organiserAuth = await bearer(t, organiser);
    const room = await createRoom(t, venueB.id, { capacity: 40, kind: 'workshop_room', maxMinutes: 480 });
    const organised = await publishedEvent(t, organiserAuth, room, nextWeekday(ZONE, 3), ZONE);

    const [mineAtA, othersAtA, mineAtB, workshop, registration] = await record(
      event('reservation.created', { venueId: venueA.id, subjectUserId: creator.id }),
      event('reservation.created', { venueId: venueA.id, subjectUserId: someoneElse.id }),
      event('reservation.cancelled', { venueId: venueB.id, subjectUserId: creator.id }),
      event('event.published', { venueId: venueB.id, eventId: organised.id }),
      event('registration.confirmed', { venueId: venueB.id, eventId: organised.id }),
    );
    // Compared on the events recorded here: once the services record their own changes, the event's creation adds more.
    const recorded = new Set([mineAtA, othersAtA, mineAtB, workshop, registration].map((e) => e.uid));
    const ids = async (auth: string) => (await readAll(auth, 500)).events.map((e) => e.id).filter((id) => recorded.has(id));
    expect((await readAll(managerA, 500)).events.every((e) => e.venueId === venueA.id)).toBe(true);
    expect(await ids(managerA)).toEqual([mineAtA.uid, othersAtA.uid]);
    expect(await ids(managerB)).toEqual([mineAtB.uid, workshop.uid, registration.uid]);
    expect(await ids(creatorAuth)).toEqual([mineAtA.uid, mineAtB.uid]);
    expect(await ids(organiserAuth)).toEqual([workshop.uid, registration.uid]);
    expect(await ids(adminAuth)).toEqual(expect.arrayContaining([mineAtA.uid, othersAtA.uid, mineAtB.uid, workshop.uid, registration.uid]));
    // The signed-in browser reads the same feed with its session cookie.
    const { agent } = await browser(t, '/', creator);
    const viaCookie = await agent.get('/api/changes');
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.data.map((e: { id: string }) => e.id).filter((id: string) => recorded.has(id))).toEqual([mineAtA.uid, mineAtB.uid]);
  });

  it('never lists internal event types, not even to an admin, and refuses them as a filter', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const [internal, test, visible] = await record(
      event('registration.link_requested', { venueId: venue.id }),
      event('webhook.test', { venueId: venue.id }),
      event('venue.closure_added', { venueId: venue.id }),
    );
    const all = (await readAll(adminAuth, 500)).events;
    expect(all.map((e) => e.id)).toContain(visible.uid);
    expect(all.map((e) => e.id)).not.toContain(internal.uid);
    expect(all.map((e) => e.id)).not.toContain(test.uid);
    expect(all.filter((e) => e.type === 'webhook.test' || e.type === 'registration.link_requested')).toEqual([]);
    const refused = await request(t.server).get('/api/changes?types=venue.closure_added,webhook.test').set('Authorization', adminAuth);
    expect(refused.status).toBe(400);
    expect(refused.body.fields.types[0]).toContain('webhook.test');
  });

  it('answers 400 with a message for a bad cursor or limit, and 401 without a caller', async () => {
    const bad = async (query: string, field: string) => {
      const res = await request(t.server).get(`/api/changes?${query}`).set('Authorization', adminAuth);
      expect({ query, status: res.status, fields: Object.keys(res.body.fields ?? {}) }).toEqual({ query, status: 400, fields: [field] });
      return res;
    };
    const cursor = await bad('after=bukan-kursor', 'after');
    expect(cursor.body.fields.after[0]).toMatch(/Kursor tidak dikenal/);
    const en = await request(t.server).get('/api/changes?after=bukan-kursor').set('Authorization', adminAuth).set('Accept-Language', 'en');
    expect(en.body.fields.after[0]).toMatch(/Unknown cursor/);
    await bad(`after=${Buffer.from('1.99999999999').toString('base64url')}`, 'after');
    for (const limit of ['0', '501', '-3', '2.5', 'banyak']) await bad(`limit=${limit}`, 'limit');
    await bad('types=reservation.exploded', 'types');
    expect((await feed(adminAuth, { limit: 500 })).data.length).toBeGreaterThan(0);
    const anonymous = await request(t.server).get('/api/changes');
    expect(anonymous.status).toBe(401);
    expect((await request(t.server).get('/api/changes').set('Authorization', 'Bearer not-a-token')).status).toBe(401);
  });

  it('never passes an event whose transaction is still open, and lists it once that commits', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const manager = await bearer(t, await makeManager(t, venue.id));
    const start = (await feed(manager)).next; // also the token's first use, which writes once
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let recorded!: (uid: string) => void;
    const slowUid = new Promise<string>((resolve) => { recorded = resolve; });
    const slow = t.tx.write(async (m) => {
      const e = await stream.record(m, event('reservation.created', { venueId: venue.id, payload: { n: 1 } }));
      recorded(e.uid);
      await gate;
      return e.uid;
    });
    const heldUid = await slowUid;
    // A later transaction records and commits meanwhile (on SQLite it waits its turn behind the open one).
    const fast = t.tx.write((m) => stream.record(m, event('reservation.created', { venueId: venue.id, payload: { n: 2 } })));
    if (t.tx.isPostgres) await fast;
    const during = await feed(manager, { after: start });
    expect(during.hasMore).toBe(false);
    release();
    await slow;
    const fastUid = (await fast).uid;
    const after = await feed(manager, { after: during.next });
    // Whatever was readable while the slow one was open, nothing was skipped: both, once each, in stream order.
    expect([...during.data, ...after.data].map((e) => e.id)).toEqual([heldUid, fastUid]);
    if (t.tx.isPostgres) expect(during.data).toEqual([]);
  });
});

describe('the API document', () => {
  it('documents the changes feed: its parameters, page shape and public types only', async () => {
    const op = (await request(t.server).get('/api/docs/openapi.json')).body.paths['/api/changes'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['after', 'limit', 'types']);
    expect(op.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ minimum: 1, maximum: 500 });
    const page = op.responses['200'].content['application/json'].schema;
    expect(page.required).toEqual(['data', 'next', 'hasMore']);
    expect(page.properties.data.items.properties.type.enum).toContain('reservation.created');
    expect(page.properties.data.items.properties.type.enum).not.toContain('webhook.test');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
  });
});
