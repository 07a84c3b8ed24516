import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThanOrEqual, Not, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import type { User } from '../accounts/user.entity.js';
import { InjectConfig } from '../common/config.provider.js';
import { parseZonedIso } from '../common/time.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { DomainEventRecord } from '../domain-events/domain-event.entity.js';
import { DomainEvents } from '../domain-events/domain-events.service.js';
import { PUBLIC_EVENT_TYPES } from '../domain-events/event-types.js';
import { visibleToRole } from '../changes/visibility.js';
import { Transactions } from '../database/transactions.js';
import { EventRecord } from '../events/event.entity.js';
import { Venue } from '../venues/venue.entity.js';
import { VenueManager } from '../venues/venue-manager.entity.js';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookResolver } from './webhook-resolver.js';
import { newWebhookSecret } from './webhook-signing.js';
import { checkWebhookUrl } from './webhook-url.js';

/** What callers see of an endpoint; `secret` only in the answer that created or rotated it. */
export interface EndpointView {
  id: number; url: string; description: string; events: string[]; enabled: boolean; disabledReason: string | null;
  createdAt: string; updatedAt: string; ownerId: number; secret?: string; previousSecretUntil: string | null;
}

export interface DeliveryView {
  id: number; eventId: string; type: string; occurredAt: string; status: string; attempts: number; nextAttemptAt: string | null;
  lastStatusCode: number | null; lastError: string | null; deliveredAt: string | null;
  log: Array<{ at: string; statusCode: number | null; latencyMs: number; response: string | null; error: string | null }>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toView = (e: WebhookEndpoint, secret?: string): EndpointView => ({
  id: e.id, url: e.url, description: e.description, events: e.events, enabled: e.enabled, disabledReason: e.disabledReason,
  createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(), ownerId: e.ownerId,
  previousSecretUntil: iso(e.previousSecretUntil), ...(secret ? { secret } : {}),
});

/**
 * Webhook endpoints: venue managers, organisers and admins own endpoints that receive the public events they may see
 * (the changes feed's rule, applied when each event is fanned out). Admins may manage every endpoint.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly stream: DomainEvents,
    private readonly resolver: WebhookResolver,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Managers and admins may own endpoints; a creator only once they organise an event. */
  async mayOwnEndpoints(user: User): Promise<boolean> {
    if (user.role === 'admin' || user.role === 'manager') return true;
    return (await this.db.getRepository(EventRecord).count({ where: { organiserId: user.id } })) > 0;
  }

  /** The zone the pages write and read times in: a manager's first venue's, otherwise WIB (Asia/Jakarta). */
  async readerZone(user: User): Promise<string> {
    if (user.role !== 'manager') return 'Asia/Jakarta';
    const first = await this.db.createQueryBuilder(Venue, 'v').select('v.timezone', 'timezone')
      .innerJoin(VenueManager, 'vm', 'vm.venue_id = v.id').where('vm.user_id = :user', { user: user.id })
      .orderBy('v.id', 'ASC').limit(1).getRawOne<{ timezone: string }>();
    return first?.timezone ?? 'Asia/Jakarta';
  }

  /** Refuses (403) someone who may not own endpoints; pages call it before showing a form. */
  async assertMayOwn(user: User): Promise<void> {
    if (!(await this.mayOwnEndpoints(user))) throw new ForbiddenError('webhooks_not_allowed');
  }

  private checkUrl(url: string): Promise<string> {
    return checkWebhookUrl(url, { allowedHosts: this.config.webhooks.allowedHosts, production: this.config.nodeEnv === 'production', resolve: (h) => this.resolver.resolve(h) });
  }

  /** `*` stands alone: with it, a list of types says nothing more. */
  private normaliseTypes(types: string[]): string[] {
    const unique = [...new Set(types)];
    return unique.includes('*') ? ['*'] : unique;
  }

  /** Creates an endpoint after checking its URL (scheme, and that its host is not private); the secret is in this answer only. */
  async create(user: User, dto: { url: string; events: string[]; description?: string }): Promise<EndpointView> {
    await this.assertMayOwn(user);
    const url = await this.checkUrl(dto.url);
    const secret = newWebhookSecret();
    const endpoint = await this.tx.write((m) => m.save(m.create(WebhookEndpoint, {
      ownerId: user.id, url, description: dto.description ?? '', events: this.normaliseTypes(dto.events), enabled: true, secret,
      previousSecret: null, previousSecretUntil: null, disabledReason: null,
    })));
    return toView(endpoint, secret);
  }

