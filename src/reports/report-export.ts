import { csvCell, toXlsxBook } from '../common/spreadsheet.js';
import type { ReportTable } from './report-tables.js';

/**
 * The whole report as one CSV: a title line before each table, a blank line between tables; UTF-8 with a BOM, CRLF,
 * every cell quoted and neutralised against formulas (common/spreadsheet.ts).
 */
export function reportCsv(heading: string[], tables: ReportTable[]): string {
  const lines = [heading.map(csvCell).join(',')];
  for (const table of tables) {
    lines.push('', csvCell(table.title), table.header.map(csvCell).join(','), ...table.rows.map((row) => row.map(csvCell).join(',')));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as XLSX: one sheet per table. */
export function reportXlsx(tables: ReportTable[]): Promise<Buffer> {
  return toXlsxBook(tables.map((table) => ({ name: table.title, header: table.header, rows: table.rows })));
}
