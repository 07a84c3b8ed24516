// A visitor without an account, on a phone and at a desk, in Indonesian and English: home → venues → a venue → a room
// → room search → events with a filter → an event. Every page is audited; the header's menu and the layout measured.
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clearHtml, prepareShots, SIZES, validateHtml } from './audit.mjs';
import { assertOneColumn, look, openMenu, visit } from './journey.mjs';
import { launchBrowser, startServer } from './support.mjs';

const PREFIX = 'visitor';
let server;
let browser;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(3301);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const [size, options] of Object.entries(SIZES)) {
  test(`a visitor finds a venue, a room, free rooms and an event (${size}, Indonesian)`, async () => {
    const context = await browser.newContext({ ...options, locale: 'id-ID' });
    const page = await context.newPage();
    const shot = (name) => `${PREFIX}-${size}-id-${name}`;

    await visit(page, `${server.baseUrl}/`, shot('home'));
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    await page.getByRole('heading', { level: 1, name: 'Ruang kreatif di kantor pos dekat Anda' }).waitFor();
    await page.getByLabel('Cari lokasi').fill('Makassar');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForURL(/\/venues\?/);
    await look(page, shot('venues'));
    await page.getByRole('link', { name: 'Kantor Pos Besar Makassar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kantor Pos Besar Makassar' }).waitFor();
    await look(page, shot('venue'));
    assert.match(await page.locator('main').innerText(), /08\.00–16\.00 WITA/);

    await page.locator('.room-card h3 a').first().click();
    await page.waitForURL(/\/rooms\/\d+$/);
    await look(page, shot('room'));

    await openMenu(page);
    await page.getByRole('link', { name: 'Cari ruang' }).click();
    await page.waitForURL(/\/search/);
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForURL(/\/search\?/);
    await look(page, shot('search'));

    await openMenu(page);
    await page.getByRole('link', { name: 'Acara', exact: true }).click();
    await page.waitForURL(/\/events$/);
    await look(page, shot('events'));
    if (size === 'phone') await assertOneColumn(page, 'form.event-search');
    // The filter sent with the other fields left empty ("any") finds workshops; it does not answer 400.
    await page.getByLabel('Jenis acara').selectOption({ label: 'Lokakarya' });
    await page.locator('form.event-search').getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForURL(/kind=workshop/);
    assert.match(page.url(), /q=&province=&city=&kind=workshop&tag=&from=&to=/);
    await page.getByRole('heading', { level: 1, name: 'Acara' }).waitFor();
    await look(page, shot('events-filtered'));
    const cards = page.locator('.event-card');
    assert.ok((await cards.count()) > 0, 'the demo has upcoming workshops');
    for (const badge of await cards.locator('.badge-kind').allInnerTexts()) assert.equal(badge.trim(), 'Lokakarya');

    await cards.first().locator('h2 a').click();
    await page.waitForURL(/\/events\/\d+$/);
    await page.getByRole('heading', { level: 2, name: 'Daftar acara' }).waitFor();
    await look(page, shot('event'));
    if (size === 'phone') await assertOneColumn(page, '.register-card form');
    await context.close();
  });

  test(`a visitor switches to English and reads venues and events in it (${size})`, async () => {
    const context = await browser.newContext({ ...options, locale: 'en-GB' });
    const page = await context.newPage();
    const shot = (name) => `${PREFIX}-${size}-en-${name}`;
    await page.goto(`${server.baseUrl}/`);
    await openMenu(page);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Creative spaces in a post office near you' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await look(page, shot('home'));

    await visit(page, `${server.baseUrl}/venues?q=Makassar`, shot('venues'));
    await page.getByRole('link', { name: 'Kantor Pos Besar Makassar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kantor Pos Besar Makassar' }).waitFor();
    assert.match(await page.locator('main').innerText(), /All times are local \(WITA\)/);
    assert.match(await page.locator('table.hours').innerText(), /08:00–16:00 WITA/);
    await look(page, shot('venue'));

    await visit(page, `${server.baseUrl}/events`, shot('events'));
    await page.getByLabel('Type of event').selectOption({ label: 'Workshop' });
    await page.locator('form.event-search').getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/kind=workshop/);
    await page.locator('.event-card h2 a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Register for the event' }).waitFor();
    await look(page, shot('event'));
    await context.close();
  });
}

