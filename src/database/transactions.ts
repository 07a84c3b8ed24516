import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * The one door for write transactions.
 *
 * SQLite under TypeORM is a single shared connection: two concurrent `transaction()` calls would nest
 * (savepoints inside another request's transaction). So on SQLite every write waits its turn in a FIFO
 * queue and opens with `BEGIN IMMEDIATE`, which also takes the file's write lock against other processes.
 * Work passed here must not await network I/O: it holds the only writer.
 * On PostgreSQL each transaction gets its own pooled connection; the database's constraints and row
 * locks arbitrate between instances.
 */
@Injectable()
export class Transactions implements BeforeApplicationShutdown {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sqlite: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'better-sqlite3';
  }

  /** On shutdown, the writes already queued run before the database closes (for at most ten seconds). */
  async beforeApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + 10_000;
    let tail: Promise<unknown>;
    do {
      tail = this.tail;
      const timeUp = new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())).unref());
      if (!(await Promise.race([tail.then(() => true), timeUp]))) return;
    } while (tail !== this.tail);
  }

  get isPostgres(): boolean {
    return !this.sqlite;
  }

  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const all = async (m: EntityManager) => {
      try {
        const result = await work(m);
        for (const last of Transactions.lastWork.get(m)?.values() ?? []) await last();
        return result;
      } finally {
        Transactions.lastWork.delete(m);
      }
    };
    try {
      if (!this.sqlite) return await this.dataSource.transaction(all); // read committed: set per connection (database.options.ts)
      const turn = this.tail.then(() => this.runSqlite(all));
      this.tail = turn.catch(() => undefined);
      return await turn;
    } finally {
      Transactions.epoch += 1;
    }
  }

  private static readonly lastWork = new WeakMap<EntityManager, Map<string, () => Promise<void>>>();

  /**
   * Runs `work` at the end of `m`'s transaction, just before it commits, once per `key` (the first registration wins)
   * and in the order first registered: what reads the transaction's own changes as a whole, after all of them, and
   * takes the last lock (the reports' roll-ups).
   */
  static beforeCommit(m: EntityManager, key: string, work: () => Promise<void>): void {
    let queue = Transactions.lastWork.get(m);
    if (!queue) Transactions.lastWork.set(m, (queue = new Map()));
    if (!queue.has(key)) queue.set(key, work);
  }

  /** Counts write transactions of this process: a short-lived read cache compares it to know it may be stale. */
  static epoch = 0;

  /**
   * Locks one row until the transaction ends, for read-then-write rules (a capacity count, a counter).
   * On SQLite the whole database is already held by `BEGIN IMMEDIATE`, so there is nothing more to do.
   */
  async lockRow(manager: EntityManager, table: string, id: number): Promise<void> {
    if (this.sqlite) return;
    await manager.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  }

  private async runSqlite<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    // TypeORM's own startTransaction issues a DEFERRED BEGIN; we open IMMEDIATE and tell the runner it is inside.
    await runner.query('BEGIN IMMEDIATE');
    const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      state.isTransactionActive = false;
      state.transactionDepth = 0;
      await runner.release();
    }
  }
}

/** True when a write failed on a unique or exclusion constraint (on either engine). */
export function isConstraintViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string };
  if (driverError.code === '23505' || driverError.code === '23P01') {
    return !constraint || driverError.constraint === constraint;
  }
  return /UNIQUE constraint failed/.test(driverError.message ?? '') &&
    (!constraint || (driverError.message ?? '').includes(constraint));
}

/**
 * True when a write lost a race for a slot to a concurrent one: a unique or exclusion constraint refused it, or, on
 * PostgreSQL, two inserts that conflict under an exclusion constraint each waited for the other and the database
 * aborted one of them (deadlock_detected, which exclusion constraints can raise where a unique index would not).
 */
export function lostRace(error: unknown): boolean {
  return isConstraintViolation(error) || (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01');
}

