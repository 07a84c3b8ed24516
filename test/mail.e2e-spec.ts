import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { formatDateTime } from '../src/common/time.js';
import { MailWorker } from '../src/notifications/mail-worker.service.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue } from './support/factories.js';
import { leaves, parseMime, startSmtp } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let inbox: Awaited<ReturnType<typeof startSmtp>>['inbox'];
let room: Room;
let worker: MailWorker;

beforeAll(async () => {
  smtp = await startSmtp();
  inbox = smtp.inbox;
  t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Ruang Kreatif <jadwal@ruangkreatif.id>' } });
  worker = t.app.get(MailWorker);
  const venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar', address: 'Jl. Slamet Riyadi No. 10' });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya Losari', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const calendarOf = (mail: ParsedMail) => {
  const part = mail.attachments.find((a) => a.filename === 'invite.ics')!;
  return { text: part.content.toString('utf8'), vevent: new ICAL.Component(ICAL.parse(part.content.toString('utf8'))).getFirstSubcomponent('vevent')! };
};

describe('invitations by email', () => {
  it('sends the creator an invitation in their language that calendars read as a request at the right time', async () => {
    const creator = await createUser(t, { name: 'Sari Kreator', email: 'sari@contoh.id' });
    const day = nextWeekday(ZONE, 2);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '09:30', ZONE), end: at(day, '11:00', ZONE), headcount: 3, title: 'Live selling, batik; tulis' });
    expect(booked.status).toBe(201);
    expect(await t.db.getRepository(OutboxMessage).countBy({ status: 'pending' })).toBe(1);
    await worker.drain();
    expect(inbox).toHaveLength(1);
    const { raw, parsed } = inbox[0];
    expect(parsed.subject).toBe('Pemesanan terkonfirmasi: Live selling, batik; tulis');
    expect(parsed.text).toContain('Halo Sari Kreator');
    expect(parsed.html).toContain('Halo Sari Kreator');
    const source = raw.toString('utf8');
    expect(source).toMatch(/Content-Type: multipart\/alternative/);
    expect(source.match(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/g)).toHaveLength(1);
    const { text, vevent } = calendarOf(parsed);
    // The text/calendar alternative and the invite.ics attachment are byte-identical.
    const calendars = parsed.attachments.filter((a) => /calendar|ics/.test(a.contentType));
    expect(calendars.map((a) => a.contentType).sort()).toEqual(['application/ics', 'text/calendar']);
    expect(calendars[0].content.equals(calendars[1].content)).toBe(true);
    expect(text).toMatch(/^METHOD:REQUEST\r$/m);
    expect(vevent.getFirstPropertyValue('uid')).toBe(`reservation-${booked.body.id}@127.0.0.1`);
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(new Date(at(day, '09:30', ZONE)).toISOString());
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:jadwal@ruangkreatif.id');
    expect(parsed.from?.value[0].address).toBe('jadwal@ruangkreatif.id');
    expect(String(vevent.getFirstProperty('attendee')!.getFirstValue()).toLowerCase()).toBe('mailto:sari@contoh.id');
    expect(vevent.getFirstProperty('attendee')!.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0);

    const cancel = await request(t.server).post(`/api/reservations/${booked.body.id}/cancel`).set('Authorization', await bearer(t, creator)).send({});
    expect(cancel.status).toBe(200);
    await worker.drain();
    expect(inbox).toHaveLength(2);
    const cancelled = calendarOf(inbox[1].parsed);
    expect(cancelled.text).toMatch(/^METHOD:CANCEL\r$/m);
    expect(inbox[1].raw.toString('utf8')).toMatch(/method=CANCEL/);
    expect(cancelled.vevent.getFirstPropertyValue('uid')).toBe(`reservation-${booked.body.id}@127.0.0.1`);
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(cancelled.vevent.getFirstPropertyValue('sequence'))).toBe(1);
    expect(cancelled.text).not.toMatch(/RSVP/);
  });

  it('writes an English-speaking creator\'s invitation in English, the calendar description included', async () => {
    const creator = await createUser(t, { name: 'Emma Walker', email: 'emma@contoh.id', locale: 'en' });
    const day = nextWeekday(ZONE, 4, 12);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '10:00', ZONE), end: at(day, '11:00', ZONE), headcount: 2, title: 'Product shoot' });
    expect(booked.status).toBe(201);
    await worker.drain();
    const [mail] = smtp.to('emma@contoh.id');
    expect(mail.parsed.subject).toBe('Booking confirmed: Product shoot');
    expect(mail.parsed.text).toContain('Hello Emma Walker');
    const description = String(calendarOf(mail.parsed).vevent.getFirstPropertyValue('description'));
    const start = new Date(at(day, '10:00', ZONE));
    expect(description).toContain(formatDateTime(start, ZONE, 'en'));
    expect(description).not.toContain(formatDateTime(start, ZONE, 'id'));
  });

  it('sends every message exactly once after the mail server refused for a while', async () => {
    inbox.length = 0;
    const organiser = await bearer(t, await createUser(t));
    const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 3), ZONE, { capacity: 2, title: 'Workshop foto produk' });
    for (const n of [1, 2, 3]) {
      await request(t.server).post(`/api/events/${event.id}/registrations`).set('Accept-Language', 'en')
        .send({ name: `Peserta Nomor ${n}`, email: `peserta${n}@contoh.id`, consent: true });
    }
    smtp.state.refuse = 7;
    let now = Date.now();
    for (let round = 0; round < 10 && inbox.length < 3; round++) {
      await worker.drain(new Date(now));
      now += 3_600_000; // the next retry is due within the hour
    }
    expect(smtp.state.refuse).toBe(0);
    expect(inbox.map((m) => m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : '').sort()).toEqual(['peserta1@contoh.id', 'peserta2@contoh.id', 'peserta3@contoh.id']);
    const waiting = inbox.find((m) => /waiting list/.test(m.parsed.subject ?? ''))!;
    expect(waiting.parsed.attachments ?? []).toHaveLength(0);
    expect(waiting.raw.toString('utf8')).not.toMatch(/text\/calendar/);
    const rows = await t.db.getRepository(OutboxMessage).findBy({ kind: 'registration_confirmed' });
    expect(rows.every((r) => r.status === 'sent' && r.attempts > 1)).toBe(true);
    await worker.drain(new Date(now + 86_400_000));
    expect(inbox.filter((m) => !/reminder|pengingat/i.test(m.parsed.subject ?? ''))).toHaveLength(3);
  });

  it('keeps a permanently refused message as failed, with its error, and sends nothing twice', async () => {
    inbox.length = 0;
    const creator = await createUser(t, { email: 'tidak-ada@contoh.id' });
    const day = nextWeekday(ZONE, 4);
    await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '13:00', ZONE), end: at(day, '14:00', ZONE), headcount: 1, title: 'Rekaman' });
    const original = smtp.server.onData;
    smtp.server.onData = (stream, _session, callback) => { stream.resume(); stream.on('end', () => callback(Object.assign(new Error('Mailbox tidak ada'), { responseCode: 550 }))); };
    await worker.drain();
    smtp.server.onData = original;
    const row = await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'tidak-ada@contoh.id' });
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('Mailbox tidak ada');
    await worker.drain(new Date(Date.now() + 86_400_000));
    expect(inbox).toHaveLength(0);
  });
});

