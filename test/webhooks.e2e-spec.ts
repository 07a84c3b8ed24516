import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, TEST_MAX_ATTEMPTS, TEST_RETRY_DELAYS_MS } from '../src/webhooks/retry-schedule.js';
import { WebhookEndpoint } from '../src/webhooks/webhook-endpoint.entity.js';
import { toLocalDateTimeValue } from '../src/common/time.js';
import { WebhookAttempt, WebhookDelivery } from '../src/webhooks/webhook-delivery.entity.js';
import { WebhookResolver } from '../src/webhooks/webhook-resolver.js';
import { WebhookWorker } from '../src/webhooks/webhook-worker.service.js';
import { WebhooksService } from '../src/webhooks/webhooks.service.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
/** The receiver's port; WEBHOOK_TEST_PORT lets parallel checkouts run this file side by side. */
const PORT = Number(process.env.WEBHOOK_TEST_PORT ?? 4510);
const HOOK = `http://127.0.0.1:${PORT}`;

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

/** A partner's receiver on 127.0.0.1: records every request; answers `status` (with `answer` as its body when set). */
class Receiver {
  received: Received[] = [];
  status = 204;
  answer: string | null = null;
  private server: Server | null = null;

  start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.answer ?? (this.status >= 300 ? 'x'.repeat(5000) : ''));
      });
    });
    return new Promise((resolve) => this.server!.listen(PORT, '127.0.0.1', () => resolve()));
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

/** Verifies with the standardwebhooks library's own verifier, as a partner would. */
const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, any> };

let t: TestApp;
let worker: WebhookWorker;
const receiver = new Receiver();

beforeAll(async () => {
  t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  worker = t.app.get(WebhookWorker);
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  await t.close();
});
beforeEach(() => {
  receiver.status = 204;
  receiver.answer = null;
});

const api = () => request(t.server);

async function scene() {
  const venue = await createVenue(t, { timezone: ZONE });
  const room = await createRoom(t, venue.id);
  const manager = await makeManager(t, venue.id);
  const creator = await createUser(t);
  return { venue, room, manager, managerAuth: await bearer(t, manager), creator, creatorAuth: await bearer(t, creator) };
}

let slot = 0;
/** A confirmed booking on its own hour of a weekday in the next weeks. */
async function book(auth: string, roomId: number) {
  const n = slot++;
  const date = nextWeekday(ZONE, 1 + (n % 5), 2 + 7 * Math.floor(n / 40));
  const hour = 8 + (Math.floor(n / 5) % 8);
  const res = await api().post('/api/reservations').set('Authorization', auth)
    .send({ roomId, start: at(date, `${String(hour).padStart(2, '0')}:00`, ZONE), end: at(date, `${String(hour + 1).padStart(2, '0')}:00`, ZONE), headcount: 1, title: `Live ${n}` });
  if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number };
}

async function endpoint(auth: string, path: string, events: string[] = ['*']) {
  const res = await api().post('/api/webhooks').set('Authorization', auth).send({ url: `${HOOK}${path}`, events, description: 'Uji' });
  if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; secret: string; url: string; events: string[]; enabled: boolean };
}

const deliveries = (endpointId: number) => t.db.getRepository(WebhookDelivery).find({ where: { endpointId }, order: { id: 'ASC' } });

