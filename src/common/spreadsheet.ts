import ExcelJS from 'exceljs';

/**
 * Spreadsheet downloads (attendee lists, reports) that no spreadsheet program turns into formulas.
 *
 * A CSV cell is read as a formula when it starts with `=`, `+`, `-` or `@` (Excel also takes the full-width and small
 * forms, and LibreOffice may trim leading spaces first), or with a tab or carriage return. Which characters start a
 * cell depends on the reader: Indonesian-locale spreadsheets split on `;`, others on `,`, some on tabs or line breaks
 * without honouring quotes. So every place a cell could start after any of those separators is neutralised with a
 * leading `'`, and every field is quoted. XLSX cells are typed text and need none of this.
 */

const FORMULA_CHARS = '=+\\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212';
const FORMULA_START = new RegExp(`^(?:[\\t\\r]|\\s*[${FORMULA_CHARS}])`, 'u');
const AFTER_SEPARATOR = new RegExp(`([,;\\t\\r\\n])(?=[\\t\\r]|\\s*[${FORMULA_CHARS}])`, 'gu');

/** True when a spreadsheet could read `text`, as a whole cell, as a formula. */
export function startsFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

const asText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

/** The text with a `'` before every spot, at the start or after `,` `;` tab or a line break, that would start a formula. */
export function neutraliseFormulas(value: unknown): string {
  const text = asText(value).replace(AFTER_SEPARATOR, "$1'");
  return startsFormula(text) ? `'${text}` : text;
}

/** One CSV field: neutralised and always quoted, so neither `,` nor `;` inside it can split it. */
export function csvCell(value: unknown): string {
  return `"${neutraliseFormulas(value).replaceAll('"', '""')}"`;
}

/** A whole CSV file: UTF-8 with a BOM (so spreadsheets read the encoding right), CRLF line ends, comma-separated. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF): a workbook holding one
// would not open at all.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A value as it goes into a worksheet cell: numbers stay numbers, everything else is text, never a formula. Line
 * breaks become `\n`, as an XML reader would turn them anyway.
 */
export function xlsxCellValue(value: unknown): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return asText(value).replace(/\r\n?/g, '\n').replace(NOT_XML, '\uFFFD');
}

/**
 * A workbook with one sheet: a bold, frozen header row and one row per record, every non-numeric cell a string cell
 * with the Text number format (so editing it later keeps it text).
 */
export async function toXlsx(sheetName: string, header: readonly string[], rows: readonly (readonly unknown[])[]): Promise<Buffer> {
  return toXlsxBook([{ name: sheetName, header, rows }]);
}

/** A workbook with one sheet per table (reports), each laid out as `toXlsx` lays out its one. */
export async function toXlsxBook(sheets: ReadonlyArray<{ name: string; header: readonly string[]; rows: readonly (readonly unknown[])[] }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ruang Kreatif';
  for (const { name, header, rows } of sheets) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const sheet = workbook.addWorksheet(name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = header.map((h) => h.length);
    for (const [index, row] of [header, ...rows].entries()) {
      const added = sheet.addRow(row.map(xlsxCellValue));
      added.eachCell({ includeEmpty: true }, (cell, column) => {
        if (typeof cell.value !== 'number') cell.numFmt = '@';
        widths[column - 1] = Math.max(widths[column - 1] ?? 0, String(cell.value ?? '').length);
      });
      if (index === 0) added.font = { bold: true };
    }
    sheet.columns.forEach((column, i) => { column.width = Math.min(50, Math.max(8, (widths[i] ?? 8) + 2)); });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