describe('what the mail says', () => {
  const claimsCalendar = (text: string) => /Undangan kalender terlampir|calendar invitation is attached|Pembatalan untuk kalender terlampir|cancellation for your calendar is attached/.test(text);
  const hasCalendar = (raw: Buffer) => leaves(parseMime(raw.toString('utf8'))).some((p) => p.type === 'text/calendar');

  it('writes the plain-text part as text, without HTML entities, and escapes the HTML part', async () => {
    const organiser = await bearer(t, await createUser(t));
    const title = 'Kelas "Kopi" & Teh <Toraja>';
    const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 2, 30), ZONE, { title });
    expect((await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: 'Siti & "Ani"', email: 'siti.teks@contoh.id', consent: true })).status).toBe(201);
    await worker.drain();
    const [mail] = smtp.to('siti.teks@contoh.id');
    expect(mail.parsed.subject).toBe(`Anda terdaftar: ${title}`);
    expect(mail.parsed.text).toContain(`Halo Siti & "Ani",`);
    expect(mail.parsed.text).toContain(`Anda terdaftar: ${title}`);
    expect(mail.parsed.text).not.toMatch(/&(?:quot|amp|lt|gt|#\d+);/);
    expect(mail.parsed.html).toContain('Kelas &quot;Kopi&quot; &amp; Teh &lt;Toraja&gt;');
    expect(mail.parsed.html).not.toContain('<Toraja>');
  });

  it('says a calendar is attached only when one is: invitations and cancellations do, the waiting list, a new link and reminders do not', async () => {
    inbox.length = 0;
    const organiser = await bearer(t, await createUser(t));
    const day = nextWeekday(ZONE, 1, 30);
    const event = await publishedEvent(t, organiser, room, day, ZONE, { capacity: 1, title: 'Kelas tenun ikat' }, '09:00', '11:00');
    const register = (name: string, email: string) => request(t.server).post(`/api/events/${event.id}/registrations`).send({ name, email, consent: true });
    const seat = await register('Ani Klaim', 'ani.klaim@contoh.id');
    expect((await register('Budi Klaim', 'budi.klaim@contoh.id')).body.status).toBe('waitlisted');
    const creator = await createUser(t, { email: 'sari.klaim@contoh.id' });
    await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '13:00', ZONE), end: at(day, '14:00', ZONE), headcount: 1, title: 'Foto katalog tenun' });
    await worker.drain();
    // Inside the reminder window of both the event (09:00) and the booking (13:00).
    const dayBefore = new Date(new Date(at(day, '13:00', ZONE)).getTime() - 23 * 3_600_000);
    await worker.queueReminders(dayBefore);
    await worker.drain(dayBefore);
    expect((await request(t.server).post(`/api/registrations/${seat.body.token}/cancel`)).status).toBe(200);
    expect((await register('Ani Klaim', 'ani.klaim@contoh.id')).status).toBe(409); // a fresh manage link is mailed
    await worker.drain(dayBefore);

    const mails = [...smtp.to('ani.klaim@contoh.id'), ...smtp.to('budi.klaim@contoh.id'), ...smtp.to('sari.klaim@contoh.id')];
    expect(mails.map((m) => m.parsed.subject).sort()).toEqual([
      'Anda di daftar tunggu: Kelas tenun ikat', 'Anda mendapat kursi: Kelas tenun ikat', 'Anda terdaftar: Kelas tenun ikat',
      'Pemesanan terkonfirmasi: Foto katalog tenun', 'Pendaftaran dibatalkan: Kelas tenun ikat', 'Pengingat acara: Kelas tenun ikat',
      'Pengingat: Foto katalog tenun', 'Tautan pendaftaran Anda: Kelas tenun ikat',
    ]);
    for (const mail of mails) {
      const attached = hasCalendar(mail.raw);
      expect([mail.parsed.subject, claimsCalendar(mail.parsed.text ?? ''), claimsCalendar(String(mail.parsed.html))]).toEqual([mail.parsed.subject, attached, attached]);
    }
    expect(mails.filter((m) => hasCalendar(m.raw)).map((m) => m.parsed.subject).sort())
      .toEqual(['Anda mendapat kursi: Kelas tenun ikat', 'Anda terdaftar: Kelas tenun ikat', 'Pemesanan terkonfirmasi: Foto katalog tenun', 'Pendaftaran dibatalkan: Kelas tenun ikat']);
    // The reminder's claim that is true: the ticket's QR code is attached.
    const reminder = mails.find((m) => m.parsed.subject === 'Pengingat acara: Kelas tenun ikat')!;
    expect(reminder.parsed.text).toContain('QR tiket terlampir');
    expect(leaves(parseMime(reminder.raw.toString('utf8'))).some((p) => p.type === 'image/png')).toBe(true);
  });
});

