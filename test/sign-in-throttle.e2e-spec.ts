import request from 'supertest';
import { SignInThrottle } from '../src/accounts/sign-in-throttle.entity.js';
import { pairSubject } from '../src/accounts/sign-in-throttle.js';
import type { User } from '../src/accounts/user.entity.js';
import { createUser, PASSWORD } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let second: TestApp;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // A second app instance on the same database (the same SQLite file, or the same PostgreSQL database).
  second = await startTestApp({ listen: true, databaseUrl: t.databaseUrl });
});
afterAll(async () => {
  await second.close();
  await t.close();
});

interface Answer { status: number; retryAfter: number | null; body: { code?: string; message?: string }; device: string | null }

let addressSeq = 0;
/** A client address as a proxy on loopback reports it (the app trusts X-Forwarded-For from loopback only). */
const address = () => `198.51.100.${(addressSeq++ % 250) + 1}`;

async function signIn(baseUrl: string, email: string, password: string, options: { ip: string; device?: string | null; lang?: string }): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Forwarded-For': options.ip };
  if (options.device) headers.Cookie = `rk_device=${options.device}`;
  if (options.lang) headers['Accept-Language'] = options.lang;
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  const device = res.headers.getSetCookie().map((c) => /^rk_device=([^;]+)/.exec(c)?.[1]).find(Boolean) ?? null;
  const retryAfter = res.headers.get('retry-after');
  return { status: res.status, retryAfter: retryAfter === null ? null : Number(retryAfter), body: await res.json() as Answer['body'], device };
}

/** Attempts whose password was actually compared: each leaves one row in sign_in_attempts. */
async function checkedPasswords(email: string): Promise<number> {
  const rows = await t.db.query(`SELECT COUNT(*) AS n FROM sign_in_attempts WHERE email = '${email}'`);
  return Number(rows[0].n);
}

/** As if the wait of this account from this address had run out. */
async function waitRunsOut(user: User, ip: string): Promise<void> {
  await t.tx.write((m) => m.update(SignInThrottle, { subject: pairSubject(user.email, ip).key }, { blockedUntil: new Date(Date.now() - 1000) }));
}

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('sign-in throttle under concurrency', () => {
  it('compares only five of 20 simultaneous wrong passwords for one account from one address, on two instances', async () => {
    const user = await createUser(t);
    const ip = address();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      signIn(i % 2 ? second.baseUrl : t.baseUrl, user.email, `salah-${i}`, { ip })));
    expect(count(answers, 401)).toBe(5);
    expect(count(answers, 429)).toBe(15);
    expect(await checkedPasswords(user.email)).toBe(5);
  });

  it('compares only five of 50 simultaneous wrong passwords', async () => {
    const user = await createUser(t);
    const ip = address();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      signIn(i % 2 ? second.baseUrl : t.baseUrl, user.email, `salah-${i}`, { ip })));
    expect(count(answers, 401)).toBe(5);
    expect(count(answers, 429)).toBe(45);
    expect(await checkedPasswords(user.email)).toBe(5);
  });

  it('holds the per-account ceiling against 40 simultaneous guesses from 40 addresses', async () => {
    const user = await createUser(t);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      signIn(i % 2 ? second.baseUrl : t.baseUrl, user.email, `salah-${i}`, { ip: `203.0.113.${i + 1}` })));
    expect(count(answers, 401)).toBe(20);
    expect(count(answers, 429)).toBe(20);
    expect(await checkedPasswords(user.email)).toBe(20);
  });
});