describe('webhook endpoints', () => {
  it('lets managers, organisers and admins create endpoints, and refuses creators and visitors', async () => {
    const { managerAuth, creatorAuth, room } = await scene();
    const created = await api().post('/api/webhooks').set('Authorization', managerAuth).send({ url: `${HOOK}/crm`, events: ['reservation.created', 'reservation.cancelled'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${HOOK}/crm`, events: ['reservation.created', 'reservation.cancelled'], enabled: true });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const listed = await api().get('/api/webhooks').set('Authorization', managerAuth);
    expect(listed.status).toBe(200);
    expect(listed.body.map((e: { id: number }) => e.id)).toEqual([created.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect((await api().get(`/api/webhooks/${created.body.id}`).set('Authorization', managerAuth)).body.secret).toBeUndefined();

    expect((await api().post('/api/webhooks').set('Authorization', creatorAuth).send({ url: `${HOOK}/x`, events: ['*'] })).status).toBe(403);
    expect((await api().get('/api/webhooks').set('Authorization', creatorAuth)).status).toBe(403);
    expect((await api().post('/api/webhooks').send({ url: `${HOOK}/x`, events: ['*'] })).status).toBe(401);
    expect((await api().get('/api/webhooks')).status).toBe(401);

    // A creator who organises an event may subscribe (to what they may see of it).
    const organiser = await createUser(t);
    const organiserAuth = await bearer(t, organiser);
    await publishedEvent(t, organiserAuth, await createRoom(t, room.venueId, { capacity: 30, kind: 'workshop_room', maxMinutes: 480 }), nextWeekday(ZONE, 3, 20), ZONE);
    expect((await api().post('/api/webhooks').set('Authorization', organiserAuth).send({ url: `${HOOK}/org`, events: ['registration.confirmed'] })).status).toBe(201);

    // Someone else's endpoint is not found, for reading, changing and deleting.
    const other = await bearer(t, await createUser(t, { role: 'manager' }));
    expect((await api().get(`/api/webhooks/${created.body.id}`).set('Authorization', other)).status).toBe(404);
    expect((await api().patch(`/api/webhooks/${created.body.id}`).set('Authorization', other).send({ enabled: false })).status).toBe(404);
    expect((await api().delete(`/api/webhooks/${created.body.id}`).set('Authorization', other)).status).toBe(404);
    const admin = await bearer(t, await createUser(t, { role: 'admin' }));
    expect((await api().get(`/api/webhooks/${created.body.id}`).set('Authorization', admin)).status).toBe(200);

    const patched = await api().patch(`/api/webhooks/${created.body.id}`).set('Authorization', managerAuth).send({ events: ['event.published', '*'], enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['*'], enabled: false, disabledReason: 'owner' });
    expect((await api().delete(`/api/webhooks/${created.body.id}`).set('Authorization', managerAuth)).status).toBe(204);
    expect((await api().get(`/api/webhooks/${created.body.id}`).set('Authorization', managerAuth)).status).toBe(404);
  });

  it('accepts only public event types (or *), in Indonesian and English', async () => {
    const { managerAuth } = await scene();
    for (const events of [['reservation.exploded'], ['webhook.test'], ['registration.link_requested'], []]) {
      const res = await api().post('/api/webhooks').set('Authorization', managerAuth).set('Accept-Language', 'en').send({ url: `${HOOK}/t`, events });
      expect(res.status).toBe(400);
      expect(res.body.fields.events).toBeDefined();
    }
    const bad = await api().post('/api/webhooks').set('Authorization', managerAuth).send({ url: 'ftp://127.0.0.1/x', events: ['*'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.url[0]).toMatch(/http/);
  });
});

describe('deliveries', () => {
  it('delivers a booking once to each endpoint that may see it, signed so the standardwebhooks library verifies it', async () => {
    const { room, managerAuth, creatorAuth, venue } = await scene();
    const mine = await endpoint(managerAuth, '/a', ['reservation.created']);
    const cancelOnly = await endpoint(managerAuth, '/a-cancel', ['reservation.cancelled']);
    const admin = await endpoint(await bearer(t, await createUser(t, { role: 'admin' })), '/admin');
    // A manager of another venue sees nothing of this one.
    const elsewhere = await createVenue(t, { timezone: ZONE });
    const otherManager = await endpoint(await bearer(t, await makeManager(t, elsewhere.id)), '/b');

    const booking = await book(creatorAuth, room.id);
    expect((await deliveries(mine.id)).length).toBe(1);
    expect((await deliveries(admin.id)).length).toBe(1);
    expect(await deliveries(cancelOnly.id)).toEqual([]);
    expect(await deliveries(otherManager.id)).toEqual([]);

    await worker.run();
    expect(receiver.at('/a')).toHaveLength(1);
    expect(receiver.at('/admin')).toHaveLength(1);
    expect(receiver.at('/b')).toEqual([]);
    const got = receiver.at('/a')[0];
    const body = verify(mine.secret, got);
    expect(body.type).toBe('reservation.created');
    expect(body.data).toMatchObject({ id: got.headers['webhook-id'], reservation: { id: booking.id, venueId: venue.id, status: 'confirmed' } });
    expect(got.headers['webhook-id']).toMatch(/^evt_/);
    expect(got.headers['webhook-id']).toBe(receiver.at('/admin')[0].headers['webhook-id']);
    expect(() => verify(admin.secret, got)).toThrow();
    expect((await deliveries(mine.id))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204 });

    // Nothing is sent twice.
    await worker.run(new Date(Date.now() + 86_400_000));
    expect(receiver.at('/a')).toHaveLength(1);
    const log = await api().get(`/api/webhooks/${mine.id}/deliveries`).set('Authorization', managerAuth);
    expect(log.body[0]).toMatchObject({ type: 'reservation.created', status: 'delivered', log: [{ statusCode: 204, error: null }] });
  });

  it('delivers to a receiver whose answer holds a NUL byte, and logs the answer with U+FFFD in its place', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/nul', ['reservation.created']);
    receiver.status = 200;
    receiver.answer = 'ok\0done';
    await book(creatorAuth, room.id);
    await worker.run();
    expect(receiver.at('/nul')).toHaveLength(1);
    expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(['delivered']);
    const log = await api().get(`/api/webhooks/${hook.id}/deliveries`).set('Authorization', managerAuth);
    expect(log.body[0].log).toEqual([expect.objectContaining({ statusCode: 200, response: 'ok\uFFFDdone', error: null })]);
    // Nothing is claimed again once its lease would have lapsed.
    await worker.run(new Date(Date.now() + 3_600_000));
    expect(receiver.at('/nul')).toHaveLength(1);
  });

  it('keeps every event while the receiver is down and delivers each once, in stream order, when it is back', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/outage', ['reservation.created']);
    await receiver.stop();
    try {
      const t0 = Date.now();
      for (let i = 0; i < 4; i++) {
        await book(creatorAuth, room.id);
        await worker.run(new Date(t0 + i * 60_000));
      }
      const waiting = await deliveries(hook.id);
      expect(waiting.map((d) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      const attempts = await t.db.getRepository(WebhookAttempt).findBy({ deliveryId: waiting[0].id });
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts[0].error).toMatch(/ECONNREFUSED/);
    } finally {
      await receiver.start();
    }
    await worker.run(new Date(Date.now() + 3 * 3_600_000));
    const got = receiver.at('/outage');
    expect(got).toHaveLength(4);
    const ids = got.map((r) => verify(hook.secret, r).data.id as string);
    expect(new Set(ids).size).toBe(4);
    const order = (await deliveries(hook.id)).map((d) => d.domainEventId);
    const events = await t.db.query(`SELECT uid FROM domain_events WHERE id IN (${order.join(',')}) ORDER BY id`);
    expect(ids).toEqual(events.map((e: { uid: string }) => e.uid));
    expect((await deliveries(hook.id)).every((d) => d.status === 'delivered')).toBe(true);
  });

  it('signs with the old and the new secret during a rotation\'s overlap', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/rotate');
    const rotated = await api().post(`/api/webhooks/${hook.id}/rotate-secret`).set('Authorization', managerAuth).send({ overlapHours: 2 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await book(creatorAuth, room.id);
    await worker.run();
    const [got] = receiver.at('/rotate');
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(hook.secret, got).type).toBe('reservation.created');
    expect(verify(rotated.body.secret, got).type).toBe('reservation.created');

    // After the overlap only the new secret signs.
    await book(creatorAuth, room.id);
    await worker.run(new Date(Date.now() + 3 * 3_600_000));
    const later = receiver.at('/rotate')[1];
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verify(hook.secret, later)).toThrow();
    expect(verify(rotated.body.secret, later).type).toBe('reservation.created');
  });

  it('keeps both secrets shown by two rotations at once: the later current, the earlier signing beside it', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/rotate-twice');
    const rotate = () => api().post(`/api/webhooks/${hook.id}/rotate-secret`).set('Authorization', managerAuth).send({ overlapHours: 2 });
    // Both requests look the endpoint up before either writes: the interleaving that lost a secret.
    const service = t.app.get(WebhooksService);
    const find = service.find;
    let arrived = 0;
    let open!: () => void;
    const barrier = new Promise<void>((resolve) => (open = resolve));
    service.find = async (...args) => {
      const found = await find.apply(service, args);
      if (++arrived === 2) open();
      await barrier;
      return found;
    };
    let answers: request.Response[];
    try {
      answers = await Promise.all([rotate(), rotate()]);
    } finally {
      service.find = find;
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const shown = answers.map((a) => a.body.secret as string);
    const row = await t.db.getRepository(WebhookEndpoint).findOneByOrFail({ id: hook.id });
    expect([row.secret, row.previousSecret].sort()).toEqual([...shown].sort());
    await book(creatorAuth, room.id);
    await worker.run();
    const [got] = receiver.at('/rotate-twice');
    for (const secret of shown) expect(verify(secret, got).type).toBe('reservation.created');
    expect(() => verify(hook.secret, got)).toThrow();
  });

  it('tests one endpoint with an internal webhook.test event that no other endpoint receives', async () => {
    const { managerAuth } = await scene();
    const hook = await endpoint(managerAuth, '/test-me');
    const bystander = await endpoint(await bearer(t, await createUser(t, { role: 'admin' })), '/bystander');
    const res = await api().post(`/api/webhooks/${hook.id}/test`).set('Authorization', managerAuth);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'webhook.test', status: 'pending' });
    await worker.run();
    expect(verify(hook.secret, receiver.at('/test-me')[0]).type).toBe('webhook.test');
    expect(await deliveries(bystander.id)).toEqual([]);
  });

  it('gives a failing test delivery three quick tries and leaves the endpoint on, unmailed', async () => {
    const { room, manager, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/test-fails');
    receiver.status = 500;
    const res = await api().post(`/api/webhooks/${hook.id}/test`).set('Authorization', managerAuth);
    expect(res.status).toBe(201);
    let now = Date.now();
    await worker.run(new Date(now));
    for (const delay of TEST_RETRY_DELAYS_MS) {
      now += delay;
      await worker.run(new Date(now));
    }
    await worker.run(new Date(now + 86_400_000));
    expect(receiver.at('/test-fails')).toHaveLength(TEST_MAX_ATTEMPTS);
    const [test] = await deliveries(hook.id);
    expect(test).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
    expect((await api().get(`/api/webhooks/${hook.id}`).set('Authorization', managerAuth)).body).toMatchObject({ enabled: true, disabledReason: null });
    expect(await t.db.getRepository(OutboxMessage).countBy({ recipient: manager.email, kind: 'webhook_disabled' })).toBe(0);

    // The endpoint still gets what happens next once the receiver answers again.
    receiver.status = 204;
    await book(creatorAuth, room.id);
    await worker.run(new Date(now + 86_400_000 + 1000));
    expect(verify(hook.secret, receiver.at('/test-fails')[TEST_MAX_ATTEMPTS]).type).toBe('reservation.created');
  });

  it('sends a test at once while an earlier delivery of the endpoint waits for its retry', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/waiting');
    await book(creatorAuth, room.id);
    receiver.status = 500;
    const now = Date.now();
    await worker.run(new Date(now));
    receiver.status = 204;
    await api().post(`/api/webhooks/${hook.id}/test`).set('Authorization', managerAuth);
    await worker.run(new Date(now + 1000));
    expect(receiver.at('/waiting').map((r) => verify(hook.secret, r).type)).toEqual(['reservation.created', 'webhook.test']);
    await worker.run(new Date(now + RETRY_DELAYS_MS[0] + 1000));
    expect(receiver.at('/waiting').map((r) => verify(hook.secret, r).type)).toEqual(['reservation.created', 'webhook.test', 'reservation.created']);
    expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('gives up after about a day of failures: the delivery failed, the endpoint off, its owner mailed; replay sends it again', async () => {
    const { room, manager, managerAuth, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/broken');
    await book(creatorAuth, room.id);
    receiver.status = 500;
    let now = Date.now();
    await worker.run(new Date(now));
    for (const delay of RETRY_DELAYS_MS) {
      now += delay;
      await worker.run(new Date(now));
    }
    expect(receiver.at('/broken')).toHaveLength(MAX_ATTEMPTS);
    const [failed] = await deliveries(hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 500 });
    const attempts = await t.db.getRepository(WebhookAttempt).findBy({ deliveryId: failed.id });
    expect(attempts).toHaveLength(MAX_ATTEMPTS);
    expect(attempts.every((a) => a.responseSnippet!.length === 1024)).toBe(true);
    const state = await api().get(`/api/webhooks/${hook.id}`).set('Authorization', managerAuth);
    expect(state.body).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const mail = await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: manager.email, kind: 'webhook_disabled' });
    expect(mail.subject).toBe(`Webhook dinonaktifkan: ${HOOK}/broken`);

    // A booking while it is off is not queued; switching on and replaying the failed one sends it once.
    await book(creatorAuth, room.id);
    receiver.status = 200;
    await worker.run(new Date(now + 1000));
    expect(receiver.at('/broken')).toHaveLength(MAX_ATTEMPTS);
    expect((await api().patch(`/api/webhooks/${hook.id}`).set('Authorization', managerAuth).send({ enabled: true })).body.enabled).toBe(true);
    const replay = await api().post(`/api/webhooks/${hook.id}/replay`).set('Authorization', managerAuth).send({ deliveryId: failed.id });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ queued: 1 });
    await worker.run(new Date(now + 2000));
    expect(receiver.at('/broken')).toHaveLength(MAX_ATTEMPTS + 1);
    expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(['delivered']);

    // Replay since a time: the delivered one again, and the booking made while the endpoint was off.
    const since = await api().post(`/api/webhooks/${hook.id}/replay`).set('Authorization', managerAuth).send({ since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(since.body).toEqual({ queued: 2 });
    await worker.run(new Date(now + 3000));
    const all = receiver.at('/broken');
    expect(all).toHaveLength(MAX_ATTEMPTS + 3);
    expect(all.slice(-2).map((r) => verify(hook.secret, r).data.reservation.title)).toEqual([
      verify(hook.secret, all[0]).data.reservation.title, expect.stringMatching(/^Live /)]);
    expect(new Set(all.slice(-2).map((r) => r.headers['webhook-id'])).size).toBe(2);
    expect((await api().post(`/api/webhooks/${hook.id}/replay`).set('Authorization', managerAuth).send({})).status).toBe(400);
  });

  it('replays "since" only an instant with its offset; week, ordinal, basic-format, offset-less and impossible dates are a 400', async () => {
    const { manager, managerAuth } = await scene();
    const hook = await endpoint(managerAuth, '/since');
    for (const since of ['2026-W50', '2026-345', '20261208T0930', '2026-12-08T09:30', '2026-12-08T09:30:00', '2026-02-30T10:00:00Z', '2026-12-08T25:00:00+08:00']) {
      for (const lang of ['id', 'en']) {
        const res = await api().post(`/api/webhooks/${hook.id}/replay`).set('Authorization', managerAuth).set('Accept-Language', lang).send({ since });
        expect({ since, status: res.status }).toEqual({ since, status: 400 });
        expect(res.body.fields.since[0]).toMatch(lang === 'id' ? /zona waktu/ : /offset/);
      }
    }
    expect((await api().post(`/api/webhooks/${hook.id}/replay`).set('Authorization', managerAuth).send({ since: '2026-12-08T09:30:00+08:00' })).status).toBe(202);
    // The page reads its wall clock in the reader's zone; what it cannot read is refused, never passed on as written.
    const { agent, csrf } = await browser(t, `/manage/webhooks/${hook.id}`, manager);
    for (const since of ['2026-W50', '2026-345', '20261208T0930', '2026-02-30T10:00']) {
      const res = await agent.post(`/manage/webhooks/${hook.id}/replay`).type('form').send({ _csrf: csrf, since });
      expect({ since, status: res.status }).toEqual({ since, status: 400 });
      expect(res.text).toContain('Beberapa isian belum benar.');
      expect((await agent.get(`/manage/webhooks/${hook.id}`).set('Accept', 'text/html')).text).not.toContain('pengiriman diantrekan ulang.');
    }
  });
});

describe('SSRF', () => {
  it('refuses loopback, private, link-local and metadata addresses when the endpoint is created', async () => {
    const { managerAuth } = await scene();
    const allowed = t.config.webhooks.allowedHosts;
    t.config.webhooks.allowedHosts = [];
    try {
      for (const url of ['http://127.0.0.1:4510/x', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:4510/x', 'http://localhost:4510/x', 'http://[::ffff:127.0.0.1]/x']) {
        const res = await api().post('/api/webhooks').set('Authorization', managerAuth).set('Accept-Language', 'en').send({ url, events: ['*'] });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(res.body.fields.url[0]).toMatch(/not allowed|private|refused/i);
      }
    } finally {
      t.config.webhooks.allowedHosts = allowed;
    }
  });

  it('names the address when the URL holds one, and only the range when a host name resolves to it', async () => {
    const { managerAuth } = await scene();
    const resolver = t.app.get(WebhookResolver);
    const real = resolver.resolve;
    const allowed = t.config.webhooks.allowedHosts;
    t.config.webhooks.allowedHosts = [];
    resolver.resolve = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.20.30.40', family: 4 }];
    try {
      const byName = await api().post('/api/webhooks').set('Authorization', managerAuth).set('Accept-Language', 'en').send({ url: 'http://intranet.partner.example/x', events: ['*'] });
      expect(byName.status).toBe(400);
      expect(byName.body.fields.url[0]).toBe('This address is not allowed: intranet.partner.example resolves to a private address. Use the public address of your system.');
      const inId = await api().post('/api/webhooks').set('Authorization', managerAuth).send({ url: 'http://intranet.partner.example/x', events: ['*'] });
      expect(inId.body.fields.url[0]).toMatch(/^Alamat ini tidak diizinkan: intranet\.partner\.example mengarah ke alamat privat\./);
      const byAddress = await api().post('/api/webhooks').set('Authorization', managerAuth).set('Accept-Language', 'en').send({ url: 'http://10.20.30.40/x', events: ['*'] });
      expect(byAddress.body.fields.url[0]).toMatch(/^This address is not allowed: 10\.20\.30\.40 is a private address\./);
    } finally {
      resolver.resolve = real;
      t.config.webhooks.allowedHosts = allowed;
    }
  });

  it('refuses at connect time a name that resolves to loopback after the endpoint was created', async () => {
    const { room, managerAuth, creatorAuth } = await scene();
    const resolver = t.app.get(WebhookResolver);
    const real = resolver.resolve;
    let target = '93.184.216.34';
    resolver.resolve = async () => [{ address: target, family: 4 }];
    try {
      const res = await api().post('/api/webhooks').set('Authorization', managerAuth).send({ url: `http://hooks.partner.example:${PORT}/rebind`, events: ['*'] });
      expect(res.status).toBe(201);
      target = '127.0.0.1';
      await book(creatorAuth, room.id);
      await worker.run();
      expect(receiver.at('/rebind')).toEqual([]);
      const [delivery] = await deliveries(res.body.id);
      expect(delivery.status).toBe('pending');
      // The range only: the log must not tell what an internal name resolves to.
      expect(delivery.lastError).toBe('refused host hooks.partner.example: it resolves to a loopback address');
      const log = await api().get(`/api/webhooks/${res.body.id}/deliveries`).set('Authorization', managerAuth);
      expect(JSON.stringify(log.body)).not.toContain('127.0.0.1');
    } finally {
      resolver.resolve = real;
    }
  });
});

describe('two app instances', () => {
  it('deliver each event exactly once per endpoint while both workers drain at once', async () => {
    const second = await startTestApp({ databaseUrl: t.databaseUrl, env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    try {
      const { room, managerAuth, creatorAuth } = await scene();
      const hooks = [await endpoint(managerAuth, '/twin-1'), await endpoint(managerAuth, '/twin-2', ['reservation.created']), await endpoint(managerAuth, '/twin-3')];
      for (let i = 0; i < 8; i++) await book(creatorAuth, room.id);
      const other = second.app.get(WebhookWorker);
      // On PostgreSQL both drain at the same moment. Two SQLite instances are two processes arbitrated by the file lock;
      // in one test process a synchronous busy wait would stall both, so there they take turns.
      for (let round = 0; round < 5; round++) {
        if (process.env.TEST_DATABASE_URL) await Promise.all([worker.run(), other.run(), worker.run(), other.run()]);
        else for (const w of [worker, other, other, worker]) await w.run();
      }
      for (const [i, hook] of hooks.entries()) {
        const got = receiver.at(`/twin-${i + 1}`);
        const ids = got.map((r) => verify(hook.secret, r).data.id);
        expect(ids).toHaveLength(8);
        expect(new Set(ids).size).toBe(8);
      }
    } finally {
      await second.app.close();
    }
  });
});

describe('webhook pages', () => {
  it('creates an endpoint from the form, shows its secret once, lists it and shows its log with replay, switch and delete', async () => {
    const { venue, manager, room, creatorAuth } = await scene();
    const { agent, csrf } = await browser(t, '/manage/webhooks/new', manager);
    const form = await agent.get('/manage/webhooks/new').set('Accept', 'text/html');
    expect(form.text).toContain('value="reservation.created"');
    expect(form.text).toContain('Semua peristiwa publik');

    const refused = await agent.post('/manage/webhooks/new').type('form').set('Accept', 'text/html')
      .send({ _csrf: csrf, url: 'http://10.0.0.1/hook', events: 'reservation.created' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Alamat ini tidak diizinkan: 10.0.0.1 adalah alamat privat');

    const created = await agent.post('/manage/webhooks/new').type('form').set('Accept', 'text/html')
      .send({ _csrf: csrf, url: `${HOOK}/page`, events: ['reservation.created', 'reservation.cancelled'], description: 'CRM' });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const secret = /id="webhook-secret"[^>]*>(whsec_[^<]+)</.exec(created.text)![1];
    expect(created.text).toContain('hanya ditampilkan sekali');

    const list = await agent.get('/manage/webhooks').set('Accept', 'text/html');
    expect(list.text).toContain(`${HOOK}/page`);
    expect(list.text).not.toContain('whsec_');
    const id = Number(/href="\/manage\/webhooks\/(\d+)"/.exec(list.text)![1]);

    await book(creatorAuth, room.id);
    await worker.run();
    expect(verify(secret, receiver.at('/page')[0]).data.reservation.venueId).toBe(venue.id);
    const detail = await agent.get(`/manage/webhooks/${id}`).set('Accept', 'text/html');
    expect(detail.text).toContain('reservation.created');
    expect(detail.text).toContain('Terkirim');
    expect(detail.text).not.toContain('whsec_');

    const deliveryId = /name="deliveryId" value="(\d+)"/.exec(detail.text)![1];
    const replayed = await agent.post(`/manage/webhooks/${id}/replay`).type('form').send({ _csrf: csrf, deliveryId });
    expect(replayed.status).toBe(303);
    await worker.run();
    expect(receiver.at('/page')).toHaveLength(2);

    expect((await agent.post(`/manage/webhooks/${id}/enabled`).type('form').send({ _csrf: csrf, enabled: 'false' })).status).toBe(303);
    expect((await agent.get(`/manage/webhooks/${id}`).set('Accept', 'text/html')).text).toContain('Aktifkan');
    const rotated = await agent.post(`/manage/webhooks/${id}/rotate`).type('form').set('Accept', 'text/html').send({ _csrf: csrf });
    expect(rotated.text).toMatch(/>whsec_/);
    expect((await agent.post(`/manage/webhooks/${id}/delete`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get(`/manage/webhooks/${id}`).set('Accept', 'text/html')).status).toBe(404);

    // A creator without events is refused the pages too.
    const creator = await createUser(t);
    const other = await browser(t, '/', creator);
    expect((await other.agent.get('/manage/webhooks').set('Accept', 'text/html')).status).toBe(403);
    expect((await other.agent.get('/manage/webhooks/new').set('Accept', 'text/html')).status).toBe(403);
  });
});

describe('webhook pages against double taps', () => {
  it('creates one endpoint when the same form is sent twice; the repeat goes to the endpoint without the secret', async () => {
    const { manager } = await scene();
    const { agent, csrf, html } = await browser(t, '/manage/webhooks/new', manager);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)![1];
    const body = { _csrf: csrf, idempotencyKey: key, url: `${HOOK}/twice`, events: 'reservation.created' };
    const first = await agent.post('/manage/webhooks/new').type('form').set('Accept', 'text/html').send(body);
    expect(first.status).toBe(201);
    expect(first.text).toMatch(/>whsec_/);
    const again = await agent.post('/manage/webhooks/new').type('form').set('Accept', 'text/html').send(body);
    expect(again.status).toBe(303);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).not.toContain('whsec_');
    const mine = await t.db.getRepository(WebhookEndpoint).findBy({ ownerId: manager.id });
    expect(mine.map((e) => e.url)).toEqual([`${HOOK}/twice`]);
    expect(again.headers.location).toBe(`/manage/webhooks/${mine[0].id}`);
    const landed = await agent.get(again.headers.location).set('Accept', 'text/html');
    expect(landed.text).toContain('sudah dibuat oleh kiriman pertama Anda');
    expect(landed.text).not.toContain('whsec_');
  });

  it('rotates the secret and queues a test once for a repeated form', async () => {
    const { manager } = await scene();
    const hook = await endpoint(await bearer(t, manager), '/repeat');
    const { agent, csrf, html } = await browser(t, `/manage/webhooks/${hook.id}`, manager);
    const keys = [...html.matchAll(/name="idempotencyKey" value="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(keys.length);
    const [testKey, rotateKey] = keys;
    for (let i = 0; i < 2; i++) {
      expect((await agent.post(`/manage/webhooks/${hook.id}/test`).type('form').send({ _csrf: csrf, idempotencyKey: testKey })).status).toBe(303);
    }
    expect(await deliveries(hook.id)).toHaveLength(1);
    const rotated = await agent.post(`/manage/webhooks/${hook.id}/rotate`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, idempotencyKey: rotateKey });
    const shown = /id="webhook-secret"[^>]*>(whsec_[^<]+)</.exec(rotated.text)![1];
    const repeat = await agent.post(`/manage/webhooks/${hook.id}/rotate`).type('form').set('Accept', 'text/html').send({ _csrf: csrf, idempotencyKey: rotateKey });
    expect(repeat.status).toBe(303);
    const stored = await t.db.getRepository(WebhookEndpoint).findOneByOrFail({ id: hook.id });
    expect(stored.secret).toBe(shown);
    expect(stored.previousSecret).toBe(hook.secret);
  });
});

describe('webhook pages in the reader\'s zone', () => {
  it('writes a manager\'s log in their venue\'s zone and reads "since" as that zone\'s wall clock', async () => {
    const { manager, managerAuth, room, creatorAuth } = await scene();
    const hook = await endpoint(managerAuth, '/zoned');
    await book(creatorAuth, room.id);
    await worker.run();
    expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(['delivered']);
    const { agent, csrf, html } = await browser(t, `/manage/webhooks/${hook.id}`, manager);
    expect(html).toContain('Waktu dalam WITA.');
    expect(html).toContain('Kirim ulang semua sejak (WITA)');
    expect(html).toMatch(/\d{1,2} \w{3} \d{4} \d\d\.\d\d\.\d\d WITA/);
    expect(html).not.toContain(' UTC');

    // A minute before the event on a Makassar clock: read as UTC it would lie 8 hours ahead and send nothing.
    const before = toLocalDateTimeValue(new Date(Date.now() - 120_000), ZONE);
    const replayed = await agent.post(`/manage/webhooks/${hook.id}/replay`).type('form').send({ _csrf: csrf, since: before });
    expect(replayed.status).toBe(303);
    expect((await agent.get(`/manage/webhooks/${hook.id}`).set('Accept', 'text/html')).text).toContain('1 pengiriman diantrekan ulang.');
    await worker.run();
    expect(receiver.at('/zoned')).toHaveLength(2);
    const after = toLocalDateTimeValue(new Date(Date.now() + 120_000), ZONE);
    await agent.post(`/manage/webhooks/${hook.id}/replay`).type('form').send({ _csrf: csrf, since: after });
    expect((await agent.get(`/manage/webhooks/${hook.id}`).set('Accept', 'text/html')).text).toContain('0 pengiriman diantrekan ulang.');
    // The language switch sticks, so English comes last.
    const english = await agent.get(`/manage/webhooks/${hook.id}?lang=en`).set('Accept', 'text/html');
    expect(english.text).toContain('Send again everything since (WITA)');
    expect(english.text).toMatch(/\d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d WITA/);
  });

  it('writes times in WIB for an admin', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const hook = await endpoint(await bearer(t, admin), '/admin-zone');
    await api().post(`/api/webhooks/${hook.id}/test`).set('Authorization', await bearer(t, admin));
    const { html } = await browser(t, `/manage/webhooks/${hook.id}`, admin);
    expect(html).toContain('Waktu dalam WIB.');
    expect(html).toMatch(/\d\d\.\d\d\.\d\d WIB/);
  });
});

describe('the API document', () => {
  it('documents the webhook operations and each public event type\'s body', async () => {
    const doc = (await api().get('/api/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/webhooks', '/api/webhooks/{id}', '/api/webhooks/{id}/test', '/api/webhooks/{id}/rotate-secret', '/api/webhooks/{id}/replay']));
    expect(doc.paths['/api/webhooks'].post.responses['201']).toBeDefined();
    const schemas = doc.components.schemas;
    expect(schemas.Webhook_reservation_created.properties.data.allOf[1].properties.reservation.properties.start.format).toBe('date-time');
    expect(schemas.Webhook_venue_closure_added.properties.data.allOf[1].properties.cancelledReservationIds.type).toBe('array');
    expect(schemas.Webhook_webhook_test).toBeUndefined();
    expect(schemas.WebhookEvent.oneOf.length).toBeGreaterThan(10);
  });
});
