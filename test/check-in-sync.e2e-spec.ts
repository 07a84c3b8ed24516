import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { CheckInScan } from '../src/check-in/check-in-scan.entity.js';
import { DomainEventRecord } from '../src/domain-events/domain-event.entity.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
const MINUTE = 60_000;
let t: TestApp;
let venue: Venue;
let room: Room;
let organiser: User;
let auth: string;
let weeks = 0;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar', city: 'Makassar' });
  room = await createRoom(t, venue.id, { name: 'Aula Losari', kind: 'conference_hall', capacity: 100, maxMinutes: 480, horizonDays: 365 });
  organiser = await createUser(t, { name: 'Andi Penyelenggara' });
  auth = await bearer(t, organiser);
});
afterAll(async () => { await t.close(); });

interface Entry { code: string; name: string; status: string; checkedInAt: string | null; door: string | null }
interface SyncAnswer { results: Array<{ scanId: string; result: string; problem: string | null; resent: boolean; message: string; entry: Entry | null }>; entries: Entry[]; cursor: string; full: boolean }

/**
 * A published event with these attendees (the last ones waitlisted past `capacity`), then moved to today (doors
 * opened an hour ago), as on the day at the door. Returns the event id and each attendee's ticket code.
 */
async function eventToday(names: string[], capacity = names.length) {
  const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 2, 9 + 7 * weeks++), ZONE, { title: 'Kelas live selling', capacity });
  const tickets: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const res = await request(t.server).post(`/api/events/${event.id}/registrations`)
      .send({ name, email: `peserta${i}.${event.id}@contoh.id`, phone: '0812-3456-7890', consent: true });
    expect(res.status).toBe(201);
    tickets[name] = res.body.ticketCode;
  }
  const now = Date.now();
  await t.tx.write((m) => m.update(EventRecord, event.id, { startsAt: new Date(now - 60 * MINUTE), endsAt: new Date(now + 3 * 60 * MINUTE) }));
  return { id: event.id, tickets };
}

const scan = (code: string, minutesAgo: number) => ({ scanId: randomUUID(), code, scannedAt: new Date(Date.now() - minutesAgo * MINUTE).toISOString() });
const sync = (eventId: number, body: object, who = auth) => request(t.server).post(`/api/events/${eventId}/check-in/sync`).set('Authorization', who).send(body);
const doorList = (eventId: number, since?: string, who = auth) =>
  request(t.server).get(`/api/events/${eventId}/check-in/door-list`).query(since ? { since } : {}).set('Authorization', who);
/**
 * On PostgreSQL the stream is read below the oldest running transaction of the whole server (another database's test
 * or benchmark on the same server may hold it back for many seconds), so a change shows in a later refresh: ask again,
 * a bounded number of times.
 */
async function settled(ask: () => request.Test, done: (body: { entries: Entry[] }) => boolean) {
  let res = await ask();
  for (let i = 0; i < 400 && res.status === 200 && !done(res.body); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    res = await ask();
  }
  return res;
}
const registration = (eventId: number, ticketCode: string) => t.db.getRepository(Registration).findOneByOrFail({ eventId, ticketCode });
const streamCount = (eventId: number, type: string) => t.db.getRepository(DomainEventRecord).countBy({ eventId, type });

