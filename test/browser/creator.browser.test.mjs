// The creator's journey on a phone and on a laptop: sign in, a room, its week (day strip or grid), a free start
// time, the short form, the confirmation, my reservations, cancel. Every page is audited; a keyboard-only pass
// books and cancels with Tab, Enter and Space, the focus visible at every step.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SIZES, audit, clearHtml, prepareShots, validateHtml } from './audit.mjs';
import { DEMO_PASSWORD, follow, launchBrowser, startServer } from './support.mjs';

const PREFIX = 'creator-';
const CREATOR = { email: 'kreator.sari@ruangkreatif.id', password: DEMO_PASSWORD };
let server;
let browser;
let roomId;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(3431);
  browser = await launchBrowser();
  const venues = await (await fetch(`${server.baseUrl}/api/venues?q=Pos%20Bloc%20Jakarta`)).json();
  roomId = venues.items.find((v) => v.code === 'JKT-POSBLOC').rooms.find((r) => r.name === 'Ruang Podcast').id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, name) {
  const response = await page.goto(`${server.baseUrl}/sign-in`);
  await audit(page, `${name}-sign-in`, { response });
  await page.getByRole('textbox', { name: /^Email/ }).fill(CREATOR.email);
  await page.getByLabel(/^Kata sandi/).fill(CREATOR.password);
  await follow(page, () => page.locator('main').getByRole('button', { name: 'Masuk' }).click());
}

for (const [size, options] of Object.entries(SIZES)) {
  test(`a creator books a free start time in three taps from the room page and cancels it (${size})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const name = `${PREFIX}${size}`;
    await signIn(page, name);

    let response = await page.goto(`${server.baseUrl}/rooms/${roomId}`);
    await page.getByRole('heading', { level: 1, name: 'Ruang Podcast' }).waitFor();
    await audit(page, `${name}-1-room`, { response });

    // Tap 1: the room's week.
    response = await follow(page, () => page.getByRole('link', { name: 'Pesan ruang ini' }).click());
    await page.getByRole('heading', { level: 1, name: 'Pilih waktu: Ruang Podcast' }).waitFor();
    await audit(page, `${name}-2-week`, { response });
    let start;
    if (size === 'phone') {
      assert.equal(await page.locator('.week-grid').isVisible(), false, 'the week grid is for wide screens');
      const strip = page.getByRole('navigation', { name: 'Pilih hari' });
      assert.equal(await strip.getByRole('link').count(), 7);
      const chosen = strip.locator('a[aria-current="true"]');
      assert.equal(await chosen.count(), 1);
      assert.match(await chosen.getAttribute('class'), /day-open/, 'the chosen day has free time');
      const buttons = page.locator('section.day-times:not([hidden]) a.time-button');
      assert.ok((await buttons.count()) > 0);
      for (const box of await Promise.all((await buttons.all()).slice(0, 8).map((b) => b.boundingBox()))) {
        assert.ok(box.width >= 44 && box.height >= 44, `a start time button is ${box.width}×${box.height} px`);
      }
      // Every free start time is on screen without sideways scrolling.
      const right = await buttons.last().evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(right <= 390);
      start = (await buttons.first().innerText()).match(/\d\d\.\d\d/g).pop();
      // Tap 2: a start time.
      response = await follow(page, () => buttons.first().click());
    } else {
      assert.equal(await page.locator('.day-strip').isVisible(), false, 'the day strip is for phones');
      const legend = await page.getByRole('list', { name: 'Keterangan warna' }).innerText();
      for (const label of ['Kosong', 'Terisi', 'Menunggu', 'Diblokir', 'Milik Anda', 'Tidak tersedia', 'Tutup / di luar jam buka', 'Lewat']) assert.match(legend, new RegExp(label));
      const free = page.locator('td.cell-free a').first();
      start = (await free.innerText()).match(/\d\d\.\d\d/g).pop();
      // Tap 2: a free cell.
      response = await follow(page, () => free.click());
    }
    await page.getByRole('heading', { level: 1, name: 'Konfirmasi pemesanan' }).waitFor();
    assert.match(await page.locator('.booking-summary').innerText(), new RegExp(`pukul ${start.replace('.', '\\.')} WIB`));
    await audit(page, `${name}-3-form`, { response });

    const title = `Rekaman podcast batik (${size})`;
    await page.getByLabel(/^Judul atau keperluan/).fill(title);
    // Tap 3: book.
    response = await follow(page, () => page.getByRole('button', { name: 'Pesan sekarang' }).click());
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.match(await page.locator('main').innerText(), /Pemesanan terkonfirmasi \(1 jadwal\)/);
    assert.match(await page.locator('.when').innerText(), new RegExp(`, ${start.replace('.', '\\.')}–\\d\\d\\.\\d\\d WIB$`));
    await audit(page, `${name}-4-confirmed`, { response });

    response = await follow(page, () => page.getByRole('navigation', { name: 'Jejak navigasi' }).getByRole('link', { name: 'Pemesanan saya' }).click());
    const upcoming = page.locator('#upcoming');
    const item = upcoming.locator('li.booking', { hasText: title });
    await item.waitFor();
    await audit(page, `${name}-5-mine`, { response });

    await item.getByText('Batalkan…').click();
    response = await follow(page, () => item.getByRole('button', { name: 'Ya, batalkan' }).click());
    assert.match(await page.locator('main').innerText(), /Pemesanan dibatalkan \(1 jadwal\)/);
    assert.equal(await page.locator('#upcoming li.booking', { hasText: title }).count(), 0);
    assert.equal(await page.locator('#cancelled li.booking', { hasText: title }).count(), 1);
    await audit(page, `${name}-6-cancelled`, { response });
    await context.close();
  });
}

/** The focused element shows where it is: an outline or a ring, and it is on screen. */
async function assertFocusVisible(page, step) {
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
      what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      ring: style.boxShadow !== 'none',
      onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth,
    };
  });
  assert.ok(focus, `${step}: something has the focus`);
  assert.ok(focus.outline || focus.ring, `${step}: the focus on ${focus.what} is not visible`);
  assert.ok(focus.onScreen, `${step}: ${focus.what} has the focus but is off screen`);
}

/** Presses Tab until `matches` holds for the focused element, checking the focus is visible at every step. */
async function tabTo(page, matches, step, limit = 250) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    await assertFocusVisible(page, `${step} (Tab ${i + 1})`);
    if (await page.evaluate(matches)) return;
  }
  assert.fail(`${step}: not reached with ${limit} presses of Tab`);
}

test('a creator books and cancels with the keyboard alone, the focus always visible', async () => {
  const context = await browser.newContext(SIZES.desktop);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/sign-in`);
  await tabTo(page, () => document.activeElement?.id === 'f-email', 'sign in: email');
  await page.keyboard.type(CREATOR.email);
  await tabTo(page, () => document.activeElement?.id === 'f-password', 'sign in: password');
  await page.keyboard.type(CREATOR.password);
  await follow(page, () => page.keyboard.press('Enter'));

  await page.goto(`${server.baseUrl}/rooms/${roomId}`);
  await tabTo(page, () => document.activeElement?.textContent?.trim() === 'Pesan ruang ini', 'room page');
  await follow(page, () => page.keyboard.press('Enter'));
  await page.getByRole('heading', { level: 1, name: 'Pilih waktu: Ruang Podcast' }).waitFor();

  await tabTo(page, () => Boolean(document.activeElement?.closest('td.cell-free')), 'week grid: a free start time');
  await follow(page, () => page.keyboard.press('Enter'));
  await page.getByRole('heading', { level: 1, name: 'Konfirmasi pemesanan' }).waitFor();

  await tabTo(page, () => document.activeElement?.id === 'f-title', 'form: title');
  await page.keyboard.type('Podcast dengan papan ketik');
  await tabTo(page, () => document.activeElement?.textContent?.trim() === 'Pesan sekarang', 'form: submit');
  await follow(page, () => page.keyboard.press('Space'));
  await page.getByRole('heading', { level: 1, name: 'Podcast dengan papan ketik' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Pemesanan terkonfirmasi/);

  await tabTo(page, () => document.activeElement?.textContent?.trim() === 'Batalkan pemesanan' && document.activeElement.tagName === 'BUTTON', 'reservation: cancel');
  await follow(page, () => page.keyboard.press('Space'));
  assert.match(await page.locator('main').innerText(), /Pemesanan dibatalkan/);
  await context.close();
});

