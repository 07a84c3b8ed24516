import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import QRCode from 'qrcode';
import { Between, DataSource, In, LessThan } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { Transactions } from '../database/transactions.js';
import { MailWorkerRecord } from './mail-worker.entity.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { NotificationsService } from './notifications.service.js';
import { EventRecord } from '../events/event.entity.js';
import type { EventWithDetails } from '../events/events.service.js';
import { Registration } from '../registrations/registration.entity.js';
import { Reservation } from '../reservations/reservation.entity.js';

const MAX_ATTEMPTS = 8;

/**
 * The same QR code as on the ticket page (the ticket code, read by the check-in camera), as a PNG for mail clients.
 * Each pixel row of a QR image repeats the one above it, so PNG's "Up" filter (2) packs it as well as trying all five
 * filters on every row (the default) does, at a quarter of the time on the one thread (about 10 ms instead of 45).
 */
export const ticketQr = (code: string): Promise<Buffer> =>
  QRCode.toBuffer(code, {
    type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360, color: { dark: '#1f2328', light: '#ffffff' },
    rendererOpts: { filterType: 2 } as QRCode.QRCodeToBufferOptions['rendererOpts'],
  });
const LEASE_MS = 300_000;
/** Rows claimed at once; a drain takes batch after batch while the outbox has more due, up to MAX_BATCHES. */
const BATCH = 20;
const MAX_BATCHES = 50;
/**
 * A claimed row is only sent within this time of its claim, so that a send (cut off after at most 45 s, see
 * `sendDeadlineMs`) ends before its lease does and no other instance can take the row meanwhile. Rows left over are
 * given back.
 */
const SEND_WINDOW_MS = LEASE_MS - 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
/** Rows of workers silent for this long are deleted (their claims, if any, can be taken over already). */
const FORGET_WORKERS_MS = 86_400_000;

