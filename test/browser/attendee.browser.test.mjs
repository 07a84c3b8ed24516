// An attendee on a phone and at a desk: the event page, a refused then accepted registration, the ticket with its
// calendar links, cancelling after a confirmation, and the next person on the waiting list getting the seat.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { clearHtml, prepareShots, SIZES, validateHtml } from './audit.mjs';
import { look, visit } from './journey.mjs';
import { launchBrowser, startServer } from './support.mjs';

const PREFIX = 'attendee';
const ZONE = 'Asia/Makassar';
let server;
let browser;
let organiserCookie;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(3302);
  browser = await launchBrowser();
  const signUp = await api('/api/auth/sign-up', {
    body: { name: 'Rina Penyelenggara', email: `rina.${Date.now()}@contoh.id`, password: 'rahasia-uji-123' },
  });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  organiserCookie = signUp.headers.getSetCookie().find((c) => c.startsWith('rk_session=')).split(';')[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(path, { cookie, body } = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** A published one-seat event in a Makassar room that needs no approval, on the first free weekday afternoon. */
async function oneSeatEvent(title, fromDay) {
  const venue = (await api('/api/venues?q=Makassar')).body.items.find((v) => v.code === 'MKS-BESAR');
  const room = venue.rooms.find((r) => !r.rules.requiresApproval);
  let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: fromDay });
  for (let tries = 0; tries < 30; tries++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const iso = (time) => DateTime.fromISO(`${day.toISODate()}T${time}`, { zone: ZONE }).toISO({ suppressMilliseconds: true });
    const created = await api('/api/events', {
      cookie: organiserCookie,
      body: {
        venueId: venue.id, kind: 'workshop', title, summary: 'Satu kursi, untuk uji peramban', capacity: 1,
        sessions: [{ roomId: room.id, title: 'Praktik', speaker: 'Rina', start: iso('14:00'), end: iso('15:00') }],
      },
    });
    if (created.status === 409 || created.status === 400) continue; // the demo data holds the room, or a rule refuses that day
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const published = await api(`/api/events/${created.body.id}/publish`, { cookie: organiserCookie, body: {} });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return created.body;
  }
  throw new Error('no free afternoon for the test event');
}

let dayOffset = 3;

