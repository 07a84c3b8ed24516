import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { EventRecord } from '../src/events/event.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, longDate, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let venue: Venue;
let room: Room;
let organiser: User;
let auth: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar', city: 'Makassar', province: 'Sulawesi Selatan',
    address: 'Jl. Slamet Riyadi No. 10', latitude: -5.1335, longitude: 119.4085 });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya Losari', kind: 'workshop_room', capacity: 60, maxMinutes: 480 });
  organiser = await createUser(t, { name: 'Andi Penyelenggara' });
  auth = await bearer(t, organiser);
});
afterAll(async () => { await t.close(); });

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
const registrations = () => t.db.getRepository(Registration);
const viaApi = (eventId: number, n: string) => request(t.server).post(`/api/events/${eventId}/registrations`)
  .send({ name: `Peserta ${n}`, email: `${n}@contoh.id`, consent: true });

/** A visitor opens the event page and sends the registration form; returns the response and their cookie jar. */
async function registerViaForm(eventId: number, fields: Record<string, string>) {
  const { agent, csrf } = await browser(t, `/events/${eventId}`);
  const res = await agent.post(`/events/${eventId}/register`).type('form').set('Accept', 'text/html')
    .send({ _csrf: csrf, consent: 'true', ...fields });
  return { agent, res };
}

const tokenOf = (location: string) => /^\/registrations\/([\w-]+)$/.exec(location)![1];