test('the day strip shows another day\'s start times at once with script, and the address follows', async () => {
  const context = await browser.newContext(SIZES.phone);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/rooms/${roomId}/book`);
  const strip = page.getByRole('navigation', { name: 'Pilih hari' });
  const chosen = strip.locator('a[aria-current="true"]');
  const other = strip.locator('a.day-open:not([aria-current])').last();
  const otherDay = await other.getAttribute('data-day');
  await other.click();
  assert.equal(await strip.locator(`a[data-day="${otherDay}"]`).getAttribute('aria-current'), 'true');
  assert.equal(await chosen.count(), 1);
  assert.ok(await page.locator(`section[data-times="${otherDay}"]`).isVisible());
  assert.equal(await page.locator('section.day-times:not([hidden])').count(), 1);
  assert.match(page.url(), new RegExp(`day=${otherDay}$`));
  // The heading of the day that appeared has the focus, so a screen reader announces it.
  assert.equal(await page.evaluate(() => document.activeElement?.id), `times-${otherDay}`);
  await context.close();
});

test('the room week and the booking work without JavaScript', async () => {
  const context = await browser.newContext({ ...SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByRole('textbox', { name: /^Email/ }).fill(CREATOR.email);
  await page.getByLabel(/^Kata sandi/).fill(CREATOR.password);
  await follow(page, () => page.locator('main').getByRole('button', { name: 'Masuk' }).click());
  await page.goto(`${server.baseUrl}/rooms/${roomId}/book`);
  // Another day of the strip is a link that loads that day's start times.
  const other = page.locator('.day-strip a.day-open:not([aria-current])').last();
  const day = await other.getAttribute('data-day');
  await follow(page, () => other.click());
  assert.match(page.url(), new RegExp(`day=${day}$`));
  assert.equal(await page.locator(`.day-strip a[data-day="${day}"]`).getAttribute('aria-current'), 'true');
  await follow(page, () => page.locator(`section[data-times="${day}"] a.time-button`).first().click());
  await page.getByLabel(/^Judul atau keperluan/).fill('Tanpa skrip');
  await follow(page, () => page.getByRole('button', { name: 'Pesan sekarang' }).click());
  await page.getByRole('heading', { level: 1, name: 'Tanpa skrip' }).waitFor();
  await follow(page, () => page.getByRole('button', { name: 'Batalkan pemesanan' }).click());
  assert.match(await page.locator('main').innerText(), /Pemesanan dibatalkan/);
  await context.close();
});

test('every page of the creator journey is valid HTML', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
