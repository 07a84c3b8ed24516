import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { Room } from '../src/rooms/room.entity.js';
import { Closure } from '../src/venues/closure.entity.js';
import { OpeningHour } from '../src/venues/opening-hour.entity.js';
import { VenueManager } from '../src/venues/venue-manager.entity.js';
import { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let admin: User;
beforeAll(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin', name: 'Admin Jaringan' });
});
afterAll(async () => { await t.close(); });

type Agent = request.Agent;
const post = (agent: Agent, path: string, csrf: string, body: object) =>
  agent.post(path).type('form').set('Accept', 'text/html').send({ _csrf: csrf, ...body });
const page = (agent: Agent, path: string) => agent.get(path).set('Accept', 'text/html');

/** Everything the venue edit form sends, as a browser would (the checkbox with its hidden "false"). */
const venueForm = (venue: Venue, changes: Record<string, unknown> = {}) => ({
  name: venue.name, address: venue.address, city: venue.city, province: venue.province, timezone: venue.timezone,
  phone: venue.phone ?? '', email: venue.email ?? '', description: venue.description, active: ['false', 'true'], ...changes,
});

/** The hours form as a browser sends it: one `ranges[i][…]` field per input (supertest would otherwise drop the indices). */
const hoursForm = (rows: Array<{ weekday: number; opens: string; closes: string }>, closed: string[] = []) => ({
  ...Object.fromEntries(rows.flatMap((r, i) => [
    [`ranges[${i}][weekday]`, String(r.weekday)], [`ranges[${i}][opens]`, r.opens], [`ranges[${i}][closes]`, r.closes],
  ])),
  closed,
});

const roomForm = (changes: Record<string, unknown> = {}) => ({
  name: 'Studio Podcast Kesawan', kind: 'podcast_room', capacity: '4', description: 'Kedap suara.', amenities: ['microphone', 'mixer'],
  slotMinutes: '30', minMinutes: '60', maxMinutes: '180', bufferMinutes: '15', horizonDays: '30',
  requiresApproval: ['false', 'true'], maxHoursPerWeek: '6', maxFutureReservations: '', active: ['false', 'true'], ...changes,
});

async function managerOfNewVenue(overrides: Partial<Venue> = {}) {
  const venue = await createVenue(t, { timezone: ZONE, ...overrides });
  const manager = await makeManager(t, venue.id, await createUser(t, { role: 'manager', name: 'Rina Pengelola' }));
  return { venue, manager };
}

describe('manage dashboard', () => {
  it('lists only the venues a manager manages, with links to their pages', async () => {
    const { venue, manager } = await managerOfNewVenue({ name: 'Kantor Pos Besar Makassar' });
    const other = await createVenue(t, { name: 'Kantor Pos Ambon Lain' });
    const { html } = await browser(t, '/manage', manager);
    expect(html).toContain('Kantor Pos Besar Makassar');
    expect(html).not.toContain(other.name);
    expect(html).toContain(`href="/manage/venues/${venue.id}/rooms"`);
    expect(html).toContain(`href="/manage/venues/${venue.id}/schedule"`);
    expect(html).toContain('href="/manage/approvals"');
    expect(html).not.toContain('Tambah lokasi');
  });

  it('shows admins every venue, inactive ones too, and the button to add one', async () => {
    const hidden = await createVenue(t, { name: 'Kantor Pos Tersembunyi', active: false });
    const { html } = await browser(t, '/manage', admin);
    expect(html).toContain('Kantor Pos Tersembunyi');
    expect(html).toContain(`href="/manage/venues/${hidden.id}"`);
    expect(html).toContain('Tambah lokasi');
  });

  it('refuses creators (403) and sends visitors to sign in', async () => {
    const creator = await createUser(t);
    const { agent } = await browser(t, '/', creator);
    const refused = await page(agent, '/manage');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Anda tidak memiliki izin');
    const visitor = await request(t.server).get('/manage/venues/1').set('Accept', 'text/html');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe('/sign-in?next=%2Fmanage%2Fvenues%2F1');
  });
});

