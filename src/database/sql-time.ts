/**
 * SQL for `instant + minutes` (both SQL expressions: a timestamp column and an integer one), comparable with instant
 * parameters on either engine: PostgreSQL adds an interval to the `timestamptz`; SQLite keeps the stored UTC text's
 * shape ("YYYY-MM-DD HH:MM:SS.SSS", what TypeORM writes and binds Dates as), so text comparison stays time order.
 */
export const plusMinutesSql = (postgres: boolean, instant: string, minutes: string): string => postgres
  ? `(${instant} + ${minutes} * INTERVAL '1 minute')`
  : `strftime('%Y-%m-%d %H:%M:%f', ${instant}, '+' || ${minutes} || ' minutes')`;

/** An instant from a plain row: SQLite returns the UTC text TypeORM wrote, PostgreSQL Date objects. */
export const instant = (v: Date | string): Date => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));
