// Two doors of one event, on two devices, going offline together: each scans by typed code (one ticket at both doors,
// one ticket cancelled on the server meanwhile), comes back online and syncs. The server then holds one check-in per
// ticket at the earliest scan, both devices count the same, and the cancelled ticket is flagged on the device and on
// the organiser's page. Audited (axe, vnu) at phone and desktop size; screenshots in docs/screenshots/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { clearHtml, prepareShots, SHOTS, SIZES, validateHtml } from './audit.mjs';
import { look, openMenu } from './journey.mjs';
import { launchBrowser, signInAs, startServer } from './support.mjs';

const PREFIX = 'door';
const PORT = Number(process.env.DOOR_BROWSER_PORT ?? 4701);
let server;
let browser;
let round = 0;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(PORT);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page, email) => signInAs(page, server.baseUrl, email);

const api = async (path, init = {}) => {
  const res = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });
  return { status: res.status, body: await res.json() };
};

/** An upcoming published demo event (in Makassar unless told otherwise), emptied of check-ins, with five new attendees, then moved to today (doors open an hour ago). */
async function eventToday(city = 'Makassar') {
  const { body } = await api(`/api/events${city ? `?city=${city}` : ''}`);
  const event = body.items.find((e) => e.status === 'published' && Date.parse(e.start) > Date.now() + 3_600_000);
  assert.ok(event, `an upcoming published demo event${city ? ` in ${city}` : ''}`);
  const db = new Database(server.databasePath);
  db.pragma('busy_timeout = 5000');
  db.prepare('UPDATE events SET capacity = capacity + 10 WHERE id = ?').run(event.id);
  const attendees = [];
  round += 1;
  for (const name of ['Sari Wulandari', 'Budi Santoso', 'Dewi Lestari', 'Made Wirawan', 'Rahmat Hidayat']) {
    const res = await api(`/api/events/${event.id}/registrations`, { method: 'POST', body: JSON.stringify({ name, email: `${name.split(' ')[0].toLowerCase()}.pintu${round}@contoh.id`, consent: true }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'confirmed');
    attendees.push({ name, code: res.body.ticketCode, token: res.body.token });
  }
  const sqlTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  db.prepare('UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?').run(sqlTime(Date.now() - 3_600_000), sqlTime(Date.now() + 3 * 3_600_000), event.id);
  db.close();
  return { id: event.id, attendees };
}

/** Opens the door page, names the device once, and waits until the door list is on the device. */
async function openDoor(page, eventId, door) {
  await page.goto(`${server.baseUrl}/events/${eventId}/check-in`);
  await page.getByLabel('Nama pintu perangkat ini').fill(door);
  await page.getByRole('button', { name: 'Simpan nama pintu' }).click();
  await page.locator('#door-device-name', { hasText: `Perangkat ini: ${door}` }).waitFor();
  await page.locator('#door-synced', { hasText: 'Sinkron terakhir' }).waitFor();
  await page.waitForFunction(() => Number(document.getElementById('door-expected').textContent) > 0);
}

async function type(page, code, expected) {
  await page.locator('#f-code').fill(code);
  await page.locator('#f-code').press('Enter');
  await page.locator('#door-banner-text', { hasText: expected }).waitFor();
}

/** Screenshots from the top of the page (the sticky header otherwise lands mid-page in a full-page shot). */
const top = (...pages) => Promise.all(pages.map((p) => p.evaluate(() => window.scrollTo(0, 0))));
const counter = (page) => page.evaluate(() => `${document.getElementById('door-checked').textContent}/${document.getElementById('door-expected').textContent}`);

/** "Kirim sekarang", then waits for that sync to end (the app counts finished syncs) with nothing left to send. */
async function allSent(page) {
  const done = await page.evaluate(() => Number(document.getElementById('door-app').dataset.syncs || 0));
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.waitForFunction((n) => Number(document.getElementById('door-app').dataset.syncs || 0) > n, done);
  await page.locator('#door-pending', { hasText: 'Semua pindaian sudah terkirim' }).waitFor();
}

test('two offline doors check the same tickets in; after sync the earliest scan counts once and a cancelled ticket is flagged', async () => {
  const { id, attendees } = await eventToday();
  const [sari, budi, dewi, made, rahmat] = attendees;
  const doorOne = await browser.newContext(SIZES.phone);
  const doorTwo = await browser.newContext(SIZES.desktop);
  const one = await doorOne.newPage();
  const two = await doorTwo.newPage();
  const errors = [];
  for (const page of [one, two]) page.on('pageerror', (e) => errors.push(e.message));
  await signIn(one, 'manajer.makassar@ruangkreatif.id');
  await signIn(two, 'admin@ruangkreatif.id');

  await one.goto(`${server.baseUrl}/events/${id}/check-in`);
  await one.getByLabel('Nama pintu perangkat ini').waitFor();
  assert.equal(await one.getByRole('button', { name: 'Ganti', exact: true }).isVisible(), false);
  await look(one, `${PREFIX}-phone-device-name`);
  await openDoor(one, id, 'Pintu 1');
  await openDoor(two, id, 'Pintu 2');
  const before = await counter(one);
  assert.equal(await counter(two), before);
  const [checkedBefore, expected] = before.split('/').map(Number);

  await doorOne.setOffline(true);
  await doorTwo.setOffline(true);
  await one.locator('#door-status', { hasText: 'Offline' }).waitFor();
  await two.locator('#door-status', { hasText: 'Offline' }).waitFor();
  // Meanwhile Rahmat cancels with his own link.
  assert.equal((await api(`/api/registrations/${rahmat.token}/cancel`, { method: 'POST' })).status, 200);

  // Budi reaches door 2 first, then walks to door 1 and is scanned again there.
  await type(two, budi.code, 'Hadir ✓ Budi S.');
  await type(two, dewi.code, 'Hadir ✓ Dewi L.');
  await type(two, rahmat.code, 'Hadir ✓ Rahmat H.');
  await type(one, sari.code, 'Hadir ✓ Sari W.');
  await type(one, budi.code.toLowerCase(), 'Hadir ✓ Budi S.');
  await type(one, made.code, 'Hadir ✓ Made W.');
  await type(one, sari.code, /^Sudah check-in \d{2}\.\d{2} di Pintu 1$/);
  await type(one, 'ZZZZ9999', 'Tiket tidak dikenal');
  await type(one, sari.code, /Sudah check-in/);
  assert.match(await one.locator('#door-pending').innerText(), /^3 pindaian menunggu dikirim$/);
  await top(one, two);
  await look(one, `${PREFIX}-phone-offline`);
  await look(two, `${PREFIX}-desktop-offline`);
  // The page itself comes from the device with the network gone.
  await one.reload();
  await one.locator('#door-pending', { hasText: '3 pindaian menunggu dikirim' }).waitFor();
  assert.equal(await counter(one), `${checkedBefore + 3}/${expected}`);

  // Door 1 comes back first, then door 2; door 1 syncs once more and learns of door 2's earlier scan of Budi.
  await doorOne.setOffline(false);
  await allSent(one);
  await doorTwo.setOffline(false);
  await allSent(two);
  await two.locator('#door-banner-text', { hasText: 'Dibatalkan sebelum dipindai: Rahmat H.' }).waitFor();
  await allSent(one);
  assert.equal(await counter(one), await counter(two));
  assert.equal(await counter(one), `${checkedBefore + 4}/${expected - 1}`);
  await two.locator('#door-conflicts-box', { hasText: rahmat.code }).waitFor();
  await type(one, budi.code, /^Sudah check-in \d{2}\.\d{2} di Pintu 2$/);

  const db = new Database(server.databasePath, { readonly: true });
  const row = (code) => db.prepare('SELECT status, checked_in_at AS at, check_in_door AS door FROM registrations WHERE event_id = ? AND ticket_code = ?').get(id, code);
  const scans = db.prepare('SELECT device, scanned_at AS at, result FROM check_in_scans WHERE event_id = ? AND code = ? ORDER BY scanned_at').all(id, budi.code);
  assert.equal(scans.length, 2);
  assert.deepEqual(row(budi.code), { status: 'confirmed', at: scans[0].at, door: 'Pintu 2' });
  assert.equal(scans[0].device, 'Pintu 2');
  for (const a of [sari, dewi, made]) assert.ok(row(a.code).at, `${a.name} checked in`);
  assert.deepEqual(row(rahmat.code), { status: 'cancelled', at: null, door: null });
  const checkIns = db.prepare("SELECT COUNT(*) AS n FROM domain_events WHERE event_id = ? AND type = 'registration.checked_in' AND json_extract(payload, '$.registration.name') IN (?, ?, ?, ?, ?)")
    .get(id, ...attendees.map((a) => a.name)).n;
  assert.equal(checkIns, 4, 'one registration.checked_in per ticket');
  db.close();

  await top(one, two);
  await look(one, `${PREFIX}-phone`);
  await look(two, `${PREFIX}-desktop`);
  await two.goto(`${server.baseUrl}/events/${id}/manage`);
  await two.locator('#door-conflicts', { hasText: 'Rahmat Hidayat' }).waitFor();

  // Signing out removes the copy on the device.
  await openMenu(one);
  await Promise.all([one.waitForURL(`${server.baseUrl}/`), one.getByRole('button', { name: 'Keluar' }).click()]);
  const left = await one.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('rk-door-')));
  assert.deepEqual(left, []);
  assert.deepEqual(errors, []);

  mkdirSync('docs/screenshots', { recursive: true });
  for (const name of ['door-phone', 'door-desktop', 'door-phone-offline']) copyFileSync(join(SHOTS, `${name}.png`), `docs/screenshots/${name}.png`);
  await doorOne.close();
  await doorTwo.close();
});

