// Reports on a phone and on a laptop: a venue manager opens the venue report, changes the period and downloads the CSV;
// an admin opens the network report and filters it by province; the report printed (print media) as an A4 document.
// Every page is audited (axe, no sideways scroll on a phone, vnu); screenshots also go to docs/screenshots/.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SHOTS, SIZES, audit, clearHtml, prepareShots, validateHtml } from './audit.mjs';
import { follow, launchBrowser, signInAs, startServer } from './support.mjs';

const PREFIX = 'reports-';
const DOCS = 'docs/screenshots';
let server;
let browser;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  server = await startServer(Number(process.env.REPORTS_BROWSER_PORT ?? 4601));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page, email) => signInAs(page, server.baseUrl, email);

/** For docs/screenshots: the page from the top down to the end of the charts (the full page stays in SHOTS). */
async function keep(page, name) {
  const bottom = await page.locator('.report-charts').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY + 16);
  await page.screenshot({ path: join(DOCS, `${name}.png`), clip: { x: 0, y: 0, width: page.viewportSize().width, height: Math.ceil(bottom) }, fullPage: true });
}

for (const [size, options] of Object.entries(SIZES)) {
  test(`a manager opens the venue report, changes the period and downloads the CSV (${size})`, async () => {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'manajer.jakarta@ruangkreatif.id');
    await page.goto(`${server.baseUrl}/manage`);
    const card = page.locator('.manage-venue', { has: page.getByRole('link', { name: 'Pos Bloc Jakarta', exact: true }) });
    let response = await follow(page, () => card.getByRole('link', { name: 'Laporan' }).click());
    assert.match(page.url(), /\/manage\/venues\/\d+\/report$/);
    await page.getByRole('heading', { name: 'Pemanfaatan per ruang', level: 2 }).waitFor();
    for (const title of ['Kapan ruang dipakai', 'Permintaan pemesanan', 'Kreator menurut sektor usaha']) {
      assert.ok(await page.getByRole('heading', { name: title, level: 2 }).isVisible(), title);
    }
    assert.match(await page.locator('#chart-utilisation-summary').innerText(), /Ruang terpakai \d+(,\d)?% dari jam buka/);
    assert.ok(await page.getByRole('img', { name: /Kapan ruang dipakai/ }).isVisible(), 'the heatmap is an image named by its title');
    assert.ok(await page.getByRole('table', { name: 'Pemanfaatan per ruang' }).isVisible(), 'the data is in a table too');
    await audit(page, `${PREFIX}venue-${size}`, { response });
    await keep(page, `${PREFIX}venue-${size}`);

    await page.getByLabel('Periode', { exact: true }).selectOption('last_month');
    response = await follow(page, () => page.getByRole('button', { name: 'Tampilkan' }).click());
    assert.match(page.url(), /period=last_month/);
    const lastMonth = new Date(new Date().getFullYear(), new Date().getMonth() - 1, 1).toLocaleDateString('id-ID', { month: 'long' });
    assert.match(await page.locator('.report-period-label').innerText(), new RegExp(lastMonth));
    await audit(page, `${PREFIX}venue-last-month-${size}`, { response });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^laporan-jkt-posbloc-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 with a BOM');
    assert.match(csv, /"Pemanfaatan per ruang"\r\n"Ruang","Jenis ruang","Jam buka","Jam terpakai"/);
    await context.close();
  });

  test(`an admin opens the network report and filters it by province (${size})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await signIn(page, 'admin@ruangkreatif.id');
    await page.goto(`${server.baseUrl}/manage`);
    let response = await follow(page, () => page.getByRole('link', { name: 'Laporan jaringan' }).click());
    await page.getByRole('heading', { name: 'Laporan jaringan', level: 1 }).waitFor();
    const allVenues = await page.locator('#table-venues tbody tr').count();
    assert.ok(allVenues > 5, `the whole network has ${allVenues} venues`);
    await audit(page, `${PREFIX}network-${size}`, { response });
    await keep(page, `${PREFIX}network-${size}`);

    await page.getByLabel('Provinsi', { exact: true }).selectOption('Sulawesi Selatan');
    response = await follow(page, () => page.getByRole('button', { name: 'Tampilkan' }).click());
    assert.match(page.url(), /province=Sulawesi\+Selatan/);
    const provinces = await page.locator('#table-venues tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(provinces.length > 0 && provinces.length < allVenues);
    assert.deepEqual([...new Set(provinces)], ['Sulawesi Selatan']);
    await audit(page, `${PREFIX}network-province-${size}`, { response });

    if (size === 'desktop') {
      assert.ok(await page.getByRole('button', { name: 'Cetak / simpan PDF' }).isVisible(), 'the print button shows with JavaScript');
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      assert.equal(await page.locator('.report-period').isVisible(), false, 'no form on paper');
      assert.equal(await page.locator('.site-header').isVisible(), false, 'no navigation on paper');
      await page.screenshot({ path: join(SHOTS, `${PREFIX}print.png`), fullPage: true });
      copyFileSync(join(SHOTS, `${PREFIX}print.png`), join(DOCS, `${PREFIX}print.png`));
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.ok(pdf.length > 10_000);
    }
    await context.close();
  });
}

test('the report pages are valid HTML (Nu HTML Checker)', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