/**
 * Sends the outbox. Rows are claimed (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several instances never take the same
 * row; SQLite: inside the serialised writer), leased for five minutes and marked with this worker's id; sending
 * happens outside any transaction; a failure is retried with exponential backoff, and kept as `failed` with its error
 * after the last attempt or a permanent SMTP refusal.
 *
 * Every worker writes a heartbeat every `MAIL_HEARTBEAT_SECONDS`. The claims of a worker whose heartbeat is older than
 * `MAIL_TAKEOVER_SECONDS` (a crashed or killed process; a restart is a new worker) are taken over by any other worker.
 * A live worker keeps its claims, because it never sends unless its own heartbeat landed within a quarter of that time
 * and each send is cut off after at most half of it: its last send has ended before anyone may presume it dead.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private remindersCheckedAt = 0;
  private stopping = false;
  /** A new id per process, so a restarted instance never mistakes its predecessor's claims for its own. */
  readonly workerId = randomUUID();
  private readonly startedAt = new Date();
  private registered: Promise<void> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  /** The heartbeat time this worker last wrote (and saw committed). */
  private lastBeatAt = 0;
  private readonly heartbeatMs: number;
  private readonly takeoverMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    @InjectConfig() private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {
    this.heartbeatMs = config.mail.heartbeatMs;
    this.takeoverMs = config.mail.takeoverMs;
    // One pooled SMTP connection, reused from message to message (`?pool=false` in SMTP_URL turns that off).
    this.transport = config.mail.smtpUrl
      ? nodemailer.createTransport({ url: config.mail.smtpUrl, pool: true, maxConnections: 1, ...SMTP_TIMEOUTS })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  onApplicationBootstrap(): void {
    if (!this.config.mail.worker) return;
    void this.register().catch((e) => this.logger.warn(`mail worker heartbeat: ${(e as Error).message}`));
    this.timer = setInterval(() => void this.drain().catch((e) => this.logger.error(e)), 2_000);
  }

  /**
   * Before the database closes: no new drain, the one under way finishes (its rows are marked sent), and this worker's
   * row goes, so that anything it still held can be taken over at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.running?.catch(() => undefined);
    if (this.registered) {
      await this.tx.write((m) => m.delete(MailWorkerRecord, { id: this.workerId })).catch(() => undefined);
    }
    this.transport.close();
  }

  /** The first heartbeat (and a clean-up of long-gone workers), then one every `MAIL_HEARTBEAT_SECONDS`. */
  private register(): Promise<void> {
    this.registered ??= (async () => {
      await this.heartbeat();
      await this.tx.write((m) => m.delete(MailWorkerRecord, { heartbeatAt: LessThan(new Date(Date.now() - FORGET_WORKERS_MS)) }));
      this.heartbeatTimer = setInterval(() => {
        void this.heartbeat().catch((e) => this.logger.warn(`mail worker heartbeat: ${(e as Error).message}`));
      }, this.heartbeatMs);
      this.heartbeatTimer.unref();
    })().catch((error) => {
      this.registered = null;
      throw error;
    });
    return this.registered;
  }

  private async heartbeat(): Promise<void> {
    if (this.stopping) return;
    const at = new Date();
    await this.tx.write(async (m) => {
      const updated = await m.update(MailWorkerRecord, { id: this.workerId }, { heartbeatAt: at });
      if (!updated.affected) await m.insert(MailWorkerRecord, { id: this.workerId, host: `${hostname()} pid ${process.pid}`.slice(0, 255), startedAt: this.startedAt, heartbeatAt: at });
    });
    this.lastBeatAt = Math.max(this.lastBeatAt, at.getTime());
  }

  /** Whether this worker may start a send: its heartbeat landed recently enough that nobody may take its claims yet. */
  private mayStillSend(): boolean {
    return Date.now() - this.lastBeatAt < this.takeoverMs / 4;
  }

  /** How long one message may take before it is cut off: within the takeover time, and within the lease's last minute. */
  private get sendDeadlineMs(): number {
    return Math.min(this.takeoverMs / 2, 45_000);
  }

  /** Sends what is due at `now`; returns how many were handled. One drain at a time per process. */
  drain(now = new Date()): Promise<number> {
    this.running ??= this.drainOnce(now).finally(() => { this.running = null; });
    return this.running;
  }

  private async drainOnce(now: Date): Promise<number> {
    await this.register();
    // Reminders are looked for once a minute; a reminder may go out up to a minute late.
    if (now.getTime() - this.remindersCheckedAt >= 60_000) {
      this.remindersCheckedAt = now.getTime();
      await this.queueReminders(now);
    }
    // A burst (a full workshop's invitations) goes out at the mail server's pace, not one batch per tick. `now` moves on
    // with the clock, so a later batch's lease is as long as the first's.
    const started = Date.now();
    let handled = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      if (this.stopping || !this.mayStillSend()) break;
      const at = new Date(now.getTime() + (Date.now() - started));
      const rows = await this.claim(at, BATCH);
      const claimedAt = Date.now();
      for (const [index, row] of rows.entries()) {
        // Stop early, giving the rest back untried, when the lease runs short, the app is stopping, this worker's
        // heartbeat has not landed for a while (others may soon take its rows), or the mail server cannot be reached
        // (the next tick tries again, instead of spending every message's attempts at once).
        if (Date.now() - claimedAt > SEND_WINDOW_MS || this.stopping || !this.mayStillSend()) {
          await this.release(rows.slice(index));
          return handled + index;
        }
        if (!(await this.send(row, at))) {
          await this.release(rows.slice(index + 1));
          return handled + index + 1;
        }
      }
      handled += rows.length;
      if (rows.length < BATCH) break;
    }
    return handled;
  }

  /**
   * The Message-ID of a row: the same on every attempt, so a message sent again after a crash is recognisable as the
   * same one, and unique across databases (the creation time is part of it, so a new database's row 1 differs).
   */
  messageIdOf(row: Pick<OutboxMessage, 'id' | 'createdAt'>): string {
    return `<outbox-${row.id}.${row.createdAt.getTime().toString(36)}@${new URL(this.config.publicBaseUrl).hostname}>`;
  }

  /** Sends one row and records the outcome; false when the mail server could not be reached at all (or too slowly). */
  private async send(row: OutboxMessage, now: Date): Promise<boolean> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.mail.from, to: row.recipient, subject: row.subject, text: row.textBody, html: row.htmlBody,
        messageId: this.messageIdOf(row),
        // nodemailer writes the calendar as the text/calendar alternative (with method=) and as invite.ics.
        ...(row.ics ? { icalEvent: { method: row.icsMethod!, filename: 'invite.ics', content: row.ics } } : {}),
        // The ticket's QR code for check-in, drawn now rather than stored: the row keeps only the code.
        ...(row.ticketCode ? { attachments: [{ filename: `tiket-${row.ticketCode}.png`, contentType: 'image/png', content: await ticketQr(row.ticketCode) }] } : {}),
        // A server trickling its replies defeats the socket timeouts; the signal closes the connection at the deadline.
        signal: AbortSignal.timeout(this.sendDeadlineMs),
      } as Mail.Options);
      if (!this.config.mail.smtpUrl) {
        await mkdir(this.config.mail.outboxDir, { recursive: true });
        await writeFile(join(this.config.mail.outboxDir, `${String(row.id).padStart(6, '0')}-${row.kind}.eml`), info.message as Buffer);
      }
      await this.tx.write((m) => m.update(OutboxMessage, { id: row.id }, { status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null, claimedBy: null }));
      return true;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode ?? 0;
      const permanent = code >= 500 || row.attempts >= MAX_ATTEMPTS;
      const delay = Math.min(30_000 * 2 ** (row.attempts - 1), 3_600_000);
      // Only while the row is still this worker's: one taken over meanwhile is another worker's to record.
      await this.tx.write((m) => m.update(OutboxMessage, { id: row.id, status: 'sending', claimedBy: this.workerId }, {
        status: permanent ? 'failed' : 'pending', lockedUntil: null, claimedBy: null, lastError: String((error as Error).message ?? error).slice(0, 1000),
        nextAttemptAt: new Date(now.getTime() + delay),
      }));
      if (permanent) this.logger.warn(`message ${row.id} to ${row.recipient} failed for good: ${(error as Error).message}`);
      // An SMTP reply (4xx, 5xx) concerns this message; no reply at all means the server is down or unreachable.
      return code > 0;
    }
  }

  /** Gives claimed rows that were not tried back to the queue, as they were (the claim counted an attempt). */
  private async release(rows: OutboxMessage[]): Promise<void> {
    if (!rows.length) return;
    await this.tx.write((m) => m.createQueryBuilder().update(OutboxMessage)
      .set({ status: 'pending', lockedUntil: null, claimedBy: null, attempts: () => 'attempts - 1' })
      .where({ id: In(rows.map((r) => r.id)), status: 'sending', claimedBy: this.workerId }).execute());
  }

  /**
   * Reminders `REMINDER_HOURS` before a confirmed booking or a seat at an event: once (the outbox key is unique per
   * booking and start time), never to cancelled or waitlisted people, and not for what was booked after that moment.
   */
  async queueReminders(now: Date): Promise<void> {
    const lead = this.config.reminderHours * 3_600_000;
    const window = Between(new Date(now.getTime() + 1), new Date(now.getTime() + lead));
    const bookings = (await this.db.getRepository(Reservation).find({
      where: { kind: 'booking', status: 'confirmed', startAt: window }, relations: { room: { venue: true }, creator: true }, take: 500,
    })).filter((r) => r.createdAt.getTime() <= r.startAt.getTime() - lead);
    const events = await this.db.getRepository(EventRecord).find({ where: { status: 'published', startsAt: window }, relations: { venue: true, sessions: { room: true } }, take: 100 });
    const seats = events.length ? await this.db.getRepository(Registration).find({ where: { eventId: In(events.map((e) => e.id)), status: 'confirmed' }, take: 5000 }) : [];
    const due = seats.filter((r) => r.createdAt.getTime() <= events.find((e) => e.id === r.eventId)!.startsAt.getTime() - lead);
    const keys = [...bookings.map((r) => `reservation-${r.id}-reminder-${r.startAt.getTime()}`), ...due.map((r) => `registration-${r.id}-reminder-${events.find((e) => e.id === r.eventId)!.startsAt.getTime()}`)];
    if (!keys.length) return;
    const queued = new Set((await this.db.getRepository(OutboxMessage).find({ select: { dedupeKey: true }, where: { dedupeKey: In(keys) } })).map((o) => o.dedupeKey));
    const newBookings = bookings.filter((r) => !queued.has(`reservation-${r.id}-reminder-${r.startAt.getTime()}`));
    const newSeats = due.filter((r) => !queued.has(`registration-${r.id}-reminder-${events.find((e) => e.id === r.eventId)!.startsAt.getTime()}`));
    if (!newBookings.length && !newSeats.length) return;
    await this.tx.write(async (m) => {
      for (const r of newBookings) await this.notifications.reservation(m, r, r.room, r.room.venue, r.creator, 'reminder');
      for (const r of newSeats) await this.notifications.registration(m, r, events.find((e) => e.id === r.eventId) as EventWithDetails, 'reminder');
    });
  }

  /**
   * Due rows, marked `sending` by this worker with a fresh lease: pending and due; or sending, and either the lease has
   * expired or the worker that claimed them is gone (its heartbeat is older than `MAIL_TAKEOVER_SECONDS`, or its row
   * was removed). Rows claimed before workers had ids (`claimed_by` null) wait for their lease.
   */
  private async claim(now: Date, limit: number): Promise<OutboxMessage[]> {
    const lease = new Date(now.getTime() + LEASE_MS);
    const alive = new Date(now.getTime() - this.takeoverMs);
    if (this.db.options.type === 'postgres') {
      const rows: Array<{ id: number }> = await this.db.query(
        `UPDATE outbox_messages SET status = 'sending', locked_until = $1, attempts = attempts + 1, claimed_by = $4
         WHERE id IN (SELECT o.id FROM outbox_messages o
                      WHERE (o.status = 'pending' AND o.next_attempt_at <= $2)
                         OR (o.status = 'sending' AND (o.locked_until < $2 OR (o.claimed_by IS NOT NULL AND o.claimed_by <> $4
                             AND NOT EXISTS (SELECT 1 FROM mail_workers w WHERE w.id = o.claimed_by AND w.heartbeat_at >= $5))))
                      ORDER BY o.id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id`, [lease, now, limit, this.workerId, alive]);
      const ids = (Array.isArray(rows[0]) ? rows[0] : rows).map((r: { id: number }) => r.id);
      return ids.length ? this.db.getRepository(OutboxMessage).find({ where: { id: In(ids) }, order: { id: 'ASC' } }) : [];
    }
    return this.tx.write(async (m) => {
      const due = await m.createQueryBuilder(OutboxMessage, 'o')
        .where(`(o.status = 'pending' AND o.next_attempt_at <= :now) OR (o.status = 'sending' AND (o.locked_until < :now
          OR (o.claimed_by IS NOT NULL AND o.claimed_by <> :me
              AND NOT EXISTS (SELECT 1 FROM mail_workers w WHERE w.id = o.claimed_by AND w.heartbeat_at >= :alive))))`, { now, me: this.workerId, alive })
        .orderBy('o.id', 'ASC').limit(limit).getMany();
      for (const row of due) Object.assign(row, { status: 'sending', lockedUntil: lease, attempts: row.attempts + 1, claimedBy: this.workerId });
      if (due.length) await m.save(due);
      return due;
    });
  }
}