/**
 * A camera that films a ticket: a one-frame Y4M video of the ticket's QR code (as the app draws it), for Chromium's
 * fake capture device. Chromium on Linux has no BarcodeDetector, so this goes through jsQR.
 */
function ticketVideo(code) {
  const [width, height, module] = [640, 480, 10];
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules;
  const side = (qr.size + 4) * module;
  const [left, top] = [(width - side) / 2, (height - side) / 2];
  const y = Buffer.alloc(width * height, 90);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const [r, c] = [Math.floor(row / module) - 2, Math.floor(col / module) - 2];
      const dark = r >= 0 && c >= 0 && r < qr.size && c < qr.size && qr.get(r, c);
      y[(top + row) * width + left + col] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const path = join(tmpdir(), `rk-door-ticket-${code}.y4m`);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma, chroma]));
  return path;
}

test('the camera reads a ticket without a tap where the browser has no BarcodeDetector', async () => {
  const { id, attendees } = await eventToday(null);
  const ticket = attendees[0];
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${ticketVideo(ticket.code)}`],
  });
  try {
    const context = await camera.newContext(SIZES.phone);
    await context.grantPermissions(['camera'], { origin: server.baseUrl });
    const page = await context.newPage();
    await signIn(page, 'admin@ruangkreatif.id');
    await openDoor(page, id, 'Pintu 3');
    assert.equal(await page.evaluate(() => 'BarcodeDetector' in window), false);
    await page.getByRole('button', { name: 'Pindai QR' }).click();
    await page.locator('#door-banner-text', { hasText: 'Hadir ✓ Sari W.' }).waitFor();
    await page.locator('#scanner-video').waitFor();
    assert.equal(await page.locator('#scan-stop').isVisible(), true);
    // One fake camera and no torch on it: neither the switch nor the torch button is offered.
    assert.equal(await page.locator('#scan-switch').isVisible(), false);
    assert.equal(await page.locator('#scan-torch').isVisible(), false);
    await allSent(page);
    await page.getByRole('button', { name: 'Tutup kamera' }).click();
    await page.getByRole('button', { name: 'Pindai QR' }).waitFor();
    // The ticket stayed in front of the camera: read once, one scan on the server, checked in at Pintu 3.
    const db = new Database(server.databasePath, { readonly: true });
    assert.deepEqual(db.prepare('SELECT device, result FROM check_in_scans WHERE event_id = ? AND code = ?').all(id, ticket.code), [{ device: 'Pintu 3', result: 'checked_in' }]);
    db.close();
    await context.close();
  } finally {
    await camera.close();
  }
});

test('the device drops its door list a day after the event ends', async () => {
  const { id } = await eventToday(null);
  const context = await browser.newContext(SIZES.phone);
  const page = await context.newPage();
  await signIn(page, 'admin@ruangkreatif.id');
  await openDoor(page, id, 'Pintu 1');
  const until = await page.evaluate(() => document.getElementById('door-retention').textContent);
  assert.match(until, /dihapus saat Anda keluar, atau otomatis pada \w+, \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2}\.$/);
  // The device's clock reads two days later (the event ended three hours after now).
  await page.clock.install({ time: new Date(Date.now() + 2 * 24 * 3_600_000) });
  await page.reload();
  await page.locator('#door-banner-text', { hasText: 'Acara sudah selesai; daftar pintu di perangkat ini sudah dihapus.' }).waitFor();
  assert.equal(await counter(page), '0/0');
  const entries = await page.evaluate(async (eventId) => {
    const req = indexedDB.open(`rk-door-${eventId}`);
    const db = await new Promise((resolve) => { req.onsuccess = () => resolve(req.result); });
    return new Promise((resolve) => { const q = db.transaction('entries').objectStore('entries').count(); q.onsuccess = () => resolve(q.result); });
  }, id);
  assert.equal(entries, 0);
  await context.close();
});

test('the door pages are valid HTML', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
