import { simpleParser } from 'mailparser';
import type { Socket } from 'node:net';
import request from 'supertest';
import { MailWorker } from '../src/notifications/mail-worker.service.js';
import { MailWorkerRecord } from '../src/notifications/mail-worker.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, createRoom, createUser, createVenue } from './support/factories.js';
import { startSmtp } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Several app instances on one database (a PostgreSQL database, or one SQLite file), each with its own mail worker,
// sending to one real SMTP server. A killed instance is one that, from one moment on, writes nothing more and whose
// connections are gone, as after `kill -9`.

const ZONE = 'Asia/Makassar';
const FROM = 'Ruang Kreatif <jadwal@ruangkreatif.id>';
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let room: Room;
let organiser: string;
const sockets = new Set<Socket>();
let deliver: typeof smtp.server.onData;

beforeAll(async () => {
  smtp = await startSmtp();
  deliver = smtp.server.onData;
  smtp.server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: FROM } });
  const venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Besar Makassar' });
  room = await createRoom(t, venue.id, { name: 'Ruang Lokakarya Losari', kind: 'workshop_room', capacity: 60, maxMinutes: 480 });
  organiser = await bearer(t, await createUser(t));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
afterEach(() => { smtp.server.onData = deliver; });

const instance = (env: Record<string, string> = {}) => startTestApp({ databaseUrl: t.databaseUrl, env: { SMTP_URL: smtp.url, MAIL_FROM: FROM, ...env } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const recipientOf = (m: (typeof smtp.inbox)[number]) => (m.parsed.to && 'text' in m.parsed.to ? m.parsed.to.text : '');
const received = (prefix: string) => smtp.inbox.filter((m) => recipientOf(m).startsWith(prefix));
const rowsOf = async (prefix: string) => (await t.db.getRepository(OutboxMessage).find({ order: { id: 'ASC' } })).filter((r) => r.recipient.startsWith(prefix));

/** `count` people register for a new event: one confirmation (or waiting-list) email each, queued in the outbox. */
async function registrations(prefix: string, count: number, weeksAhead: number) {
  const event = await publishedEvent(t, organiser, room, nextWeekday(ZONE, 2, weeksAhead * 7), ZONE, { capacity: count, title: `Kelas ${prefix}` });
  for (let n = 0; n < count; n++) {
    const res = await request(t.server).post(`/api/events/${event.id}/registrations`).send({ name: `Peserta ${prefix} ${n}`, email: `${prefix}${n}@contoh.id`, consent: true });
    expect(res.status).toBe(201);
  }
  expect(await rowsOf(prefix)).toHaveLength(count);
}

/** Waits (at most thirty seconds) until `ready()` holds. */
async function until(ready: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 600 && !(await ready()); i++) await sleep(50);
  expect(await ready()).toBe(true);
}

/** The mail server takes the `n`th message in (it is delivered) but never says so to the sender. */
function swallowAnswerTo(n: number) {
  let seen = 0;
  smtp.server.onData = (stream, _session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const mine = ++seen === n;
      void simpleParser(raw).then((parsed) => {
        smtp.inbox.push({ raw, parsed });
        if (!mine) callback();
      });
    });
  };
}

/** As `kill -9` leaves an instance: nothing more reaches the database, and its connections drop. */
async function kill(victim: TestApp) {
  await victim.db.destroy();
  for (const socket of sockets) socket.destroy();
}

