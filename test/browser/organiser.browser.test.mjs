// An organiser on a phone and at a desk: "Buat akun" from the header, a new event in a room that needs no approval
// (the picker says which do), publishing, the organiser page with attendees, the CSV, and checking someone in. A
// request for a room that needs approval shows "Menunggu persetujuan" and no publish button.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { clearHtml, prepareShots, SIZES, validateHtml } from './audit.mjs';
import { assertOneColumn, look, openMenu, visit } from './journey.mjs';
import { launchBrowser, startServer } from './support.mjs';

const PREFIX = 'organiser';
const ZONE = 'Asia/Makassar';
const VENUE = 'Kantor Pos Besar Makassar';
let server;
let browser;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(3303);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The room picker's options at the venue: value, text, whether marked as needing approval, and capacity. */
async function roomOptions(page) {
  const options = await page.locator('#f-roomId option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent.trim() })));
  return options.filter((o) => o.text.startsWith(`${VENUE} — `))
    .map((o) => ({ ...o, approval: o.text.endsWith('· perlu persetujuan'), capacity: Number(/· (\d+) orang/.exec(o.text)?.[1] ?? 0) }));
}

/**
 * Fills the event form and sends it, moving a weekday further while the room is taken or closed that day
 * (the demo network holds a month of bookings); resolves once the organiser page shows.
 */
async function submitEvent(page, { roomId, title, capacity, firstDay }) {
  let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: firstDay });
  for (let tries = 0; tries < 20; tries++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    await page.locator('#f-roomId').selectOption(roomId);
    await page.locator('#f-date').fill(day.toISODate());
    await page.locator('#f-from').fill('10.00');
    await page.locator('#f-to').fill('12.00');
    await page.locator('#f-title').fill(title);
    await page.locator('#f-summary').fill('Praktik memotret produk dengan ponsel dan kotak cahaya.');
    await page.locator('#f-capacity').fill(String(capacity));
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Simpan sebagai draf' }).click()]);
    if (response.status() === 303) {
      await page.waitForURL(/\/events\/\d+\/manage$/);
      return day;
    }
    await page.locator('#error-summary').waitFor();
  }
  throw new Error('no free weekday for the test event');
}

let firstDay = 10;

for (const [size, options] of Object.entries(SIZES)) {
  test(`an organiser creates an account, an event, publishes it, sees attendees and checks one in (${size})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const shot = (name) => `${PREFIX}-${size}-${name}`;
    const email = `organiser.${size}.${Date.now()}@contoh.id`;

    await page.goto(`${server.baseUrl}/`);
    await openMenu(page);
    await page.getByRole('link', { name: 'Buat akun' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buat akun kreator' }).waitFor();
    await look(page, shot('sign-up'));
    await page.getByLabel('Nama lengkap').fill('Andi Penyelenggara');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Kata sandi').fill('kopi-toraja-2026');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    // The second step of signing up, the business profile, can wait.
    await page.waitForURL(/\/account\/profile\?next=%2F$/);
    assert.match(await page.locator('main').innerText(), /Selamat datang, Andi Penyelenggara!/);
    await page.getByRole('button', { name: 'Nanti saja' }).click();
    await page.waitForURL(`${server.baseUrl}/`);

    await visit(page, `${server.baseUrl}/events`, shot('events-signed-in'));
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height <= 72, `the signed-in header takes ${header.height} px: more than one row`);
    await page.getByRole('link', { name: 'Buat acara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buat acara' }).waitFor();
    await look(page, shot('new-event'));
    if (size === 'phone') await assertOneColumn(page, 'main form');
    assert.equal(await page.locator('#f-from').inputValue(), '09.00');
    const rooms = await roomOptions(page);
    assert.ok(rooms.some((r) => r.approval), 'the picker marks the rooms that need approval');
    assert.match(await page.locator('#h-roomId').innerText(), /Ruang bertanda “perlu persetujuan” diajukan sebagai permintaan/);
    const instant = rooms.find((r) => !r.approval && r.capacity >= 4);
    assert.ok(instant, `a room without approval at ${VENUE}`);

    const title = `Foto produk dengan ponsel (${size})`;
    await submitEvent(page, { roomId: instant.value, title, capacity: 4, firstDay: (firstDay += 3) });
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.match(await page.locator('.flash').innerText(), /ruangnya sudah dipesan/);
    assert.match(await page.locator('.room-holds').innerText(), /Dipesan/);
    assert.match(await page.locator('main').innerText(), /10\.00–12\.00 WITA/);
    await look(page, shot('manage-draft'));
    await page.getByRole('button', { name: 'Publikasikan acara' }).click();
    await page.locator('.flash', { hasText: 'Acara dipublikasikan' }).waitFor();
    const eventId = /\/events\/(\d+)\/manage/.exec(page.url())[1];

    // Two people register on the public page (through the API, as their phones would post the same).
    const tickets = [];
    for (const name of ['Sari Wulandari', 'Made Wirawan']) {
      const res = await fetch(`${server.baseUrl}/api/events/${eventId}/registrations`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, email: `${name.split(' ')[0].toLowerCase()}.${size}@contoh.id`, consent: true }),
      });
      assert.equal(res.status, 201);
      tickets.push(await res.json());
    }
    await page.reload();
    await look(page, shot('manage-attendees'));
    const attendees = await page.locator('#attendees').innerText();
    assert.match(attendees, /Sari Wulandari/);
    assert.match(attendees, /Made Wirawan/);

    const csvLink = page.getByRole('link', { name: 'Unduh CSV' });
    const csv = await context.request.get(new URL(await csvLink.getAttribute('href'), server.baseUrl).href);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(await csv.text(), /Sari Wulandari[\s\S]*Made Wirawan/);

    await page.getByRole('link', { name: 'Check-in' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Check-in peserta' }).waitFor();
    await look(page, shot('check-in'));
    const code = tickets[0].ticketCode;
    assert.match(code, /^[A-Z2-9]{8}$/);
    await page.getByLabel('Kode tiket').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Check-in', exact: true }).click();
    await page.locator('.check-in-ok', { hasText: 'OK, Sari Wulandari' }).waitFor();
    await look(page, shot('checked-in'));

    // A room that needs approval: the draft waits, and says so instead of offering to publish.
    await page.goto(`${server.baseUrl}/events/new`);
    const approval = (await roomOptions(page)).find((r) => r.approval && r.capacity >= 4);
    await submitEvent(page, { roomId: approval.value, title: `Kelas menunggu persetujuan (${size})`, capacity: 10, firstDay: (firstDay += 3) });
    assert.match(await page.locator('.flash').first().innerText(), /Ruangnya menunggu persetujuan pengelola lokasi/);
    assert.match(await page.locator('.room-holds').innerText(), /Menunggu persetujuan/);
    assert.equal(await page.getByRole('button', { name: 'Publikasikan acara' }).count(), 0);
    await look(page, shot('manage-pending'));
    await context.close();
  });
}

test('every page the organiser saw is valid HTML (Nu HTML Checker)', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
