import request from 'supertest';
import { ApiToken } from '../src/accounts/api-token.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import { createUser, PASSWORD } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** A browser as plain cookies, so a test can plant another browser's cookie in it. */
class Browser {
  readonly cookies = new Map<string, string>();

  private header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(res: request.Response): request.Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of set ?? []) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(path: string): Promise<{ res: request.Response; csrf: string }> {
    const res = this.keep(await request(t.server).get(path).set('Accept', 'text/html').set('Cookie', this.header()));
    return { res, csrf: csrfOf(res.text) };
  }

  async post(path: string, form: Record<string, string>): Promise<request.Response> {
    return this.keep(await request(t.server).post(path).type('form').set('Accept', 'text/html').set('Cookie', this.header()).send(form));
  }

  async signIn(user: User): Promise<string> {
    const { csrf } = await this.get('/sign-in');
    const res = await this.post('/sign-in', { _csrf: csrf, email: user.email, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    return (await this.get('/account')).csrf;
  }
}

const tokensOf = (user: User) => t.db.getRepository(ApiToken).countBy({ userId: user.id });

describe('form tokens are bound to the session', () => {
  it("refuses a form with A's session and another browser's planted CSRF cookie and token", async () => {
    const alice = await createUser(t);
    const a = new Browser();
    await a.signIn(alice);

    const stranger = new Browser();
    const { csrf: strangerToken } = await stranger.get('/sign-in');
    a.cookies.set('rk_csrf', stranger.cookies.get('rk_csrf')!);
    const res = await a.post('/account/tokens', { _csrf: strangerToken, name: 'Titipan penyerang' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir ini sudah kedaluwarsa');
    expect(await tokensOf(alice)).toBe(0);
  });

  it("refuses a signed-in attacker's own cookie and token planted next to A's session", async () => {
    const alice = await createUser(t);
    const mallory = await createUser(t);
    const a = new Browser();
    await a.signIn(alice);
    const m = new Browser();
    const malloryToken = await m.signIn(mallory);
    if (m.cookies.has('rk_csrf')) a.cookies.set('rk_csrf', m.cookies.get('rk_csrf')!);
    const res = await a.post('/account/tokens', { _csrf: malloryToken, name: 'Titipan penyerang' });
    expect(res.status).toBe(403);
    expect(await tokensOf(alice)).toBe(0);
  });

  it('accepts the token of the page the signed-in user loaded', async () => {
    const alice = await createUser(t);
    const a = new Browser();
    const csrf = await a.signIn(alice);
    expect((await a.post('/account/tokens', { _csrf: csrf, name: 'Laptop' })).status).toBe(201);
    expect(await tokensOf(alice)).toBe(1);
  });

  it('changes the token at sign-in and refuses the one from before', async () => {
    const alice = await createUser(t);
    const a = new Browser();
    const { csrf: before } = await a.get('/sign-in');
    const after = await a.signIn(alice);
    expect(after).not.toBe(before);
    expect((await a.post('/account/tokens', { _csrf: before, name: 'Lama' })).status).toBe(403);
    expect(await tokensOf(alice)).toBe(0);
  });

  it('does not accept the signed-in token after signing out', async () => {
    const alice = await createUser(t);
    const a = new Browser();
    const signedIn = await a.signIn(alice);
    expect((await a.post('/sign-out', { _csrf: signedIn })).status).toBe(303);
    const res = await a.post('/sign-up', { _csrf: signedIn, name: 'Orang Lain', email: 'lain@contoh.id', password: 'rahasia-lain-1' });
    expect(res.status).toBe(403);
    const { csrf } = await a.get('/sign-up');
    expect(csrf).not.toBe(signedIn);
  });
});

describe('forms of visitors who are not signed in', () => {
  it('still need the token of their own browser', async () => {
    const visitor = new Browser();
    const { csrf } = await visitor.get('/sign-up');
    const other = new Browser();
    const { csrf: otherToken } = await other.get('/sign-up');
    const refused = await visitor.post('/sign-up', { _csrf: otherToken, name: 'Dewi Lestari', email: 'dewi.csrf@contoh.id', password: 'tenun-ikat-1' });
    expect(refused.status).toBe(403);
    const accepted = await visitor.post('/sign-up', { _csrf: csrf, name: 'Dewi Lestari', email: 'dewi.csrf@contoh.id', password: 'tenun-ikat-1' });
    expect(accepted.status).toBe(303);
  });

  it('sign in with the token of the sign-in page', async () => {
    const user = await createUser(t);
    const visitor = new Browser();
    const { csrf } = await visitor.get('/sign-in');
    expect((await visitor.post('/sign-in', { _csrf: csrf, email: user.email, password: PASSWORD })).status).toBe(303);
  });

  it('get the pre-session cookie with a form page, not from a health probe', async () => {
    const visitor = new Browser();
    await visitor.get('/sign-up');
    expect(visitor.cookies.has('rk_csrf')).toBe(true);
    const probe = await request(t.server).get('/healthz');
    expect(probe.status).toBe(200);
    expect(probe.headers['set-cookie']).toBeUndefined();
  });
});

describe('the JSON API', () => {
  it('needs no form token for a same-origin JSON write with the session cookie, and refuses another origin', async () => {
    const alice = await createUser(t);
    const a = new Browser();
    await a.signIn(alice);
    const cookie = `rk_session=${a.cookies.get('rk_session')}`;
    const ok = await request(t.server).post('/api/me/tokens').set('Cookie', cookie).send({ name: 'Skrip' });
    expect(ok.status).toBe(201);
    const cross = await request(t.server).post('/api/me/tokens').set('Cookie', cookie).set('Origin', 'https://penipu.example').send({ name: 'Skrip' });
    expect(cross.status).toBe(403);
    expect(cross.body.code).toBe('cross_origin');
  });
});