for (const [size, options] of Object.entries(SIZES)) {
  test(`an attendee registers, keeps a ticket, cancels, and the waiting list moves up (${size})`, async () => {
    const event = await oneSeatEvent(`Kelas satu kursi (${size})`, (dayOffset += 4));
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const shot = (name) => `${PREFIX}-${size}-${name}`;

    await visit(page, `${server.baseUrl}/events/${event.id}`, shot('event'));
    await page.getByRole('heading', { level: 1, name: event.title }).waitFor();
    assert.match(await page.locator('.programme').innerText(), /14\.00–15\.00 WITA/);

    // Sent empty: the page comes back with the summary on top, focused and in view, one link per field.
    const submit = page.getByRole('button', { name: 'Daftar acara' });
    const box = await submit.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the register button is ${box.width}×${box.height}`);
    await submit.click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    await look(page, shot('register-refused'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
    const inView = await summary.boundingBox();
    assert.ok(inView.y >= 0 && inView.y < (page.viewportSize().height / 2), `the summary is at ${inView.y} px, not at the top of the view`);
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
    assert.deepEqual(links.map(([href]) => href), ['#f-name', '#f-email', '#f-consent']);
    assert.match(links[0][1], /^Nama lengkap: Wajib diisi\.$/);
    assert.equal(await page.locator('#e-email').count(), 1);
    await summary.getByRole('link', { name: /^Email:/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email');

    await page.getByLabel('Nama lengkap').fill('Sari Pertama');
    await page.getByRole('textbox', { name: /^Email/ }).fill(`sari.${size}@contoh.id`);
    await page.getByLabel(/Nomor WhatsApp/).fill('0812-3456-7890');
    await page.getByLabel(/^Saya setuju penyelenggara menghubungi saya/).check();
    await page.getByRole('button', { name: 'Daftar acara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiket Anda' }).waitFor();
    await look(page, shot('ticket'));
    const ticketUrl = page.url();
    const code = (await page.locator('.ticket-code').innerText()).trim();
    assert.match(code, /^[A-Z2-9]{8}$/);
    assert.equal(await page.getByRole('img', { name: `Kode QR tiket ${code}` }).isVisible(), true);

    // The calendar links: Google and Outlook templates in UTC, the .ics file, the subscription page.
    const calendar = page.locator('.add-to-calendar');
    assert.match(await calendar.getByRole('link', { name: 'Google Calendar' }).getAttribute('href'), /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&.*dates=\d{8}T060000Z%2F\d{8}T070000Z/);
    assert.match(await calendar.getByRole('link', { name: 'Outlook.com' }).getAttribute('href'), /^https:\/\/outlook\.live\.com\/calendar\/.*startdt=/);
    const ics = await context.request.get(new URL(await calendar.getByRole('link', { name: /Unduh \.ics/ }).getAttribute('href'), page.url()).href);
    assert.equal(ics.status(), 200);
    assert.match(ics.headers()['content-type'], /^text\/calendar/);
    assert.match(await ics.text(), /BEGIN:VEVENT[\s\S]*SUMMARY:Kelas satu kursi/);
    await calendar.getByRole('link', { name: /Langganan/ }).click();
    await page.waitForURL(/\/calendar-feed$/);
    await look(page, shot('ticket-feed'));

    // A second person arrives after the seat is gone and waits.
    const second = await api(`/api/events/${event.id}/registrations`, { body: { name: 'Yosef Kedua', email: `yosef.${size}@contoh.id`, consent: true } });
    assert.equal(second.body.status, 'waitlisted');

    await page.goto(ticketUrl);
    await page.getByRole('link', { name: 'Batalkan pendaftaran' }).click();
    await page.getByRole('heading', { level: 1, name: 'Batalkan pendaftaran?' }).waitFor();
    await look(page, shot('cancel-confirm'));
    await page.getByRole('button', { name: 'Ya, batalkan pendaftaran' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pendaftaran dibatalkan' }).waitFor();
    await look(page, shot('cancelled'));

    // The waiting person's ticket now holds the seat.
    await visit(page, `${server.baseUrl}${second.body.manageUrl}`, shot('promoted'));
    await page.getByRole('heading', { level: 1, name: 'Tiket Anda' }).waitFor();
    assert.match(await page.locator('.badge-confirmed').innerText(), /Terkonfirmasi/);
    await context.close();
  });
}

test('registration works without JavaScript: the refused form keeps the summary, the second try gives a waiting-list place', async () => {
  const event = await oneSeatEvent('Kelas tanpa skrip', (dayOffset += 4));
  await api(`/api/events/${event.id}/registrations`, { body: { name: 'Dewi Pertama', email: 'dewi.noscript@contoh.id', consent: true } });
  const context = await browser.newContext({ ...SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/events/${event.id}`);
  await page.getByLabel('Nama lengkap').fill('Budi Tanpa Skrip');
  await page.getByRole('textbox', { name: /^Email/ }).fill('budi.noscript@contoh.id');
  await page.getByRole('button', { name: 'Masuk daftar tunggu' }).click();
  await page.locator('#error-summary').waitFor();
  assert.match(await page.locator('#error-summary').innerText(), /Persetujuan: Centang persetujuan/);
  assert.equal(await page.getByLabel('Nama lengkap').inputValue(), 'Budi Tanpa Skrip');
  await page.getByLabel(/^Saya setuju penyelenggara menghubungi saya/).check();
  await page.getByRole('button', { name: 'Masuk daftar tunggu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anda di daftar tunggu' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Urutan Anda: 1/);
  await context.close();
});

test('every page the attendee saw is valid HTML (Nu HTML Checker)', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
