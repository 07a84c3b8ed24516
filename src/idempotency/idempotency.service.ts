import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import type { Params } from '../common/errors.js';
import { Prepared, type Statement } from '../database/prepared.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyConflictError, IdempotencyKeyReusedError } from './idempotency.errors.js';

/** The first answer to a key: a JSON answer (API) or a form's redirect with its flash notice. */
export type StoredAnswer =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'redirect'; url: string; flash?: { key: string; params?: Params } };

export interface Claim { id: number; cipherKey: Buffer }
export type Begun = { claim: Claim } | { replay: StoredAnswer };

const HOUR = 3600_000;

const CLAIM: Statement = {
  name: 'idempotency_claim',
  sql: `INSERT INTO idempotency_keys (scope, key_hash, fingerprint, state, created_at, expires_at)
        VALUES ($1, $2, $3, 'running', $4, $5) ON CONFLICT (scope, key_hash) DO NOTHING RETURNING id`,
};
const DROP_EXPIRED_KEY: Statement = {
  name: 'idempotency_drop_expired_key',
  sql: 'DELETE FROM idempotency_keys WHERE scope = $1 AND key_hash = $2 AND expires_at <= $3',
};
const FIND: Statement = {
  name: 'idempotency_find',
  sql: `SELECT id, fingerprint, state, response, CASE WHEN created_at <= $3 THEN 1 ELSE 0 END AS stale
        FROM idempotency_keys WHERE scope = $1 AND key_hash = $2 AND expires_at > $4`,
};
const COMPLETE: Statement = {
  name: 'idempotency_complete',
  sql: `UPDATE idempotency_keys SET state = 'done', response_status = $2, response = $3 WHERE id = $1 AND state = 'running'`,
};
const RELEASE: Statement = { name: 'idempotency_release', sql: `DELETE FROM idempotency_keys WHERE id = $1 AND state = 'running'` };
const PURGE: Statement = { name: 'idempotency_purge', sql: 'DELETE FROM idempotency_keys WHERE expires_at <= $1' };

interface Row { id: number; fingerprint: string; state: string; response: string | null; stale: number | string }

/**
 * Idempotency keys (IETF httpapi Idempotency-Key draft): a key is claimed before its request runs, holds the first
 * answer for 24 hours, and a request with a claimed key never runs again: it waits for the first one and replays its
 * answer, or is refused (docs/decisions.md has the rules and the crash window).
 */
@Injectable()
export class IdempotencyService {
  /** How long a request waits for the first request with its key before answering 409. */
  waitMs = 10_000;
  /** A key still running after this long was left by a crash or a lost connection: its outcome is unknown. */
  staleMs = 5 * 60_000;
  readonly ttlMs = 24 * HOUR;
  /** Expired keys are deleted by whichever claim comes first after this interval (no separate worker). */
  purgeEveryMs = 10 * 60_000;
  private lastPurge = 0;

  constructor(
    private readonly tx: Transactions,
    private readonly prepared: Prepared,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Claims `key` for this request, or answers as the first request with it did: replays its stored answer, refuses a
   * different request (422), or, when the first is still running, waits for it at most `waitMs` (then 409).
   */
  async begin(scope: string, key: string, fingerprint: string): Promise<Begun> {
    const keyHash = this.derive('key', scope, key).toString('base64url');
    const cipherKey = this.derive('answer', scope, key);
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      const id = await this.tx.write(async (m) => {
        await this.purgeIfDue(m, now);
        await this.prepared.rows(m, DROP_EXPIRED_KEY, [scope, keyHash, now]);
        const row = await this.prepared.one<{ id: number }>(m, CLAIM, [scope, keyHash, fingerprint, now, new Date(now.getTime() + this.ttlMs)]);
        return row ? Number(row.id) : null;
      });
      if (id !== null) return { claim: { id, cipherKey } };
      const found = await this.prepared.one<Row>(null, FIND, [scope, keyHash, new Date(Date.now() - this.staleMs), new Date()]);
      if (!found) continue; // released (a 5xx) or expired in between: claim again
      if (found.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (found.state === 'done' && found.response) return { replay: this.open(found.response, cipherKey) };
      if (Number(found.stale)) throw new IdempotencyConflictError('idempotency_result_unknown');
      if (Date.now() >= deadline) throw new IdempotencyConflictError('idempotency_in_progress');
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, 20 * 2 ** Math.min(attempt, 4))));
    }
  }

  /** Stores the first answer. If this fails the key stays claimed: a retry is refused, never run twice. */
  async complete(claim: Claim, answer: StoredAnswer): Promise<void> {
    const status = answer.kind === 'json' ? answer.status : 303;
    await this.tx.write((m) => this.prepared.rows(m, COMPLETE, [claim.id, status, this.seal(answer, claim.cipherKey)]));
  }

  /** Gives the key up (an answer that is not kept, e.g. a 5xx): the next request with it runs. */
  async release(claim: Claim): Promise<void> {
    await this.tx.write((m) => this.prepared.rows(m, RELEASE, [claim.id]));
  }

  /** Deletes every key older than 24 hours. */
  async purgeExpired(now = new Date()): Promise<void> {
    await this.tx.write((m) => this.prepared.rows(m, PURGE, [now]));
    this.lastPurge = now.getTime();
  }

  private async purgeIfDue(m: Parameters<Prepared['rows']>[0], now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < this.purgeEveryMs) return;
    this.lastPurge = now.getTime();
    await this.prepared.rows(m, PURGE, [now]);
  }

  /** Keyed by the server secret: the table holds neither the key nor anything that opens the answer without it. */
  private derive(purpose: string, scope: string, key: string): Buffer {
    return createHmac('sha256', this.config.sessionSecret).update(`idempotency:${purpose}\n${scope}\n${key}`).digest();
  }

  private seal(answer: StoredAnswer, cipherKey: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', cipherKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  private open(stored: string, cipherKey: Buffer): StoredAnswer {
    const [iv, tag, sealed] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', cipherKey, iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')) as StoredAnswer;
  }
}
