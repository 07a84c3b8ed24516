import request from 'supertest';
import { loadConfig } from '../config/configuration.js';
import { createApp } from '../src/app.setup.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { browser, createUser } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let messageId: number;
beforeAll(async () => {
  t = await startTestApp();
  const row = await t.tx.write((m) => m.save(m.create(OutboxMessage, {
    dedupeKey: 'dev-mailbox-test', kind: 'registration_confirmed', recipient: 'peserta.rahasia@contoh.id', subject: 'Tiket Anda', textBody: 'Kelola: http://127.0.0.1:3000/registrations/tautan-rahasia',
    htmlBody: '<p>Kelola</p>', ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', icsMethod: 'REQUEST', status: 'pending', attempts: 0,
    nextAttemptAt: new Date(), lockedUntil: null, sentAt: null, lastError: null,
  })));
  messageId = row.id;
});
afterAll(async () => { await t.close(); });

// A visitor on the internet, as a reverse proxy on loopback reports them.
const OUTSIDE = '203.0.113.50';

describe('the development mailbox', () => {
  it('answers a client on this machine', async () => {
    const page = await request(t.server).get('/dev/mailbox').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('peserta.rahasia@contoh.id');
    expect((await request(t.server).get(`/dev/mailbox/${messageId}/invite.ics`)).status).toBe(200);
  });

  it('does not show an outside visitor forwarded by a proxy on loopback anything, page or invitation', async () => {
    const page = await request(t.server).get('/dev/mailbox').set('Accept', 'text/html').set('X-Forwarded-For', OUTSIDE);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fdev%2Fmailbox');
    expect(page.text).not.toContain('peserta.rahasia');
    const json = await request(t.server).get('/dev/mailbox').set('Accept', 'application/json').set('X-Forwarded-For', OUTSIDE);
    expect(json.status).toBe(401);
    const invite = await request(t.server).get(`/dev/mailbox/${messageId}/invite.ics`).set('Accept', 'text/calendar').set('X-Forwarded-For', `127.0.0.1, ${OUTSIDE}`);
    expect(invite.status).toBe(401);
    expect(invite.text).not.toContain('VCALENDAR');
  });

  it('opens for a signed-in admin from anywhere, and tells other signed-in users why not', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const { agent: adminAgent } = await browser(t, '/', admin);
    const page = await adminAgent.get('/dev/mailbox').set('Accept', 'text/html').set('X-Forwarded-For', OUTSIDE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('peserta.rahasia@contoh.id');

    const { agent: creatorAgent } = await browser(t, '/', await createUser(t));
    const refused = await creatorAgent.get('/dev/mailbox').set('Accept', 'text/html').set('X-Forwarded-For', OUTSIDE);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Kotak surat pengembangan hanya terbuka dari komputer ini atau untuk admin.');
    expect(refused.text).not.toContain('peserta.rahasia');
  });

  it('says at start-up where it is and who it answers', async () => {
    const lines: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write;
    let app;
    try {
      app = await createApp(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }), { logger: ['log', 'error'] });
      await app.init();
    } finally {
      process.stdout.write = out;
      await app?.close();
    }
    expect(lines.join('')).toContain('Development mailbox at http://127.0.0.1:3000/dev/mailbox: answers clients on this machine (loopback) and signed-in admins only');
  });

  it('is not there at all in production, not even for an admin on this machine', async () => {
    const production = await startTestApp({ databaseUrl: t.databaseUrl, env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) } });
    try {
      const admin = await createUser(production, { role: 'admin' });
      const { agent } = await browser(production, '/', admin);
      expect((await agent.get('/dev/mailbox').set('Accept', 'text/html')).status).toBe(404);
      expect((await agent.get(`/dev/mailbox/${messageId}/invite.ics`)).status).toBe(404);
      expect((await agent.get('/manage/mail').set('Accept', 'text/html')).status).toBe(200);
    } finally {
      await production.close();
    }
  });
});
