import { databaseKindOf } from '../../config/configuration.js';

/**
 * Instants are stored in UTC: `timestamptz` on PostgreSQL, `datetime` (UTC text) on SQLite.
 * Entity metadata is built when classes load, so the engine is read from DATABASE_URL here.
 */
export const dateTimeType = (): 'timestamptz' | 'datetime' =>
  databaseKindOf() === 'postgres' ? 'timestamptz' : 'datetime';
