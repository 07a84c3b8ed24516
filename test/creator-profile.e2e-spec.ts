import request from 'supertest';
import { CreatorProfile } from '../src/accounts/creator-profile.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let room: Room;
let monday: string;

beforeAll(async () => {
  t = await startTestApp();
  const venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar' });
  room = await createRoom(t, venue.id, { name: 'Studio Pinisi' });
  monday = nextWeekday(ZONE, 1);
});
afterAll(async () => { await t.close(); });

const VALID = {
  businessName: 'Sutra Sengkang Ibu Nurul', sector: 'fesyen', scale: 'mikro', province: 'Sulawesi Selatan', city: 'Kabupaten Wajo',
  nib: '9120 0012 3456 7', reportConsent: true,
  links: [{ kind: 'shop', url: 'https://shop.example/sutra-sengkang' }, { kind: 'social', url: 'https://instagram.example/sutrasengkang' }],
};
const profileRow = (user: User) => t.db.getRepository(CreatorProfile).findOneBy({ userId: user.id });
const newCreator = (name = 'Nurul Hasanah') => createUser(t, { name, profile: false });
const put = async (who: User, body: unknown, lang?: string) => {
  const req = request(t.server).put('/api/me/profile').set('Authorization', await bearer(t, who));
  return (lang ? req.set('Accept-Language', lang) : req).send(body as object);
};
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('the profile API', () => {
  it('refuses a bad NIB, a bad URL and an unknown sector with a message per field, in Indonesian and English, and writes nothing', async () => {
    const creator = await newCreator();
    const bad = { ...VALID, sector: 'tambang', nib: '12345', links: [{ kind: 'shop', url: 'javascript:alert(1)' }, { kind: 'blog', url: 'https://ok.example' }] };
    const res = await put(creator, bad);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields.sector).toEqual(['Pilih salah satu sektor dari daftar.']);
    expect(res.body.fields.nib).toEqual(['NIB terdiri dari tepat 13 angka, misalnya 9120001234567.']);
    expect(res.body.fields['links.0.url'][0]).toMatch(/diawali http:\/\/ atau https:\/\//);
    expect(res.body.fields['links.1.kind'][0]).toMatch(/shop \(toko online\)/);
    const en = await put(creator, bad, 'en');
    expect(en.status).toBe(400);
    expect(en.body.fields.nib).toEqual(['An NIB has exactly 13 digits, for example 9120001234567.']);
    expect(en.body.fields.sector).toEqual(['Choose one of the sectors in the list.']);
    expect(en.body.fields['links.0.url'][0]).toMatch(/starting with http:\/\/ or https:\/\//);
    expect(await profileRow(creator)).toBeNull();
  });

  it('refuses a missing name, an unknown province, a URL without a host name, and more than five links', async () => {
    const creator = await newCreator();
    const links = Array.from({ length: 6 }, (_, i) => ({ kind: 'social', url: `https://social.example/akun${i}` }));
    const res = await put(creator, { ...VALID, businessName: undefined, province: 'Jawa Utara', links });
    expect(res.status).toBe(400);
    expect(res.body.fields.businessName).toEqual(['Wajib diisi.']);
    expect(res.body.fields.province).toEqual(['Pilih salah satu dari 38 provinsi.']);
    expect(res.body.fields.links).toEqual(['Paling banyak 5 tautan.']);
    const noHost = await put(creator, { ...VALID, links: [{ kind: 'website', url: 'https://localhost/toko' }, { kind: 'website', url: 'ftp://files.example/x' }] });
    expect(Object.keys(noHost.body.fields).sort()).toEqual(['links.0.url', 'links.1.url']);
    expect(await profileRow(creator)).toBeNull();
  });

  it('keeps the stored profile whole when an edit is refused', async () => {
    const creator = await newCreator();
    expect((await put(creator, VALID)).status).toBe(200);
    const before = await profileRow(creator);
    const refused = await put(creator, { ...VALID, businessName: 'Nama Baru', nib: '91200012345678' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields)).toEqual(['nib']);
    expect(await profileRow(creator)).toEqual(before);
  });

  it('saves the whole profile, reads it back and replaces it on edit, keeping when it was first completed', async () => {
    const creator = await newCreator();
    const auth = await bearer(t, creator);
    expect((await request(t.server).get('/api/me/profile').set('Authorization', auth)).body).toMatchObject({ state: 'none', businessName: null, links: [] });
    const saved = await put(creator, VALID);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ state: 'completed', businessName: VALID.businessName, nib: '9120001234567', links: VALID.links, reportConsent: true });
    const first = (await profileRow(creator))!.completedAt;
    const edited = await put(creator, { ...VALID, scale: 'kecil', nib: undefined, links: undefined, reportConsent: false });
    expect(edited.body).toMatchObject({ state: 'completed', scale: 'kecil', nib: null, links: [], reportConsent: false });
    const row = (await profileRow(creator))!;
    expect(row.completedAt).toEqual(first);
    expect((await request(t.server).get('/api/me/profile').set('Authorization', auth)).body).toMatchObject({ scale: 'kecil', links: [] });
  });

  it('ends simultaneous saves of one creator as one row, each answered 200', async () => {
    const creator = await newCreator();
    const auth = await bearer(t, creator);
    const names = ['Satu', 'Dua', 'Tiga', 'Empat', 'Lima', 'Enam'].map((n) => `Usaha ${n}`);
    const answers = await Promise.all(names.map((businessName) =>
      request(t.server).put('/api/me/profile').set('Authorization', auth).send({ ...VALID, businessName })));
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 200));
    const rows = await t.db.getRepository(CreatorProfile).findBy({ userId: creator.id });
    expect(rows).toHaveLength(1);
    expect(names).toContain(rows[0].businessName);
  });

  it('lets only the creator edit their own profile; admins may read any, managers and other creators may not', async () => {
    const creator = await newCreator();
    await put(creator, VALID);
    const [other, manager, admin] = [await newCreator('Kreator Lain'), await createUser(t, { role: 'manager' }), await createUser(t, { role: 'admin' })];
    expect((await request(t.server).get('/api/me/profile')).status).toBe(401);
    expect((await request(t.server).put('/api/me/profile').send(VALID)).status).toBe(401);
    expect((await put(manager, VALID)).status).toBe(403);
    expect((await put(admin, VALID)).status).toBe(403);
    const read = (who: User, id: number) => bearer(t, who).then((auth) => request(t.server).get(`/api/users/${id}/profile`).set('Authorization', auth));
    const asAdmin = await read(admin, creator.id);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ userId: creator.id, state: 'completed', businessName: VALID.businessName, nib: '9120001234567' });
    expect((await read(manager, creator.id)).status).toBe(403);
    expect((await read(other, creator.id)).status).toBe(403);
    expect((await read(admin, 999999)).status).toBe(404);
    // Another creator's save writes their own row, never this one.
    await put(other, { ...VALID, businessName: 'Usaha Orang Lain' });
    expect((await profileRow(creator))!.businessName).toBe(VALID.businessName);
  });

  it('skips: the state says so, and skipping a completed profile keeps it completed', async () => {
    const creator = await newCreator();
    const auth = await bearer(t, creator);
    const skipped = await request(t.server).post('/api/me/profile/skip').set('Authorization', auth);
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ state: 'skipped', businessName: null });
    await put(creator, VALID);
    const again = await request(t.server).post('/api/me/profile/skip').set('Authorization', auth);
    expect(again.body).toMatchObject({ state: 'completed', businessName: VALID.businessName });
  });
});