describe('sign-in throttle: guessing never locks the owner out', () => {
  it('answers a throttled attempt with 429, Retry-After and when to try again, in Indonesian and English', async () => {
    const user = await createUser(t);
    const ip = address();
    for (let i = 0; i < 5; i++) expect((await signIn(t.baseUrl, user.email, `salah-${i}`, { ip })).status).toBe(401);
    const id = await signIn(t.baseUrl, user.email, PASSWORD, { ip });
    expect(id.status).toBe(429);
    expect(id.body.code).toBe('sign_in_rate_limited');
    expect(id.retryAfter).toBeGreaterThan(0);
    expect(id.retryAfter).toBeLessThanOrEqual(60);
    expect(id.body.message).toBe('Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 1 menit.');
    const en = await signIn(second.baseUrl, user.email, PASSWORD, { ip, lang: 'en' });
    expect(en.status).toBe(429);
    expect(en.body.message).toBe('Too many failed sign-in attempts. Try again in 1 min.');
  });

  it('lets the owner in from another address while their account is being guessed at from one', async () => {
    const user = await createUser(t);
    const attacker = address();
    for (let i = 0; i < 8; i++) await signIn(t.baseUrl, user.email, `salah-${i}`, { ip: attacker });
    expect((await signIn(t.baseUrl, user.email, PASSWORD, { ip: attacker })).status).toBe(429);
    const owner = await signIn(second.baseUrl, user.email, PASSWORD, { ip: address() });
    expect(owner.status).toBe(200);
  });

  it('lets a correct password through after the wait, waits longer after each further failure, and starts again after success', async () => {
    const user = await createUser(t);
    const ip = address();
    for (let i = 0; i < 5; i++) await signIn(t.baseUrl, user.email, `salah-${i}`, { ip });
    const first = await signIn(t.baseUrl, user.email, 'salah-lagi', { ip });
    expect(first.status).toBe(429);

    await waitRunsOut(user, ip);
    expect((await signIn(t.baseUrl, user.email, 'salah-6', { ip })).status).toBe(401);
    const longer = await signIn(t.baseUrl, user.email, PASSWORD, { ip });
    expect(longer.status).toBe(429);
    expect(longer.retryAfter).toBeGreaterThan(60);
    expect(longer.body.message).toContain('2 menit');

    await waitRunsOut(user, ip);
    expect((await signIn(t.baseUrl, user.email, PASSWORD, { ip })).status).toBe(200);
    // A success starts the count again: five more tries before any wait.
    for (let i = 0; i < 5; i++) expect((await signIn(t.baseUrl, user.email, `salah-${i}`, { ip })).status).toBe(401);
    expect((await signIn(t.baseUrl, user.email, PASSWORD, { ip })).status).toBe(429);
  });

  it('lets the owner in from a device that signed in before, from the guessing address and past the account ceiling', async () => {
    const user = await createUser(t);
    const home = address();
    const first = await signIn(t.baseUrl, user.email, PASSWORD, { ip: home });
    expect(first.status).toBe(200);
    expect(first.device).toBeTruthy();

    // Guessing from 30 addresses: past the account's ceiling of 20, so a new browser anywhere has to wait.
    await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(t.baseUrl, user.email, `salah-${i}`, { ip: `192.0.2.${i + 1}` })));
    const stranger = await signIn(t.baseUrl, user.email, PASSWORD, { ip: address() });
    expect(stranger.status).toBe(429);

    const known = await signIn(second.baseUrl, user.email, PASSWORD, { ip: '192.0.2.1', device: first.device });
    expect(known.status).toBe(200);
    const again = await signIn(t.baseUrl, user.email, PASSWORD, { ip: home, device: first.device });
    expect(again.status).toBe(200);
  });

  it("does not accept another account's device cookie, nor a forged one", async () => {
    const owner = await createUser(t);
    const other = await createUser(t);
    const otherDevice = (await signIn(t.baseUrl, other.email, PASSWORD, { ip: address() })).device!;
    const ip = address();
    for (let i = 0; i < 5; i++) await signIn(t.baseUrl, owner.email, `salah-${i}`, { ip });
    expect((await signIn(t.baseUrl, owner.email, PASSWORD, { ip, device: otherDevice })).status).toBe(429);
    const forged = otherDevice.replace(/^\d+/, String(owner.id));
    expect((await signIn(t.baseUrl, owner.email, PASSWORD, { ip, device: forged })).status).toBe(429);
  });

  it('shows the wait on the sign-in page, with the email still filled in', async () => {
    const user = await createUser(t);
    const ip = address();
    const agent = request.agent(t.server);
    const page = await agent.get('/sign-in').set('Accept', 'text/html').set('X-Forwarded-For', ip);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    for (let i = 0; i < 5; i++) {
      const wrong = await agent.post('/sign-in').type('form').set('Accept', 'text/html').set('X-Forwarded-For', ip)
        .send({ _csrf: csrf, email: user.email, password: `salah-${i}` });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('Email atau kata sandi salah.');
    }
    const throttled = await agent.post('/sign-in').type('form').set('Accept', 'text/html').set('X-Forwarded-For', ip)
      .send({ _csrf: csrf, email: user.email, password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.text).toContain('Coba lagi dalam 1 menit.');
    expect(throttled.text).toContain(`value="${user.email}"`);
    expect(throttled.text).toContain('name="password"');
  });
});
