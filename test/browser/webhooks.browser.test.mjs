// A venue manager's webhooks on a phone and at a desk: from the manage dashboard to the webhook pages, a new endpoint
// for a receiver on 127.0.0.1 (allowed for this server), its secret shown once and copied, a test delivery seen in the
// log (the development worker sends every 2 s), the secret rotated, the endpoint switched off.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { clearHtml, prepareShots, SIZES, validateHtml } from './audit.mjs';
import { look, openMenu } from './journey.mjs';
import { follow, launchBrowser, signInAs, startServer } from './support.mjs';

const PREFIX = 'webhooks';
const RECEIVER_PORT = Number(process.env.WEBHOOKS_RECEIVER_PORT ?? 5002);
const received = [];
let receiver;
let server;
let browser;

before(async () => {
  prepareShots();
  clearHtml(PREFIX);
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(RECEIVER_PORT, '127.0.0.1', resolve));
  server = await startServer(Number(process.env.WEBHOOKS_BROWSER_PORT ?? 5001), { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_WORKER: 'true' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve()));
});

/** Reloads the endpoint's page until its log shows `text` (the worker runs every 2 s); at most 20 s. */
async function waitForLog(page, text) {
  const log = page.locator('table.webhook-log');
  for (let attempt = 0; attempt < 40; attempt++) {
    if ((await log.count()) && (await log.innerText()).includes(text)) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.fail(`the delivery log never showed "${text}"`);
}

for (const [size, options] of Object.entries(SIZES)) {
  test(`a manager adds a webhook endpoint, tests it, rotates its secret and switches it off (${size})`, async () => {
    const context = await browser.newContext(options);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    const page = await context.newPage();
    const shot = (name) => `${PREFIX}-${size}-${name}`;
    const url = `http://127.0.0.1:${RECEIVER_PORT}/crm/${size}`;

    await signInAs(page, server.baseUrl, 'manajer.makassar@ruangkreatif.id');

    await openMenu(page);
    await follow(page, () => page.locator('#site-menu').getByRole('link', { name: 'Kelola' }).click());
    const dashboardLink = page.locator('main').getByRole('link', { name: 'Webhook', exact: true });
    assert.ok(await dashboardLink.isVisible(), 'the manage dashboard links to the webhooks');
    await follow(page, () => dashboardLink.click());
    await page.getByRole('heading', { level: 1, name: 'Webhook' }).waitFor();
    await look(page, shot('1-list'));

    await follow(page, () => page.getByRole('link', { name: 'Endpoint baru' }).click());
    await page.getByLabel(/^URL penerima/).fill(url);
    await page.getByLabel(/^Keterangan/).fill(`CRM Makassar (${size})`);
    await page.getByLabel('reservation.created').check();
    await page.getByLabel('webhook.test').count().then((n) => assert.equal(n, 0, 'the test type is internal'));
    await page.getByLabel('reservation.cancelled').check();
    await look(page, shot('2-new'));
    await follow(page, () => page.getByRole('button', { name: 'Buat endpoint' }).click());

    await page.getByRole('heading', { level: 1, name: 'Rahasia penandatanganan' }).waitFor();
    const secret = (await page.locator('#webhook-secret').innerText()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.match(await page.locator('main').innerText(), /hanya ditampilkan sekali/);
    const copy = page.getByRole('button', { name: 'Salin' });
    await copy.click();
    await page.getByRole('button', { name: 'Tersalin' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await look(page, shot('3-secret'));

    // Reloading sends the form again with its key: the endpoint is not made twice and the secret is not shown again.
    page.once('dialog', (dialog) => dialog.accept());
    await page.reload();
    await page.locator('h1.webhook-url').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'the secret is shown once only');
    assert.match(await page.locator('.flash').innerText(), /sudah dibuat oleh kiriman pertama Anda/);
    const mine = await (await page.request.get(`${server.baseUrl}/api/webhooks`)).json();
    assert.equal(mine.filter((e) => e.url === url).length, 1, 'one endpoint for the form sent twice');

    await follow(page, () => page.getByRole('button', { name: 'Kirim peristiwa uji' }).click());
    assert.match(await page.locator('.flash').innerText(), /Peristiwa uji diantrekan/);
    await waitForLog(page, 'Terkirim');
    const log = await page.locator('table.webhook-log').innerText();
    assert.match(log, /webhook\.test/);
    assert.match(log, /\d{1,2} \w{3} \d{4} \d\d\.\d\d\.\d\d WITA/, 'log times in the venue zone');
    assert.match(await page.locator('main').innerText(), /Kirim ulang semua sejak \(WITA\)/);
    const got = received.filter((r) => r.path === `/crm/${size}`);
    assert.equal(got.length, 1);
    assert.equal(new Webhook(secret).verify(got[0].body, got[0].headers).type, 'webhook.test');
    await look(page, shot('4-log'));

    await follow(page, () => page.getByRole('button', { name: 'Ganti rahasia' }).click());
    const rotated = (await page.locator('#webhook-secret').innerText()).trim();
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, secret);
    assert.match(await page.locator('main').innerText(), /rahasia sebelumnya juga ikut menandatangani/);
    await look(page, shot('5-rotated'));

    await follow(page, () => page.getByRole('link', { name: 'Lanjut ke endpoint' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Nonaktifkan' }).click());
    assert.match(await page.locator('.flash').innerText(), /Endpoint disimpan/);
    assert.match(await page.locator('.webhook-header').innerText(), /Dinonaktifkan/);
    assert.equal(await page.getByRole('button', { name: 'Kirim peristiwa uji' }).count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Aktifkan' }).isVisible());
    await look(page, shot('6-off'));

    await follow(page, () => page.getByRole('link', { name: 'Webhook' }).first().click());
    await look(page, shot('7-list'));
    await context.close();
  });
}

test('every page of the webhooks journey is valid HTML (Nu HTML Checker)', async () => {
  assert.deepEqual(await validateHtml(PREFIX), []);
});