describe('the development mailbox folder', () => {
  it('writes .eml files where MAIL_DIR says when there is no SMTP server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rk-mail-dir-'));
    const local = await startTestApp({ env: { MAIL_DIR: join(dir, 'kotak-surat') } });
    try {
      const venue = await createVenue(local, { timezone: ZONE });
      const studio = await createRoom(local, venue.id);
      const creator = await createUser(local, { email: 'folder@contoh.id' });
      const day = nextWeekday(ZONE, 3, 30);
      expect((await request(local.server).post('/api/reservations').set('Authorization', await bearer(local, creator))
        .send({ roomId: studio.id, start: at(day, '09:00', ZONE), end: at(day, '10:00', ZONE), headcount: 1, title: 'Rekaman di folder' })).status).toBe(201);
      expect(await local.app.get(MailWorker).drain()).toBe(1);
      const files = await readdir(join(dir, 'kotak-surat'));
      expect(files).toEqual([expect.stringMatching(/^\d{6}-reservation_confirmed\.eml$/)]);
      expect((await simpleParser(await readFile(join(dir, 'kotak-surat', files[0])))).subject).toBe('Pemesanan terkonfirmasi: Rekaman di folder');
    } finally {
      await local.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mailbox pages', () => {
  it('shows admins the outbox with failures and their errors, and nobody else', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const { agent } = await browser(t, '/manage/mail', admin);
    const page = await agent.get('/manage/mail');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mailbox tidak ada');
    const creator = await browser(t, '/reservations', await createUser(t));
    expect((await creator.agent.get('/manage/mail')).status).toBe(403);
  });

  it('offers the development mailbox outside production only', async () => {
    expect((await request(t.server).get('/dev/mailbox')).status).toBe(200);
    const production = await startTestApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) } });
    try {
      expect((await request(production.server).get('/dev/mailbox')).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});