describe('a mail worker killed while sending', () => {
  it('is taken over by the restarted instance about a minute later, and a message sent twice keeps its Message-ID', async () => {
    smtp.inbox.length = 0;
    await registrations('mati', 6, 1);
    const doomed = await instance();
    const doomedWorker = doomed.app.get(MailWorker);
    swallowAnswerTo(3);
    const sending = doomedWorker.drain().catch(() => undefined);
    await until(() => received('mati').length === 3);
    await kill(doomed);
    await sending;
    const killedAt = Date.now();
    smtp.server.onData = deliver;

    // Two sent and marked; the third delivered but never marked; three more claimed and never tried.
    const left = await rowsOf('mati');
    expect(left.map((r) => r.status)).toEqual(['sent', 'sent', 'sending', 'sending', 'sending', 'sending']);
    expect(left.filter((r) => r.status === 'sending').every((r) => r.claimedBy === doomedWorker.workerId)).toBe(true);

    const restarted = await instance();
    try {
      const worker = restarted.app.get(MailWorker);
      expect(worker.workerId).not.toBe(doomedWorker.workerId);
      // A worker silent for half a minute is not presumed dead yet.
      await worker.drain(new Date(killedAt));
      await worker.drain(new Date(killedAt + 30_000));
      expect(received('mati')).toHaveLength(3);
      // A minute after its last heartbeat it is, long before the five-minute lease would have run out.
      await worker.drain(new Date(killedAt + 61_000));
      expect((await rowsOf('mati')).map((r) => r.status)).toEqual(Array(6).fill('sent'));
    } finally {
      await restarted.close();
      await doomed.app.close().catch(() => undefined);
    }

    const mails = received('mati');
    expect(mails.map(recipientOf).sort()).toEqual(['mati0@contoh.id', 'mati1@contoh.id', 'mati2@contoh.id', 'mati2@contoh.id', 'mati3@contoh.id', 'mati4@contoh.id', 'mati5@contoh.id']);
    const rows = await rowsOf('mati');
    const idOf = (m: (typeof mails)[number]) => m.parsed.messageId;
    // Each message carries its row's stable Message-ID; the one delivered twice carries the same one both times.
    for (const m of mails) expect(idOf(m)).toBe(restarted.app.get(MailWorker).messageIdOf(rows.find((r) => r.recipient === recipientOf(m))!));
    const twice = mails.filter((m) => recipientOf(m) === 'mati2@contoh.id');
    expect(idOf(twice[0])).toMatch(new RegExp(`^<outbox-${rows[2].id}\\.[0-9a-z]+@127\\.0\\.0\\.1>$`));
    expect(idOf(twice[0])).toBe(idOf(twice[1]));
    expect(twice[0].raw.toString('utf8')).toMatch(new RegExp(`^Message-ID: ${idOf(twice[0])}\\r$`, 'mi'));
    expect(new Set(mails.map(idOf)).size).toBe(6);
  });

  it('is taken over by a surviving instance as soon as the dead one\'s heartbeat is stale', async () => {
    smtp.inbox.length = 0;
    const fast = { MAIL_HEARTBEAT_SECONDS: '0.25', MAIL_TAKEOVER_SECONDS: '3' };
    const survivor = await instance(fast);
    const doomed = await instance(fast);
    try {
      await survivor.app.get(MailWorker).drain(); // nothing is due yet: it only starts its heartbeat
      await registrations('sisa', 5, 2);
      swallowAnswerTo(2);
      const sending = doomed.app.get(MailWorker).drain().catch(() => undefined);
      await until(() => received('sisa').length === 2);
      await kill(doomed);
      await sending;
      smtp.server.onData = deliver;
      // The survivor drains as its timer would, on the real clock, until everything is out.
      await until(async () => {
        await survivor.app.get(MailWorker).drain();
        return (await rowsOf('sisa')).every((r) => r.status === 'sent');
      });
      expect(received('sisa').map(recipientOf).sort()).toEqual(['sisa0@contoh.id', 'sisa1@contoh.id', 'sisa1@contoh.id', 'sisa2@contoh.id', 'sisa3@contoh.id', 'sisa4@contoh.id']);
    } finally {
      await survivor.close();
      await doomed.app.close().catch(() => undefined);
    }
  });
});

describe('two live mail workers', () => {
  it('never take each other\'s messages while both are alive, even when one sends for longer than the takeover time', async () => {
    smtp.inbox.length = 0;
    const fast = { MAIL_HEARTBEAT_SECONDS: '0.25', MAIL_TAKEOVER_SECONDS: '3' };
    const first = await instance(fast);
    const second = await instance(fast);
    try {
      await second.app.get(MailWorker).drain();
      await registrations('hidup', 20, 4);
      // Every message takes the mail server 200 ms: the first worker's batch of twenty lasts four seconds or more.
      smtp.server.onData = (stream, session, callback) => deliver(stream, session, (error) => { setTimeout(() => callback(error), 200); });
      const started = Date.now();
      let done = false;
      const firstDrain = first.app.get(MailWorker).drain().finally(() => { done = true; });
      // Not in the same tick: two SQLite connections of one process must not open transactions together (the second
      // would wait for the first synchronously, holding up the only thread the first could finish on).
      await until(async () => (await rowsOf('hidup')).some((r) => r.status === 'sending'));
      let lastTry = 0;
      while (!done) {
        await second.app.get(MailWorker).drain();
        lastTry = Date.now();
        await sleep(50);
      }
      await firstDrain;
      await second.app.get(MailWorker).drain(); // anything the first gave back
      // The second worker kept trying after the first one's claims were older than the takeover time.
      expect(lastTry - started).toBeGreaterThan(3_000);
      const recipients = received('hidup').map(recipientOf);
      expect(recipients).toHaveLength(20);
      expect(new Set(recipients).size).toBe(20);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('cuts off a message the mail server never answers, gives the rest back, and sends them all later', async () => {
    smtp.inbox.length = 0;
    const slow = await instance({ MAIL_HEARTBEAT_SECONDS: '0.25', MAIL_TAKEOVER_SECONDS: '4' });
    try {
      await registrations('diam', 4, 5);
      smtp.server.onData = (stream) => { stream.resume(); }; // takes the message and never answers
      expect(await slow.app.get(MailWorker).drain()).toBe(1);
      const rows = await rowsOf('diam');
      expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      expect(rows[0].lastError).toMatch(/abort/i);
      expect(rows.slice(1).every((r) => r.attempts === 0)).toBe(true);
      smtp.server.onData = deliver;
      await slow.app.get(MailWorker).drain(new Date(Date.now() + 60_000));
      expect(received('diam').map(recipientOf).sort()).toEqual(['diam0@contoh.id', 'diam1@contoh.id', 'diam2@contoh.id', 'diam3@contoh.id']);
    } finally {
      await slow.close();
    }
  });

  it('removes its heartbeat row when it shuts down', async () => {
    const brief = await instance();
    const worker = brief.app.get(MailWorker);
    await worker.drain();
    expect(await t.db.getRepository(MailWorkerRecord).findOneBy({ id: worker.workerId })).not.toBeNull();
    await brief.close();
    expect(await t.db.getRepository(MailWorkerRecord).findOneBy({ id: worker.workerId })).toBeNull();
  });
});
