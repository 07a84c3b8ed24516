import ExcelJS from 'exceljs';
import request from 'supertest';
import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Jakarta';
let t: TestApp;
let venue: Venue;
let room: Room;
let organiser: User;
let eventId: number;

/** Names people could type into the public registration form to attack whoever opens the list in a spreadsheet. */
const HOSTILE = [
  'Budi;=1+2', 'Sari;@SUM(A1:A9)', 'Dewi,=HYPERLINK("http://x";"klik")', '=cmd|\' /C calc\'!A0',
  '\uFF1D1+2 Yosef', '\uFF0B62812 Made', '\uFF0D3+4 Aisyah', '\uFF20SUM(A1) Rina', 'Tono; \uFF1D1+2', 'Ani;\t=1+2',
];
// Independent of the code under test: what Excel, LibreOffice and Google Sheets read as the start of a formula.
const FORMULA = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/u;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Pos Bloc Jakarta', city: 'Jakarta Pusat', province: 'DKI Jakarta' });
  room = await createRoom(t, venue.id, { name: 'Aula Pos Bloc', kind: 'workshop_room', capacity: 40, maxMinutes: 480 });
  organiser = await createUser(t, { name: 'Andi Penyelenggara' });
  eventId = (await publishedEvent(t, await bearer(t, organiser), room, nextWeekday(ZONE, 3), ZONE, { capacity: 30, title: 'Kelas ekspor UMKM' })).id;
  for (const [n, name] of HOSTILE.entries()) {
    const registered = await request(t.server).post(`/api/events/${eventId}/registrations`)
      .send({ name, email: `peserta${n}@contoh.id`, businessName: `Toko ${n};+62812`, sector: '-Kriya', consent: true });
    expect(registered.status).toBe(201);
  }
});
afterAll(async () => { await t.close(); });

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The cells a spreadsheet makes of one CSV line when it splits on `separator` (honouring quotes, as they do). */
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

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

describe('the attendee CSV', () => {
  it('is UTF-8 with a BOM, and no cell starts a formula whether it is split on commas or on semicolons', async () => {
    const res = await request(t.server).get(`/api/events/${eventId}/registrations.csv`).set('Authorization', await bearer(t, organiser))
      .buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(HOSTILE.length + 1);
    for (const line of lines) {
      for (const separator of [',', ';']) {
        const hostile = cellsOf(line, separator).filter((cell) => FORMULA.test(cell));
        expect({ line, separator, hostile }).toEqual({ line, separator, hostile: [] });
      }
    }
    // Read with the comma it was written with, each name is one cell, recognisable (a quote marks where a formula was).
    const names = lines.slice(1).map((line) => cellsOf(line, ',')[2].replaceAll("'", ''));
    expect(names).toEqual(HOSTILE.map((name) => name.replaceAll("'", '')));
  });
});

describe('the attendee XLSX', () => {
  it('is linked beside the CSV on the organiser\'s page and holds every hostile name as a plain text cell', async () => {
    const { agent } = await browser(t, `/events/${eventId}/manage`, organiser);
    const page = await agent.get(`/events/${eventId}/manage`).set('Accept', 'text/html');
    expect(page.text).toContain(`href="/events/${eventId}/attendees.xlsx"`);
    expect(page.text).toContain('Unduh XLSX (Excel)');

    const res = await agent.get(`/events/${eventId}/attendees.xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?peserta-acara-${eventId}\\.xlsx"?$`));
    const sheet = await workbookOf(res.body as Buffer);
    expect(sheet.getRow(1).getCell(3).value).toBe('name');
    const rows = HOSTILE.map((_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => r.getCell(3).value)).toEqual(HOSTILE);
    for (const row of rows) {
      row.eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number]).toContain(cell.type);
      });
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(3).numFmt).toBe('@');
    }
    expect(rows.map((r) => r.getCell(6).value)).toEqual(HOSTILE.map((_, n) => `Toko ${n};+62812`));
    expect(rows.every((r) => r.getCell(7).value === '-Kriya')).toBe(true);
    expect(rows.map((r) => r.getCell(4).value)).toEqual(HOSTILE.map((_, n) => `peserta${n}@contoh.id`));
  });

  it('is given to the venue\'s manager and admins, 403 to another creator, and sends a visitor to sign in', async () => {
    for (const user of [await makeManager(t, venue.id), await createUser(t, { role: 'admin' })]) {
      const { agent } = await browser(t, '/events', user);
      const res = await agent.get(`/events/${eventId}/attendees.xlsx`).buffer(true).parse(binary);
      expect([user.role, res.status]).toEqual([user.role, 200]);
      expect((await workbookOf(res.body as Buffer)).rowCount).toBe(HOSTILE.length + 1);
    }
    const stranger = await browser(t, '/events', await createUser(t));
    const refused = await stranger.agent.get(`/events/${eventId}/attendees.xlsx`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).not.toContain('spreadsheetml');
    expect(refused.text).not.toContain('peserta0@contoh.id');
    const anonymous = await request(t.server).get(`/events/${eventId}/attendees.xlsx`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    expect((await stranger.agent.get('/events/999999/attendees.xlsx')).status).toBe(404);
  });
});