describe('reminders', () => {
  it('reminds a creator once, a day before, and not about a booking made inside that day', async () => {
    inbox.length = 0;
    const creator = await createUser(t, { name: 'Yosef Pengingat', email: 'yosef.ingat@contoh.id' });
    const day = nextWeekday(ZONE, 5);
    const early = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '09:00', ZONE), end: at(day, '10:00', ZONE), headcount: 1, title: 'Podcast pagi' });
    const late = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '13:00', ZONE), end: at(day, '14:00', ZONE), headcount: 1, title: 'Dipesan mendadak' });
    const lateCreatedAt = new Date(new Date(at(day, '13:00', ZONE)).getTime() - 3_600_000); // as if booked an hour before
    await t.tx.write((m) => m.update(Reservation, { id: late.body.id }, { createdAt: lateCreatedAt }));
    await worker.drain(); // the invitations
    inbox.length = 0;
    const dayBefore = new Date(new Date(at(day, '09:00', ZONE)).getTime() - 23 * 3_600_000);
    await worker.queueReminders(dayBefore);
    await worker.queueReminders(dayBefore);
    await worker.drain(dayBefore);
    const reminders = inbox.filter((m) => /Pengingat/.test(m.parsed.subject ?? '') && m.parsed.to && 'text' in m.parsed.to && m.parsed.to.text === 'yosef.ingat@contoh.id');
    expect(reminders.map((m) => m.parsed.subject)).toEqual(['Pengingat: Podcast pagi']);
    expect(early.status).toBe(201);
  });
});

describe('a burst of mail', () => {
  it('sends more than a batch of messages in one pass, over one reused connection', async () => {
    inbox.length = 0;
    const organiser = await bearer(t, await createUser(t));
    const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 5, 9), ZONE, { capacity: 5, title: 'Kelas foto produk massal' });
    for (let n = 0; n < 45; n++) {
      const registered = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: `Peserta Ramai ${n}`, email: `ramai${n}@contoh.id`, consent: true });
      expect(registered.status).toBe(201);
    }
    const connectionsBefore = smtp.state.connections;
    expect(await worker.drain()).toBe(45);
    const recipients = inbox.map((m) => (m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : ''));
    expect(new Set(recipients).size).toBe(45);
    expect(inbox.filter((m) => /waiting list|daftar tunggu/i.test(m.parsed.subject ?? ''))).toHaveLength(40);
    expect(smtp.state.connections - connectionsBefore).toBeLessThanOrEqual(1);
  });
});

