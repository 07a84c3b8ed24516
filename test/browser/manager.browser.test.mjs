// The venue manager's journey on a phone and on a laptop: the week's schedule from Monday with its legend (sticky
// headers on a laptop, one day at a time on a phone), the approval queue (approve one, reject one with a reason),
// then the closures and opening-hours pages. Every page is audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SHOTS, SIZES, audit, clearHtml, prepareShots, validateHtml } from './audit.mjs';
import { follow, launchBrowser, signInAs, startServer } from './support.mjs';

const PREFIX = 'manager-';
let server;
let browser;
let venueId;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(3432);
  browser = await launchBrowser();
  const venues = await (await fetch(`${server.baseUrl}/api/venues?q=Pos%20Bloc%20Jakarta`)).json();
  venueId = venues.items.find((v) => v.code === 'JKT-POSBLOC').id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page) => signInAs(page, server.baseUrl, 'manajer.jakarta@ruangkreatif.id');

const LEGEND = ['Terkonfirmasi', 'Menunggu persetujuan', 'Diblokir', 'Kosong', 'Tutup / di luar jam buka', 'Lewat'];

for (const [size, options] of Object.entries(SIZES)) {
  test(`a manager reads the week from Monday, decides two requests and opens closures and hours (${size})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const name = `${PREFIX}${size}`;
    await signIn(page);

    let response = await page.goto(`${server.baseUrl}/manage/venues/${venueId}/schedule?view=week`);
    await page.getByRole('heading', { level: 1, name: 'Pos Bloc Jakarta' }).waitFor();
    await audit(page, `${name}-1-week`, { response });
    const legend = await page.getByRole('list', { name: 'Keterangan warna' }).innerText();
    for (const label of LEGEND) assert.match(legend, new RegExp(label));

    if (size === 'desktop') {
      assert.equal(await page.locator('ul.agenda').isVisible(), false, 'the one-day list is for phones');
      const grid = page.locator('.schedule-scroll');
      const firstDay = await grid.locator('thead th').nth(1).innerText();
      assert.match(firstDay, /^Sen, /, 'the week starts on Monday');
      // The whole week fits the laptop screen: nothing is cut off at the side.
      const fit = await grid.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
      assert.ok(fit.scroll <= fit.client + 1, `the week is ${fit.scroll} px wide in a ${fit.client} px frame`);
      assert.ok(fit.right <= 1366);
      // The grid scrolls inside itself; the day header stays on top, the room column on the left.
      const header = grid.locator('thead th').nth(2);
      const roomHeader = grid.locator('tbody th').first();
      const before = { top: (await header.boundingBox()).y, frame: (await grid.boundingBox()).y };
      await grid.evaluate((el) => { el.scrollTop = 400; });
      assert.ok(await grid.evaluate((el) => el.scrollTop > 0), 'the week is taller than its frame');
      assert.equal(Math.round((await header.boundingBox()).y), Math.round(before.top), 'the day header stays on top');
      assert.equal(await roomHeader.evaluate((el) => getComputedStyle(el).position), 'sticky');
      assert.equal(await roomHeader.evaluate((el) => getComputedStyle(el).left), '0px');
      await grid.evaluate((el) => { el.scrollTop = 0; });
      await page.screenshot({ path: `${SHOTS}/${name}-1-week-screen.png` });

      response = await follow(page, () => page.getByRole('link', { name: 'Hari', exact: true }).click());
      await audit(page, `${name}-2-day`, { response });
      assert.ok(await page.locator('table.schedule-day').isVisible());
      assert.equal(await page.locator('ul.agenda').isVisible(), false);
    } else {
      assert.equal(await page.locator('table.schedule-week').isVisible(), false, 'phones get one day, not the week table');
      const nav = page.getByRole('navigation', { name: 'Navigasi hari' });
      const day = await nav.locator('strong').innerText();
      assert.ok((await page.locator('ul.agenda > li').count()) >= 2, 'each room of the day is listed');
      response = await follow(page, () => nav.getByRole('link', { name: 'Hari berikutnya' }).click());
      const next = await nav.locator('strong').innerText();
      assert.notEqual(next, day);
      await audit(page, `${name}-2-next-day`, { response });
      response = await follow(page, () => nav.getByRole('link', { name: 'Hari sebelumnya' }).click());
      assert.equal(await nav.locator('strong').innerText(), day);
    }

    response = await page.goto(`${server.baseUrl}/manage/approvals`);
    await page.getByRole('heading', { level: 1, name: 'Persetujuan pemesanan' }).waitFor();
    await audit(page, `${name}-3-approvals`, { response });
    const cards = page.locator('li.approval');
    const count = await cards.count();
    assert.ok(count >= 2, 'the demo gives this manager requests to decide');
    // One column of cards of the same width.
    const widths = new Set(await Promise.all((await cards.all()).slice(0, 4).map(async (c) => Math.round((await c.boundingBox()).width))));
    const lefts = new Set(await Promise.all((await cards.all()).slice(0, 4).map(async (c) => Math.round((await c.boundingBox()).x))));
    assert.equal(widths.size, 1);
    assert.equal(lefts.size, 1);

    const first = cards.first();
    const approved = await first.locator('h2').innerText();
    const approve = first.getByRole('button', { name: /^Setujui/ });
    const reject = first.locator('summary');
    const weight = (l) => l.evaluate((el) => { const s = getComputedStyle(el); return { bg: s.backgroundColor, fg: s.color }; });
    assert.notEqual((await weight(approve)).bg, 'rgb(255, 255, 255)', 'approving is the filled, primary button');
    assert.equal((await weight(reject)).bg, 'rgb(255, 255, 255)', 'rejecting is the quiet one');
    response = await follow(page, () => approve.click());
    assert.match(await page.locator('main').innerText(), new RegExp(`“${approved}” disetujui`));
    assert.equal(await cards.count(), count - 1);
    await audit(page, `${name}-4-approved`, { response });

    const second = cards.first();
    const rejected = await second.locator('h2').innerText();
    await second.getByText(/^Tolak…/).click();
    await second.getByLabel('Alasan penolakan (dikirim ke kreator)').fill('Aula dipakai acara kantor pos');
    response = await follow(page, () => second.getByRole('button', { name: 'Tolak permintaan' }).click());
    assert.match(await page.locator('main').innerText(), new RegExp(`“${rejected}” ditolak`));
    await audit(page, `${name}-5-rejected`, { response });

    response = await follow(page, () => page.goto(`${server.baseUrl}/manage/venues/${venueId}/closures`));
    await page.getByRole('heading', { name: 'Tambah penutupan' }).waitFor();
    await audit(page, `${name}-6-closures`, { response });
    response = await follow(page, () => page.getByRole('navigation', { name: 'Bagian pengelolaan lokasi' }).getByRole('link', { name: 'Jam buka' }).click());
    await audit(page, `${name}-7-hours`, { response });
    await context.close();
  });
}

test('approvals work without JavaScript', async () => {
  const context = await browser.newContext({ ...SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${server.baseUrl}/manage/approvals`);
  const card = page.locator('li.approval').first();
  const title = await card.locator('h2').innerText();
  await card.locator('summary').click();
  await card.getByLabel('Alasan penolakan (dikirim ke kreator)').fill('Tanpa skrip pun bisa');
  await follow(page, () => card.getByRole('button', { name: 'Tolak permintaan' }).click());
  assert.match(await page.locator('main').innerText(), new RegExp(`“${title}” ditolak`));
  await context.close();
});

test('every page of the manager journey is valid HTML', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
