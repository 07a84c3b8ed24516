import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { MailWorker } from '../src/notifications/mail-worker.service.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, browser, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let smtp: SMTPServer;
let refuse = 0;
const inbox: Array<{ raw: Buffer; parsed: ParsedMail }> = [];
let room: Room;
let worker: MailWorker;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          const error = Object.assign(new Error('Coba lagi nanti'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => { inbox.push({ raw, parsed }); callback(); });
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Ruang Kreatif <jadwal@ruangkreatif.id>' } });
  worker = t.app.get(MailWorker);
  const venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar' });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya Losari', kind: 'workshop_room', capacity: 30, maxMinutes: 480 });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
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
  });

  it('sends every message exactly once after the mail server refused for a while', async () => {
    inbox.length = 0;
    const organiser = await bearer(t, await createUser(t));
    const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 3), ZONE, { capacity: 2, title: 'Workshop foto produk' });
    for (const n of [1, 2, 3]) {
      await request(t.server).post(`/api/events/${event.id}/registrations`).set('Accept-Language', 'en')
        .send({ name: `Peserta Nomor ${n}`, email: `peserta${n}@contoh.id`, consent: true });
    }
    refuse = 7;
    let now = Date.now();
    for (let round = 0; round < 10 && inbox.length < 3; round++) {
      await worker.drain(new Date(now));
      now += 3_600_000; // the next retry is due within the hour
    }
    expect(refuse).toBe(0);
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
    const original = smtp.onData;
    smtp.onData = (stream, _session, callback) => { stream.resume(); stream.on('end', () => callback(Object.assign(new Error('Mailbox tidak ada'), { responseCode: 550 }))); };
    await worker.drain();
    smtp.onData = original;
    const row = await t.db.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'tidak-ada@contoh.id' });
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('Mailbox tidak ada');
    await worker.drain(new Date(Date.now() + 86_400_000));
    expect(inbox).toHaveLength(0);
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

describe('two app instances sending', () => {
  // PostgreSQL: two instances claim with FOR UPDATE SKIP LOCKED. SQLite runs one worker per database (README), so
  // there the same guarantee is checked with overlapping drains of the one worker.
  const postgres = Boolean(process.env.TEST_DATABASE_URL);

  it('never sends a message twice when workers drain the same outbox at once', async () => {
    inbox.length = 0;
    const port = (smtp.server.address() as AddressInfo).port;
    const second = postgres
      ? await startTestApp({ databaseUrl: t.databaseUrl, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Ruang Kreatif <jadwal@ruangkreatif.id>' } })
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