describe('a mail server that cannot be reached', () => {
  it('tries one message, leaves the others untouched, and sends them all once it is back', async () => {
    inbox.length = 0;
    // A port nothing listens on: connections are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = await startTestApp({ databaseUrl: t.databaseUrl, env: { SMTP_URL: `smtp://127.0.0.1:${closedPort}`, MAIL_FROM: 'Ruang Kreatif <jadwal@ruangkreatif.id>' } });
    const organiser = await bearer(t, await createUser(t));
    const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 2, 23), ZONE, { capacity: 3, title: 'Kelas pengemasan produk' }, '13:00', '15:00');
    for (let n = 0; n < 25; n++) {
      await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: `Peserta Sabar ${n}`, email: `sabar${n}@contoh.id`, consent: true });
    }
    try {
      expect(await down.app.get(MailWorker).drain()).toBe(1);
    } finally {
      await down.close();
    }
    const rows = (await t.db.getRepository(OutboxMessage).find()).filter((r) => r.recipient.startsWith('sabar'));
    expect(rows).toHaveLength(25);
    const tried = rows.filter((r) => r.attempts > 0);
    expect(tried.length).toBeLessThanOrEqual(1);
    expect(tried.every((r) => r.status === 'pending' && /ECONNREFUSED/.test(r.lastError ?? ''))).toBe(true);
    expect(rows.filter((r) => r.status === 'pending' && r.attempts === 0).length).toBeGreaterThanOrEqual(24);

    await worker.drain(new Date(Date.now() + 3_600_000));
    const recipients = inbox.map((m) => (m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : '')).filter((r) => r.startsWith('sabar'));
    expect(recipients).toHaveLength(25);
    expect(new Set(recipients).size).toBe(25);
  });
});

describe('two app instances sending', () => {
  // PostgreSQL: two instances claim with FOR UPDATE SKIP LOCKED. SQLite runs one worker per database (README), so
  // there the same guarantee is checked with overlapping drains of the one worker.
  const postgres = Boolean(process.env.TEST_DATABASE_URL);

  it('never sends a message twice when workers drain the same outbox at once', async () => {
    inbox.length = 0;
    const second = postgres
      ? await startTestApp({ databaseUrl: t.databaseUrl, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Ruang Kreatif <jadwal@ruangkreatif.id>' } })
      : null;
    try {
      const other = second ? second.app.get(MailWorker) : worker;
      const organiser = await bearer(t, await createUser(t));
      const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 1, 9), ZONE, { capacity: 30, title: 'Kelas ekspor bersama' });
      for (let n = 0; n < 12; n++) {
        await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: `Peserta Ganda ${n}`, email: `ganda${n}@contoh.id`, consent: true });
      }
      const later = new Date(Date.now() + 1000);
      await Promise.all([worker.drain(later), other.drain(later), worker.drain(later)]);
      await Promise.all([worker.drain(later), other.drain(later)]);
      const recipients = inbox.map((m) => (m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : '')).filter((r) => r.startsWith('ganda'));
      expect(recipients).toHaveLength(12);
      expect(new Set(recipients).size).toBe(12);
    } finally {
      await second?.close();
    }
  });
});

