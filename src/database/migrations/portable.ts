import { TableColumn, type QueryRunner, type TableColumnOptions } from 'typeorm';

/** Column builders for migrations that run unchanged on SQLite and PostgreSQL. */
export const isPostgres = (runner: QueryRunner): boolean => runner.connection.driver.options.type === 'postgres';

export const id = (): TableColumnOptions => ({
  name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment',
});

export const instant = (runner: QueryRunner, name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name, type: isPostgres(runner) ? 'timestamptz' : 'datetime', ...extra,
});

export const timestamps = (runner: QueryRunner): TableColumnOptions[] => [
  instant(runner, 'created_at', { default: 'CURRENT_TIMESTAMP' }),
  instant(runner, 'updated_at', { default: 'CURRENT_TIMESTAMP' }),
];

export const column = (options: TableColumnOptions): TableColumn => new TableColumn(options);
