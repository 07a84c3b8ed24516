import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { SqliteReaders } from './sqlite-readers.js';

/** node-postgres's own mapping of a value to its wire text (what its Query uses for Bind). */
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

export type SqlValue = string | number | boolean | Date | null | Array<string | number | boolean | null>;

/** One hot statement, written once with `$1…$n` placeholders; `sqlite` overrides the text where the dialects differ. */
export interface Statement { name: string; sql: string; sqlite?: string }

/** Lists as JSON (read with json_each); dates as TypeORM writes them into SQLite `datetime` columns (UTC, milliseconds), so both stay comparable. */
const sqliteValue = (value: SqlValue): string | number | null =>
  value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '')
    : typeof value === 'boolean' ? Number(value) : Array.isArray(value) ? JSON.stringify(value) : value;
/** A statement's SQLite text, its `$n` placeholders named `@pn` (better-sqlite3 binds `{ pn: … }`). */
const sqliteText = (statement: Statement): string => (statement.sqlite ?? statement.sql).replace(/\$(\d+)/g, '@p$1');
const sqliteParams = (values: SqlValue[]): Record<string, string | number | null> => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, sqliteValue(v)]));

/**
 * Prepared statements for the hot paths, beside TypeORM: a better-sqlite3 statement prepared once per process on
 * SQLite (on TypeORM's own connection, so it runs inside the transaction `Transactions.write()` opened), a named
 * prepared statement per pooled connection on PostgreSQL. Rows come back plain, with the database's column names.
 */
@Injectable()
export class Prepared implements OnApplicationShutdown {
  private readonly sqlite: BetterSqlite3.Database | null;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** Read-only connections in threads for `read()` (a SQLite file; an in-memory database has one connection only). */
  private readonly readers: SqliteReaders | null;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'better-sqlite3'
      ? (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection : null;
    const file = this.sqlite ? String(dataSource.options.database) : null;
    this.readers = file && file !== ':memory:' && !file.startsWith('file::memory:')
      ? new SqliteReaders(file, (dataSource.options as { timeout?: number }).timeout ?? 10_000) : null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readers?.close();
  }

  /**
   * A long read outside any transaction (the reports): on SQLite in a reader thread (SqliteReaders), so several run at
   * once and the event loop stays free; on PostgreSQL on any pooled connection, as `rows(null, …)`.
   */
  async read<T>(statement: Statement, values: SqlValue[]): Promise<T[]> {
    if (!this.readers) return this.rows<T>(null, statement, values);
    const sql = sqliteText(statement);
    try {
      return await this.readers.all<T>(sql, sqliteParams(values));
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  }

  get isPostgres(): boolean {
    return !this.sqlite;
  }

  /**
   * Runs `statement` and returns its rows. `m` is the transaction's manager for writes (PostgreSQL runs the statement
   * on that transaction's connection); reads pass null and take any pooled connection.
   */
  async rows<T>(m: EntityManager | null, statement: Statement, values: SqlValue[]): Promise<T[]> {
    if (this.sqlite) {
      const prepared = this.sqliteStatement(statement);
      const named = sqliteParams(values);
      return this.wrap(statement, values, () => (prepared.reader ? prepared.all(named) : (prepared.run(named), [])) as T[]);
    }
    const client = m ? await this.connectionOf(m) : this.pool();
    try {
      return (await client.query({ name: statement.name, text: statement.sql, values })).rows as T[];
    } catch (error) {
      throw new QueryFailedError(statement.sql, values, error as Error);
    }
  }

  /**
   * Runs statements of one transaction whose rows nobody reads (deletes, inserts, a lock), in order. On SQLite one
   * after another, in-process. On PostgreSQL in ONE round trip when every statement is already prepared on the
   * transaction's connection: a Bind and an Execute for each, then one Sync (the extended protocol's pipelining, for
   * these statements only: node-postgres's own `pipeline` option applies to every query of a client, and switched on
   * pool-wide it broke the door check-in sync; `Pipeline` below). Each statement sees the ones before it; the first
   * error stops the rest and fails the call. A connection that has not prepared them yet runs them one by one (which
   * prepares them).
   */
  async pipeline(m: EntityManager, steps: Array<[Statement, SqlValue[]]>): Promise<void> {
    const client = this.sqlite ? null : await this.connectionOf(m);
    const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } } | null)?.connection.parsedStatements;
    if (!client || !steps.every(([s]) => parsed?.[s.name] === s.sql)) {
      for (const [statement, values] of steps) await this.rows(m, statement, values);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      client.query(new Pipeline(steps, (error) => (error ? reject(new QueryFailedError(steps.map(([st]) => st.name).join('; '), [], error)) : resolve())) as never);
    });
  }

  async one<T>(m: EntityManager | null, statement: Statement, values: SqlValue[]): Promise<T | undefined> {
    return (await this.rows<T>(m, statement, values))[0];
  }

  /** The select list of an entity's columns under `alias`, each named `alias_column`, for `entity()` to read back. */
  columnsOf(target: EntityTarget<ObjectLiteral>, alias: string): string {
    return this.dataSource.getMetadata(target).columns.map((c) => `${alias}.${c.databaseName} AS ${alias}_${c.databaseName}`).join(', ');
  }

  /**
   * An entity from the `alias_column` fields of a plain row, each value hydrated as TypeORM loads it (dates, JSON,
   * booleans), without a query builder; null when the row has no such entity (an outer join's miss).
   */
  entity<T extends ObjectLiteral>(target: EntityTarget<T>, row: Record<string, unknown>, alias: string): T | null {
    const metadata = this.dataSource.getMetadata(target);
    if (row[`${alias}_id`] === null || row[`${alias}_id`] === undefined) return null;
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      (entity as Record<string, unknown>)[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[`${alias}_${column.databaseName}`], column);
    }
    return entity;
  }

  /** The pooled connection a write transaction (its manager) runs on. */
  private connectionOf(m: EntityManager): Promise<PoolClient> {
    return (m.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect();
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  private sqliteStatement(statement: Statement): BetterSqlite3.Statement {
    let prepared = this.statements.get(statement.name);
    if (!prepared) {
      prepared = this.sqlite!.prepare(sqliteText(statement));
      this.statements.set(statement.name, prepared);
    }
    return prepared;
  }

  private wrap<T>(statement: Statement, values: SqlValue[], run: () => T): T {
    try {
      return run();
    } catch (error) {
      // The same error type TypeORM raises, so isConstraintViolation() and the error filter treat both alike.
      throw new QueryFailedError(statement.sqlite ?? statement.sql, values, error as Error);
    }
  }
}

interface PgConnection {
  bind(config: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  execute(config: { portal: string; rows?: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  stream: { cork?(): void; uncork?(): void };
}

/**
 * A node-postgres "submittable" (the interface pg-cursor uses): Bind and Execute of each already prepared statement,
 * then one Sync, so the server answers them all in one round trip. Rows are not read. An error makes the server skip
 * to the Sync; the client then reports the error here and the next ReadyForQuery ends the pipeline.
 */
class Pipeline {
  private failed: Error | null = null;
  private done = false;

  constructor(private readonly steps: Array<[Statement, SqlValue[]]>, private readonly callback: (error: Error | null) => void) {}

  submit(connection: PgConnection): null {
    connection.stream.cork?.();
    try {
      for (const [statement, values] of this.steps) {
        connection.bind({ portal: '', statement: statement.name, values, valueMapper: pgUtils.prepareValue });
        connection.execute({ portal: '' });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('not a copy');
  }
  handleCopyData(): void {}

  handleError(error: Error): void {
    this.failed ??= error;
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.callback(this.failed);
  }
}
