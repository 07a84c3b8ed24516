import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { translator } from '../common/i18n.js';
import { formatTime } from '../common/time.js';
import { Prepared } from '../database/prepared.js';
import { plusMinutesSql } from '../database/sql-time.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { recordHistory, recordReservation } from './affected-bookings.js';
import { releaseAt } from './check-in.js';
import { approvalHold } from './no-show-fair-use.js';
import { Reservation } from './reservation.entity.js';
import { ReservationQueries } from './reservations.queries.js';
import { WorkerLease } from '../database/worker-lease.entity.js';

const LEASE_NAME = 'no-show';
const LEASE_MS = 5 * 60_000;
const EVERY_MS = 60_000;
/** After an outage, bookings whose release moment lies further back than this are left alone (a late release helps nobody). */
const LOOKBACK_MS = 12 * 3_600_000;
/** Rooms allow check-in rules of at most an hour: a booking due in a run started at most this long before it. */
const LONGEST_RULE_MS = 60 * 60_000;
const BATCH = 1000;

/**
 * Releases bookings nobody checked in to: every minute, each confirmed booking in a room with a check-in rule whose
 * start + N has passed becomes `no_show` (slot free at once, SEQUENCE raised, `reservation.no_show` recorded, so the mail
 * subscriber sends the creator a calendar CANCEL). One instance at a time holds the lease; each release is a conditional
 * update in its own write transaction and records its event only when it changed the row, so two instances, or a
 * restart in the middle of a run, release each booking exactly once.
 */
@Injectable()
export class NoShowWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NoShow');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  readonly holder = randomUUID();
  /** Bookings released per run at most (the rest wait for the next run); a property so a test can make a batch full. */
  batchSize = BATCH;
  private readonly queries: ReservationQueries;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly stream: DomainEvents,
    @InjectConfig() private readonly config: AppConfig,
    prepared: Prepared,
  ) {
    this.queries = new ReservationQueries(prepared);
  }

  onApplicationBootstrap(): void {
    if (!this.config.noShowWorker) return;
    this.timer = setInterval(() => void this.run(new Date()).catch((e) => this.logger.error(e)), EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Releases what is due at `now` (the clock is a parameter, so tests drive time); returns how many were released. */
  run(now: Date): Promise<number> {
    this.running ??= this.runOnce(now).finally(() => { this.running = null; });
    return this.running;
  }

  private async runOnce(now: Date): Promise<number> {
    const lease = await this.claim(now);
    if (!lease) return 0;
    let doneUntil = new Date(Math.max(lease.doneUntil.getTime(), now.getTime() - LOOKBACK_MS));
    let released = 0;
    try {
      // The release moment (start + the room's rule) is computed in SQL, so only due bookings come back, in the order
      // they fell due: a full batch of long-rule bookings not yet due can no longer hold back a short-rule one that is.
      const releaseMoment = plusMinutesSql(this.tx.isPostgres, 'r.start_at', 'room.check_in_minutes');
      const due = await this.db.getRepository(Reservation).createQueryBuilder('r')
        .innerJoinAndSelect('r.room', 'room').innerJoinAndSelect('room.venue', 'venue').innerJoinAndSelect('r.creator', 'creator')
        .where('room.check_in_minutes IS NOT NULL AND r.kind = :kind AND r.status = :status AND r.checked_in_at IS NULL AND r.event_id IS NULL', { kind: 'booking', status: 'confirmed' })
        // Bounds on start_at alone (rules are at most an hour) keep the index on it useful.
        .andWhere('r.start_at > :from AND r.start_at <= :to', { from: new Date(doneUntil.getTime() - LONGEST_RULE_MS), to: now })
        .andWhere(`${releaseMoment} > :doneUntil AND ${releaseMoment} <= :to`, { doneUntil })
        .orderBy(releaseMoment, 'ASC').addOrderBy('r.id', 'ASC').limit(this.batchSize).getMany();
      for (const r of due) {
        if (await this.release(r, now)) released += 1;
      }
      // A full batch may have left later ones: the next run goes on from just before the last release moment looked at
      // (others due at that same moment may remain; those released here are no longer confirmed, so never fetched again).
      const last = due[due.length - 1];
      doneUntil = due.length === this.batchSize && last ? new Date(releaseAt(last.startAt, last.room.checkInMinutes!).getTime() - 1) : now;
    } finally {
      await this.tx.write((m) => m.update(WorkerLease, { name: LEASE_NAME, holder: this.holder }, { holder: null, expiresAt: now, doneUntil }));
    }
    return released;
  }

  /** The lease, when this instance may run now: free (expired) or already its own. */
  private claim(now: Date): Promise<WorkerLease | null> {
    return this.tx.write(async (m) => {
      const claimed = await m.createQueryBuilder().update(WorkerLease).set({ holder: this.holder, expiresAt: new Date(now.getTime() + LEASE_MS) })
        .where('name = :name AND (expires_at <= :now OR holder = :me)', { name: LEASE_NAME, now, me: this.holder }).execute();
      return claimed.affected ? m.findOneBy(WorkerLease, { name: LEASE_NAME }) : null;
    });
  }

  /** One booking, in its own write transaction; false when it was checked in, cancelled or released meanwhile. */
  private release(r: Reservation, now: Date): Promise<boolean> {
    const minutes = r.room.checkInMinutes!;
    const locale = r.creator.locale ?? this.config.defaultLocale;
    const reason = translator(locale)('reservations.no_show_reason', { time: formatTime(releaseAt(r.startAt, minutes), r.room.venue.timezone, locale) });
    return this.tx.write(async (m: EntityManager) => {
      const changed = await m.createQueryBuilder().update(Reservation)
        .set({ status: 'no_show', statusReason: reason, sequence: () => 'sequence + 1' })
        .where("id = :id AND status = 'confirmed' AND checked_in_at IS NULL", { id: r.id }).execute();
      if (!changed.affected) return false;
      const current = await m.findOneByOrFail(Reservation, { id: r.id });
      const until = await approvalHold(this.queries, current.creatorId, r.room.venue, now, m);
      await recordHistory(m, [current], null, 'no_show', reason, { checkInMinutes: minutes });
      await recordReservation(this.stream, m, 'reservation.no_show', null, current, r.room, r.room.venue, {
        reason, noShow: { checkInMinutes: minutes, approvalRequiredUntil: until },
      });
      return true;
    });
  }
}
