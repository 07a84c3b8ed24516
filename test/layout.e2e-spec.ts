import request from 'supertest';
import { browser, createUser } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('the page frame', () => {
  it('has a compact header: the brand, a menu button controlling the list of links, the links a plain list without script', async () => {
    const page = await request(t.server).get('/events');
    expect(page.status).toBe(200);
    const header = /<header class="site-header">([\s\S]*?)<\/header>/.exec(page.text)![1];
    expect(header).toContain('<button type="button" class="menu-button" aria-expanded="false" aria-controls="site-menu">');
    expect(header).toContain('<ul class="nav-links" id="site-menu">');
    // Every link is in the markup (no script builds the menu), in reading order after the button.
    const order = ['menu-button', 'href="/venues"', 'href="/search"', 'href="/events" aria-current="page"', 'href="/sign-in"', 'lang="en"', 'href="/sign-up"'];
    const positions = order.map((needle) => header.indexOf(needle));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page.text).toContain('<script src="/assets/js/nav.js" defer></script>');
  });

  it('uses no inline script anywhere (the CSP allows only our own files), and serves the menu script', async () => {
    const user = await createUser(t, { name: 'Rina Kreator' });
    const { agent } = await browser(t, '/events', user);
    for (const path of ['/', '/venues', '/events', '/search', '/sign-up', '/account']) {
      const html = path === '/sign-up' ? (await request(t.server).get(path)).text : (await agent.get(path)).text;
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    }
    const script = await request(t.server).get('/assets/js/nav.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain("'aria-expanded'");
    expect(script.text).toContain("'Escape'");
  });

  it('names the menu in English too and shows signed-in links in the same list', async () => {
    const user = await createUser(t, { name: 'Made Wirawan' });
    const { agent } = await browser(t, '/venues', user);
    const html = (await agent.get('/venues?lang=en')).text;
    const list = /<ul class="nav-links" id="site-menu">([\s\S]*?)<\/ul>/.exec(html)![1];
    expect(list).toContain('href="/reservations"');
    expect(list).toContain('>Made Wirawan</a>');
    expect(list).toContain('Sign out');
    expect(list).not.toContain('href="/sign-up"');
    expect(html).toMatch(/aria-controls="site-menu"><span class="menu-icon" aria-hidden="true"><\/span>Menu<\/button>/);
  });
});
