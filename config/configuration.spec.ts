import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './configuration.js';

describe('loadConfig', () => {
  it('defaults to an embedded SQLite file under var/, port 3000, Indonesian and demo data in development', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'sqlite' });
    expect(config.database.kind === 'sqlite' && config.database.path).toMatch(/var\/ruang-kreatif\.sqlite$/);
    expect(config).toMatchObject({ port: 3000, defaultLocale: 'id', seedDemoData: true, publicBaseUrl: 'http://localhost:3000' });
  });

  it('switches to PostgreSQL with a postgres:// DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/rk' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/rk' });
  });

  it('names every wrong variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'tiga ribu', DATABASE_URL: 'mysql://x', DEFAULT_LOCALE: 'fr', PUBLIC_BASE_URL: 'ftp://x' }))
      .toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'tiga ribu', DATABASE_URL: 'mysql://x', DEFAULT_LOCALE: 'fr' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT must be a whole number');
      expect(message).toContain('DATABASE_URL must start with sqlite: or postgres://');
      expect(message).toContain('DEFAULT_LOCALE must be id or en');
    }
  });

  it('requires a real session secret in production and never seeds there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
    expect(config.seedDemoData).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED_DEMO_DATA: 'true' })).toThrow(/production/);
  });

  it('lets a mail worker presume another dead only well after its heartbeat stopped', () => {
    expect(loadConfig({}).mail).toMatchObject({ heartbeatMs: 5_000, takeoverMs: 60_000 });
    expect(loadConfig({ MAIL_HEARTBEAT_SECONDS: '0.1', MAIL_TAKEOVER_SECONDS: '2' }).mail).toMatchObject({ heartbeatMs: 100, takeoverMs: 2_000 });
    expect(() => loadConfig({ MAIL_TAKEOVER_SECONDS: '20' })).toThrow(/MAIL_TAKEOVER_SECONDS must be at least 8 × MAIL_HEARTBEAT_SECONDS \(40\)/);
    expect(() => loadConfig({ MAIL_HEARTBEAT_SECONDS: 'lima' })).toThrow(/MAIL_HEARTBEAT_SECONDS/);
  });

  it('writes the development mailbox where MAIL_DIR says, var/mail by default, and refuses a file or an empty value', () => {
    expect(loadConfig({}).mail.outboxDir).toBe(resolve('var/mail'));
    const dir = mkdtempSync(join(tmpdir(), 'rk-mail-'));
    try {
      expect(loadConfig({ MAIL_DIR: join(dir, 'kotak') }).mail.outboxDir).toBe(join(dir, 'kotak'));
      writeFileSync(join(dir, 'berkas'), '');
      expect(() => loadConfig({ MAIL_DIR: join(dir, 'berkas') })).toThrow(/MAIL_DIR must be a folder/);
      expect(() => loadConfig({ MAIL_DIR: ' ' })).toThrow(/MAIL_DIR must be a folder path/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shutdown and listen settings', () => {
  it('gives requests in flight 10 s after SIGTERM unless SHUTDOWN_TIMEOUT_SECONDS says otherwise, and listens everywhere unless HOST is set', () => {
    expect(loadConfig({})).toMatchObject({ shutdownTimeoutSeconds: 10, host: null });
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '4', HOST: '127.0.0.1' })).toMatchObject({ shutdownTimeoutSeconds: 4, host: '127.0.0.1' });
  });

  it('names a shutdown timeout that is not a number of seconds from 1 to 300, and a HOST that is not an address', () => {
    for (const value of ['0', 'sepuluh', '301', '']) {
      expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: value })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds from 1 to 300/);
    }
    expect(() => loadConfig({ HOST: 'localhost; rm -rf /' })).toThrow(/HOST must be a host name or IP address/);
  });
});