describe('editing a venue', () => {
  it('saves the details and shows them on the public venue page', async () => {
    const { venue, manager } = await managerOfNewVenue({ name: 'Kantor Pos Uji Edit', email: 'lama@contoh.id' });
    const { agent, csrf, html } = await browser(t, `/manage/venues/${venue.id}`, manager);
    expect(html).toContain('value="Kantor Pos Uji Edit"');
    expect(html).toMatch(/<option value="Asia\/Makassar" selected>WITA/);
    expect(html).toContain('disabled'); // the code is shown but only admins may change it

    const res = await post(agent, `/manage/venues/${venue.id}`, csrf, venueForm(venue, {
      name: 'Pos Bloc Makassar', description: 'Studio live streaming dan ruang podcast untuk UMKM.', phone: '0812-3456-7890', email: '',
    }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/manage/venues/${venue.id}`);
    const after = await page(agent, res.headers.location);
    expect(after.text).toContain('Perubahan pada Pos Bloc Makassar disimpan.');

    const pub = await request(t.server).get(`/venues/${venue.id}`).set('Accept', 'text/html');
    expect(pub.text).toContain('<h1>Pos Bloc Makassar</h1>');
    expect(pub.text).toContain('Studio live streaming dan ruang podcast untuk UMKM.');
    expect(pub.text).toContain('+6281234567890');
    const stored = await t.db.getRepository(Venue).findOneByOrFail({ id: venue.id });
    expect(stored).toMatchObject({ email: null, code: venue.code, active: true });
  });

  it('re-renders invalid input with Indonesian messages and the typed values, and writes nothing', async () => {
    const { venue, manager } = await managerOfNewVenue({ name: 'Kantor Pos Tetap' });
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}`, manager);
    const res = await post(agent, `/manage/venues/${venue.id}`, csrf, venueForm(venue, {
      name: 'K', phone: '12', email: 'bukan-email', address: 'Jl. Baru Sekali 5', timezone: 'Asia/Tokyo',
    }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Beberapa isian belum benar.');
    expect(res.text).toContain('Panjangnya 3 sampai 160 karakter.');
    expect(res.text).toContain('Masukkan nomor telepon Indonesia');
    expect(res.text).toContain('Masukkan alamat email yang benar');
    expect(res.text).toContain('Pilih salah satu pilihan yang tersedia.');
    expect(res.text).toContain('value="K"');
    expect(res.text).toContain('value="Jl. Baru Sekali 5"');
    expect(res.text).toContain('<nav class="manage-tabs"');
    const stored = await t.db.getRepository(Venue).findOneByOrFail({ id: venue.id });
    expect(stored).toMatchObject({ name: 'Kantor Pos Tetap', address: venue.address, phone: venue.phone });
  });

  it('refuses a time-zone change while future bookings exist, saying so on the form', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const room = await createRoom(t, venue.id);
    const creator = await createUser(t);
    const monday = nextWeekday(ZONE, 1);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(monday, '10:00', ZONE), end: at(monday, '12:00', ZONE), headcount: 2, title: 'Kelas foto produk' });
    expect(booked.status).toBe(201);
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}`, manager);
    const res = await post(agent, `/manage/venues/${venue.id}`, csrf, venueForm(venue, { timezone: 'Asia/Jayapura', name: 'Nama Baru' }));
    expect(res.status).toBe(409);
    expect(res.text).toContain('Zona waktu tidak dapat diubah karena masih ada 1 pemesanan mendatang');
    expect(res.text).toContain('Tidak dapat diubah selama masih ada pemesanan mendatang.');
    expect(res.text).toContain('value="Nama Baru"');
    expect(await t.db.getRepository(Venue).findOneByOrFail({ id: venue.id })).toMatchObject({ timezone: ZONE, name: venue.name });
  });

  it("keeps a manager out of another venue's pages and forms (403), and answers unknown ids with 404", async () => {
    const { manager } = await managerOfNewVenue();
    const other = await createVenue(t, { name: 'Bukan Milik Rina' });
    const otherRoom = await createRoom(t, other.id, { name: 'Ruang Orang Lain' });
    const { agent, csrf } = await browser(t, '/manage', manager);
    for (const path of ['', '/hours', '/closures', '/rooms', '/rooms/new', '/managers']) {
      const res = await page(agent, `/manage/venues/${other.id}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.text).not.toContain('Bukan Milik Rina');
    }
    expect((await page(agent, `/manage/rooms/${otherRoom.id}`)).status).toBe(403);

    const edit = await post(agent, `/manage/venues/${other.id}`, csrf, venueForm(other, { name: 'Diambil Alih' }));
    expect(edit.status).toBe(403);
    const invalid = await post(agent, `/manage/venues/${other.id}`, csrf, { name: 'X' });
    expect(invalid.status).toBe(403);
    expect(invalid.text).not.toContain('Bukan Milik Rina');
    expect((await post(agent, `/manage/venues/${other.id}/closures`, csrf, { startDate: '2027-03-01', endDate: '2027-03-01', reason: 'Libur' })).status).toBe(403);
    expect((await post(agent, `/manage/venues/${other.id}/hours`, csrf, hoursForm([{ weekday: 1, opens: '08:00', closes: '09:00' }]))).status).toBe(403);
    expect((await post(agent, `/manage/venues/${other.id}/rooms/new`, csrf, roomForm())).status).toBe(403);
    expect((await post(agent, `/manage/rooms/${otherRoom.id}`, csrf, roomForm({ name: 'Diambil Alih' }))).status).toBe(403);
    expect(await t.db.getRepository(Venue).findOneByOrFail({ id: other.id })).toMatchObject({ name: 'Bukan Milik Rina' });
    expect(await t.db.getRepository(Room).findOneByOrFail({ id: otherRoom.id })).toMatchObject({ name: 'Ruang Orang Lain' });
    expect(await t.db.getRepository(Closure).countBy({ venueId: other.id, reason: 'Libur' })).toBe(0);

    expect((await page(agent, '/manage/venues/999999')).status).toBe(404);
    expect((await page(agent, '/manage/venues/abc/hours')).status).toBe(404);
    expect((await page(agent, '/manage/rooms/999999')).status).toBe(404);

    const creator = await createUser(t);
    const asCreator = await browser(t, '/', creator);
    expect((await page(asCreator.agent, `/manage/venues/${other.id}`)).status).toBe(403);
    expect((await post(asCreator.agent, `/manage/venues/${other.id}`, asCreator.csrf, venueForm(other))).status).toBe(403);
  });

  it('lets an admin create a venue through the form, with the holidays preloaded', async () => {
    const { agent, csrf, html } = await browser(t, '/manage/venues/new', admin);
    expect(html).toContain('WIT (UTC+9)');
    const bad = await post(agent, '/manage/venues/new', csrf, {
      code: 'jyp 1', name: 'Kantor Pos Jayapura', address: 'Jl. Koti', city: 'Jayapura', province: 'Papua', timezone: 'Asia/Jayapura', active: ['false', 'true'],
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Gunakan 2–32 huruf besar');
    expect(bad.text).toContain('value="Kantor Pos Jayapura"');
    const res = await post(agent, '/manage/venues/new', csrf, {
      code: 'JYP-01', name: 'Kantor Pos Jayapura', address: 'Jl. Koti', city: 'Jayapura', province: 'Papua', timezone: 'Asia/Jayapura',
      phone: '', email: '', description: '', active: ['false', 'true'],
    });
    expect(res.status).toBe(303);
    const venue = await t.db.getRepository(Venue).findOneByOrFail({ code: 'JYP-01' });
    expect(res.headers.location).toBe(`/manage/venues/${venue.id}/hours`);
    expect(venue).toMatchObject({ timezone: 'Asia/Jayapura', phone: null, active: true });
    expect(await t.db.getRepository(Closure).countBy({ venueId: venue.id, kind: 'holiday' })).toBeGreaterThan(10);
    expect((await page(agent, res.headers.location)).text).toContain('Lokasi Kantor Pos Jayapura dibuat.');

    const { manager } = await managerOfNewVenue();
    const asManager = await browser(t, '/manage', manager);
    expect((await page(asManager.agent, '/manage/venues/new')).status).toBe(403);
  });
});

