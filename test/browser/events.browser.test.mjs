import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { launchBrowser, startServer } from './support.mjs';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/rk-shots';
const ZONE = 'Asia/Makassar';
let server;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(3311);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** JSON API call with the creator's session cookie. */
async function api(path, { cookie, body } = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** A published event with one seat in a Makassar room, placed on the first weekday morning the room is free. */
async function publishedEventWithOneSeat(cookie) {
  const venues = await api('/api/venues?q=Makassar');
  const venue = venues.body.items.find((v) => v.code === 'MKS-BESAR');
  const room = venue.rooms.find((r) => !r.rules.requiresApproval && r.capacity >= 1);
  let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 3 });
  for (let tries = 0; tries < 30; tries++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const iso = (time) => DateTime.fromISO(`${day.toISODate()}T${time}`, { zone: ZONE }).toISO({ suppressMilliseconds: true });
    const created = await api('/api/events', {
      cookie,
      body: {
        venueId: venue.id, kind: 'workshop', title: 'Uji peramban: kelas satu kursi', summary: 'Satu kursi saja', capacity: 1,
        sessions: [{ roomId: room.id, title: 'Praktik', speaker: 'Rina', start: iso('14:00'), end: iso('15:00') }],
      },
    });
    if (created.status === 409) continue; // the demo data already holds the room then
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const published = await api(`/api/events/${created.body.id}/publish`, { cookie, body: {} });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return created.body;
  }
  throw new Error('no free morning for the test event');
}

test('a waitlisted visitor gets the seat when the first registrant cancels through the manage link', async () => {
  const signUp = await api('/api/auth/sign-up', {
    body: { name: 'Penyelenggara Uji', email: `penyelenggara.${Date.now()}@contoh.id`, password: 'rahasia-uji-123' },
  });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('rk_session=')).split(';')[0];
  const event = await publishedEventWithOneSeat(cookie);
  const first = await api(`/api/events/${event.id}/registrations`, { body: { name: 'Sari Pertama', email: 'sari.pertama@contoh.id', consent: true } });
  assert.equal(first.status, 201);
  assert.equal(first.body.status, 'confirmed');

  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.baseUrl}/events/${event.id}`);
  await page.getByRole('heading', { level: 1, name: 'Uji peramban: kelas satu kursi' }).waitFor();
  assert.match(await page.locator('.programme').innerText(), /14\.00–15\.00 WITA/);
  await page.getByLabel('Nama lengkap').fill('Yosef Kedua');
  await page.getByRole('textbox', { name: /^Email/ }).fill('yosef.kedua@contoh.id');
  await page.getByLabel(/Nomor WhatsApp/).fill('0812-3456-7890');
  await page.getByLabel('Saya setuju penyelenggara menghubungi saya tentang acara ini.').check();
  await page.getByRole('button', { name: 'Masuk daftar tunggu' }).click();

  await page.getByRole('heading', { level: 1, name: 'Anda di daftar tunggu' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Urutan Anda: 1/);
  const secondTicketUrl = page.url();
  assert.match(secondTicketUrl, /\/registrations\/[\w-]+$/);
  await page.screenshot({ path: `${SHOTS}/event-waitlisted-phone.png`, fullPage: true });

  // The first registrant opens the link from her confirmation mail and cancels.
  await page.goto(`${server.baseUrl}${first.body.manageUrl}`);
  await page.getByRole('heading', { level: 1, name: 'Tiket Anda' }).waitFor();
  await page.getByRole('link', { name: 'Batalkan pendaftaran' }).click();
  await page.getByRole('heading', { level: 1, name: 'Batalkan pendaftaran?' }).waitFor();
  await page.getByRole('button', { name: 'Ya, batalkan pendaftaran' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pendaftaran dibatalkan' }).waitFor();

  // The second person's ticket page now shows a confirmed seat with a QR code.
  await page.goto(secondTicketUrl);
  await page.getByRole('heading', { level: 1, name: 'Tiket Anda' }).waitFor();
  assert.match(await page.locator('.badge-confirmed').innerText(), /Terkonfirmasi/);
  const code = (await page.locator('.ticket-code').innerText()).trim();
  assert.match(code, /^[A-Z2-9]{8}$/);
  assert.equal(await page.getByRole('img', { name: `Kode QR tiket ${code}` }).isVisible(), true);
  await page.screenshot({ path: `${SHOTS}/event-ticket-phone.png`, fullPage: true });
  await page.close();
});
