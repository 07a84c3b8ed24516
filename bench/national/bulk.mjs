// Bulk writers for the national data set: better-sqlite3 prepared INSERTs in big transactions on SQLite, and
// INSERT … SELECT FROM unnest(typed arrays) in batches on PostgreSQL. Rows are arrays in the order of `columns`
// ([name, type] with type int | text | time | bool | float; a time is epoch milliseconds).
import Database from 'better-sqlite3';
import pg from 'pg';

const sqliteTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const PG_TYPES = { int: 'int[]', text: 'text[]', time: 'timestamptz[]', bool: 'boolean[]', float: 'float8[]' };

export async function openBulk(databaseUrl) {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice(7));
    // Safe only because the file is new and thrown away on failure: no journal, no fsync while building.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = OFF');
    return {
      engine: 'sqlite',
      async insert(table, columns, rows) {
        const convert = columns.map(([, type]) => (type === 'time' ? (v) => (v === null ? null : sqliteTime(v)) : type === 'bool' ? (v) => (v === null ? null : v ? 1 : 0) : (v) => v));
        const statement = db.prepare(`INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        let count = 0;
        const batch = db.transaction((list) => { for (const row of list) statement.run(row.map((v, i) => convert[i](v))); });
        let list = [];
        for (const row of rows) {
          list.push(row);
          if (list.length === 50_000) { batch(list); count += list.length; list = []; }
        }
        batch(list);
        return count + list.length;
      },
      async query(sql) { return db.prepare(sql).all(); },
      async exec(sql) { db.exec(sql); },
      async close() { db.pragma('journal_mode = WAL'); db.close(); },
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c TimeZone=UTC' });
  await client.connect();
  // Foreign keys and the counters' trigger are skipped while loading (ids are assigned here, the counters written
  // with the events); the checks in validate() read the result afterwards. The exclusion constraint still holds.
  await client.query("SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
  return {
    engine: 'postgres',
    async insert(table, columns, rows) {
      const sql = `INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${PG_TYPES[t]}`).join(', ')})`;
      const convert = columns.map(([, type]) => (type === 'time' ? (v) => (v === null ? null : new Date(v).toISOString()) : (v) => v));
      let count = 0;
      let arrays = columns.map(() => []);
      const flush = async () => {
        if (!arrays[0].length) return;
        count += arrays[0].length;
        await client.query(sql, arrays);
        arrays = columns.map(() => []);
      };
      for (const row of rows) {
        for (let i = 0; i < row.length; i++) arrays[i].push(convert[i](row[i]));
        if (arrays[0].length === 20_000) await flush();
      }
      await flush();
      return count;
    },
    async query(sql) { return (await client.query(sql)).rows; },
    async exec(sql) { await client.query(sql); },
    async close() { await client.end(); },
  };
}