describe('opening hours form', () => {
  it('saves up to two ranges a day, accepts 08.00, and closes a ticked day', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const { agent, csrf, html } = await browser(t, `/manage/venues/${venue.id}/hours`, manager);
    expect(html).toContain('Senin');
    expect(html).toContain('value="08.00"');
    expect(html).toMatch(/name="closed" value="7" checked/);

    const res = await post(agent, `/manage/venues/${venue.id}/hours`, csrf, hoursForm([
      { weekday: 1, opens: '08.00', closes: '12.00' }, { weekday: 1, opens: '13:00', closes: '16:00' },
      { weekday: 2, opens: '9.30', closes: '15:00' }, { weekday: 2, opens: '', closes: '' },
      { weekday: 3, opens: '08:00', closes: '16:00' }, { weekday: 3, opens: '', closes: '' },
      { weekday: 4, opens: '7', closes: '12' },
    ], ['3', '7']));
    expect(res.status).toBe(303);
    expect((await page(agent, res.headers.location)).text).toContain('Jam buka disimpan.');
    const rows = await t.db.getRepository(OpeningHour).find({ where: { venueId: venue.id }, order: { weekday: 'ASC', opens: 'ASC' } });
    expect(rows.map((r) => [r.weekday, r.opens, r.closes])).toEqual([[1, '08:00', '12:00'], [1, '13:00', '16:00'], [2, '09:30', '15:00'], [4, '07:00', '12:00']]);
  });

  it('shows overlapping or incomplete ranges on the form and keeps the old hours', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}/hours`, manager);
    const overlap = await post(agent, `/manage/venues/${venue.id}/hours`, csrf,
      hoursForm([{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '11:00', closes: '15:00' }]));
    expect(overlap.status).toBe(400);
    expect(overlap.text).toContain('Rentang jam pada hari yang sama tidak boleh tumpang tindih.');
    expect(overlap.text).toContain('value="11:00"');
    const incomplete = await post(agent, `/manage/venues/${venue.id}/hours`, csrf,
      hoursForm([
        { weekday: 1, opens: '08:00', closes: '' }, { weekday: 1, opens: 'pagi', closes: '12:00' },
        { weekday: 2, opens: '08:00', closes: '12:00' }, { weekday: 2, opens: '10:00', closes: '14:00' },
      ]));
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('tidak boleh tumpang tindih');
    expect(incomplete.text).toContain('Wajib diisi.');
    expect(incomplete.text).toContain('Gunakan jam 24 jam, misalnya 08.00 atau 08:00.');
    expect(incomplete.text).toContain('value="pagi"');
    expect(await t.db.getRepository(OpeningHour).countBy({ venueId: venue.id })).toBe(6);
  });
});

describe('closures', () => {
  it('lists the bookings a closure would cover without saving it, then cancels them when asked', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const room = await createRoom(t, venue.id);
    const creator = await createUser(t, { name: 'Sari Kreator' });
    const monday = nextWeekday(ZONE, 1);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(monday, '10:00', ZONE), end: at(monday, '12:00', ZONE), headcount: 2, title: 'Live selling tenun' });
    expect(booked.status).toBe(201);

    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}/closures`, manager);
    const closure = { startDate: monday, endDate: monday, reason: 'Perbaikan listrik', kind: 'maintenance' };
    const refused = await post(agent, `/manage/venues/${venue.id}/closures`, csrf, { ...closure, cancelAffected: 'false' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Ada 1 pemesanan pada waktu tersebut.');
    expect(refused.text).toContain('Live selling tenun');
    expect(refused.text).toContain('10.00–12.00 WITA');
    expect(refused.text).toContain('Batalkan pemesanan ini dan beri tahu kreator');
    expect(refused.text).toContain('value="Perbaikan listrik"');
    expect(await t.db.getRepository(Closure).countBy({ venueId: venue.id, reason: 'Perbaikan listrik' })).toBe(0);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: booked.body.id })).status).toBe('confirmed');

    const res = await post(agent, `/manage/venues/${venue.id}/closures`, csrf, { ...closure, cancelAffected: ['false', 'true'] });
    expect(res.status).toBe(303);
    expect((await page(agent, res.headers.location)).text).toContain('1 pemesanan dibatalkan');
    const cancelled = await t.db.getRepository(Reservation).findOneByOrFail({ id: booked.body.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusReason: 'Perbaikan listrik' });
    expect(await t.db.getRepository(Closure).countBy({ venueId: venue.id, reason: 'Perbaikan listrik' })).toBe(1);
  });

  it('adds a closure shown on the public page, refuses an end before the start, and deletes it', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}/closures`, manager);
    const backwards = await post(agent, `/manage/venues/${venue.id}/closures`, csrf, { startDate: '2027-02-10', endDate: '2027-02-01', reason: 'Renovasi', kind: 'maintenance' });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('Tanggal selesai tidak boleh sebelum tanggal mulai.');
    const soon = nextWeekday(ZONE, 3);
    const ok = await post(agent, `/manage/venues/${venue.id}/closures`, csrf, { startDate: soon, endDate: soon, reason: 'Renovasi studio', kind: 'maintenance', cancelAffected: 'false' });
    expect(ok.status).toBe(303);
    const list = await page(agent, `/manage/venues/${venue.id}/closures`);
    expect(list.text).toContain('Penutupan ditambahkan.');
    expect(list.text).toContain('Renovasi studio');
    expect((await request(t.server).get(`/venues/${venue.id}`)).text).toContain('Renovasi studio');

    const stored = await t.db.getRepository(Closure).findOneByOrFail({ venueId: venue.id, reason: 'Renovasi studio' });
    const removed = await post(agent, `/manage/venues/${venue.id}/closures/${stored.id}/delete`, csrf, {});
    expect(removed.status).toBe(303);
    expect(await t.db.getRepository(Closure).countBy({ id: stored.id })).toBe(0);
    expect((await post(agent, `/manage/venues/${venue.id}/closures/${stored.id}/delete`, csrf, {})).status).toBe(404);
  });
});

describe('rooms', () => {
  it('creates a room through the form and edits it, clearing limits and equipment', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const { agent, csrf, html } = await browser(t, `/manage/venues/${venue.id}/rooms/new`, manager);
    expect(html).toContain('Ruang podcast');
    const created = await post(agent, `/manage/venues/${venue.id}/rooms/new`, csrf, roomForm());
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe(`/manage/venues/${venue.id}/rooms`);
    const list = await page(agent, created.headers.location);
    expect(list.text).toContain('Ruang Studio Podcast Kesawan ditambahkan.');
    const room = await t.db.getRepository(Room).findOneByOrFail({ venueId: venue.id, name: 'Studio Podcast Kesawan' });
    expect(room).toMatchObject({
      kind: 'podcast_room', capacity: 4, amenities: ['microphone', 'mixer'], slotMinutes: 30, maxMinutes: 180, bufferMinutes: 15,
      horizonDays: 30, requiresApproval: true, maxHoursPerWeek: 6, maxFutureReservations: null, active: true,
    });

    const edit = await page(agent, `/manage/rooms/${room.id}`);
    expect(edit.text).toContain('value="Studio Podcast Kesawan"');
    expect(edit.text).toMatch(/value="mixer" checked/);
    const { amenities: _dropped, ...withoutAmenities } = roomForm({ capacity: '5', maxHoursPerWeek: '', requiresApproval: 'false' });
    const saved = await post(agent, `/manage/rooms/${room.id}`, csrf, withoutAmenities);
    expect(saved.status).toBe(303);
    expect(await t.db.getRepository(Room).findOneByOrFail({ id: room.id }))
      .toMatchObject({ capacity: 5, amenities: [], maxHoursPerWeek: null, requiresApproval: false });
    const pub = await request(t.server).get(`/rooms/${room.id}`).set('Accept', 'text/html');
    expect(pub.text).toContain('Langsung terkonfirmasi');
  });

  it('re-renders rules that do not fit together and saves nothing', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const room = await createRoom(t, venue.id, { name: 'Studio Lama' });
    const { agent, csrf } = await browser(t, `/manage/rooms/${room.id}`, manager);
    const res = await post(agent, `/manage/rooms/${room.id}`, csrf, roomForm({ name: 'Studio Baru', minMinutes: '240', maxMinutes: '120' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Durasi minimum tidak boleh lebih dari durasi maksimum.');
    expect(res.text).toContain('value="Studio Baru"');
    const missing = await post(agent, `/manage/venues/${venue.id}/rooms/new`, csrf, roomForm({ name: '', capacity: 'banyak', kind: 'kapal' }));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="e-name">Wajib diisi.</p>'); // left empty, a required field says so, not the length it needs
    expect(missing.text).toContain('id="e-capacity"');
    expect(missing.text).toContain('value="banyak"');
    expect(await t.db.getRepository(Room).findOneByOrFail({ id: room.id })).toMatchObject({ name: 'Studio Lama' });
    expect(await t.db.getRepository(Room).countBy({ venueId: venue.id })).toBe(1);
  });
});

describe('venue managers', () => {
  it('lets an admin add a manager by email and remove them again', async () => {
    const venue = await createVenue(t, { name: 'Kantor Pos Manado' });
    const person = await createUser(t, { name: 'Yosef Kareth' });
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}/managers`, admin);
    const unknown = await post(agent, `/manage/venues/${venue.id}/managers`, csrf, { email: 'tidak.ada@contoh.id' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Tidak ada akun dengan email tidak.ada@contoh.id.');
    expect(unknown.text).toContain('value="tidak.ada@contoh.id"');

    const added = await post(agent, `/manage/venues/${venue.id}/managers`, csrf, { email: person.email.toUpperCase() });
    expect(added.status).toBe(303);
    const list = await page(agent, added.headers.location);
    expect(list.text).toContain('Yosef Kareth sekarang mengelola lokasi ini.');
    expect(list.text).toContain(person.email);
    const asPerson = await browser(t, '/manage', person);
    expect(asPerson.html).toContain('Kantor Pos Manado');
    expect((await page(asPerson.agent, `/manage/venues/${venue.id}/managers`)).status).toBe(403);

    const again = await post(agent, `/manage/venues/${venue.id}/managers`, csrf, { email: person.email });
    expect(again.status).toBe(409);
    expect(again.text).toContain('sudah menjadi pengelola lokasi ini');

    const removed = await post(agent, `/manage/venues/${venue.id}/managers/${person.id}/delete`, csrf, {});
    expect(removed.status).toBe(303);
    expect(await t.db.getRepository(VenueManager).countBy({ venueId: venue.id, userId: person.id })).toBe(0);
    expect((await page(asPerson.agent, `/manage/venues/${venue.id}`)).status).toBe(403);
  });
});

