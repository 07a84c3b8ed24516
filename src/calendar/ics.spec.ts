import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { buildCalendar, fillInCalendar, googleCalendarLink, PLACEHOLDER_STAMP, outlookCalendarLink, webcalUrl, type CalendarItem } from './ics.js';

const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();
const item = (overrides: Partial<CalendarItem> = {}): CalendarItem => ({
  uid: 'reservation-7@ruangkreatif.id', sequence: 2, start: at('2026-03-10T09:30', 'Asia/Jakarta'), end: at('2026-03-10T11:00', 'Asia/Jakarta'),
  stamp: new Date('2026-03-01T00:00:00Z'), summary: 'Live selling', description: 'Studio A', location: 'Studio A, Jl. Pos No. 2, Jakarta',
  status: 'confirmed', ...overrides,
});
// ical.js has no design for the calendar-level names and keeps them raw; a strict reader treats them as TEXT (RFC 7986).
for (const name of ['name', 'x-wr-calname', 'x-wr-caldesc']) ICAL.design.icalendar.property[name] ??= { defaultType: 'text' };
const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('fillInCalendar', () => {
  it('turns a calendar built ahead with stand-ins into the one built from the real values, folding included', () => {
    // Every offset of the stand-in against the 75-octet folds, so some stand-ins are cut by a fold; the real id is
    // shorter than the stand-in, so the folds after it move.
    const mark = '@@id0123456789ab@@';
    const stamp = new Date('2026-03-02T03:04:05Z');
    let cut = 0;
    for (let pad = 0; pad < 75; pad++) {
      const text = `${'é'.repeat(pad % 3)}${'a'.repeat(pad)} 会议 🎉`;
      const withId = (id: string) => item({ uid: `reservation-${id}@ruangkreatif.id`, summary: text, description: `${text}\nhttps://ruangkreatif.id/reservations/${id}`,
        url: `https://ruangkreatif.id/reservations/${id}` });
      const ahead = buildCalendar({ name: text, method: 'REQUEST' }, [{ ...withId(mark), stamp: PLACEHOLDER_STAMP }]);
      if (ahead.split(mark).length - 1 < 3) cut++;
      expect(fillInCalendar(ahead, { [mark]: '4821' }, stamp)).toBe(buildCalendar({ name: text, method: 'REQUEST' }, [{ ...withId('4821'), stamp }]));
    }
    expect(cut).toBeGreaterThan(0);
  });
});

