import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/configuration.js';
import { createApp } from './app.setup.js';
import { shutDownOnSignals } from './common/graceful-shutdown.js';
import { seedIfEmpty } from './database/seeds/demo.seed.js';

// A burst (thousands posting the registration form at once) overflows Node's default accept queue of 511: each
// connection dropped there waits for the client's SYN retry (1 s, then 3 s, 7 s…) or fails. The kernel caps the
// queue at net.core.somaxconn.
const ACCEPT_BACKLOG = 4096;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  if (config.seedDemoData) {
    const seeded = await seedIfEmpty(app.get(DataSource));
    if (seeded) Logger.log('Loaded the demo network (see README for the demo accounts).', 'Seed');
  }
  // Nest hands listen's arguments on to Node's server.listen(port, host, backlog); its types name only the host.
  const listen = app.listen.bind(app) as (port: number, host: string | undefined, backlog: number) => Promise<unknown>;
  await listen(config.port, config.host || undefined, ACCEPT_BACKLOG);
  shutDownOnSignals(app, config.shutdownTimeoutSeconds);
  Logger.log(`Ruang Kreatif is listening on ${config.publicBaseUrl}`, 'Main');
}

void main();
