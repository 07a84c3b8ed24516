import ExcelJS from 'exceljs';
import { csvCell, neutraliseFormulas, startsFormula, toCsv, toXlsx, xlsxCellValue } from './spreadsheet.js';

/** How a spreadsheet would cut one CSV line into cells with `separator`, honouring quotes (as Excel and LibreOffice do). */
function cellsOf(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) { cells.push(cell); cell = ''; } else cell += c;
  }
  return [...cells, cell];
}

/** The same, by a reader that ignores quotes altogether. */
const naiveCellsOf = (line: string, separator: RegExp) => line.replaceAll('"', '').split(separator);

const HOSTILE = [
  '=1+2', '+62812', '-2+3', '@SUM(A1)', '\t=1', '\r=1', ' =1+2', '\u3000=1', '\u00A0+1',
  'Budi;=1+2', 'Budi,=1+2', 'Budi; =HYPERLINK("http://x")', 'Budi;\t@x', 'Budi\n=1', 'Budi\r\n-1',
  '\uFF1D1+2', '\uFF0B1', '\uFF0D1', '\uFF20SUM(A1)', 'Budi;\uFF1D1+2', 'Budi,\uFF20x', '\uFE661', '\u22121',
  '=HYPERLINK("http://x";"klik")', 'a";=1+2;"b',
];

describe('startsFormula', () => {
  it('recognises every way a cell can start a formula, full-width and after leading spaces included', () => {
    for (const text of ['=1', '+1', '-1', '@x', '\tx', '\rx', '  =1', '\uFF1D1', '\uFF0B1', '\uFF0D1', '\uFF20x', '\u3000\uFF1D1']) {
      expect([text, startsFormula(text)]).toEqual([text, true]);
    }
    for (const text of ['Budi', 'Kopi Gayo', "'=1", '1-2', 'a=b', '', ' Budi']) expect([text, startsFormula(text)]).toEqual([text, false]);
  });
});

describe('neutraliseFormulas', () => {
  it('puts a quote before the cell and after every separator where a formula would start', () => {
    expect(neutraliseFormulas('=1+2')).toBe("'=1+2");
    expect(neutraliseFormulas('Budi;=1+2')).toBe("Budi;'=1+2");
    expect(neutraliseFormulas('Budi, -1;@x')).toBe("Budi,' -1;'@x");
    expect(neutraliseFormulas('\uFF1D1+2')).toBe("'\uFF1D1+2");
    expect(neutraliseFormulas(' =1')).toBe("' =1");
  });

  it('leaves ordinary names, numbers inside text and empty values as they are', () => {
    expect(neutraliseFormulas('Dewi Lestari')).toBe('Dewi Lestari');
    expect(neutraliseFormulas('Tenun Ikat; Sumba')).toBe('Tenun Ikat; Sumba');
    expect(neutraliseFormulas('Batik 1-2')).toBe('Batik 1-2');
    expect(neutraliseFormulas(null)).toBe('');
    expect(neutraliseFormulas(undefined)).toBe('');
    expect(neutraliseFormulas(7)).toBe('7');
  });
});

describe('csvCell and toCsv', () => {
  it('quotes every field and doubles its quotes', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('Batik, Sari')).toBe('"Batik, Sari"');
    expect(csvCell('Kopi Gayo')).toBe('"Kopi Gayo"');
    expect(csvCell(null)).toBe('""');
  });

  it('writes UTF-8 with a BOM and CRLF line ends', () => {
    expect(toCsv(['name', 'city'], [['Dewi', 'Makassar'], ['Yosef', 'Jayapura']]))
      .toBe('\uFEFF"name","city"\r\n"Dewi","Makassar"\r\n"Yosef","Jayapura"\r\n');
  });

  it('gives no cell that starts a formula, whether the file is split on commas or semicolons, with or without quotes', () => {
    const csv = toCsv(['name', 'email'], HOSTILE.map((name) => [name, 'x@contoh.id']));
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    for (const line of lines) {
      const readings = [
        ...cellsOf(line, ','), ...cellsOf(line, ';'), ...cellsOf(line, '\t'),
        ...naiveCellsOf(line, /[,;\t\r\n]/), ...naiveCellsOf(line, /;/), ...naiveCellsOf(line, /,/),
      ];
      for (const cell of readings) expect([line, cell, startsFormula(cell)]).toEqual([line, cell, false]);
    }
  });

  it('keeps each hostile name in one cell when read with the comma it was written with', () => {
    const csv = toCsv(['name'], HOSTILE.map((name) => [name]));
    // Line breaks inside a quoted field stay inside it, so the file is read as a whole.
    const body = csv.slice(1 + '"name"\r\n'.length);
    const names: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (quoted) {
        if (c === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === '\r' && body[i + 1] === '\n') { names.push(cell); cell = ''; i++; }
    }
    expect(names).toHaveLength(HOSTILE.length);
    // What is read back is the name with quotes only where a formula could have started.
    expect(names.map((n) => n.replaceAll("'", ''))).toEqual(HOSTILE.map((n) => n.replaceAll("'", '')));
  });
});

describe('toXlsx', () => {
  it('writes hostile values as plain text cells, never formulas, exactly as typed', async () => {
    const buffer = await toXlsx('Peserta', ['arrival', 'name'], HOSTILE.map((name, i) => [i + 1, name]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Peserta')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'arrival', 'name']);
    HOSTILE.forEach((name, i) => {
      const cell = sheet.getRow(i + 2).getCell(2);
      expect([cell.type, cell.value, cell.formula]).toEqual([ExcelJS.ValueType.String, name.replace(/\r\n?/g, '\n'), undefined]);
      expect(cell.numFmt).toBe('@');
      expect(sheet.getRow(i + 2).getCell(1).value).toBe(i + 1);
    });
  });

  it('replaces characters a workbook cannot hold instead of writing a file that does not open', async () => {
    expect(xlsxCellValue('Budi\u0000\u0007 \uD800 Sari')).toBe('Budi\uFFFD\uFFFD \uFFFD Sari');
    expect(xlsxCellValue('Kopi \u{1F600}')).toBe('Kopi \u{1F600}');
    const buffer = await toXlsx('Peserta', ['name'], [['Budi\u0000']]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Peserta')!.getRow(2).getCell(1).value).toBe('Budi\uFFFD');
  });
});