  async list(user: User): Promise<EndpointView[]> {
    await this.assertMayOwn(user);
    const where = user.role === 'admin' ? {} : { ownerId: user.id };
    return (await this.db.getRepository(WebhookEndpoint).find({ where, order: { id: 'ASC' } })).map((e) => toView(e));
  }

  /** The caller's endpoint (any endpoint for an admin); someone else's is not found. */
  async find(user: User, id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.db.getRepository(WebhookEndpoint).findOneBy({ id });
    if (!endpoint || (endpoint.ownerId !== user.id && user.role !== 'admin')) throw new NotFoundError('webhook_not_found');
    return endpoint;
  }

  async get(user: User, id: number): Promise<EndpointView> {
    return toView(await this.find(user, id));
  }

  /** Changes the URL (checked again), the types or the switch; switching on clears the reason it was off. */
  async update(user: User, id: number, dto: { url?: string; events?: string[]; enabled?: boolean; description?: string }): Promise<EndpointView> {
    const endpoint = await this.find(user, id);
    const url = dto.url === undefined ? endpoint.url : await this.checkUrl(dto.url);
    const changes: Partial<WebhookEndpoint> = { url };
    if (dto.events) changes.events = this.normaliseTypes(dto.events);
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.enabled !== undefined && dto.enabled !== endpoint.enabled) Object.assign(changes, { enabled: dto.enabled, disabledReason: dto.enabled ? null : 'owner' });
    await this.tx.write((m) => m.update(WebhookEndpoint, { id }, changes));
    return toView(await this.find(user, id));
  }

  async remove(user: User, id: number): Promise<void> {
    await this.find(user, id);
    await this.tx.write((m) => m.delete(WebhookEndpoint, { id }));
  }

  /** Records an internal `webhook.test` event and one delivery of it to this endpoint only. */
  async test(user: User, id: number): Promise<DeliveryView> {
    const endpoint = await this.find(user, id);
    if (!endpoint.enabled) throw new ConflictError('webhook_disabled');
    const deliveryId = await this.tx.write(async (m) => {
      const event = await this.stream.record(m, {
        type: 'webhook.test', actorId: user.id, venueId: null, payload: { endpointId: endpoint.id, message: 'Ruang Kreatif webhook test' },
      });
      const delivery = await m.save(m.create(WebhookDelivery, {
        endpointId: endpoint.id, domainEventId: event.id, status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, claimedBy: null,
        lastStatusCode: null, lastError: null, deliveredAt: null,
      }));
      return delivery.id;
    });
    return (await this.deliveries(user, id, { ids: [deliveryId] }))[0];
  }

  /** A new secret; the old one keeps signing beside it for `overlapHours` (default 24), so receivers can switch over. */
  async rotateSecret(user: User, id: number, overlapHours = 24): Promise<EndpointView> {
    await this.find(user, id);
    const secret = newWebhookSecret();
    const until = overlapHours > 0 ? new Date(Date.now() + overlapHours * 3_600_000) : null;
    // The old secret is the row's as it is written, not as it was read before: of two rotations at once, the later
    // keeps the earlier's secret signing beside its own (a secret read earlier would orphan the one shown to the first).
    await this.tx.write((m) => m.createQueryBuilder().update(WebhookEndpoint)
      .set({ secret, previousSecret: () => (until ? 'secret' : 'NULL'), previousSecretUntil: until }).where({ id }).execute());
    return toView(await this.find(user, id), secret);
  }

  /**
   * Sends one delivery again, or every event since `since` (those delivered or failed, and those never queued for this
   * endpoint because it was off), with a fresh retry schedule; what is waiting or under way is left as it is.
   */
  async replay(user: User, id: number, dto: { deliveryId?: number; since?: string }, now = new Date()): Promise<{ queued: number }> {
    const endpoint = await this.find(user, id);
    if ((dto.deliveryId === undefined) === (dto.since === undefined)) {
      throw new ValidationError([{ field: 'deliveryId', code: 'webhooks.errors.replay_one_of' }]);
    }
    const reset = { status: 'pending' as const, attempts: 0, nextAttemptAt: now, lockedUntil: null, claimedBy: null };
    const open = Not(In(['pending', 'sending']));
    return this.tx.write(async (m) => {
      if (dto.deliveryId !== undefined) {
        const delivery = await m.findOneBy(WebhookDelivery, { id: dto.deliveryId, endpointId: id });
        if (!delivery) throw new NotFoundError('webhook_delivery_not_found');
        const done = await m.update(WebhookDelivery, { id: delivery.id, status: open }, reset);
        return { queued: done.affected ?? 0 };
      }
      const since = parseZonedIso(dto.since);
      if (!since) throw new ValidationError([{ field: 'since', code: 'datetime' }]);
      const again = await m.createQueryBuilder(WebhookDelivery, 'w').select('w.id', 'id')
        .innerJoin(DomainEventRecord, 'd', 'd.id = w.domain_event_id AND d.occurred_at >= :since', { since })
        .where({ endpointId: id, status: open }).limit(10_000).getRawMany<{ id: number }>();
      const done = again.length ? await m.update(WebhookDelivery, { id: In(again.map((r) => Number(r.id))) }, reset) : { affected: 0 };
      // Events the endpoint never got a delivery of (it was off, or subscribed to other types then) are queued too.
      const missing = await this.missedEvents(m, endpoint, since);
      if (missing.length) {
        await m.insert(WebhookDelivery, missing.map((domainEventId) => ({
          endpointId: id, domainEventId, status: 'pending' as const, attempts: 0, nextAttemptAt: now, lockedUntil: null, claimedBy: null,
          lastStatusCode: null, lastError: null, deliveredAt: null,
        })));
      }
      return { queued: (done.affected ?? 0) + missing.length };
    });
  }

  /** Public events since `since` of the endpoint's types that its owner may see and that it has no delivery of (at most 10 000). */
  private async missedEvents(m: EntityManager, endpoint: WebhookEndpoint, since: Date): Promise<number[]> {
    const types = endpoint.events.includes('*') ? [...PUBLIC_EVENT_TYPES] : endpoint.events;
    // Through the entity, so that `since` is written the way the column stores instants on each engine.
    const rows = await m.createQueryBuilder(DomainEventRecord, 'd').select('d.id', 'id')
      .innerJoin('users', 'u', 'u.id = :owner', { owner: endpoint.ownerId })
      .leftJoin('webhook_deliveries', 'x', 'x.domain_event_id = d.id AND x.endpoint_id = :endpoint', { endpoint: endpoint.id })
      .where({ occurredAt: MoreThanOrEqual(since) }).andWhere('d.type IN (:...types)', { types }).andWhere('x.id IS NULL')
      .andWhere(visibleToRole('d', ':owner', 'u.role'))
      .orderBy('d.id', 'ASC').limit(10_000).getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  /** The endpoint's delivery log, newest first, each delivery with its attempts. */
  async deliveries(user: User, id: number, options: { limit?: number; ids?: number[] } = {}): Promise<DeliveryView[]> {
    await this.find(user, id);
    const rows = await this.db.getRepository(WebhookDelivery).find({
      where: { endpointId: id, ...(options.ids ? { id: In(options.ids) } : {}) }, order: { id: 'DESC' }, take: Math.min(options.limit ?? 50, 200),
    });
    if (!rows.length) return [];
    const events = await this.db.getRepository(DomainEventRecord).find({ where: { id: In(rows.map((r) => r.domainEventId)) }, select: { id: true, uid: true, type: true, occurredAt: true } });
    const attempts = await this.db.getRepository(WebhookAttempt).find({ where: { deliveryId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return rows.map((r) => {
      const e = events.find((x) => x.id === r.domainEventId)!;
      return {
        id: r.id, eventId: e.uid, type: e.type, occurredAt: e.occurredAt.toISOString(), status: r.status, attempts: r.attempts,
        nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null, lastStatusCode: r.lastStatusCode, lastError: r.lastError,
        deliveredAt: iso(r.deliveredAt),
        log: attempts.filter((a) => a.deliveryId === r.id).map((a) => ({ at: a.attemptedAt.toISOString(), statusCode: a.statusCode, latencyMs: a.latencyMs, response: a.responseSnippet, error: a.error })),
      };
    });
  }
}