describe('the profile pages', () => {
  const bookingPath = () => `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(at(monday, '10:00', ZONE))}&end=${encodeURIComponent(at(monday, '12:00', ZONE))}`;

  it('asks a new account for its profile as the second step of signing up', async () => {
    const { agent, csrf } = await browser(t, '/sign-up');
    const res = await agent.post('/sign-up').type('form').send({ _csrf: csrf, name: 'Andi Rahmat', email: 'andi@kopitoraja.id', password: 'kopi-toraja-1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/profile?next=%2F');
    const page = await agent.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Langkah 2 dari 2');
    expect(page.text).toContain('Selamat datang, Andi Rahmat!');
    expect(page.text).toContain('Nanti saja');
    expect(page.text).toContain('Modal usaha sampai Rp1 miliar, atau hasil penjualan tahunan sampai Rp2 miliar.');
    expect(page.text).toContain('<option value="Papua Pegunungan">Papua Pegunungan</option>');
    expect((page.text.match(/<option value="[A-Z][^"]*">/g) ?? [])).toHaveLength(38);
  });

  it('sends a creator never asked from the booking form to the profile step, and skipping returns to the booking they chose', async () => {
    const creator = await newCreator('Fitri Daeng');
    const { agent } = await browser(t, '/', creator);
    const form = await agent.get(bookingPath());
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe(`/account/profile?next=${encodeURIComponent(bookingPath())}`);
    const step = await agent.get(form.headers.location);
    expect(step.text).toContain('Satu langkah sebelum memesan');
    const skipAction = /action="(\/account\/profile\/skip[^"]*)"/.exec(step.text)![1].replace(/&amp;/g, '&');
    const skipped = await agent.post(skipAction).type('form').send({ _csrf: csrfOf(step.text) });
    expect(skipped.status).toBe(303);
    expect(skipped.headers.location).toBe(bookingPath());
    const back = await agent.get(skipped.headers.location);
    expect(back.status).toBe(200);
    expect(back.text).toContain('Studio Pinisi');
    expect(back.text).toMatch(/value="[^"]*T12:00:00\+08:00" selected|selected[^>]*T12:00/);
    expect(back.text).not.toContain('Profil usaha Anda belum lengkap');
    expect((await profileRow(creator))!.skippedAt).toBeInstanceOf(Date);
  });

  it('returns to the booking after the profile is saved from the profile step', async () => {
    const creator = await newCreator('Syamsul Bahri');
    const { agent } = await browser(t, '/', creator);
    const step = await agent.get((await agent.get(bookingPath())).headers.location);
    const action = /<form method="post" action="(\/account\/profile\?next=[^"]*)"/.exec(step.text)![1].replace(/&amp;/g, '&');
    const saved = await agent.post(action).type('form').send({
      _csrf: csrfOf(step.text), businessName: 'Pelatihan UMKM Sulsel', sector: 'jasa_kreatif', scale: 'kecil', province: 'Sulawesi Selatan',
      city: 'Makassar', nib: '', shopUrl: '', socialUrl: 'https://instagram.example/umkmsulsel', websiteUrl: 'https://umkmsulsel.example/',
      reportConsent: ['false', 'true'],
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(bookingPath());
    expect((await agent.get(bookingPath())).status).toBe(200);
    expect(await profileRow(creator)).toMatchObject({
      businessName: 'Pelatihan UMKM Sulsel', sector: 'jasa_kreatif', scale: 'kecil', nib: null, reportConsent: true,
      links: [{ kind: 'social', url: 'https://instagram.example/umkmsulsel' }, { kind: 'website', url: 'https://umkmsulsel.example/' }],
    });
  });

  it('re-renders a refused form with the values kept and the messages by the fields, writing nothing', async () => {
    const creator = await newCreator('Rahmah Fitriani');
    const { agent, csrf } = await browser(t, '/account/profile', creator);
    const res = await agent.post('/account/profile').type('form').send({
      _csrf: csrf, businessName: 'Kue Bingka Banjar', sector: 'kuliner', scale: 'mikro', province: 'Kalimantan Selatan', city: 'Banjarmasin',
      nib: '912000', shopUrl: 'toko saya', reportConsent: 'false',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('NIB terdiri dari tepat 13 angka');
    expect(res.text).toContain('diawali http:// atau https://');
    expect(res.text).toContain('value="Kue Bingka Banjar"');
    expect(res.text).toMatch(/<option value="Kalimantan Selatan" selected>/);
    expect(res.text).toMatch(/id="f-scale-mikro"[^>]*checked/);
    // The summary lists the fields in the order of the form.
    expect(res.text.indexOf('href="#f-nib"')).toBeGreaterThan(0);
    expect(res.text.indexOf('href="#f-shopUrl"')).toBeGreaterThan(res.text.indexOf('href="#f-nib"'));
    expect(await profileRow(creator)).toBeNull();
  });

  it('reminds a creator who skipped on their own pages, not on the booking steps, until the profile is completed', async () => {
    const creator = await createUser(t, { name: 'Agus Salim', profile: { completedAt: null, skippedAt: new Date(), businessName: null } });
    const { agent, csrf } = await browser(t, '/reservations', creator);
    const REMINDER = 'Profil usaha Anda belum lengkap';
    for (const path of ['/', '/reservations', '/account']) expect((await agent.get(path)).text).toContain(REMINDER);
    expect((await agent.get(`/rooms/${room.id}/book?week=${monday}`)).text).not.toContain(REMINDER);
    const form = await agent.get(bookingPath());
    expect(form.status).toBe(200);
    expect(form.text).not.toContain(REMINDER);
    expect((await agent.get('/reservations?lang=en')).text).toContain('Your business profile is not complete yet.');
    await agent.get('/?lang=id');
    await agent.post('/account/profile').type('form').send({
      _csrf: csrf, businessName: 'Sasirangan Banjar', sector: 'fesyen', scale: 'mikro', province: 'Kalimantan Selatan', city: 'Banjarmasin', reportConsent: 'false',
    });
    for (const path of ['/', '/reservations', '/account']) expect((await agent.get(path)).text).not.toContain(REMINDER);
  });

  it('shows the profile on the account page and edits it from there', async () => {
    const creator = await newCreator('Dian Kusuma');
    await put(creator, { ...VALID, businessName: 'Amplang Balikpapan', province: 'Kalimantan Timur', city: 'Balikpapan', sector: 'kuliner' });
    const { agent } = await browser(t, '/account', creator);
    const account = await agent.get('/account');
    expect(account.text).toContain('Amplang Balikpapan');
    expect(account.text).toContain('Balikpapan, Kalimantan Timur');
    expect(account.text).toContain('Ikut dihitung dalam laporan program');
    expect(account.text).toContain('href="/account/profile"');
    const edit = await agent.get('/account/profile');
    expect(edit.text).toContain('Ubah profil usaha');
    expect(edit.text).not.toContain('Nanti saja');
    expect(edit.text).toContain('value="https://shop.example/sutra-sengkang"');
    expect(edit.text).toContain('value="9120001234567"');
    const saved = await agent.post('/account/profile').type('form').send({
      _csrf: csrfOf(edit.text), businessName: 'Amplang Kepiting Balikpapan', sector: 'kuliner', scale: 'kecil', province: 'Kalimantan Timur',
      city: 'Balikpapan', nib: '9120001234567', shopUrl: 'https://shop.example/amplang', reportConsent: 'false',
    });
    expect(saved.headers.location).toBe('/account');
    const after = await agent.get('/account');
    expect(after.text).toContain('Profil usaha tersimpan.');
    expect(after.text).toContain('Amplang Kepiting Balikpapan');
    expect(after.text).toContain('Tidak ikut dihitung dalam laporan program');
    expect((await profileRow(creator))!.links).toEqual([{ kind: 'shop', url: 'https://shop.example/amplang' }]);
  });

  it('is a page for creators only: visitors are sent to sign in, managers refused', async () => {
    const visitor = await request(t.server).get('/account/profile').set('Accept', 'text/html');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe('/sign-in?next=%2Faccount%2Fprofile');
    const manager = await createUser(t, { role: 'manager' });
    const { agent } = await browser(t, '/', manager);
    expect((await agent.get('/account/profile')).status).toBe(403);
    expect((await agent.get('/account')).text).not.toContain('Profil usaha');
  });
});

describe('the public event page', () => {
  it("shows the organiser's brand and shop and channel links, marked nofollow", async () => {
    const organiser = await newCreator('Nurul Organiser');
    await put(organiser, { ...VALID, businessName: 'Sutra Sengkang', links: [...VALID.links, { kind: 'website', url: 'https://www.sutrasengkang.example/' }] });
    const event = await publishedEvent(t, await bearer(t, organiser), room, nextWeekday(ZONE, 3), ZONE);
    const page = await request(t.server).get(`/events/${event.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sutra Sengkang');
    expect(page.text).toContain('<span class="channel-kind">Toko online:</span> <a href="https://shop.example/sutra-sengkang" rel="nofollow noopener">shop.example/sutra-sengkang</a>');
    expect(page.text).toContain('<span class="channel-kind">Media sosial:</span> <a href="https://instagram.example/sutrasengkang" rel="nofollow noopener">instagram.example/sutrasengkang</a>');
    expect(page.text).toContain('<span class="channel-kind">Situs web:</span> <a href="https://www.sutrasengkang.example/" rel="nofollow noopener">sutrasengkang.example</a>');
    expect((await request(t.server).get(`/events/${event.id}?lang=en`)).text).toContain('<span class="channel-kind">Online shop:</span>');
  });

  it('shows no links for an organiser whose profile is not completed', async () => {
    const organiser = await createUser(t, { name: 'Belum Lengkap', profile: { completedAt: null, skippedAt: new Date(), links: [{ kind: 'shop', url: 'https://shop.example/rahasia' }] } });
    const event = await publishedEvent(t, await bearer(t, organiser), room, nextWeekday(ZONE, 4), ZONE);
    const page = await request(t.server).get(`/events/${event.id}`);
    expect(page.text).toContain('Belum Lengkap');
    expect(page.text).not.toContain('shop.example/rahasia');
  });
});
