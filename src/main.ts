import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/configuration.js';
import { createApp } from './app.setup.js';
import { shutDownOnSignals } from './common/graceful-shutdown.js';
import { seedIfEmpty } from './database/seeds/demo.seed.js';

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
  if (config.host) await app.listen(config.port, config.host);
  else await app.listen(config.port);
  shutDownOnSignals(app, config.shutdownTimeoutSeconds);
  Logger.log(`Ruang Kreatif is listening on ${config.publicBaseUrl}`, 'Main');
}

void main();
