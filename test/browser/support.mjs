// Starts the built app on its own SQLite file with the demo network, and Debian's Chromium, for browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Starts the app on `port`; `env` adds or overrides settings (WEBHOOK_ALLOWED_HOSTS for a receiver on 127.0.0.1). */
export async function startServer(port, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rk-browser-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env, PORT: String(port), NODE_ENV: 'development', SEED_DEMO_DATA: 'true',
      DATABASE_URL: `sqlite:${join(dir, 'browser.sqlite')}`, PUBLIC_BASE_URL: baseUrl, ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt === 119) throw new Error('the app did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    baseUrl,
    /** The server's SQLite file, for a test that must place rows at the real clock's time (a booking starting now). */
    databasePath: join(dir, 'browser.sqlite'),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** The demo accounts' password (src/database/seeds). */
export const DEMO_PASSWORD = 'ruangkreatif2026';

/** Runs `action` (a click that loads a page) and answers the response of the page it loaded. */
export async function follow(page, action) {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  return response;
}

/** Signs a demo account in through the sign-in form and waits until the page after it has loaded. */
export async function signInAs(page, baseUrl, email) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('textbox', { name: /^Email/ }).fill(email);
  await page.getByLabel(/^Kata sandi/).fill(DEMO_PASSWORD);
  await follow(page, () => page.locator('main').getByRole('button', { name: 'Masuk' }).click());
}
