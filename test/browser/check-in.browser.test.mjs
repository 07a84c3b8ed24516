// Room check-in in the browser: a creator checks in from the booking page on a phone (and from the room's door QR
// landing on a laptop); the manager's day view then shows each room as in use, waiting for check-in, released or free,
// and the printable door sign. Bookings "starting now" are written straight into the server's SQLite file, since the
// booking rules (rightly) refuse times in the past. Every page is audited (axe, vnu) at phone and laptop size.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, test } from 'node:test';
import { SIZES, audit, clearHtml, prepareShots, validateHtml } from './audit.mjs';
import { follow, launchBrowser, signInAs, startServer } from './support.mjs';

const PREFIX = 'check-in-';
const MIN = 60_000;
let server;
let browser;
let db;
let venueId;
const rooms = {};
const bookings = {};

/** SQLite holds instants as UTC text, the way TypeORM writes them. */
const sqlTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** A booking of `email` in `room` from now + `fromMin` for `minutes`; demo bookings in its way are moved out of it. */
function place(email, room, fromMin, minutes, status = 'confirmed', title = 'Live selling batik tulis') {
  const start = Date.now() + fromMin * MIN;
  const end = start + minutes * MIN;
  db.prepare(`UPDATE reservations SET status = 'cancelled', status_reason = 'uji' WHERE room_id = ? AND status IN ('pending', 'confirmed', 'no_show')
    AND start_at < ? AND occupied_end_at > ?`).run(room.id, sqlTime(end + 60 * MIN), sqlTime(start - 60 * MIN));
  const creator = db.prepare('SELECT id FROM users WHERE email = ?').get(email);
  const info = db.prepare(`INSERT INTO reservations (room_id, venue_id, creator_id, kind, status, title, headcount, notes, start_at, end_at,
    occupied_end_at, sequence) VALUES (?, ?, ?, 'booking', ?, ?, 2, '', ?, ?, ?, 0)`)
    .run(room.id, room.venueId, creator.id, status, title, sqlTime(start), sqlTime(end), sqlTime(end));
  return Number(info.lastInsertRowid);
}

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(Number(process.env.CHECK_IN_BROWSER_PORT ?? 4801));
  browser = await launchBrowser();
  db = new Database(server.databasePath);
  db.pragma('busy_timeout = 5000');
  const venues = await (await fetch(`${server.baseUrl}/api/venues?q=Kota%20Tua`)).json();
  const venue = venues.items.find((v) => v.code === 'JKT-KOTATUA');
  venueId = venue.id;
  for (const r of venue.rooms) rooms[r.name] = { id: r.id, venueId };
  bookings.phone = place('kreator.sari@ruangkreatif.id', rooms['Studio Live Selling 1'], 6, 60);
  bookings.desktop = place('kreator.dewi@ruangkreatif.id', rooms['Studio Foto Produk'], -4, 60, 'confirmed', 'Foto katalog tenun ikat');
  place('kreator.budi@ruangkreatif.id', rooms['Studio Live Selling 2'], 5, 60, 'confirmed', 'Live TikTok Shop: kopi Sidikalang');
  place('kreator.aisyah@ruangkreatif.id', rooms['Ruang Podcast Kota Tua'], -25, 60, 'no_show', 'Rekaman podcast UMKM');
});

after(async () => {
  db?.close();
  await browser?.close();
  await server?.stop();
});

const signIn = (page, email) => signInAs(page, server.baseUrl, email);

test('a creator checks in from the booking page on a phone', async () => {
  const context = await browser.newContext(SIZES.phone);
  const page = await context.newPage();
  await signIn(page, 'kreator.sari@ruangkreatif.id');
  let response = await page.goto(`${server.baseUrl}/reservations/${bookings.phone}`);
  const button = page.getByRole('button', { name: 'Check-in sekarang' });
  await button.waitFor();
  const box = await button.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 300, `the check-in button is a big touch target (${box.width}×${box.height})`);
  await audit(page, `${PREFIX}phone-1-booking`, { response });
  response = await follow(page, () => button.click());
  await page.getByText('Check-in berhasil').waitFor();
  assert.match(await page.locator('main').innerText(), /Sudah check-in pukul \d\d\.\d\d WIB/);
  assert.equal(await page.getByRole('button', { name: 'Check-in sekarang' }).count(), 0);
  await audit(page, `${PREFIX}phone-2-checked-in`, { response });
  await context.close();
});

test('a creator checks in from the QR code at the room door on a laptop', async () => {
  const context = await browser.newContext(SIZES.desktop);
  const page = await context.newPage();
  await signIn(page, 'kreator.dewi@ruangkreatif.id');
  let response = await page.goto(`${server.baseUrl}/rooms/${rooms['Studio Foto Produk'].id}/check-in`);
  await page.getByRole('heading', { name: 'Foto katalog tenun ikat' }).waitFor();
  await audit(page, `${PREFIX}desktop-1-room-qr`, { response });
  response = await follow(page, () => page.getByRole('button', { name: 'Check-in sekarang' }).click());
  await page.getByText('Check-in berhasil').waitFor();
  await audit(page, `${PREFIX}desktop-2-checked-in`, { response });
  // A room where they have no booking now says so.
  response = await page.goto(`${server.baseUrl}/rooms/${rooms['Studio Live Selling 2'].id}/check-in`);
  await page.getByRole('heading', { name: 'Tidak ada pemesanan Anda saat ini' }).waitFor();
  await audit(page, `${PREFIX}desktop-3-room-none`, { response });
  await context.close();
});

for (const [size, options] of Object.entries(SIZES)) {
  test(`the manager's day view shows each room in use, waiting, released or free, in words (${size})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await signIn(page, 'manajer.jakarta@ruangkreatif.id');
    let response = await page.goto(`${server.baseUrl}/manage/venues/${venueId}/schedule`);
    const board = page.locator('ul.room-now');
    await board.waitFor();
    const stateOf = async (room) => (await board.locator(':scope > li', { hasText: room }).locator('.now-state').innerText()).trim();
    assert.equal(await stateOf('Studio Live Selling 1'), 'Dipakai');
    assert.equal(await stateOf('Studio Foto Produk'), 'Dipakai');
    assert.equal(await stateOf('Studio Live Selling 2'), 'Menunggu check-in');
    assert.equal(await stateOf('Ruang Podcast Kota Tua'), 'Dilepas (tidak hadir)');
    // Each state has its own pattern or mark as well as its colour.
    const looks = await board.locator(':scope > li').evaluateAll((items) => items.map((li) => [
      getComputedStyle(li).borderLeftStyle, getComputedStyle(li.querySelector('.now-state'), '::before').content,
    ].join(' ')));
    assert.equal(new Set(looks).size, new Set(await board.locator(':scope > li').evaluateAll((items) => items.map((li) => li.className))).size);
    await audit(page, `${PREFIX}${size}-manager-day`, { response });
    if (size === 'desktop') {
      response = await page.goto(`${server.baseUrl}/manage/rooms/${rooms['Studio Live Selling 1'].id}/sign`);
      await page.getByRole('heading', { name: 'Studio Live Selling 1' }).waitFor();
      assert.ok(await page.locator('img.room-sign-qr').isVisible());
      await audit(page, `${PREFIX}desktop-room-sign`, { response });
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.site-header').isVisible(), false, 'the printed sign has no site header');
      await page.emulateMedia({ media: 'screen' });
    }
    await context.close();
  });
}

test('every check-in page is valid HTML', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
