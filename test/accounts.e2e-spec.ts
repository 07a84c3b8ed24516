import request from 'supertest';
import { browser, createUser, PASSWORD } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const api = () => request(t.server);

describe('API accounts', () => {
  it('signs up a creator, keeps them signed in, and refuses a second account with the same email', async () => {
    const agent = request.agent(t.server);
    const res = await agent.post('/api/auth/sign-up').send({ name: 'Sari Wulandari', email: 'Sari@Contoh.id', password: 'batik-sari-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Sari Wulandari', email: 'sari@contoh.id', role: 'creator' });
    expect(String(res.headers['set-cookie'])).toMatch(/rk_session=.*HttpOnly.*SameSite=Lax/i);
    const me = await agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('sari@contoh.id');

    const again = await api().post('/api/auth/sign-up').send({ name: 'Sari Lain', email: 'sari@contoh.id', password: 'batik-sari-2' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, code: 'email_taken' });
    expect(again.body.message).toContain('sari@contoh.id');
  });

  it('answers bad sign-up input with 400 and a message per field, in Indonesian by default and English on request', async () => {
    const res = await api().post('/api/auth/sign-up').send({ name: 'S', email: 'bukan-email', password: 'pendek' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields.email[0]).toMatch(/alamat email/);
    expect(res.body.fields.password[0]).toBe('Minimal 8 karakter.');
    expect(res.body.fields.name[0]).toMatch(/2 sampai 120/);

    const en = await api().post('/api/auth/sign-up').set('Accept-Language', 'en-GB,en;q=0.9').send({ email: 'x' });
    expect(en.status).toBe(400);
    expect(en.body.fields.email[0]).toMatch(/valid email/);
  });

  it('refuses malformed JSON and form-encoded API writes without a 500', async () => {
    const malformed = await api().post('/api/auth/sign-in').set('Content-Type', 'application/json').send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_body');
    const form = await api().post('/api/auth/sign-in').type('form').send({ email: 'a@b.id', password: 'x' });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('json_required');
  });

  it('refuses a cookie-authenticated API write from another origin', async () => {
    const res = await api().post('/api/auth/sign-in').set('Origin', 'https://penipu.example').send({ email: 'a@b.id', password: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('cross_origin');
  });

  it('signs in with the right password, refuses the wrong one, and signs out', async () => {
    const user = await createUser(t);
    const wrong = await api().post('/api/auth/sign-in').send({ email: user.email, password: 'salah-sekali' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');

    const agent = request.agent(t.server);
    const ok = await agent.post('/api/auth/sign-in').send({ email: user.email.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await agent.get('/api/me')).status).toBe(200);
    expect((await agent.post('/api/auth/sign-out')).status).toBe(204);
    const after = await agent.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('makes an address wait after five wrong passwords for one account, and still lets the owner in from their browser', async () => {
    const user = await createUser(t);
    const owner = request.agent(t.server);
    expect((await owner.post('/api/auth/sign-in').send({ email: user.email, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await api().post('/api/auth/sign-in').send({ email: user.email, password: `salah-${i}` })).status).toBe(401);
    }
    const blocked = await api().post('/api/auth/sign-in').send({ email: user.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(blocked.body.message).toMatch(/Coba lagi dalam 1 menit/);
    expect((await owner.post('/api/auth/sign-in').send({ email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('creates a personal API token shown once, accepts it, and refuses it after revocation', async () => {
    const user = await createUser(t);
    const agent = request.agent(t.server);
    await agent.post('/api/auth/sign-in').send({ email: user.email, password: PASSWORD });
    const created = await agent.post('/api/me/tokens').send({ name: 'Laptop studio' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rk_/);
    const list = await agent.get('/api/me/tokens');
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const auth = `Bearer ${created.body.token}`;
    const me = await api().get('/api/me').set('Authorization', auth);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);

    expect((await agent.delete(`/api/me/tokens/${created.body.id}`)).status).toBe(204);
    const refused = await api().get('/api/me').set('Authorization', auth);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_token');
  });

  it("cannot revoke another user's token", async () => {
    const owner = await createUser(t);
    const other = await createUser(t);
    const ownerAgent = request.agent(t.server);
    await ownerAgent.post('/api/auth/sign-in').send({ email: owner.email, password: PASSWORD });
    const token = await ownerAgent.post('/api/me/tokens').send({ name: 'punya saya' });
    const otherAgent = request.agent(t.server);
    await otherAgent.post('/api/auth/sign-in').send({ email: other.email, password: PASSWORD });
    expect((await otherAgent.delete(`/api/me/tokens/${token.body.id}`)).status).toBe(404);
    expect((await api().get('/api/me').set('Authorization', `Bearer ${token.body.token}`)).status).toBe(200);
  });
});

describe('Account pages', () => {
  it('signs up through the form and lands on the home page signed in', async () => {
    const { agent, csrf } = await browser(t, '/sign-up');
    const res = await agent.post('/sign-up').type('form').send({ _csrf: csrf, name: 'Yosef Kareth', email: 'yosef@kopipapua.id', password: 'kopi-papua-1' });
    expect(res.status).toBe(303);
    const home = await agent.get('/');
    expect(home.text).toContain('Selamat datang, Yosef Kareth!');
    expect(home.text).toContain('Keluar');
  });

  it('re-renders the sign-up form with the values and a message per field', async () => {
    const { agent, csrf } = await browser(t, '/sign-up');
    const res = await agent.post('/sign-up').type('form').send({ _csrf: csrf, name: 'Yosef', email: 'salah', password: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('value="Yosef"');
    expect(res.text).toContain('Masukkan alamat email yang benar');
    expect(res.text).toContain('Minimal 8 karakter.');
    expect(res.text).not.toContain('value="x"');
    expect(res.text).toContain('<a href="#f-email">Email: Masukkan alamat email yang benar');
    expect(res.text).toContain('<a href="#f-password">Kata sandi: Minimal 8 karakter.</a>');
  });

  it('calls making an account "Buat akun" on the page, its button and the header', async () => {
    const page = await request(t.server).get('/sign-up');
    expect(page.text).toContain('<h1>Buat akun kreator</h1>');
    expect(page.text).toContain('<button type="submit" class="button">Buat akun</button>');
    expect(page.text).toContain('<a class="button" href="/sign-up" aria-current="page">Buat akun</a>');
    expect(page.text).not.toMatch(/>Daftar</);
    const signIn = await request(t.server).get('/sign-in?lang=en');
    expect(signIn.text).toContain('<a href="/sign-up">Create account</a>');
  });

  it('refuses a form post without the CSRF token', async () => {
    const { agent } = await browser(t, '/sign-up');
    const res = await agent.post('/sign-up').type('form').set('Accept', 'text/html').send({ name: 'Yosef', email: 'y@contoh.id', password: 'kopi-papua-1' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir ini sudah kedaluwarsa');
  });

  it('sends visitors of the account page to sign in and back afterwards', async () => {
    const res = await request(t.server).get('/account').set('Accept', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount');
  });

  it('creates and revokes a token on the account page', async () => {
    const user = await createUser(t);
    const { agent, csrf } = await browser(t, '/account', user);
    const created = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'Ponsel' });
    expect(created.status).toBe(201);
    const token = /<code class="token" id="new-token">(rk_[\w-]+)<\/code>/.exec(created.text)?.[1];
    expect(token).toBeDefined();
    expect((await request(t.server).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const id = /\/account\/tokens\/(\d+)\/revoke/.exec(created.text)?.[1];
    expect((await agent.post(`/account/tokens/${id}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await request(t.server).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('switches to English and remembers it', async () => {
    const agent = request.agent(t.server);
    const en = await agent.get('/?lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Creative spaces in a post office near you');
    const later = await agent.get('/sign-in');
    expect(later.text).toContain('Sign in to Ruang Kreatif');
  });
});
