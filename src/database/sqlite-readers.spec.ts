import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReaders } from './sqlite-readers.js';

describe('SqliteReaders', () => {
  let dir: string;
  let writer: Database.Database;
  let readers: SqliteReaders;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rk-readers-'));
    writer = new Database(join(dir, 'db.sqlite'));
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE rooms (id INTEGER PRIMARY KEY, name TEXT NOT NULL, venue_id INTEGER NOT NULL)');
    writer.prepare('INSERT INTO rooms (name, venue_id) VALUES (?, ?)').run('Studio Live', 1);
    writer.prepare('INSERT INTO rooms (name, venue_id) VALUES (?, ?)').run('Ruang Podcast', 2);
    readers = new SqliteReaders(join(dir, 'db.sqlite'), 1000, 2);
  });

  afterEach(async () => {
    await readers.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the rows of the statement and its named parameters', async () => {
    await expect(readers.all('SELECT id, name FROM rooms WHERE venue_id = @p1', { p1: 2 })).resolves.toEqual([{ id: 2, name: 'Ruang Podcast' }]);
  });

  it('sees what the writer committed before the statement, also after the reader has read', async () => {
    await readers.all('SELECT COUNT(*) AS n FROM rooms', {});
    writer.prepare('INSERT INTO rooms (name, venue_id) VALUES (?, ?)').run('Ruang Workshop', 1);
    await expect(readers.all('SELECT COUNT(*) AS n FROM rooms', {})).resolves.toEqual([{ n: 3 }]);
  });

  it('never sees a write the writer has not committed', async () => {
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('INSERT INTO rooms (name, venue_id) VALUES (?, ?)').run('Ruang Foto', 3);
    await expect(readers.all('SELECT COUNT(*) AS n FROM rooms', {})).resolves.toEqual([{ n: 2 }]);
    writer.exec('ROLLBACK');
  });

  it('fails the statement with SQLite\'s reason and goes on answering', async () => {
    await expect(readers.all('SELECT nope FROM rooms', {})).rejects.toThrow(/no such column: nope/);
    await expect(readers.all('INSERT INTO rooms (name, venue_id) VALUES (@p1, 1) RETURNING id', { p1: 'x' })).rejects.toThrow(/readonly database/);
    await expect(readers.all('SELECT COUNT(*) AS n FROM rooms', {})).resolves.toEqual([{ n: 2 }]);
  });

  it('leaves the event loop free while a long statement runs, and runs statements side by side', async () => {
    const long = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @p1) SELECT SUM(x) AS s FROM c';
    const order: string[] = [];
    const reads = [readers.all(long, { p1: 2_000_000 }).then(() => order.push('read')), readers.all(long, { p1: 2_000_000 }).then(() => order.push('read'))];
    await new Promise((resolve) => setImmediate(resolve)).then(() => order.push('event loop'));
    await Promise.all(reads);
    expect(order).toEqual(['event loop', 'read', 'read']);
  });

  it('finishes the statements asked for before closing, and refuses any after', async () => {
    const long = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @p1) SELECT SUM(x) AS s FROM c';
    const running = [1, 2, 3].map((n) => readers.all(long, { p1: n * 100_000 }));
    const closed = readers.close();
    await expect(readers.all('SELECT 1', {})).rejects.toThrow(/closed/);
    await expect(Promise.all(running)).resolves.toEqual([[{ s: 5000050000 }], [{ s: 20000100000 }], [{ s: 45000150000 }]]);
    await closed;
  });
});
