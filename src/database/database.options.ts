import type { DataSourceOptions, LoggerOptions } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** The one place that builds TypeORM options: used by the app, the tests, the seed script and the migration CLI. */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    // Expected failures (a taken slot, a duplicate email) surface as domain errors; unexpected ones are logged by the filter.
    logging: false as LoggerOptions,
  };
  if (config.database.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.database.url,
      // Read committed is what Transactions.write() relies on; set per connection, a transaction opens in one round trip
      // (TypeORM's transaction('READ COMMITTED') sends START TRANSACTION and SET TRANSACTION separately).
      extra: { max: 10, options: '-c TimeZone=UTC -c default_transaction_isolation=read\\ committed' },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.database.path,
    enableWAL: config.database.path !== ':memory:',
    timeout: 10_000,
  };
}