describe('the public listing and event page', () => {
  let eventId: number;
  let day: string;

  beforeAll(async () => {
    day = nextWeekday(ZONE, 2);
    eventId = (await publishedEvent(t, auth, room, day, ZONE, {
      title: 'Foto produk dengan ponsel', capacity: 30, tags: ['Go Digital', 'Foto Produk'],
      description: '## Materi\n\n- **Cahaya alami**\n- Kotak cahaya\n\n<script>alert("x")</script>\n\n[klik di sini](javascript:alert(1)) dan https://pos.co.id',
    })).id;
    await request(t.server).post('/api/events').set('Authorization', auth).send({
      venueId: venue.id, kind: 'workshop', title: 'Draf rahasia belum terbit', capacity: 10,
      sessions: [{ roomId: room.id, title: 'Sesi', start: at(day, '13:00', ZONE), end: at(day, '15:00', ZONE) }],
    }).expect(201);
    await viaApi(eventId, 'pertama');
  });

  it('lists a published event with its local time and seats left, and never a draft', async () => {
    const page = await request(t.server).get('/events');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Foto produk dengan ponsel');
    expect(page.text).toContain('Sisa 29 kursi');
    expect(page.text).toContain('pukul 09.00 WITA');
    expect(page.text).toContain('Kantor Pos Besar Makassar · Makassar');
    expect(page.text).toContain('#Go Digital');
    expect(page.text).not.toContain('Draf rahasia belum terbit');
  });

  it('filters by city, kind, tag, text and dates', async () => {
    const has = async (query: string) => (await request(t.server).get(`/events?${query}`)).text.includes('Foto produk dengan ponsel');
    expect(await has('city=Makassar&kind=workshop')).toBe(true);
    expect(await has('city=Jayapura')).toBe(false);
    expect(await has('tag=Foto%20Produk&q=ponsel')).toBe(true);
    expect(await has('kind=conference')).toBe(false);
    expect(await has(`from=${day}&to=${day}`)).toBe(true);
    expect(await has('to=2020-01-01')).toBe(false);
  });

  it('treats a filter field left empty as "any": the untouched filter form lists every event', async () => {
    const untouched = await request(t.server).get('/events?q=&province=&city=&kind=&tag=&from=&to=').set('Accept', 'text/html');
    expect(untouched.status).toBe(200);
    expect(untouched.text).toContain('Foto produk dengan ponsel');
    const onlyKind = await request(t.server).get('/events?q=ponsel&kind=').set('Accept', 'text/html');
    expect(onlyKind.status).toBe(200);
    expect(onlyKind.text).toContain('Foto produk dengan ponsel');
    const api = await request(t.server).get('/api/events?kind=&city=');
    expect(api.status).toBe(200);
    expect(api.body.items.map((e: { title: string }) => e.title)).toContain('Foto produk dengan ponsel');
    expect((await request(t.server).get('/events?kind=concert')).status).toBe(400);
  });

  it('calls registering for the event "Daftar acara" and making an account "Buat akun", in both languages', async () => {
    const id = await request(t.server).get(`/events/${eventId}`);
    expect(id.text).toContain('<h2 id="register-title">Daftar acara</h2>');
    expect(id.text).toContain('>Buat akun</a>');
    expect(id.text).not.toMatch(/>Daftar<\//);
    const en = await request(t.server).get(`/events/${eventId}?lang=en`);
    expect(en.text).toContain('<h2 id="register-title">Register for the event</h2>');
    expect(en.text).toContain('>Create account</a>');
    expect(en.text).not.toContain('>Sign up<');
  });

  it('marks the required fields in words and the consent box as required', async () => {
    const page = (await request(t.server).get(`/events/${eventId}`)).text;
    expect(page).toMatch(/<label for="f-name">Nama lengkap <span class="required" aria-hidden="true">wajib<\/span><\/label>/);
    expect(page).toMatch(/<input id="f-consent" type="checkbox" name="consent" value="true" required/);
    expect(page).toMatch(/<label for="f-consent">Saya setuju [^<]+ <span class="required" aria-hidden="true">wajib<\/span><\/label>/);
    expect(page).toMatch(/<label for="f-phone">Nomor WhatsApp\/telepon \(opsional\)<\/label>/);
    const en = (await request(t.server).get(`/events/${eventId}?lang=en`)).text;
    expect(en).toMatch(/<label for="f-name">Full name <span class="required" aria-hidden="true">required<\/span><\/label>/);
  });

  it('shows the programme in the venue\'s time (WITA), the organiser, a map pin and the description as safe Markdown', async () => {
    const page = await request(t.server).get(`/events/${eventId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('09.00–12.00 WITA');
    expect(page.text).toContain('Ruang Lokakarya Losari');
    expect(page.text).toContain('bersama Rina');
    expect(page.text).toContain('Andi Penyelenggara');
    expect(page.text).toContain('https://www.openstreetmap.org/?mlat=-5.1335&amp;mlon=119.4085');
    expect(page.text).toContain('<h2>Materi</h2>');
    expect(page.text).toContain('<strong>Cahaya alami</strong>');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toMatch(/href="javascript:/i);
    expect(page.text).toContain('href="https://pos.co.id"');
    expect(page.text).toContain('action="/events/' + eventId + '/register"');
    expect(page.text).toContain('+62 / 08…');
    // A visitor sees no organiser tools.
    expect(page.text).not.toContain(`/events/${eventId}/manage`);
  });

  it('links to a map search on the address when the venue has no pin', async () => {
    const unpinned = await createVenue(t, { timezone: 'Asia/Jayapura', name: 'Kantor Pos Jayapura', city: 'Jayapura', province: 'Papua', address: 'Jl. Koti No. 3' });
    const hall = await createRoom(t, unpinned.id, { name: 'Aula Cenderawasih', kind: 'conference_hall', capacity: 100, maxMinutes: 480 });
    const papua = await publishedEvent(t, auth, hall, nextWeekday('Asia/Jayapura', 3), 'Asia/Jayapura', { title: 'Temu kreator Papua' }, '10:00', '12:00');
    const page = await request(t.server).get(`/events/${papua.id}`);
    expect(page.text).toContain('https://www.openstreetmap.org/search?query=Jl.%20Koti%20No.%203%2C%20Jayapura%2C%20Papua');
    expect(page.text).toContain('10.00–12.00 WIT');
  });

  it('answers 404 for drafts, unknown events and unknown tickets', async () => {
    const draft = await t.db.getRepository(EventRecord).findOneByOrFail({ title: 'Draf rahasia belum terbit' });
    expect((await request(t.server).get(`/events/${draft.id}`)).status).toBe(404);
    expect((await request(t.server).get('/events/999999')).status).toBe(404);
    expect((await request(t.server).get('/events/abc')).status).toBe(404);
    const ticket = await request(t.server).get('/registrations/bukan-token-asli');
    expect(ticket.status).toBe(404);
    expect(ticket.text).toContain('Pendaftaran tidak ditemukan');
  });

  it('speaks English with ?lang=en, still in the venue\'s local time', async () => {
    const page = await request(t.server).get(`/events/${eventId}?lang=en`);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Programme');
    expect(page.text).toContain('Seats left: 29');
    expect(page.text).toContain('09:00–12:00 WITA');
    expect(page.text).toContain('I agree that the organiser may contact me about this event.');
    const list = await request(t.server).get('/events?lang=en');
    expect(list.text).toContain('at 09:00 WITA');
  });
});

describe('registering, the ticket page and cancelling', () => {
  let eventId: number;
  let dewiToken: string;

  beforeAll(async () => {
    eventId = (await publishedEvent(t, auth, room, nextWeekday(ZONE, 3), ZONE, { title: 'Kelas live selling', capacity: 40 })).id;
  });

  it('registers through the form and lands on the ticket page with a QR code and the ticket code', async () => {
    const { agent, res } = await registerViaForm(eventId, { name: 'Dewi Lestari', email: 'dewi@contoh.id', phone: '0812-3456-7890', businessName: 'Tenun Ikat Sumba', sector: 'Kriya' });
    expect(res.status).toBe(303);
    const token = tokenOf(res.headers.location);
    dewiToken = token;
    const row = await registrations().findOneByOrFail({ eventId, email: 'dewi@contoh.id' });
    expect(row).toMatchObject({ status: 'confirmed', phone: '+6281234567890', businessName: 'Tenun Ikat Sumba', consent: true });
    const ticket = await agent.get(`/registrations/${token}`);
    expect(ticket.status).toBe(200);
    expect(ticket.headers['cache-control']).toBe('no-store');
    expect(ticket.text).toContain('Pendaftaran berhasil');
    expect(ticket.text).toContain('Terkonfirmasi');
    expect(ticket.text).toMatch(/<img class="ticket-qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    expect(ticket.text).toContain(`<p class="ticket-code" translate="no">${row.ticketCode}</p>`);
    expect(ticket.text).toContain('pukul 09.00 WITA');
    expect(ticket.text).toContain(`href="/registrations/${token}/cancel"`);
  });

  it('re-renders the form with field messages and the typed values when something is missing', async () => {
    const before = await registrations().countBy({ eventId });
    const { res } = await registerViaForm(eventId, { name: 'Tanpa Izin', email: 'bukan-email', phone: '12345', consent: 'false' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Masukkan alamat email yang benar');
    expect(res.text).toContain('Masukkan nomor telepon Indonesia');
    expect(res.text).toContain('Centang persetujuan');
    expect(res.text).toContain('value="Tanpa Izin"');
    expect(res.text).toContain('Kelas live selling');
    expect(await registrations().countBy({ eventId })).toBe(before);
  });

  it('puts a focused error summary at the top of a refused form, linking to each field; each message once beside its field', async () => {
    const { res } = await registerViaForm(eventId, { name: '', email: '', consent: 'false' });
    expect(res.status).toBe(400);
    const main = res.text.slice(res.text.indexOf('<main'));
    const summary = /<section class="error-summary" id="error-summary" tabindex="-1" autofocus aria-labelledby="error-summary-title">([\s\S]*?)<\/section>/.exec(main);
    expect(summary).not.toBeNull();
    // Nothing but the breadcrumb-free top of main comes before it: the summary is the first thing read and seen.
    expect(main.indexOf('error-summary')).toBeLessThan(main.indexOf('<h1'));
    expect(summary![1]).toContain('Beberapa isian belum benar.');
    expect(summary![1]).toContain('<a href="#f-name">Nama lengkap: Wajib diisi.</a>');
    expect(summary![1]).toMatch(/<a href="#f-email">Email: [^<]+<\/a>/);
    expect(summary![1]).toContain('<a href="#f-consent">Persetujuan: Centang persetujuan');
    for (const field of ['name', 'email', 'consent']) {
      expect(res.text.match(new RegExp(`<p class="field-error" id="e-${field}">`, 'g'))).toHaveLength(1);
      expect(res.text).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*e-${field}"`));
    }
    expect(res.text.match(/Centang persetujuan agar penyelenggara/g)).toHaveLength(2); // the summary and the field, no more
    expect(res.text).toContain('<script src="/assets/js/error-summary.js" defer></script>');
    expect(res.text.match(/ autofocus/g)).toHaveLength(1);
    expect((await request(t.server).get(`/events/${eventId}`)).text).not.toContain('error-summary');
  });

  it('tells a repeat email clearly that it is already registered, and writes nothing', async () => {
    const before = await registrations().countBy({ eventId });
    const event = await t.db.getRepository(EventRecord).findOneByOrFail({ id: eventId });
    const { res } = await registerViaForm(eventId, { name: 'Dewi Lagi', email: 'DEWI@contoh.id' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Email ini sudah terdaftar untuk acara ini.');
    expect(res.text).toContain('value="Dewi Lagi"');
    expect(await registrations().countBy({ eventId })).toBe(before);
    expect((await t.db.getRepository(EventRecord).findOneByOrFail({ id: eventId })).arrivals).toBe(event.arrivals);
    // A fresh manage link went to Dewi's mailbox; the old one stops working.
    const link = await t.db.getRepository(OutboxMessage).findOneByOrFail({ kind: 'registration_link', recipient: 'dewi@contoh.id' });
    const fresh = /\/registrations\/([\w-]+)/.exec(link.textBody)![1];
    expect((await request(t.server).get(`/registrations/${dewiToken}`)).status).toBe(404);
    expect((await request(t.server).get(`/registrations/${fresh}`)).status).toBe(200);
    dewiToken = fresh;
  });

  it('puts the 41st registrant on the waiting list and shows their position', async () => {
    for (let n = 2; n <= 40; n++) expect((await viaApi(eventId, `kursi-${n}`)).body.status).toBe('confirmed');
    const page = await request(t.server).get(`/events/${eventId}`);
    expect(page.text).toContain('Daftar tunggu');
    expect(page.text).toContain('Masuk daftar tunggu');
    const { agent, res } = await registerViaForm(eventId, { name: 'Yosef Tunggu', email: 'yosef@contoh.id' });
    expect(res.status).toBe(303);
    const ticket = await agent.get(res.headers.location);
    expect(ticket.text).toContain('Anda di daftar tunggu');
    expect(ticket.text).toContain('Urutan Anda: 1');
    expect(ticket.text).not.toContain('ticket-qr');
    expect((await registrations().findOneByOrFail({ eventId, email: 'yosef@contoh.id' })).status).toBe('waitlisted');
  });

  it('changes nothing when the cancel link is opened; the confirmation POST cancels and promotes the first on the waiting list', async () => {
    const maria = await registerViaForm(eventId, { name: 'Maria Tunggu', email: 'maria@contoh.id' });
    const mariaToken = tokenOf(maria.res.headers.location);
    const dewi = request.agent(t.server);

    // Mail scanners open every link: neither the ticket nor the confirmation page may change anything.
    const confirm = await dewi.get(`/registrations/${dewiToken}/cancel`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Batalkan pendaftaran?');
    expect(confirm.text).toContain(`<form method="post" action="/registrations/${dewiToken}/cancel"`);
    await dewi.get(`/registrations/${dewiToken}`);
    await request(t.server).get(`/registrations/${dewiToken}/cancel`);
    expect((await registrations().findOneByOrFail({ eventId, email: 'dewi@contoh.id' })).status).toBe('confirmed');
    expect((await registrations().findOneByOrFail({ eventId, email: 'yosef@contoh.id' })).status).toBe('waitlisted');

    const cancelled = await dewi.post(`/registrations/${dewiToken}/cancel`).type('form').send({ _csrf: csrfOf(confirm.text) });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe(`/registrations/${dewiToken}`);
    const after = await dewi.get(cancelled.headers.location);
    expect(after.text).toContain('Pendaftaran Anda dibatalkan.');
    expect(after.text).toContain('Pendaftaran ini dibatalkan pada');
    expect(after.text).not.toContain(`/registrations/${dewiToken}/cancel"`);
    expect((await registrations().findOneByOrFail({ eventId, email: 'dewi@contoh.id' })).status).toBe('cancelled');

    // Yosef arrived first on the waiting list, so he has the seat now; Maria moves to the front of the queue.
    expect((await registrations().findOneByOrFail({ eventId, email: 'yosef@contoh.id' })).status).toBe('confirmed');
    expect((await maria.agent.get(`/registrations/${mariaToken}`)).text).toContain('Urutan Anda: 1');

    const again = await dewi.post(`/registrations/${dewiToken}/cancel`).type('form').send({ _csrf: csrfOf(confirm.text) });
    expect(again.status).toBe(303);
    expect((await dewi.get(again.headers.location)).text).toContain('Pendaftaran ini sudah dibatalkan.');
  });
});

describe('organiser pages', () => {
  it('creates a draft from the form with times read in the venue\'s zone, then publishes it', async () => {
    const day = nextWeekday(ZONE, 4);
    const { agent, csrf, html } = await browser(t, '/events/new', organiser);
    expect(html).toContain(`Kantor Pos Besar Makassar — Ruang Lokakarya Losari`);
    const posted = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', language: 'id', title: 'Kemasan produk yang menjual',
      summary: 'Praktik desain kemasan', description: 'Bawa **produk** Anda.', tags: 'Kemasan, Beli Lokal', capacity: '25',
      speaker: 'Rina Kusuma', date: day, from: '13:00', to: '15:00', opens: '', closes: '',
    });
    expect(posted.status).toBe(303);
    const event = await t.db.getRepository(EventRecord).findOneByOrFail({ title: 'Kemasan produk yang menjual' });
    expect(posted.headers.location).toBe(`/events/${event.id}/manage`);
    expect(event).toMatchObject({ status: 'draft', capacity: 25, tags: ['Kemasan', 'Beli Lokal'], organiserId: organiser.id });
    expect(event.startsAt.toISOString()).toBe(new Date(at(day, '13:00', ZONE)).toISOString());
    const manage = await agent.get(posted.headers.location);
    expect(manage.text).toContain('Draf acara');
    expect(manage.text).toContain('13.00 WITA');
    expect((await request(t.server).get(`/events/${event.id}`)).status).toBe(404);

    const published = await agent.post(`/events/${event.id}/publish`).type('form').send({ _csrf: csrf });
    expect(published.status).toBe(303);
    expect((await agent.get(published.headers.location)).text).toContain('Acara dipublikasikan.');
    expect((await request(t.server).get(`/events/${event.id}`)).status).toBe(200);
  });

  it('writes clock times the Indonesian way (09.00) and reads 13.00 as well as 13:00', async () => {
    const { agent, csrf, html } = await browser(t, '/events/new', organiser);
    expect(html).toMatch(/id="f-from" name="from" type="text" value="09\.00"/);
    expect(html).toContain('placeholder="13.00"');
    expect(html).toContain('Jam 24 jam, misalnya 13.00 (13:00 juga bisa).');
    expect((await agent.get('/events/new?lang=en')).text).toMatch(/id="f-from" name="from" type="text" value="09:00"/);
    await agent.get('/events/new?lang=id');
    const day = nextWeekday(ZONE, 5);
    const posted = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', language: 'id', title: 'Jam dengan titik', capacity: '10', date: day, from: '13.00', to: '14.30',
    });
    expect(posted.status).toBe(303);
    const event = await t.db.getRepository(EventRecord).findOneByOrFail({ title: 'Jam dengan titik' });
    expect(event.startsAt.toISOString()).toBe(new Date(at(day, '13:00', ZONE)).toISOString());
    expect(event.endsAt.toISOString()).toBe(new Date(at(day, '14:30', ZONE)).toISOString());
    const edit = await agent.get(`/events/${event.id}/edit`);
    expect(edit.text).toMatch(/id="f-from" name="from" type="text" value="13\.00"/);
    expect(edit.text).toMatch(/id="f-to" name="to" type="text" value="14\.30"/);
    const wrong = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', title: 'Jam salah', capacity: '10', date: day, from: '25.00', to: '14.30',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('id="e-from">Gunakan jam 24 jam, misalnya 08.00 atau 08:00.');
    expect(wrong.text).toContain('value="25.00"');
  });

  it('says which rooms need approval before the organiser picks one, and calls the request pending, not booked', async () => {
    const studio = await createRoom(t, venue.id, { name: 'Studio Persetujuan', kind: 'photo_studio', capacity: 12, requiresApproval: true });
    const { agent, csrf, html } = await browser(t, '/events/new', organiser);
    expect(html).toContain('Kantor Pos Besar Makassar — Studio Persetujuan · 12 orang · WITA · perlu persetujuan</option>');
    expect(html).toContain('Kantor Pos Besar Makassar — Ruang Lokakarya Losari · 60 orang · WITA</option>');
    expect(html).toContain('Ruang bertanda “perlu persetujuan” diajukan sebagai permintaan');
    const day = nextWeekday(ZONE, 6);
    const posted = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(studio.id), kind: 'workshop', language: 'id', title: 'Foto katalog', capacity: '10', date: day, from: '10.00', to: '12.00',
    });
    expect(posted.status).toBe(303);
    const manage = await agent.get(posted.headers.location);
    expect(manage.text).toContain('Ruangnya menunggu persetujuan pengelola lokasi');
    expect(manage.text).not.toContain('ruangnya sudah dipesan');
    expect(manage.text).toContain('<span class="badge badge-hold-pending">Menunggu persetujuan</span>');
    expect(manage.text).not.toContain('>Publikasikan acara</button>');
    // The venue's own manager books the same kind of room at once, so the mark is not shown to them.
    const manager = await makeManager(t, venue.id);
    expect((await browser(t, '/events/new', manager)).html).not.toContain('Studio Persetujuan · 12 orang · WITA · perlu persetujuan');
  });

  it('re-renders the new-event form with the reason and the typed values when the room rules refuse it', async () => {
    const day = nextWeekday(ZONE, 4);
    const { agent, csrf } = await browser(t, '/events/new', organiser);
    const before = await t.db.getRepository(EventRecord).count();
    const late = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', language: 'id', title: 'Kelas malam', capacity: '10', tags: 'Malam',
      date: day, from: '18:00', to: '20:00',
    });
    expect(late.status).toBe(400);
    expect(late.text).toContain('di luar jam buka. Ruang ini buka 08.00–16.00 WITA pada hari Kamis.');
    expect(late.text).toContain('value="Kelas malam"');
    const badTag = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', title: 'Kelas tag', capacity: '10', tags: 'Oke, x', date: day, from: '09:00', to: '10:00',
    });
    expect(badTag.status).toBe(400);
    expect(badTag.text).toMatch(/id="e-tags">Panjangnya 2 sampai 40 karakter\./);
    expect(badTag.text).toContain('value="Oke, x"');
    const tooBig = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', language: 'id', title: 'Kelas besar', capacity: '61', date: day, from: '08:00', to: '10:00',
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('melebihi kapasitas Ruang Lokakarya Losari (60 orang)');
    const noRoom = await agent.post('/events/new').type('form').set('Accept', 'text/html').send({ _csrf: csrf, title: 'Tanpa ruang', capacity: '5', date: day, from: '08:00', to: '09:00' });
    expect(noRoom.status).toBe(400);
    expect(noRoom.text).toContain('Pilih lokasi dan ruang.');
    expect(await t.db.getRepository(EventRecord).count()).toBe(before);
  });

  it('shows attendees with their emails to the organiser and the venue\'s manager, 403 to another creator', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 5), ZONE, { title: 'Kelas pembukuan digital', capacity: 1 });
    await viaApi(event.id, 'rahmat');
    await viaApi(event.id, 'wulan');
    const { agent } = await browser(t, '/events', organiser);
    const page = await agent.get(`/events/${event.id}/manage`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('rahmat@contoh.id');
    expect(page.text).toContain('wulan@contoh.id');
    expect(page.text).toContain(`href="/api/events/${event.id}/registrations.csv"`);
    expect(page.text).toContain('Peserta (2)');
    const csv = await agent.get(`/api/events/${event.id}/registrations.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('wulan@contoh.id');
    const eventPage = await agent.get(`/events/${event.id}`);
    expect(eventPage.text).toContain(`href="/events/${event.id}/check-in"`);

    const manager = await browser(t, '/events', await makeManager(t, venue.id));
    expect((await manager.agent.get(`/events/${event.id}/manage`)).text).toContain('rahmat@contoh.id');

    const stranger = await browser(t, '/events', await createUser(t, { name: 'Kreator Lain' }));
    const refused = await stranger.agent.get(`/events/${event.id}/manage`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('rahmat@contoh.id');
    expect((await stranger.agent.get(`/events/${event.id}/check-in`)).status).toBe(403);
    const post = await stranger.agent.post(`/events/${event.id}/cancel`).type('form').send({ _csrf: stranger.csrf, reason: 'Iseng saja' });
    expect(post.status).toBe(403);
    expect((await t.db.getRepository(EventRecord).findOneByOrFail({ id: event.id })).status).toBe('published');

    const anonymous = await request(t.server).get(`/events/${event.id}/manage`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('raises capacity (promoting the waiting list), cancels one registration with a reason, then cancels the event', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 1, 9), ZONE, { title: 'Kelas QRIS', capacity: 1 });
    await viaApi(event.id, 'q1');
    await viaApi(event.id, 'q2');
    await viaApi(event.id, 'q3');
    const { agent, csrf } = await browser(t, `/events/${event.id}/manage`, organiser);

    const lowered = await agent.post(`/events/${event.id}/capacity`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, capacity: '0' });
    expect(lowered.status).toBe(400);
    expect(lowered.text).toContain('Minimal 1.');
    const raised = await agent.post(`/events/${event.id}/capacity`).type('form').send({ _csrf: csrf, capacity: '2' });
    expect(raised.status).toBe(303);
    expect((await agent.get(raised.headers.location)).text).toContain('Kapasitas menjadi 2. 1 orang naik dari daftar tunggu.');
    expect((await registrations().findOneByOrFail({ eventId: event.id, email: 'q2@contoh.id' })).status).toBe('confirmed');

    const q1 = await registrations().findOneByOrFail({ eventId: event.id, email: 'q1@contoh.id' });
    const noReason = await agent.post(`/events/${event.id}/registrations/${q1.id}/cancel`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Tuliskan alasannya.');
    expect(noReason.text).toMatch(/<details class="row-cancel" open>/);
    const removed = await agent.post(`/events/${event.id}/registrations/${q1.id}/cancel`).type('form').send({ _csrf: csrf, reason: 'Mendaftar dua kali' });
    expect(removed.status).toBe(303);
    expect((await agent.get(`/events/${event.id}/manage`)).text).toContain('Naik dari daftar tunggu: Peserta q3.');
    expect(await registrations().findOneByOrFail({ id: q1.id })).toMatchObject({ status: 'cancelled', cancelReason: 'Mendaftar dua kali' });

    const shortReason = await agent.post(`/events/${event.id}/cancel`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, reason: 'x' });
    expect(shortReason.status).toBe(400);
    const gone = await agent.post(`/events/${event.id}/cancel`).type('form').send({ _csrf: csrf, reason: 'Narasumber sakit' });
    expect(gone.status).toBe(303);
    expect((await t.db.getRepository(EventRecord).findOneByOrFail({ id: event.id })).status).toBe('cancelled');
    const publicPage = await request(t.server).get(`/events/${event.id}`);
    expect(publicPage.text).toContain('Acara ini dibatalkan.');
    expect(publicPage.text).toContain('Narasumber sakit');
    expect(publicPage.text).not.toContain(`action="/events/${event.id}/register"`);
  });
});

describe('check-in page', () => {
  it('checks a ticket in once, then says when it was checked in (WITA); refuses waitlisted and unknown codes', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 2, 9), ZONE, { title: 'Kelas check-in', capacity: 1 });
    const seat = (await viaApi(event.id, 'hadir')).body as { ticketCode: string };
    const wait = (await viaApi(event.id, 'antre')).body as { ticketCode: string };
    const { agent, csrf, html } = await browser(t, `/events/${event.id}/check-in`, organiser);
    expect(html).toContain('name="code"');
    expect(html).toContain('/assets/js/check-in/door.js');
    expect(html).toContain('0<small>/1</small>');
    const scan = (code: string) => agent.post(`/events/${event.id}/check-in`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, code });

    const first = await scan(seat.ticketCode.toLowerCase());
    expect(first.status).toBe(200);
    expect(first.text).toContain('check-in-ok');
    expect(first.text).toContain('OK, Peserta hadir');
    expect(first.text).toContain('1<small>/1</small>');

    const second = await scan(seat.ticketCode);
    expect(second.status).toBe(409);
    expect(second.text).toContain('check-in-refused');
    expect(second.text).toMatch(/Peserta hadir sudah check-in pada \w+, \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WITA/);

    const waitlisted = await scan(wait.ticketCode);
    expect(waitlisted.status).toBe(409);
    expect(waitlisted.text).toContain('Peserta antre masih di daftar tunggu; belum mendapat kursi.');

    const unknown = await scan('ZZZZZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Kode tiket tidak dikenal untuk acara ini.');
    expect(unknown.text).toContain('name="code"');

    const manage = await agent.get(`/events/${event.id}/manage`);
    expect(manage.text).toMatch(/\d{2}\.\d{2} WITA/);
  });

  it('speaks English on the check-in page with ?lang=en', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 3, 9), ZONE, { title: 'Check-in in English', capacity: 2 });
    const seat = (await viaApi(event.id, 'en1')).body as { ticketCode: string };
    const { agent, csrf, html } = await browser(t, `/events/${event.id}/check-in?lang=en`, organiser);
    expect(html).toContain('Attendee check-in');
    const ok = await agent.post(`/events/${event.id}/check-in`).type('form').send({ _csrf: csrf, code: seat.ticketCode });
    expect(ok.text).toContain('OK, Peserta en1');
    const twice = await agent.post(`/events/${event.id}/check-in`).type('form').send({ _csrf: csrf, code: seat.ticketCode });
    expect(twice.text).toMatch(/Peserta en1 already checked in at \w+, \d{1,2} \w+ \d{4} at \d{2}:\d{2} WITA\./);
  });
});

describe('editing an event', () => {
  it('lets the organiser rename and move the event; the old slot frees and the page shows the new local time', async () => {
    const day = nextWeekday(ZONE, 3, 16);
    const event = await publishedEvent(t, auth, room, day, ZONE, { title: 'Kelas lama' }, '09:00', '11:00');
    const { agent } = await browser(t, `/events/${event.id}/edit`, organiser);
    const form = await agent.get(`/events/${event.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Kelas lama"');
    const csrf = csrfOf(form.text);
    const saved = await agent.post(`/events/${event.id}/edit`).type('form').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', title: 'Kelas baru', summary: 'Ringkas', description: '', tags: 'Go Digital',
      language: 'id', capacity: '20', speaker: 'Rina', date: day, from: '13:00', to: '15:00', opens: '', closes: '',
    });
    expect(saved.status).toBe(303);
    const page = await request(t.server).get(`/events/${event.id}`);
    expect(page.text).toContain('Kelas baru');
    expect(page.text).toContain('13.00');
    const freed = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: room.id, start: at(day, '09:00', ZONE), end: at(day, '10:00', ZONE), headcount: 1, title: 'Slot lama' });
    expect(freed.status).toBe(201);
  });

  it('refuses a move onto a taken slot with the local time named, and refuses people who do not organise it', async () => {
    const day = nextWeekday(ZONE, 4, 16);
    const event = await publishedEvent(t, auth, room, day, ZONE, { title: 'Tetap di tempat' }, '09:00', '11:00');
    await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, await createUser(t)))
      .send({ roomId: room.id, start: at(day, '13:00', ZONE), end: at(day, '14:00', ZONE), headcount: 1, title: 'Sudah dipesan' });
    const { agent, csrf } = await browser(t, `/events/${event.id}/edit`, organiser);
    const refused = await agent.post(`/events/${event.id}/edit`).type('form').send({
      _csrf: csrf, roomId: String(room.id), kind: 'workshop', title: 'Tetap di tempat', language: 'id', capacity: '20', date: day, from: '13:00', to: '15:00',
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`${longDate(day)}, 13.00–14.00 WITA`);
    expect((await request(t.server).get(`/api/events/${event.id}`)).body.start).toBe(at(day, '09:00', ZONE));
    const stranger = await browser(t, '/events', await createUser(t));
    expect((await stranger.agent.get(`/events/${event.id}/edit`)).status).toBe(403);
    expect((await stranger.agent.post(`/events/${event.id}/edit`).type('form').send({ _csrf: stranger.csrf, title: 'Dibajak' })).status).toBe(403);
  });
});