describe('tampered forms', () => {
  it('answers missing or oddly shaped fields with the form and its messages, never a server error', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const room = await createRoom(t, venue.id);
    const { agent, csrf } = await browser(t, `/manage/venues/${venue.id}`, manager);
    const posts: Array<[string, string]> = [
      [`/manage/venues/${venue.id}`, ''],
      [`/manage/venues/${venue.id}`, 'active[a]=1&name[x]=2'],
      [`/manage/venues/${venue.id}/hours`, ''],
      [`/manage/venues/${venue.id}/hours`, 'closed[a]=1&ranges=abc'],
      [`/manage/venues/${venue.id}/closures`, 'startDate[a]=1&cancelAffected[x]=1'],
      [`/manage/venues/${venue.id}/rooms/new`, ''],
      [`/manage/venues/${venue.id}/rooms/new`, 'amenities[a]=b&active[q]=1'],
      [`/manage/rooms/${room.id}`, 'amenities=laser'],
    ];
    for (const [path, body] of posts) {
      const res = await agent.post(path).type('form').set('Accept', 'text/html').send(`_csrf=${csrf}&${body}`);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect(res.text).toContain('Beberapa isian belum benar.');
    }
  });
});

describe('in English', () => {
  it('shows the manage pages and their messages in English with ?lang=en', async () => {
    const { venue, manager } = await managerOfNewVenue();
    const { agent, csrf } = await browser(t, '/manage?lang=en', manager);
    const dashboard = await page(agent, '/manage');
    expect(dashboard.text).toContain('<html lang="en">');
    expect(dashboard.text).toContain('Manage venues');
    const hours = await page(agent, `/manage/venues/${venue.id}/hours`);
    expect(hours.text).toContain('Opening hours');
    expect(hours.text).toContain('Monday');
    const bad = await post(agent, `/manage/venues/${venue.id}/hours`, csrf, hoursForm([{ weekday: 2, opens: '16:00', closes: '08:00' }]));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Opening time must be before closing time.');
    const saved = await post(agent, `/manage/venues/${venue.id}`, csrf, venueForm(venue, { description: 'Fresh paint' }));
    expect((await page(agent, saved.headers.location)).text).toContain(`Changes to ${venue.name} saved.`);
  });
});