describe('the door list', () => {
  it('goes to the organiser, venue managers and admins only; 401 without sign-in, 403 for anyone else', async () => {
    const { id } = await eventToday(['Sari Wulandari']);
    expect((await request(t.server).get(`/api/events/${id}/check-in/door-list`)).status).toBe(401);
    expect((await request(t.server).post(`/api/events/${id}/check-in/sync`).send({ device: 'Pintu 1', scans: [] })).status).toBe(401);
    const stranger = await bearer(t, await createUser(t, { name: 'Kreator Lain' }));
    const refused = await doorList(id, undefined, stranger);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('Sari');
    expect((await sync(id, { device: 'Pintu 1', scans: [] }, stranger)).status).toBe(403);
    expect((await doorList(id, undefined, await bearer(t, await makeManager(t, venue.id)))).status).toBe(200);
    expect((await doorList(id, undefined, await bearer(t, await createUser(t, { role: 'admin' })))).status).toBe(200);
    expect((await doorList(999999)).status).toBe(404);
  });

  it('holds ticket code, first name with initial and status, never an email or a phone number', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Made Ayu Wirawan', 'Yosef'], 2);
    const res = await doorList(id);
    expect(res.status).toBe(200);
    expect(res.body.full).toBe(true);
    expect(res.body.entries).toEqual([
      { code: tickets['Sari Wulandari'], name: 'Sari W.', status: 'confirmed', checkedInAt: null, door: null },
      { code: tickets['Made Ayu Wirawan'], name: 'Made W.', status: 'confirmed', checkedInAt: null, door: null },
      { code: tickets.Yosef, name: 'Yosef', status: 'waitlisted', checkedInAt: null, door: null },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/@contoh\.id|0812|\+62|Wulandari/);
    expect(res.body.event).toMatchObject({ id, timezone: ZONE });
  });

  it('refreshes with the changes since the cursor, not the whole list', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Budi Santoso', 'Dewi Lestari']);
    const first = await doorList(id);
    expect(first.body.entries).toHaveLength(3);
    const nothing = await doorList(id, first.body.cursor);
    expect(nothing.body).toMatchObject({ full: false, entries: [] });

    const budi = await registration(id, tickets['Budi Santoso']);
    await request(t.server).post(`/api/events/${id}/registrations/${budi.id}/cancel`).set('Authorization', auth).send({ reason: 'Sakit' }).expect(200);
    const delta = await settled(() => doorList(id, nothing.body.cursor), (body) => body.entries.length > 0);
    expect(delta.body.entries).toEqual([{ code: tickets['Budi Santoso'], name: 'Budi S.', status: 'cancelled', checkedInAt: null, door: null }]);
    expect((await doorList(id, delta.body.cursor)).body.entries).toEqual([]);

    expect((await doorList(id, 'bukan-kursor')).status).toBe(400);
  }, 180_000);

  it('is refused a day after the event ends, and so is a sync', async () => {
    const { id } = await eventToday(['Sari Wulandari']);
    await t.tx.write((m) => m.update(EventRecord, id, { startsAt: new Date(Date.now() - 50 * 60 * MINUTE), endsAt: new Date(Date.now() - 25 * 60 * MINUTE) }));
    const res = await doorList(id);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('door_list_expired');
    expect(res.body.message).toMatch(/WITA/);
    expect((await sync(id, { device: 'Pintu 1', scans: [] })).status).toBe(410);
  });
});