test('the phone header is one row with a menu button that opens, says so, and closes on Escape', async () => {
  const context = await browser.newContext(SIZES.phone);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/events`);
  const button = page.getByRole('button', { name: 'Menu' });
  const menu = page.locator('#site-menu');
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height <= 64, `the header is ${header.height} px tall on a phone`);
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  assert.ok(h1.y < 140, `the page starts below the fold (h1 at ${h1.y} px)`);
  assert.ok(h1.y - (header.y + header.height) >= 12, `the page starts flush under the header (h1 at ${h1.y} px)`);
  assert.equal(await menu.isVisible(), false);
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await button.getAttribute('aria-controls'), 'site-menu');
  const box = await button.boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `menu button ${box.width}×${box.height}`);

  // Keyboard: Tab to the button, Enter opens, the next Tab goes into the list, Escape closes and returns to the button.
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // brand
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'menu-button');
  await page.keyboard.press('Enter');
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  assert.equal(await menu.isVisible(), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/venues');
  for (const link of await menu.locator('a').all()) {
    const target = await link.boundingBox();
    assert.ok(target.height >= 44 && target.width >= 44, `menu link ${await link.innerText()} is ${target.width}×${target.height}`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await menu.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'menu-button');

  // A tap opens it; a tap outside closes it.
  await button.tap();
  assert.equal(await menu.isVisible(), true);
  await look(page, `${PREFIX}-phone-menu-open`);
  await page.locator('main h1').tap();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await context.close();
});

test('without JavaScript the header is a plain list of links and no menu button shows', async () => {
  const context = await browser.newContext({ ...SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/`);
  assert.equal(await page.locator('.menu-button').isVisible(), false);
  assert.equal(await page.locator('#site-menu').isVisible(), true);
  await page.getByRole('link', { name: 'Acara', exact: true }).click();
  await page.waitForURL(/\/events$/);
  await context.close();
});

test('at 360 px nothing scrolls sideways, and desktop cards in a row line up', async () => {
  const context = await browser.newContext({ ...SIZES.phone, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const path of ['/', '/venues', '/events', '/search', '/sign-up']) {
    await page.goto(`${server.baseUrl}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width} px wide at 360`);
  }
  await context.close();

  const desk = await browser.newContext(SIZES.desktop);
  const wide = await desk.newPage();
  for (const [path, selector] of [['/venues', '.venue-grid > .card'], ['/events', '.event-grid > .card']]) {
    await wide.goto(`${server.baseUrl}${path}`);
    const tops = await wide.locator(selector).evaluateAll((cards) => cards.slice(0, 3).map((c) => Math.round(c.getBoundingClientRect().top)));
    assert.equal(tops.length, 3);
    assert.deepEqual(tops, [tops[0], tops[0], tops[0]], `${path}: the first row's cards start at ${tops.join(', ')}`);
  }
  await desk.close();
});

test('buttons and links keep 4.5:1 contrast when hovered and focused', async () => {
  const context = await browser.newContext(SIZES.desktop);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/events`);
  const targets = ['.nav-cta a', '.nav-links a[href="/venues"]', 'form.event-search button[type=submit]', '.event-card h2 a', '.event-card .chip', '.breadcrumb a, .lang-switch a'];
  for (const selector of targets) {
    const element = page.locator(selector).first();
    for (const state of ['hover', 'focus']) {
      if (state === 'hover') await element.hover();
      else await element.focus();
      const results = await new AxeBuilder({ page }).include(selector).withRules(['color-contrast']).analyze();
      assert.deepEqual(results.violations.flatMap((v) => v.nodes.map((n) => n.any[0]?.message)), [], `${selector} on ${state}`);
    }
  }
  // axe leaves disabled controls out, so the disabled look is measured here: text against the button's own fill.
  const ratio = await page.locator('form.event-search button[type=submit]').evaluate((b) => {
    b.disabled = true;
    const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, bl] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const style = getComputedStyle(b);
    const [hi, lo] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  });
  assert.ok(ratio >= 4.5, `a disabled button's text is ${ratio.toFixed(2)}:1`);
  await context.close();
});

test('every page the visitor saw is valid HTML (Nu HTML Checker)', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
