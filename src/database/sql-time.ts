/**
 * SQL for `instant + minutes` (both SQL expressions: a timestamp column and an integer one), comparable with instant
 * parameters on either engine: PostgreSQL adds an interval to the `timestamptz`; SQLite keeps the stored UTC text's
 * shape ("YYYY-MM-DD HH:MM:SS.SSS", what TypeORM writes and binds Dates as), so text comparison stays time order.
 */
export const plusMinutesSql = (postgres: boolean, instant: string, minutes: string): string => postgres
  ? `(${instant} + ${minutes} * INTERVAL '1 minute')`
  : `strftime('%Y-%m-%d %H:%M:%f', ${instant}, '+' || ${minutes} || ' minutes')`;

/** An instant read through `Prepared`: SQLite returns the UTC text TypeORM wrote, PostgreSQL a Date. */
export const instantOf = (value: Date | string): Date => (value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`));