describe('syncing door scans', () => {
  it('takes a batch once: sending it again changes nothing and records one check-in event', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Budi Santoso']);
    const batch = { device: 'Pintu 1', scans: [scan(tickets['Sari Wulandari'], 3), scan(tickets['Budi Santoso'].toLowerCase(), 2)] };
    const first = await sync(id, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: SyncAnswer['results'][number]) => [r.result, r.message, r.resent])).toEqual([
      ['checked_in', 'Hadir ✓ Sari W.', false], ['checked_in', 'Hadir ✓ Budi S.', false],
    ]);
    const again = await sync(id, batch);
    expect(again.body.results.map((r: SyncAnswer['results'][number]) => [r.result, r.resent])).toEqual([['checked_in', true], ['checked_in', true]]);
    const sari = await registration(id, tickets['Sari Wulandari']);
    expect(sari.checkedInAt!.toISOString()).toBe(batch.scans[0].scannedAt);
    expect(sari.checkInDoor).toBe('Pintu 1');
    expect(await t.db.getRepository(CheckInScan).countBy({ eventId: id })).toBe(2);
    expect(await streamCount(id, 'registration.checked_in')).toBe(2);
  });

  it('lets the earliest scan win across two offline doors, also when the earlier one arrives later; each door learns of it', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Budi Santoso', 'Dewi Lestari']);
    const [sari, budi, dewi] = [tickets['Sari Wulandari'], tickets['Budi Santoso'], tickets['Dewi Lestari']];
    const door1Start = await doorList(id);
    const door2Start = await doorList(id);

    // Both doors were offline; door 1 comes back first with Sari at 09.10 and Budi, door 2 then with Sari at 09.05 and Dewi.
    const door1 = await sync(id, { device: 'Pintu 1', scans: [scan(sari, 10), scan(budi, 8)], since: door1Start.body.cursor });
    expect(door1.body.results.map((r: SyncAnswer['results'][number]) => r.result)).toEqual(['checked_in', 'checked_in']);
    const earlier = scan(sari, 15);
    const door2 = await sync(id, { device: 'Pintu 2', scans: [earlier, scan(dewi, 12), scan(budi, 4)], since: door2Start.body.cursor });
    expect(door2.body.results.map((r: SyncAnswer['results'][number]) => r.result)).toEqual(['checked_in', 'checked_in', 'already_checked_in']);
    expect(door2.body.results[2].message).toMatch(/^Sudah check-in \d{2}\.\d{2} di Pintu 1$/);

    const winner = await registration(id, sari);
    expect(winner.checkedInAt!.toISOString()).toBe(earlier.scannedAt);
    expect(winner.checkInDoor).toBe('Pintu 2');
    // Door 1's next sync brings the other door's scans: Sari moved to Pintu 2, Dewi checked in there.
    const door1Next = await settled(() => sync(id, { device: 'Pintu 1', scans: [], since: door1.body.cursor }), (body) => body.entries.length >= 2);
    const byCode = new Map((door1Next.body.entries as Entry[]).map((e) => [e.code, e]));
    expect(byCode.get(sari)).toMatchObject({ status: 'checked_in', door: 'Pintu 2', checkedInAt: earlier.scannedAt });
    expect(byCode.get(dewi)).toMatchObject({ status: 'checked_in', door: 'Pintu 2' });
    // A third sync with a still later scan of Sari changes nothing.
    const late = await sync(id, { device: 'Pintu 1', scans: [scan(sari, 1)] });
    expect(late.body.results[0].result).toBe('already_checked_in');
    expect((await registration(id, sari)).checkedInAt!.toISOString()).toBe(earlier.scannedAt);

    expect(await streamCount(id, 'registration.checked_in')).toBe(3);
    expect(await streamCount(id, 'registration.check_in_corrected')).toBe(1);
    const counts = await t.db.getRepository(Registration).countBy({ eventId: id, status: 'confirmed' });
    expect(counts).toBe(3);
  }, 180_000);

  it('settles two doors syncing the same tickets at the same moment: one check-in each, at the earliest scan', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Budi Santoso']);
    const codes = Object.values(tickets);
    const doorA = codes.map((c) => scan(c, 6));
    const doorB = codes.map((c) => scan(c, 9));
    const answers = await Promise.all([
      sync(id, { device: 'Pintu A', scans: doorA }), sync(id, { device: 'Pintu B', scans: doorB }), sync(id, { device: 'Pintu A', scans: doorA }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const [i, code] of codes.entries()) {
      const r = await registration(id, code);
      expect([r.checkedInAt!.toISOString(), r.checkInDoor]).toEqual([doorB[i].scannedAt, 'Pintu B']);
    }
    expect(await streamCount(id, 'registration.checked_in')).toBe(2);
    expect(await t.db.getRepository(CheckInScan).countBy({ eventId: id })).toBe(4);
  });

  it('reports a scan of a ticket cancelled meanwhile as a conflict, to the device and on the organiser page', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Rahmat Hidayat']);
    const rahmat = await registration(id, tickets['Rahmat Hidayat']);
    await request(t.server).post(`/api/events/${id}/registrations/${rahmat.id}/cancel`).set('Authorization', auth).send({ reason: 'Dobel' }).expect(200);
    const res = await sync(id, { device: 'Pintu 3', scans: [scan(tickets['Rahmat Hidayat'], 5), scan('ZZZZ9999', 4)] });
    expect(res.body.results.map((r: SyncAnswer['results'][number]) => [r.result, r.message])).toEqual([['cancelled', 'Tiket dibatalkan'], ['unknown', 'Tiket tidak dikenal']]);
    expect(res.body.results[0].entry).toMatchObject({ status: 'cancelled' });
    expect((await registration(id, tickets['Rahmat Hidayat'])).checkedInAt).toBeNull();
    expect(await streamCount(id, 'registration.checked_in')).toBe(0);

    const { agent } = await browser(t, `/events/${id}/manage`, organiser);
    const page = await agent.get(`/events/${id}/manage`);
    expect(page.text).toContain('Pindaian tiket yang sudah dibatalkan');
    expect(page.text).toContain('Rahmat Hidayat');
    expect(page.text).toMatch(/Pintu 3 · \w+, \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WITA/);
    await sync(id, { device: 'Pintu 3', scans: [scan(tickets['Sari Wulandari'], 2)] });
    expect((await agent.get(`/events/${id}/manage`)).text).toMatch(/\d{2}\.\d{2} WITA · Pintu 3<br>/);
  });

  it('refuses scan times far in the future or before the event day, per scan, with a message', async () => {
    const { id, tickets } = await eventToday(['Sari Wulandari', 'Budi Santoso', 'Dewi Lestari']);
    const res = await sync(id, { device: 'Pintu 1', scans: [scan(tickets['Sari Wulandari'], -60), scan(tickets['Budi Santoso'], 3 * 24 * 60), scan(tickets['Dewi Lestari'], 1)] });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: SyncAnswer['results'][number]) => [r.result, r.problem])).toEqual([
      ['refused', 'scan_in_future'], ['refused', 'scan_before_event_day'], ['checked_in', null],
    ]);
    expect(res.body.results[0].message).toBe('Waktu pindaian jauh di masa depan; periksa jam perangkat.');
    const en = await sync(id, { device: 'Pintu 1', scans: [scan(tickets['Budi Santoso'], 3 * 24 * 60)] }).set('Accept-Language', 'en').query({ lang: 'en' });
    expect(en.body.results[0].message).toBe('The scan time is before the event day; check the device clock.');
    expect((await registration(id, tickets['Sari Wulandari'])).checkedInAt).toBeNull();
  });

  it('says which field is wrong in a malformed batch', async () => {
    const { id } = await eventToday(['Sari Wulandari']);
    const res = await sync(id, { device: '', scans: [{ scanId: 'satu', code: 'ABCD', scannedAt: 'kemarin' }] });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['device', 'scans.0.scanId', 'scans.0.scannedAt']);
    expect((await sync(id, { device: 'Pintu 1', scans: [], since: 'xx' })).status).toBe(400);
  });
});

