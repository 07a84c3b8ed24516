import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { START, type StreamPosition } from './cursor.js';

/**
 * The domain-event stream (`domain_events` as `d`) with `columns`, after `after` in stream order (tx, id). On
 * PostgreSQL only rows below the oldest running transaction are read, so a row committed later by a slower transaction
 * can never fall behind a position already handed out. Callers add their filters and a limit.
 */
export function streamAfter(db: DataSource, columns: string[], after: StreamPosition = START): SelectQueryBuilder<ObjectLiteral> {
  const pg = db.options.type === 'postgres';
  const q = db.createQueryBuilder().select(columns).from('domain_events', 'd')
    .where(pg ? '(d.tx, d.id) > (CAST(:tx AS bigint), :id)' : '(d.tx, d.id) > (:tx, :id)', { tx: pg ? after.tx : Number(after.tx), id: after.id })
    .orderBy('d.tx', 'ASC').addOrderBy('d.id', 'ASC');
  if (pg) q.andWhere('d.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint');
  return q;
}

/** A row's stream position (SQLite hands tx back as a number, PostgreSQL's bigint as text). */
export const positionOf = (row: { tx: string | number; id: number | string }): StreamPosition => ({ tx: String(row.tx), id: Number(row.id) });

/** The last stream position every reader may already see (START on an empty stream). */
export async function streamHead(db: DataSource): Promise<StreamPosition> {
  const row = await streamAfter(db, ['d.tx AS tx', 'd.id AS id']).orderBy('d.tx', 'DESC').addOrderBy('d.id', 'DESC').limit(1)
    .getRawOne<{ tx: string | number; id: number }>();
  return row ? positionOf(row) : START;
}
