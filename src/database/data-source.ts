import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/configuration.js';
import { buildDataSourceOptions } from './database.options.js';

/** For the TypeORM CLI (`npm run migration:*`): the same options as the app. */
export default new DataSource({ ...buildDataSourceOptions(loadConfig()), migrationsRun: false });
