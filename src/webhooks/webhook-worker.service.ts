import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { User } from '../accounts/user.entity.js';
import { InjectConfig } from '../common/config.provider.js';
import { DomainEventRecord } from '../domain-events/domain-event.entity.js';
import { Transactions } from '../database/transactions.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { nextAttemptAt, RETRY_DELAYS_MS, TEST_RETRY_DELAYS_MS } from './retry-schedule.js';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookResolver } from './webhook-resolver.js';
import { guardedLookup, postWebhook, SEND_TIMEOUT_MS, withoutNul, type SendOutcome } from './webhook-sender.js';
import { signedHeaders, signingSecrets } from './webhook-signing.js';

/** A claim outlives any send (10 s, plus connecting) many times over; a crashed worker's rows are free again after it. */
const LEASE_MS = 6 * SEND_TIMEOUT_MS;
const BATCH = 20;
const MAX_ROUNDS = 200;
const TEST_TYPE = 'webhook.test';

/** The body partners receive: the event's type and time, and its payload with its id. */
export function webhookBody(e: Pick<DomainEventRecord, 'uid' | 'type' | 'occurredAt' | 'payload'>): string {
  return JSON.stringify({ type: e.type, timestamp: e.occurredAt.toISOString(), data: { id: e.uid, ...(JSON.parse(e.payload) as object) } });
}

