import type { DataSource, ObjectLiteral } from 'typeorm';

const asBound = (value: unknown): unknown => (Number.isSafeInteger(value) ? BigInt(value as number) : value);

/**
 * TypeORM's SQLite driver writes number parameters into the SQL text (`WHERE "id" = 42`), so every id makes another
 * statement: better-sqlite3 prepares it again (a tenth of a booking's CPU was `prepare`), and the stream of one-off
 * texts pushes the constant ones out of TypeORM's statement cache, so they are prepared again too. Integers are bound
 * instead, as BigInt, which SQLite binds as a 64-bit integer: stored and compared exactly like the literal was.
 */
export function bindIntegerParameters(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const driver = dataSource.driver;
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql: string, parameters: ObjectLiteral) =>
    escape(sql, parameters && Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, asBound(value)])));
  return dataSource;
}
