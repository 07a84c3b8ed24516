import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Each reader's page cache: a national quarter reads tens of megabytes of index pages, which SQLite's default of 2 MB
 * kept reading again from the OS (memory-mapping the file did as well, but counts the whole file in the app's RSS).
 */
const CACHE_KIB = 64 * 1024;

type Params = Record<string, string | number | null>;
interface Job { sql: string; params: Params; resolve: (rows: unknown[]) => void; reject: (error: Error) => void }
interface Reader { worker: Worker; job: Job | null }

/**
 * The reader's code, run as a CommonJS script in the thread (a file would need compiling for the tests): one
 * read-only connection to the database file, each statement prepared once, one statement at a time.
 */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.timeout });
db.pragma('cache_size = -' + workerData.cacheKib);
const statements = new Map();
parentPort.on('message', ({ sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) { statement = db.prepare(sql); statements.set(sql, statement); }
    parentPort.postMessage({ rows: statement.all(params) });
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
  }
});`;

/**
 * Long reads of a SQLite file (the reports: hundreds of milliseconds over a national data set) on read-only
 * connections in two worker threads, so they run beside each other on the machine's cores and never hold the event loop
 * that serves every other request. WAL lets them read while the writer writes; each statement sees what was committed
 * when it began, so a booking committed before a report was asked for is in it. Writes never come here.
 */
export class SqliteReaders {
  private readonly readers: Reader[] = [];
  private readonly queue: Job[] = [];
  private readonly driver = createRequire(import.meta.url).resolve('better-sqlite3');
  private closed = false;
  /** Resolves close() once the last statement has answered. */
  private idle: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly file: string, private readonly timeoutMs: number, private readonly size = Math.min(2, availableParallelism())) {}

  /** The statement's rows (named parameters `@p1…`), from the first free reader. */
  all<T>(sql: string, params: Params): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error('the database readers are closed'));
    return new Promise<T[]>((resolve, reject) => {
      this.queue.push({ sql, params, resolve: resolve as (rows: unknown[]) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Takes no more statements, lets those already asked for finish (a request still being answered at shutdown gets
   * its report; the app's shutdown timeout bounds the wait), then stops the threads.
   */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      if (this.busy()) await new Promise<void>((resolve) => { this.idle = resolve; });
      await Promise.all(this.readers.splice(0).map((r) => r.worker.terminate()));
    })();
    return this.closing;
  }

  private busy(): boolean {
    return this.queue.length > 0 || this.readers.some((r) => r.job);
  }

  private dispatch(): void {
    if (this.idle && !this.busy()) this.idle();
    while (this.queue.length) {
      const reader = this.readers.find((r) => !r.job) ?? (this.readers.length < this.size ? this.start() : null);
      if (!reader) return;
      reader.job = this.queue.shift()!;
      reader.worker.ref(); // a statement being answered keeps the process alive, an idle thread does not
      reader.worker.postMessage({ sql: reader.job.sql, params: reader.job.params });
    }
  }

  private start(): Reader {
    const worker = new Worker(READER, { eval: true, workerData: { driver: this.driver, file: this.file, timeout: this.timeoutMs, cacheKib: CACHE_KIB } });
    worker.unref();
    const reader: Reader = { worker, job: null };
    worker.on('message', (message: { rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const job = reader.job;
      reader.job = null;
      reader.worker.unref();
      if (message.error) job?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else job?.resolve(message.rows ?? []);
      this.dispatch();
    });
    // A thread that dies (out of memory, the file gone) fails its statement; the next statement starts a new one.
    const lost = (error: Error) => {
      const index = this.readers.indexOf(reader);
      if (index < 0) return;
      this.readers.splice(index, 1);
      reader.job?.reject(error);
      reader.job = null;
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`a database reader stopped (exit code ${code})`)));
    this.readers.push(reader);
    return reader;
  }
}