describe('buildCalendar', () => {
  it('writes CRLF lines of at most 75 octets, ends with CRLF, and has one VERSION and PRODID', () => {
    const text = buildCalendar({ name: 'Uji' }, [item({ description: 'é 会议 🎉 '.repeat(40) })]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.match(/^VERSION:2\.0$/gm)).toHaveLength(1);
    expect(text.match(/^PRODID:/gm)).toHaveLength(1);
    // Folding never splits a UTF-8 character: the unfolded text decodes cleanly.
    expect(parse(text).getFirstSubcomponent('vevent')!.getFirstPropertyValue('description')).toBe('é 会议 🎉 '.repeat(40));
  });

  it.each([
    ['Asia/Jakarta', '2026-03-10T02:30:00Z'],
    ['Asia/Makassar', '2026-03-10T01:30:00Z'],
    ['Asia/Jayapura', '2026-03-10T00:30:00Z'],
  ])('puts 09:30 in %s at %s, in UTC with no floating time', (zone, utc) => {
    const text = buildCalendar({ name: 'Uji' }, [item({ start: at('2026-03-10T09:30', zone), end: at('2026-03-10T10:30', zone) })]);
    const vevent = parse(text).getFirstSubcomponent('vevent')!;
    const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString().replace('.000', '')).toBe(utc);
    expect(text).toMatch(/^DTSTART:\d{8}T\d{6}Z$/m);
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/m);
    expect(text).not.toMatch(/TZID|TIMEZONE-ID/);
  });

  it('has one UID, DTSTAMP, DTSTART and DTEND per event, with the given UID and SEQUENCE every time it is built', () => {
    const a = buildCalendar({ name: 'Uji' }, [item()]);
    const b = buildCalendar({ name: 'Uji' }, [item()]);
    expect(a).toBe(b);
    for (const prop of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND']) expect(a.match(new RegExp(`^${prop}[:;]`, 'gm'))).toHaveLength(1);
    const vevent = parse(a).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe('reservation-7@ruangkreatif.id');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(2);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('round-trips text with commas, semicolons, backslashes, newlines and non-ASCII', () => {
    const title = 'Kopi, teh; \\ jamu\nbaris dua é 会议 🎉';
    const vevent = parse(buildCalendar({ name: 'Uji' }, [item({ summary: title, location: title })])).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe(title);
    expect(vevent.getFirstPropertyValue('location')).toBe(title);
  });

  it('escapes every TEXT value it writes, the calendar name included, so a comma never ends a name', () => {
    const title = 'Studio Live, Lantai 2; ruang \\ kecil\nbaris dua';
    const who = { name: 'Rina, "Kopi"; Toraja \\ Timur', email: 'rina@contoh.id' };
    const text = buildCalendar({ name: title, method: 'REQUEST' }, [item({ summary: title, description: title, location: title, organizer: who, attendee: who, geo: { lat: -5.1, lon: 119.4 } })]);
    // The raw lines, as a reader that splits at an unescaped comma or semicolon sees them.
    const escaped = 'Studio Live\\, Lantai 2\\; ruang \\\\ kecil\\nbaris dua';
    for (const prop of ['NAME', 'X-WR-CALNAME', 'SUMMARY', 'DESCRIPTION', 'LOCATION']) {
      expect(text.replace(/\r\n /g, '')).toContain(`\r\n${prop}:${escaped}\r\n`);
    }
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('name')).toBe(title);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(title);
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    for (const prop of ['summary', 'description', 'location']) expect(vevent.getFirstPropertyValue(prop)).toBe(title);
    // Names are parameter values: quoted (RFC 6868 for the quote), commas and semicolons kept.
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe(who.name);
    expect(vevent.getFirstProperty('attendee')!.getParameter('cn')).toBe(who.name);
    expect(parse(buildCalendar({ name: 'a\r\nb\u0007c' }, [item()])).getFirstPropertyValue('x-wr-calname')).toBe('a\nbc');
  });

  it('asks for no reply: RSVP=FALSE on a request, and a cancellation\'s attendee carries neither RSVP nor PARTSTAT', () => {
    const people = { organizer: { name: 'Ruang Kreatif', email: 'jadwal@ruangkreatif.id' }, attendee: { name: 'Ani', email: 'ani@contoh.id' } };
    const request = parse(buildCalendar({ name: 'x', method: 'REQUEST' }, [item(people)])).getFirstSubcomponent('vevent')!.getFirstProperty('attendee')!;
    expect(request.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(request.getParameter('rsvp')).toBe('FALSE');
    const cancel = buildCalendar({ name: 'x', method: 'CANCEL' }, [item({ ...people, status: 'cancelled' })]);
    const attendee = parse(cancel).getFirstSubcomponent('vevent')!.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:ani@contoh.id');
    expect(attendee.getParameter('rsvp')).toBeUndefined();
    expect(attendee.getParameter('partstat')).toBeUndefined();
    expect(cancel).not.toMatch(/RSVP/);
  });

  it('cannot be made to carry a second event through a title or a calendar name', () => {
    const evil = 'Rapat\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT';
    const text = buildCalendar({ name: evil, method: 'PUBLISH' }, [item({ summary: evil, location: evil })]);
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    expect(parse(text).getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('marks a cancelled item and carries the feed refresh hints and the method when asked', () => {
    const text = buildCalendar({ name: 'Feed', ttlSeconds: 3600 }, [item({ status: 'cancelled' })]);
    expect(text).toMatch(/^STATUS:CANCELLED$/m);
    expect(text).toMatch(/^REFRESH-INTERVAL;VALUE=DURATION:PT1H$/m);
    expect(text).toMatch(/^X-PUBLISHED-TTL:PT1H$/m);
    expect(text).not.toMatch(/^METHOD:/m);
    expect(buildCalendar({ name: 'x', method: 'CANCEL' }, [item()])).toMatch(/^METHOD:CANCEL$/m);
  });
});

describe('calendar links', () => {
  it('gives Google and Outlook the UTC times of the booking', () => {
    const google = new URL(googleCalendarLink(item()));
    expect(google.searchParams.get('dates')).toBe('20260310T023000Z/20260310T040000Z');
    const outlook = new URL(outlookCalendarLink(item()));
    expect(outlook.searchParams.get('startdt')).toBe('2026-03-10T02:30:00Z');
    expect(outlook.searchParams.get('enddt')).toBe('2026-03-10T04:00:00Z');
    expect(webcalUrl('https://ruangkreatif.id/venues/1/events.ics')).toBe('webcal://ruangkreatif.id/venues/1/events.ics');
  });
});

describe('ical-generator on this Node', () => {
  // ical-generator 11 declares Node 22 or 24+, and the product runs on Node 20 (docs/decisions.md): this test is the
  // proof that it works here. It fails if the library is swapped for another major version without a second look.
  it('is major version 11 and builds a valid calendar on the running Node, whatever the engines field says', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(new URL('../../node_modules/ical-generator/package.json', import.meta.url), 'utf8')) as { version: string; engines: { node: string } };
    expect(manifest.version.split('.')[0]).toBe('11');
    const text = buildCalendar({ name: `Node ${process.versions.node}` }, [item()]);
    const vevent = parse(text).getFirstSubcomponent('vevent')!;
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-03-10T02:30:00.000Z');
    expect(text).toContain(`X-WR-CALNAME:Node ${process.versions.node}`);
  });
});
