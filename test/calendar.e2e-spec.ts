import ICAL from 'ical.js';
import request from 'supertest';
import { EventRecord } from '../src/events/event.entity.js';
import { EventSession } from '../src/events/event-session.entity.js';
import { CalendarFeed } from '../src/calendar/calendar-feed.entity.js';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { sha256 } from '../src/common/secrets.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Room as RoomRow, type Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Jayapura';
let t: TestApp;
let venue: Venue;
let room: Room;
let auth: string;
let day: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Jayapura', latitude: -2.5337, longitude: 140.7181 });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya Humbolt', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
  auth = await bearer(t, await createUser(t));
  day = nextWeekday(ZONE, 2);
});
afterAll(async () => { await t.close(); });

// ical.js has no design for the calendar-level names and keeps them raw; read them as TEXT, as strict readers do.
for (const name of ['name', 'x-wr-calname']) ICAL.design.icalendar.property[name] ??= { defaultType: 'text' };

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
const startOf = (v: ICAL.Component) => (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString();

describe('calendar downloads', () => {
  it('serves a published event as .ics at the venue\'s local time, with its room, address and place', async () => {
    const event = await publishedEvent(t, auth, room, day, ZONE, { title: 'Kelas halal; "Papua", 2026' }, '09:30', '11:30');
    const res = await request(t.server).get(`/events/${event.id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const [vevent] = vevents(res.text);
    expect(startOf(vevent)).toBe(new Date(at(day, '09:30', ZONE)).toISOString());
    expect(vevent.getFirstPropertyValue('summary')).toBe('Kelas halal; "Papua", 2026');
    expect(vevent.getFirstPropertyValue('location')).toContain('Ruang Lokakarya Humbolt, Kantor Pos Jayapura');
    expect(res.text).toMatch(/^GEO:-2\.5337;140\.7181$/m);
    expect((await request(t.server).get('/events/999999/calendar.ics')).status).toBe(404);
    const page = await request(t.server).get(`/events/${event.id}`);
    const utc = (time: string) => new Date(at(day, time, ZONE)).toISOString().replace(/[-:]/g, '').replace('.000', '');
    expect(page.text).toContain(`dates=${utc('09:30')}%2F${utc('11:30')}`);
    expect(page.text).toContain('https://outlook.live.com/calendar/0/action/compose?');
    expect(page.text).toContain(`webcal://127.0.0.1:3000/venues/${venue.id}/events.ics`);
  });

  it('gives a registration the event session\'s UID, stable, and marks it cancelled after the attendee cancels', async () => {
    // One session is one entry: two attendees, the download and the invitation all name it alike, so a calendar that
    // gets the invitation and the download holds the event once (the UID used to be per registration).
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 3), ZONE, { title: 'Kelas kopi' });
    const a = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Ani Lestari', email: 'a@contoh.id', consent: true });
    const b = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Budi Santoso', email: 'b@contoh.id', consent: true });
    expect(a.status).toBe(201);
    const first = await request(t.server).get(`/registrations/${a.body.token}/calendar.ics`);
    const again = await request(t.server).get(`/registrations/${a.body.token}/calendar.ics`);
    const other = await request(t.server).get(`/registrations/${b.body.token}/calendar.ics`);
    const uid = (text: string) => vevents(text)[0].getFirstPropertyValue('uid');
    expect(uid(first.text)).toBe(`event-${event.id}-s1@127.0.0.1`);
    expect(uid(first.text)).toBe(uid(again.text));
    expect(uid(other.text)).toBe(uid(first.text));
    expect(uid((await request(t.server).get(`/events/${event.id}/calendar.ics`)).text)).toBe(uid(first.text));
    expect(first.headers['cache-control']).toBe('private, no-store');
    expect((await request(t.server).get(`/registrations/${a.body.token}`)).text).toContain(`/registrations/${a.body.token}/calendar.ics`);
    await request(t.server).post(`/api/registrations/${a.body.token}/cancel`);
    const cancelled = vevents((await request(t.server).get(`/registrations/${a.body.token}/calendar.ics`)).text)[0];
    expect(cancelled.getFirstPropertyValue('uid')).toBe(uid(first.text));
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(cancelled.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(vevents(first.text)[0].getFirstPropertyValue('sequence')));
    // The other attendee's entry is untouched.
    expect(vevents((await request(t.server).get(`/registrations/${b.body.token}/calendar.ics`)).text)[0].getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('serves a reservation to its creator only', async () => {
    const creator = await createUser(t);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(nextWeekday(ZONE, 4), '08:00', ZONE), end: at(nextWeekday(ZONE, 4), '10:00', ZONE), headcount: 2, title: 'Rekaman podcast' });
    const { agent } = await browser(t, `/reservations/${booked.body.id}`, creator);
    const mine = await agent.get(`/reservations/${booked.body.id}/calendar.ics`);
    expect(mine.status).toBe(200);
    expect(vevents(mine.text)[0].getFirstPropertyValue('uid')).toMatch(new RegExp(`^reservation-${booked.body.id}@`));
    const stranger = await browser(t, '/reservations', await createUser(t));
    expect((await stranger.agent.get(`/reservations/${booked.body.id}/calendar.ics`)).status).toBe(404);
  });
});

describe('venue event feed', () => {
  it('carries refresh hints and no METHOD, answers If-None-Match with 304, and holds 1,000 events', async () => {
    const big = await createVenue(t, { timezone: 'Asia/Makassar', name: 'Kantor Pos Besar' });
    const hall = await createRoom(t, big.id, { capacity: 200, kind: 'conference_hall' });
    const organiser = await createUser(t);
    await t.tx.write(async (m) => {
      const base = Date.now() + 86_400_000;
      const events = await m.save(Array.from({ length: 1000 }, (_, i) => m.create(EventRecord, {
        organiserId: organiser.id, venueId: big.id, kind: 'meetup', status: 'published', title: `Temu UMKM #${i + 1}, Makassar`, summary: 'Berbagi; belajar',
        description: '', tags: [], language: 'id', capacity: 50, registrationOpensAt: null, registrationClosesAt: null,
        startsAt: new Date(base + i * 3_600_000), endsAt: new Date(base + i * 3_600_000 + 1_800_000), arrivals: 0, sequence: 0, cancelReason: null,
      })), { chunk: 200 });
      await m.save(events.map((e) => m.create(EventSession, { eventId: e.id, roomId: hall.id, reservationId: null, title: 'Sesi', speaker: '', startAt: e.startsAt, endAt: e.endsAt, capacity: null })), { chunk: 200 });
    });
    const feed = await request(t.server).get(`/venues/${big.id}/events.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.text).toMatch(/^REFRESH-INTERVAL;VALUE=DURATION:PT1H$/m);
    expect(feed.text).toMatch(/^X-PUBLISHED-TTL:PT1H$/m);
    expect(feed.text).not.toMatch(/^METHOD:/m);
    const parsed = vevents(feed.text);
    expect(parsed).toHaveLength(1000);
    expect(new Set(parsed.map((v) => v.getFirstPropertyValue('uid'))).size).toBe(1000);
    expect(parsed[999].getFirstPropertyValue('summary')).toBe('Temu UMKM #1000, Makassar');
    const etag = feed.headers.etag;
    expect(etag).toBeTruthy();
    const unchanged = await request(t.server).get(`/venues/${big.id}/events.ics`).set('If-None-Match', etag);
    expect(unchanged.status).toBe(304);
  });
});

describe('venue event feed after a change', () => {
  it('shows a new title, room name and cancellation at once, also within the second of the copy it had', async () => {
    const place = await createVenue(t, { timezone: 'Asia/Pontianak', name: 'Kantor Pos Pontianak' });
    const studio = await createRoom(t, place.id, { name: 'Studio Kapuas', kind: 'workshop_room', capacity: 20, maxMinutes: 480 });
    const event = await publishedEvent(t, auth, studio, nextWeekday('Asia/Pontianak', 3), 'Asia/Pontianak', { title: 'Kelas kopi liberika' });
    const path = `/venues/${place.id}/events.ics`;
    const summaries = (text: string) => vevents(text).map((v) => [v.getFirstPropertyValue('summary'), v.getFirstPropertyValue('location'), v.getFirstPropertyValue('status')]);
    const first = await request(t.server).get(path);
    expect(summaries(first.text)).toEqual([['Kelas kopi liberika', expect.stringContaining('Studio Kapuas'), 'CONFIRMED']]);
    expect((await request(t.server).get(path).set('If-None-Match', first.headers.etag)).status).toBe(304);

    expect((await request(t.server).patch(`/api/events/${event.id}`).set('Authorization', auth).send({ title: 'Kelas kopi liberika Kalbar' })).status).toBe(200);
    const renamed = await request(t.server).get(path).set('If-None-Match', first.headers.etag);
    expect(renamed.status).toBe(200);
    expect(summaries(renamed.text)).toEqual([['Kelas kopi liberika Kalbar', expect.stringContaining('Studio Kapuas'), 'CONFIRMED']]);

    await t.tx.write((m) => m.update(RoomRow, { id: studio.id }, { name: 'Studio Sungai Kapuas' }));
    expect(summaries((await request(t.server).get(path)).text)[0][1]).toContain('Studio Sungai Kapuas');

    expect((await request(t.server).post(`/api/events/${event.id}/cancel`).set('Authorization', auth).send({ reason: 'Pembicara sakit' })).status).toBe(200);
    const cancelled = await request(t.server).get(path).set('If-None-Match', renamed.headers.etag);
    expect(cancelled.status).toBe(200);
    expect(summaries(cancelled.text)[0][2]).toBe('CANCELLED');
  });
});

describe('personal and room feeds', () => {
  it('gives a creator one secret feed of their bookings, shown once, that stops working when replaced', async () => {
    const creator = await createUser(t, { name: 'Sari Langganan' });
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(nextWeekday(ZONE, 5), '08:00', ZONE), end: at(nextWeekday(ZONE, 5), '09:00', ZONE), headcount: 1, title: 'Foto katalog' });
    const { agent, csrf } = await browser(t, '/account/calendar', creator);
    const made = await agent.post('/account/calendar').type('form').send({ _csrf: csrf });
    expect(made.status).toBe(201);
    const url = /value="(http[^"]+\/feeds\/([\w-]+)\/mine\.ics)"/.exec(made.text)!;
    expect(url[2].length).toBeGreaterThanOrEqual(32);
    expect(made.text).toContain(`webcal://127.0.0.1:3000/feeds/${url[2]}/mine.ics`);
    expect((await agent.get('/account/calendar')).text).not.toContain(url[2]);
    const feed = await request(t.server).get(`/feeds/${url[2]}/mine.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    // The same entry as the invitation the creator was mailed: same UID, same SEQUENCE.
    const entry = vevents(feed.text).find((v) => v.getFirstPropertyValue('uid') === `reservation-${booked.body.id}@127.0.0.1`)!;
    const invitation = await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: creator.email, kind: 'reservation_confirmed' });
    const invited = vevents(invitation.ics!)[0];
    expect([entry.getFirstPropertyValue('uid'), entry.getFirstPropertyValue('sequence')]).toEqual([invited.getFirstPropertyValue('uid'), invited.getFirstPropertyValue('sequence')]);
    // Stored hashed: the database holds the SHA-256 of the token, never the token.
    const stored = await t.db.getRepository(CalendarFeed).findOneByOrFail({ userId: creator.id });
    expect(stored.tokenHash).toBe(sha256(url[2]));
    expect(JSON.stringify(stored)).not.toContain(url[2]);
    await agent.post('/account/calendar').type('form').send({ _csrf: csrf });
    expect((await request(t.server).get(`/feeds/${url[2]}/mine.ics`)).status).toBe(404);
  });

  it('lets a manager subscribe to a room of their venue, with who booked it, and nobody else', async () => {
    const manager = await makeManager(t, venue.id);
    const { agent, csrf } = await browser(t, '/account/calendar', manager);
    const made = await agent.post('/account/calendar').type('form').send({ _csrf: csrf });
    const token = /\/feeds\/([\w-]+)\/mine\.ics/.exec(made.text)![1];
    expect(made.text).toContain(`/feeds/${token}/rooms/${room.id}.ics`);
    const feed = await request(t.server).get(`/feeds/${token}/rooms/${room.id}.ics`);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('Rekaman podcast');
    const other = await createVenue(t);
    const otherRoom = await createRoom(t, other.id);
    expect((await request(t.server).get(`/feeds/${token}/rooms/${otherRoom.id}.ics`)).status).toBe(404);
  });
});

describe('an attendee\'s own feed', () => {
  it('is made from the manage link only, shown once, and follows the registration', async () => {
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 2, 9), ZONE, { title: 'Kelas noken' });
    const reg = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Yohana Wenda', email: 'yohana@contoh.id', consent: true });
    const ticket = await request(t.server).get(`/registrations/${reg.body.token}`);
    expect(ticket.text).toContain(`/registrations/${reg.body.token}/calendar-feed`);
    const { agent, csrf, html } = await browser(t, `/registrations/${reg.body.token}/calendar-feed`);
    expect(html).toContain('Kelas noken');
    const made = await agent.post(`/registrations/${reg.body.token}/calendar-feed`).type('form').send({ _csrf: csrf });
    const token = /\/feeds\/([\w-]+)\/ticket\.ics/.exec(made.text)![1];
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(made.text).toContain(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(`webcal://127.0.0.1:3000/feeds/${token}/ticket.ics`)}`);
    expect(made.text).toContain(`https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(`http://127.0.0.1:3000/feeds/${token}/ticket.ics`)}`);
    expect((await agent.get(`/registrations/${reg.body.token}/calendar-feed`)).text).not.toContain(token);
    const feed = await request(t.server).get(`/feeds/${token}/ticket.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    expect(feed.text).toMatch(/^REFRESH-INTERVAL;VALUE=DURATION:PT1H$/m);
    expect(feed.text).not.toMatch(/^METHOD:/m);
    expect(vevents(feed.text).map((v) => v.getFirstPropertyValue('uid'))).toEqual([`event-${event.id}-s1@127.0.0.1`]);
    // Without the manage link there is no way in, and a made-up feed token is a 404.
    expect((await request(t.server).get('/registrations/bukan-token/calendar-feed')).status).toBe(404);
    expect((await request(t.server).get(`/feeds/${'x'.repeat(32)}/ticket.ics`)).status).toBe(404);
    expect((await request(t.server).get(`/feeds/${token}/mine.ics`)).status).toBe(404);
  });
});

describe('feed tokens in logs', () => {
  it('never writes a feed or manage token to the log, not even when the request fails', async () => {
    const creator = await createUser(t);
    const { agent, csrf } = await browser(t, '/account/calendar', creator);
    const token = /\/feeds\/([\w-]+)\/mine\.ics/.exec((await agent.post('/account/calendar').type('form').send({ _csrf: csrf })).text)![1];
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 3, 9), ZONE, { title: 'Kelas log' });
    const reg = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Log Uji', email: 'log@contoh.id', consent: true });
    const written: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown) => { written.push(String(chunk)); return true; };
    const calendars = t.app.get(CalendarService);
    const personalFeed = calendars.personalFeed;
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      await request(t.server).get(`/feeds/${token}/mine.ics`);
      await request(t.server).get(`/registrations/${reg.body.token}`);
      await request(t.server).get(`/registrations/${reg.body.token}/calendar.ics`);
      await request(t.server).get(`/feeds/${token}x/mine.ics`);
      // A failure is logged (with its path), and the path comes out masked.
      calendars.personalFeed = () => Promise.reject(new Error('disk penuh'));
      expect((await request(t.server).get(`/feeds/${token}/mine.ics`)).status).toBe(500);
    } finally {
      calendars.personalFeed = personalFeed;
      process.stdout.write = out;
      process.stderr.write = err;
    }
    const log = written.join('');
    expect(log).toContain('GET /feeds/[secret]/mine.ics failed');
    expect(log).not.toContain(token);
    expect(log).not.toContain(reg.body.token);
  });
});

describe('one session, one entry in every calendar artefact', () => {
  const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const rawValue = (text: string, prop: string) => unfolded(text).find((l) => l.startsWith(`${prop}:`))!.slice(prop.length + 1);
  /** The calendar's name, as a strict reader reads it: every `,` and `;` escaped, and the whole name back. */
  const readCalendar = (text: string, name: string) => {
    for (const prop of ['NAME', 'X-WR-CALNAME']) {
      expect(rawValue(text, prop)).not.toMatch(/(?:^|[^\\])(?:\\\\)*[,;]/);
      expect(new ICAL.Component(ICAL.parse(text)).getFirstPropertyValue(prop.toLowerCase())).toBe(name);
    }
    return vevents(text);
  };
  const entry = (list: ICAL.Component[], uid: string) => {
    const found = list.filter((v) => v.getFirstPropertyValue('uid') === uid);
    expect(found).toHaveLength(1);
    const [v] = found;
    return { sequence: v.getFirstPropertyValue('sequence'), status: v.getFirstPropertyValue('status'), start: startOf(v), summary: v.getFirstPropertyValue('summary'), v };
  };
  const outbox = (recipient: string) => t.db.getRepository(OutboxMessage).find({ where: { recipient }, order: { id: 'ASC' } });

  it('names the same session alike, with the same SEQUENCE, from the invitation to the cancellation, and escapes every name', async () => {
    const place = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Jayapura; Dok II', address: 'Jl. Koti, Dok II' });
    const studio = await createRoom(t, place.id, { name: 'Studio Live, Lantai 2', kind: 'workshop_room', capacity: 20, maxMinutes: 480 });
    const organiser = await createUser(t, { name: 'Rina Wenda, S.Kom' });
    const organiserAuth = await bearer(t, organiser);
    const title = 'Kelas kopi; sangrai, seduh \\ cicip';
    const date = nextWeekday(ZONE, 3, 16);
    const event = await publishedEvent(t, organiserAuth, studio, date, ZONE, { title }, '09:30', '11:30');
    const uid = `event-${event.id}-s1@127.0.0.1`;
    const feedToken = async (user: Parameters<typeof browser>[2]) => {
      const { agent, csrf } = await browser(t, '/account/calendar', user);
      return /\/feeds\/([\w-]+)\/mine\.ics/.exec((await agent.post('/account/calendar').type('form').send({ _csrf: csrf })).text)![1];
    };
    const personalToken = await feedToken(organiser);
    const managerToken = await feedToken(await makeManager(t, place.id));

    const reg = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Yohana, Wenda', email: 'yohana.entri@contoh.id', consent: true });
    expect(reg.status).toBe(201);
    const page = await browser(t, `/registrations/${reg.body.token}/calendar-feed`);
    const ticketToken = /\/feeds\/([\w-]+)\/ticket\.ics/.exec((await page.agent.post(`/registrations/${reg.body.token}/calendar-feed`).type('form').send({ _csrf: page.csrf })).text)![1];
    const creator = await createUser(t, { name: 'Sari Kreator' });
    const bookingTitle = 'Rekaman podcast, episode 3; "kopi"';
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: studio.id, start: at(date, '13:00', ZONE), end: at(date, '14:00', ZONE), headcount: 2, title: bookingTitle });
    expect(booked.status).toBe(201);

    const artefacts = async () => ({
      download: readCalendar((await request(t.server).get(`/events/${event.id}/calendar.ics`)).text, title),
      registration: readCalendar((await request(t.server).get(`/registrations/${reg.body.token}/calendar.ics`)).text, title),
      venueFeed: readCalendar((await request(t.server).get(`/venues/${place.id}/events.ics`)).text, `${place.name}: acara`),
      personalFeed: readCalendar((await request(t.server).get(`/feeds/${personalToken}/mine.ics`)).text, `Ruang Kreatif: ${organiser.name}`),
      ticketFeed: readCalendar((await request(t.server).get(`/feeds/${ticketToken}/ticket.ics`)).text, `Ruang Kreatif: ${title}`),
    });
    const invitation = (await outbox('yohana.entri@contoh.id')).find((o) => o.kind === 'registration_confirmed')!;
    const invited = entry(readCalendar(invitation.ics!, invitation.subject), uid);
    expect(invited).toMatchObject({ sequence: 0, status: 'CONFIRMED', summary: title, start: new Date(at(date, '09:30', ZONE)).toISOString() });
    expect(invited.v.getFirstPropertyValue('location')).toBe(`Studio Live, Lantai 2, ${place.name}, Jl. Koti, Dok II, Makassar`);
    for (const [name, list] of Object.entries(await artefacts())) {
      expect([name, entry(list, uid).sequence, entry(list, uid).start, entry(list, uid).summary]).toEqual([name, 0, invited.start, title]);
    }

    // The booking's artefacts and the managers' room feed, whose name has a comma of its own.
    const bookingUid = `reservation-${booked.body.id}@127.0.0.1`;
    const bookingMail = (await t.db.getRepository(OutboxMessage).find({ where: { kind: 'reservation_confirmed' } })).find((o) => o.ics?.includes(bookingUid))!;
    const { agent } = await browser(t, `/reservations/${booked.body.id}`, creator);
    const bookingFiles = [
      readCalendar(bookingMail.ics!, bookingMail.subject),
      readCalendar((await agent.get(`/reservations/${booked.body.id}/calendar.ics`)).text, bookingTitle),
      readCalendar((await request(t.server).get(`/feeds/${managerToken}/rooms/${studio.id}.ics`)).text, `Studio Live, Lantai 2, ${place.name}`),
    ];
    expect(bookingFiles.map((list) => entry(list, bookingUid).sequence)).toEqual([0, 0, 0]);
    expect(entry(bookingFiles[2], bookingUid).summary).toBe(`${bookingTitle} (Sari Kreator)`);

    // The organiser moves the session: an update of the same entry, one step higher, everywhere.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    expect((await request(t.server).patch(`/api/events/${event.id}`).set('Authorization', organiserAuth)
      .send({ sessions: [{ roomId: studio.id, title: 'Praktik', start: at(date, '10:00', ZONE), end: at(date, '12:00', ZONE) }] })).status).toBe(200);
    const update = (await outbox('yohana.entri@contoh.id')).find((o) => o.kind === 'registration_updated')!;
    const updated = entry(readCalendar(update.ics!, update.subject), uid);
    expect(updated).toMatchObject({ sequence: 1, start: new Date(at(date, '10:00', ZONE)).toISOString() });
    for (const [name, list] of Object.entries(await artefacts())) expect([name, entry(list, uid).sequence, entry(list, uid).start]).toEqual([name, 1, updated.start]);

    // The attendee cancels: the CANCEL outranks the last request, asks for no reply, and their own calendars follow.
    expect((await request(t.server).post(`/api/registrations/${reg.body.token}/cancel`)).status).toBe(200);
    const cancel = (await outbox('yohana.entri@contoh.id')).find((o) => o.kind === 'registration_cancelled')!;
    expect(cancel.ics).toMatch(/^METHOD:CANCEL\r$/m);
    const cancelled = entry(readCalendar(cancel.ics!, cancel.subject), uid);
    expect(cancelled).toMatchObject({ sequence: 2, status: 'CANCELLED' });
    expect(cancelled.v.getFirstProperty('attendee')!.getParameter('rsvp')).toBeUndefined();
    const after = await artefacts();
    expect([entry(after.registration, uid).sequence, entry(after.registration, uid).status]).toEqual([2, 'CANCELLED']);
    expect([entry(after.ticketFeed, uid).sequence, entry(after.ticketFeed, uid).status]).toEqual([2, 'CANCELLED']);
    expect([entry(after.venueFeed, uid).sequence, entry(after.venueFeed, uid).status]).toEqual([1, 'CONFIRMED']);
  });

  it('invites to each session of a multi-session event in its own message, with the UIDs of the download, and cancels a dropped one', async () => {
    const date = nextWeekday(ZONE, 4, 16);
    const event = await publishedEvent(t, auth, room, date, ZONE, {
      title: 'Konferensi UMKM Papua', sessions: [
        { roomId: room.id, title: 'Pembukaan', speaker: 'Rina', start: at(date, '09:00', ZONE), end: at(date, '10:00', ZONE) },
        { roomId: room.id, title: 'Praktik, sesi siang', speaker: 'Yosef', start: at(date, '10:30', ZONE), end: at(date, '12:00', ZONE) },
      ],
    });
    const uids = [1, 2].map((k) => `event-${event.id}-s${k}@127.0.0.1`);
    const download = vevents((await request(t.server).get(`/events/${event.id}/calendar.ics`)).text);
    expect(download.map((v) => v.getFirstPropertyValue('uid'))).toEqual(uids);
    const reg = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Markus Kogoya', email: 'markus.sesi@contoh.id', consent: true });
    expect(reg.status).toBe(201);
    const invitations = (await outbox('markus.sesi@contoh.id')).filter((o) => o.kind === 'registration_confirmed');
    // One UID per iTIP message: clients read only the first of several.
    expect(invitations.map((o) => vevents(o.ics!).map((v) => v.getFirstPropertyValue('uid')))).toEqual([[uids[0]], [uids[1]]]);
    expect(invitations.map((o) => entry(vevents(o.ics!), vevents(o.ics!)[0].getFirstPropertyValue('uid') as string).start)).toEqual(download.map(startOf));
    expect(invitations.map((o) => o.ticketCode !== null)).toEqual([true, false]);
    expect(invitations[0].textBody).toContain('Acara ini punya 2 sesi');
    expect(invitations[1].subject).toBe('Anda terdaftar: Konferensi UMKM Papua (sesi 2 dari 2)');
    expect(vevents((await request(t.server).get(`/registrations/${reg.body.token}/calendar.ics`)).text).map((v) => v.getFirstPropertyValue('uid'))).toEqual(uids);

    // The programme shrinks to one session: the first is updated, the second leaves the attendee's calendar.
    expect((await request(t.server).patch(`/api/events/${event.id}`).set('Authorization', auth)
      .send({ sessions: [{ roomId: room.id, title: 'Pembukaan', start: at(date, '09:00', ZONE), end: at(date, '11:00', ZONE) }] })).status).toBe(200);
    const after = (await outbox('markus.sesi@contoh.id')).slice(invitations.length + 0).filter((o) => o.kind !== 'registration_confirmed');
    expect(after.map((o) => [o.icsMethod, vevents(o.ics!).map((v) => [v.getFirstPropertyValue('uid'), v.getFirstPropertyValue('sequence'), v.getFirstPropertyValue('status')])])).toEqual([
      ['REQUEST', [[uids[0], 1, 'CONFIRMED']]],
      ['CANCEL', [[uids[1], 1, 'CANCELLED']]],
    ]);
    expect(vevents((await request(t.server).get(`/events/${event.id}/calendar.ics`)).text).map((v) => v.getFirstPropertyValue('uid'))).toEqual([uids[0]]);
  });
});