/**
 * Delivers webhooks. Due rows are claimed with a lease and this worker's id (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
 * instances never take the same row; SQLite: inside the serialised writer), sent outside any transaction, and the
 * outcome recorded only while the row is still this worker's. Each endpoint gets its events in stream order: a
 * delivery waits while an earlier one of the same endpoint is pending or under way (a failing endpoint retries its
 * oldest event; the rest follow it as soon as it gets through; a test delivery goes at once, outside that order). After the last retry the delivery has failed, the
 * endpoint is switched off and its owner mailed (not for a test delivery: three quick tries, and only the test fails).
 * `run(now)` takes the clock, so tests drive the retry schedule.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;
  readonly workerId = randomUUID();

  constructor(
    private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly resolver: WebhookResolver,
    private readonly notifications: NotificationsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.webhooks.worker) return;
    this.timer = setInterval(() => void this.run().catch((e) => this.logger.error(e)), 2_000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends what is due at `now` (in rounds, while there is more); returns how many attempts were made. One run at a time per process. */
  run(now = new Date()): Promise<number> {
    this.running ??= this.runOnce(now).finally(() => { this.running = null; });
    return this.running;
  }

  private async runOnce(now: Date): Promise<number> {
    let attempts = 0;
    const started = Date.now();
    for (let round = 0; round < MAX_ROUNDS && !this.stopping; round++) {
      const at = new Date(now.getTime() + (Date.now() - started));
      const rows = await this.claim(at);
      if (!rows.length) break;
      await Promise.all(rows.map((row) => this.deliver(row, at)));
      attempts += rows.length;
    }
    return attempts;
  }

  /** Due rows, at most one per endpoint (its oldest unfinished one; a test beside it), marked `sending` by this worker with a lease. */
  private claim(now: Date): Promise<WebhookDelivery[]> {
    return this.tx.write(async (m) => {
      const q = m.createQueryBuilder(WebhookDelivery, 'd')
        .innerJoin(WebhookEndpoint, 'w', 'w.id = d.endpoint_id')
        .where('w.enabled = :on', { on: true })
        .andWhere(`((d.status = 'pending' AND d.next_attempt_at <= :now) OR (d.status = 'sending' AND d.locked_until < :now))`, { now })
        // Stream order per endpoint; a test delivery stands outside it: it neither waits nor holds anything up.
        .innerJoin(DomainEventRecord, 'e', 'e.id = d.domain_event_id')
        .andWhere(`(e.type = :test OR NOT EXISTS (SELECT 1 FROM webhook_deliveries p INNER JOIN domain_events pe ON pe.id = p.domain_event_id
          WHERE p.endpoint_id = d.endpoint_id AND p.domain_event_id < d.domain_event_id AND p.status IN ('pending', 'sending') AND pe.type <> :test))`, { test: TEST_TYPE })
        .orderBy('d.domain_event_id', 'ASC').limit(BATCH);
      if (this.tx.isPostgres) q.setLock('pessimistic_write', undefined, ['d']).setOnLocked('skip_locked');
      const due = await q.getMany();
      if (!due.length) return [];
      const lease = new Date(now.getTime() + LEASE_MS);
      await m.createQueryBuilder().update(WebhookDelivery)
        .set({ status: 'sending', lockedUntil: lease, claimedBy: this.workerId, attempts: () => 'attempts + 1' })
        .where({ id: In(due.map((d) => d.id)) }).execute();
      return due.map((d) => Object.assign(d, { status: 'sending', lockedUntil: lease, claimedBy: this.workerId, attempts: d.attempts + 1 }));
    });
  }

  private async deliver(row: WebhookDelivery, now: Date): Promise<void> {
    const [endpoint, event] = await Promise.all([
      this.db.getRepository(WebhookEndpoint).findOneBy({ id: row.endpointId }),
      this.db.getRepository(DomainEventRecord).findOneBy({ id: row.domainEventId }),
    ]);
    if (!endpoint || !event) return;
    const body = webhookBody(event);
    // The signature's timestamp is the wall clock: receivers refuse one more than five minutes off theirs.
    const headers = signedHeaders(signingSecrets(endpoint, now), event.uid, new Date(), body);
    const allowed = this.config.webhooks.allowedHosts;
    const outcome = await postWebhook(endpoint.url, body, headers, guardedLookup((h) => this.resolver.resolve(h), allowed), allowed);
    await this.record(row, endpoint, outcome, now, event.type === TEST_TYPE);
  }

  /**
   * Logs the attempt and moves the delivery on: delivered, retried later, or failed (endpoint off, owner mailed). A test
   * delivery has its own short schedule, and its failure only fails the test: the endpoint stays as it was.
   */
  private async record(row: WebhookDelivery, endpoint: WebhookEndpoint, o: SendOutcome, now: Date, test: boolean): Promise<void> {
    const clean = { ...o, snippet: o.snippet === null ? null : withoutNul(o.snippet), error: o.error === null ? null : withoutNul(o.error) };
    try {
      await this.save(row, endpoint, clean, now, test);
    } catch (e) {
      // An answer the log cannot hold must not leave the delivery `sending`, claimed again after every lease for ever.
      this.logger.error(`delivery ${row.id}: the attempt could not be logged as received (${(e as Error).message}); logged without the answer`);
      await this.save(row, endpoint, { ...clean, snippet: null, error: clean.error === null ? null : 'the error could not be logged' }, now, test);
    }
  }

  private async save(row: WebhookDelivery, endpoint: WebhookEndpoint, o: SendOutcome, now: Date, test: boolean): Promise<void> {
    const ok = o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;
    const error = ok ? null : (o.error ?? `HTTP ${o.statusCode}`).slice(0, 500);
    const retryAt = ok ? null : nextAttemptAt(row.attempts, now, test ? TEST_RETRY_DELAYS_MS : RETRY_DELAYS_MS);
    await this.tx.write(async (m) => {
      // Only while the row is still this worker's: one taken over after a lapsed lease is the other worker's to record.
      const mine = { id: row.id, status: 'sending' as const, claimedBy: this.workerId };
      const common = { lockedUntil: null, claimedBy: null, lastStatusCode: o.statusCode, lastError: error };
      const moved = ok ? await m.update(WebhookDelivery, mine, { ...common, status: 'delivered', deliveredAt: now })
        : retryAt ? await m.update(WebhookDelivery, mine, { ...common, status: 'pending', nextAttemptAt: retryAt })
          : await m.update(WebhookDelivery, mine, { ...common, status: 'failed' });
      if (!moved.affected) return;
      await m.insert(WebhookAttempt, {
        deliveryId: row.id, attemptedAt: now, statusCode: o.statusCode, latencyMs: Math.min(o.latencyMs, 2_147_483_647),
        responseSnippet: o.snippet === null ? null : o.snippet.slice(0, 1024), error,
      });
      if (ok || retryAt || test) return;
      const off = await m.update(WebhookEndpoint, { id: endpoint.id, enabled: true }, { enabled: false, disabledReason: 'failing' });
      if (!off.affected) return;
      const owner = await m.findOneBy(User, { id: endpoint.ownerId });
      if (owner) await this.notifications.webhookDisabled(m, owner, { id: endpoint.id, url: endpoint.url }, error ?? '', row.id);
      this.logger.warn(`webhook endpoint ${endpoint.id} switched off after delivery ${row.id} failed: ${error}`);
    });
  }
}
