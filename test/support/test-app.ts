import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../config/configuration.js';
import { createApp } from '../../src/app.setup.js';
import { Transactions } from '../../src/database/transactions.js';

export interface TestApp {
  app: NestExpressApplication;
  server: Server;
  db: DataSource;
  tx: Transactions;
  config: AppConfig;
  /** http://127.0.0.1:<port> when started with `listen: true`. */
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** A fresh, empty database per test file: a temporary SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const path = join(tmpdir(), `rk-test-${randomBytes(6).toString('hex')}.sqlite`);
    return {
      url: `sqlite:${path}`,
      drop: async () => { for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true }); },
    };
  }
  const name = `rk_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Builds the app exactly as main.ts does (createApp), on its own database. */
export async function startTestApp(options: { listen?: boolean; databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const fresh = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await freshDatabase();
  const config = loadConfig({
    ...process.env, NODE_ENV: 'test', DATABASE_URL: fresh.url, SEED_DEMO_DATA: 'false',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000', ...options.env,
  });
  const app = await createApp(config, { logger: ['error'] });
  let baseUrl = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  } else {
    await app.init();
  }
  const db = app.get(DataSource);
  return {
    app, server: app.getHttpServer(), db, tx: app.get(Transactions), config, baseUrl, databaseUrl: fresh.url,
    close: async () => {
      await app.close();
      await fresh.drop();
    },
  };
}