describe('an attendee\'s calendar entry, from the invitation to the cancellation', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const vevent = (text: string) => new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
  const utc = (v: ICAL.Component, prop: string) => (v.getFirstPropertyValue(prop) as ICAL.Time).toJSDate().toISOString();
  const calendarPart = (raw: Buffer) => leaves(parseMime(raw.toString('utf8'))).filter((p) => p.type === 'text/calendar');

  it('invites with the ticket QR attached, moves the same entry, and cancels it, in mail and feed alike', async () => {
    inbox.length = 0;
    const organiser = await bearer(t, await createUser(t));
    const day = nextWeekday(ZONE, 2, 12);
    const event = await publishedEvent(t, organiser, room, day, ZONE, { capacity: 5, title: 'Kelas kemasan produk' }, '09:30', '11:30');
    const reg = await request(t.server).post(`/api/events/${event.id}/registrations`).set('Accept-Language', 'en')
      .send({ name: 'Maria Tandi', email: 'maria@contoh.id', consent: true });
    expect(reg.status).toBe(201);
    await worker.drain();
    const [invite] = smtp.to('maria@contoh.id');
    expect(invite.parsed.subject).toBe('You are registered: Kelas kemasan produk');
    expect(invite.parsed.text).toContain('Hello Maria Tandi');
    expect(invite.parsed.html).toContain('registration desk');

    // The structure mail clients rely on, with a second attachment (the QR image) present.
    const tree = parseMime(invite.raw.toString('utf8'));
    expect(tree.type).toBe('multipart/mixed');
    const alternative = tree.children.find((c) => c.type === 'multipart/alternative')!;
    expect(alternative.children.map((c) => c.type)).toEqual(['text/plain', 'text/html', 'text/calendar']);
    const [calendar] = calendarPart(invite.raw);
    expect(calendarPart(invite.raw)).toHaveLength(1);
    expect(calendar.parent).toBe('multipart/alternative');
    expect(calendar.params).toMatchObject({ method: 'REQUEST', charset: 'utf-8' });
    const row = await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'maria@contoh.id', kind: 'registration_confirmed' });
    const attachments = leaves(tree).filter((p) => p.parent === 'multipart/mixed');
    const file = attachments.find((p) => /filename="?invite\.ics/.test(p.headers['content-disposition'] ?? ''))!;
    expect(calendar.body.toString('utf8')).toBe(row.ics);
    expect(file.body.equals(calendar.body)).toBe(true);
    const registration = (await request(t.server).get(`/api/registrations/${reg.body.token}`)).body as { id: number; ticketCode: string };
    const qr = attachments.find((p) => p.type === 'image/png')!;
    expect(qr.headers['content-disposition']).toContain(`tiket-${registration.ticketCode}.png`);
    expect(qr.body.subarray(0, 8).equals(PNG)).toBe(true);

    // What the calendar reads: one REQUEST, from the sender, to this attendee, at 09:30 Makassar time.
    const first = vevent(row.ics!);
    expect(row.ics!.match(/^METHOD:REQUEST\r$/gm)).toHaveLength(1);
    expect(row.ics!.match(/^UID:/gm)).toHaveLength(1);
    // The event session's UID, as in the event's download and the venue feed (it was per registration before).
    expect(first.getFirstPropertyValue('uid')).toBe(`event-${event.id}-s1@127.0.0.1`);
    const organizer = first.getFirstProperty('organizer')!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:jadwal@ruangkreatif.id');
    expect(organizer.getParameter('cn')).toBe('Ruang Kreatif');
    const attendee = first.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:maria@contoh.id');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    // Nobody reads replies to the sender's mailbox, so none is asked for; the mail says how to cancel instead.
    expect(attendee.getParameter('rsvp')).toBe('FALSE');
    expect(invite.parsed.text).toContain('To cancel, open the private link below.');
    expect(invite.parsed.text).toContain(`http://127.0.0.1:3000/registrations/${reg.body.token}`);
    expect(first.getFirstPropertyValue('sequence')).toBe(0);
    expect(first.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(first.getFirstPropertyValue('summary')).toBe('Kelas kemasan produk');
    expect(first.getFirstPropertyValue('url')).toBe(`http://127.0.0.1:3000/events/${event.id}`);
    expect(first.getFirstPropertyValue('location')).toContain('Ruang Lokakarya Losari, Kantor Pos Besar Makassar, Jl. Slamet Riyadi No. 10');
    expect(utc(first, 'dtstart')).toBe(new Date(at(day, '09:30', ZONE)).toISOString());

    // The attendee subscribes from the manage link: the feed carries the invitation's UID and SEQUENCE.
    const page = await browser(t, `/registrations/${reg.body.token}/calendar-feed`);
    const made = await page.agent.post(`/registrations/${reg.body.token}/calendar-feed`).type('form').send({ _csrf: page.csrf });
    expect(made.status).toBe(201);
    const [, feedUrl, feedToken] = /value="(http[^"]+\/feeds\/([\w-]+)\/ticket\.ics)"/.exec(made.text)!;
    expect(made.text).toContain(feedUrl.replace('http://', 'webcal://'));
    const feed = async (token = feedToken) => request(t.server).get(`/feeds/${token}/ticket.ics`);
    const subscribed = vevent((await feed()).text);
    expect(subscribed.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(subscribed.getFirstPropertyValue('sequence')).toBe(0);

    // The organiser moves the workshop: the same entry moves, in the mail and in the feed.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10)); // DTSTAMP counts whole seconds
    const moved = await request(t.server).patch(`/api/events/${event.id}`).set('Authorization', organiser)
      .send({ sessions: [{ roomId: room.id, title: 'Praktik', start: at(day, '13:00', ZONE), end: at(day, '15:00', ZONE) }] });
    expect(moved.status).toBe(200);
    await worker.drain();
    const update = smtp.to('maria@contoh.id')[1];
    expect(update.parsed.subject).toBe('Event changed: Kelas kemasan produk');
    expect(calendarPart(update.raw)[0].params.method).toBe('REQUEST');
    const second = vevent(calendarPart(update.raw)[0].body.toString('utf8'));
    expect(calendarPart(update.raw)[0].body.toString('utf8')).toMatch(/^METHOD:REQUEST\r$/m);
    expect(second.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(second.getFirstPropertyValue('sequence')).toBe(1);
    expect(utc(second, 'dtstamp') > utc(first, 'dtstamp')).toBe(true);
    expect(utc(second, 'dtstart')).toBe(new Date(at(day, '13:00', ZONE)).toISOString());
    expect(second.getFirstProperty('attendee')).toBeTruthy();
    expect(update.parsed.text).toContain('To cancel, open the private link in your registration email');
    const followed = vevent((await feed()).text);
    expect([followed.getFirstPropertyValue('uid'), followed.getFirstPropertyValue('sequence'), utc(followed, 'dtstart')])
      .toEqual([second.getFirstPropertyValue('uid'), 1, utc(second, 'dtstart')]);

    // A replaced feed link stops working at once; the new one works.
    const again = await page.agent.post(`/registrations/${reg.body.token}/calendar-feed`).type('form').send({ _csrf: page.csrf });
    const newToken = /\/feeds\/([\w-]+)\/ticket\.ics/.exec(again.text)![1];
    expect((await feed()).status).toBe(404);
    expect((await feed(newToken)).status).toBe(200);

    // The attendee cancels: a CANCEL of the same UID, one step higher, and no QR for a seat that is gone.
    expect((await request(t.server).post(`/api/registrations/${reg.body.token}/cancel`)).status).toBe(200);
    await worker.drain();
    const cancel = smtp.to('maria@contoh.id')[2];
    const [cancelPart] = calendarPart(cancel.raw);
    expect(cancelPart.params.method).toBe('CANCEL');
    const third = vevent(cancelPart.body.toString('utf8'));
    expect(cancelPart.body.toString('utf8')).toMatch(/^METHOD:CANCEL\r$/m);
    expect(third.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(third.getFirstPropertyValue('sequence')).toBe(2);
    expect(third.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(String(third.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:jadwal@ruangkreatif.id');
    expect(String(third.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:maria@contoh.id');
    // A cancellation asks for no reply (RFC 5546 §3.2.5).
    expect(third.getFirstProperty('attendee')!.getParameter('rsvp')).toBeUndefined();
    expect(third.getFirstProperty('attendee')!.getParameter('partstat')).toBeUndefined();
    expect(third.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(leaves(parseMime(cancel.raw.toString('utf8'))).some((p) => p.type === 'image/png')).toBe(false);
    const ended = vevent((await feed(newToken)).text);
    expect([ended.getFirstPropertyValue('sequence'), ended.getFirstPropertyValue('status')]).toEqual([2, 'CANCELLED']);
  });
});

describe('a restart in the middle of sending', () => {
  it('sends a message whose sender died after claiming it, once, when the lease runs out', async () => {
    inbox.length = 0;
    const creator = await createUser(t, { email: 'restart@contoh.id' });
    const day = nextWeekday(ZONE, 3, 12);
    const booked = await request(t.server).post('/api/reservations').set('Authorization', await bearer(t, creator))
      .send({ roomId: room.id, start: at(day, '08:00', ZONE), end: at(day, '09:00', ZONE), headcount: 1, title: 'Rekaman katalog' });
    expect(booked.status).toBe(201);
    // As if an instance claimed the row and was killed before sending: `sending`, leased for five minutes.
    const now = new Date();
    await t.tx.write((m) => m.update(OutboxMessage, { recipient: 'restart@contoh.id' }, { status: 'sending', attempts: 1, lockedUntil: new Date(now.getTime() + 300_000) }));
    await worker.drain(now);
    await worker.drain(new Date(now.getTime() + 180_000));
    expect(smtp.to('restart@contoh.id')).toHaveLength(0); // still leased by the dead instance
    await worker.drain(new Date(now.getTime() + 301_000));
    await worker.drain(new Date(now.getTime() + 400_000));
    expect(smtp.to('restart@contoh.id')).toHaveLength(1);
    expect((await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'restart@contoh.id' })).status).toBe('sent');
  });
});