describe('the installable door page', () => {
  it('links its manifest (standalone, theme colour, icons, start URL of the door page) and serves the worker and modules', async () => {
    const { id } = await eventToday(['Sari Wulandari']);
    const { html } = await browser(t, `/events/${id}/check-in`, organiser);
    expect(html).toContain(`<link rel="manifest" href="/events/${id}/check-in/manifest.webmanifest">`);
    expect(html).toContain('<script type="module" src="/assets/js/check-in/door.js"></script>');
    expect(html).toContain('method="post" action="/events/');

    const manifest = await request(t.server).get(`/events/${id}/check-in/manifest.webmanifest`);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const body = JSON.parse(manifest.text);
    expect(body).toMatchObject({ start_url: `/events/${id}/check-in`, scope: `/events/${id}/check-in`, display: 'standalone', theme_color: '#c2410c', short_name: 'Check-in' });
    expect(body.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']);
    for (const icon of body.icons as Array<{ src: string }>) {
      const png = await request(t.server).get(icon.src);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
    }

    const worker = await request(t.server).get('/door-sw.js');
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.text).toContain("addEventListener('fetch'");
    expect((await request(t.server).get('/assets/vendor/idb/index.js')).text).toContain('export { deleteDB, openDB');
    expect((await request(t.server).get('/assets/vendor/jsqr/jsQR.js')).status).toBe(200);
    expect((await request(t.server).get('/assets/vendor/idb/package.json')).status).toBe(404);
  });

  it('tells the browser to clear what the site stored when someone signs out', async () => {
    const { agent, csrf } = await browser(t, '/', organiser);
    const res = await agent.post('/sign-out').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers['clear-site-data']).toBe('"storage"');
  });
});
