import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer } from './support.mjs';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/rk-shots';
let server;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(3217);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a visitor switches to English, finds a venue in Makassar and sees its hours in WITA', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.baseUrl}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Creative spaces in a post office near you' }).waitFor();

  await page.getByLabel('Search venues').fill('Makassar');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Kantor Pos Besar Makassar' }).click();

  await page.getByRole('heading', { level: 1, name: 'Kantor Pos Besar Makassar' }).waitFor();
  const hours = await page.locator('table.hours').innerText();
  assert.match(hours, /08:00–16:00 WITA|08:00–13:00 WITA|Closed/);
  assert.match(await page.locator('main').innerText(), /All times are local \(WITA\)/);
  await page.screenshot({ path: `${SHOTS}/venue-makassar-phone.png`, fullPage: true });

  // The language choice is remembered on the next visit.
  await page.goto(`${server.baseUrl}/venues`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.close();
});
