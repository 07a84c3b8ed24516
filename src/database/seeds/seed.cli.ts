import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../config/configuration.js';
import { buildDataSourceOptions } from '../database.options.js';
import { resetDemoData } from './demo.seed.js';

/** `npm run seed`: empties the database and loads the demo network again (never in production). */
const config = loadConfig();
if (config.nodeEnv === 'production') {
  console.error('Refusing to reset demo data with NODE_ENV=production.');
  process.exit(1);
}
const db = await new DataSource(buildDataSourceOptions(config)).initialize();
await resetDemoData(db);
await db.destroy();
console.log('Demo network loaded.');
