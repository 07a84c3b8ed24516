import { Injectable } from '@nestjs/common';
import { LessThan, type EntityManager } from 'typeorm';
import { TooManyRequestsError } from '../common/errors.js';
import { Transactions } from '../database/transactions.js';
import { SignInThrottle } from './sign-in-throttle.entity.js';
import { FORGET_AFTER_MS, refundAttempt, reserveAttempt, THROTTLE_RULES, type ThrottleSubject } from './sign-in-throttle.js';

/** The sign-in counters in the database, shared by every app instance on it. */
@Injectable()
export class SignInThrottleService {
  constructor(private readonly tx: Transactions) {}

  /**
   * Counts an attempt against every subject before its password is compared, in one committed transaction
   * (row locks on PostgreSQL, the serialised writer on SQLite), so concurrent attempts on any instance cannot all
   * pass. Refuses with 429 (and changes nothing) when any subject is still waiting.
   */
  async reserve(subjects: ThrottleSubject[], now = new Date()): Promise<void> {
    await this.tx.write(async (m) => {
      for (const subject of subjects) {
        await m.createQueryBuilder().insert().into(SignInThrottle)
          .values({ subject: subject.key, attempts: 0, blockedUntil: null, lastAttemptAt: now }).orIgnore().execute();
        const row = await this.locked(m, subject.key);
        const result = reserveAttempt(THROTTLE_RULES[subject.scope], row, now);
        if ('retryAfterSeconds' in result) {
          const { retryAfterSeconds } = result;
          throw new TooManyRequestsError('sign_in_rate_limited', { minutes: Math.ceil(retryAfterSeconds / 60) }, [], { retryAfterSeconds });
        }
        await m.update(SignInThrottle, { subject: subject.key }, result.next);
      }
    });
  }

  /**
   * After a correct password: the account-and-address (or device) counter starts again; the shared ceilings
   * only get this attempt back, so signing in to one's own account does not reset anyone else's guesses.
   */
  async succeeded(m: EntityManager, subjects: ThrottleSubject[]): Promise<void> {
    for (const subject of subjects) {
      if (subject.scope === 'pair' || subject.scope === 'device') {
        await m.delete(SignInThrottle, { subject: subject.key });
        continue;
      }
      const row = await this.locked(m, subject.key);
      if (row) await m.update(SignInThrottle, { subject: subject.key }, refundAttempt(THROTTLE_RULES[subject.scope], row));
    }
  }

  /** Counters nobody has tried for two days have forgotten everything; they are removed. */
  async prune(m: EntityManager, now = new Date()): Promise<void> {
    await m.delete(SignInThrottle, { lastAttemptAt: LessThan(new Date(now.getTime() - 2 * FORGET_AFTER_MS)) });
  }

  private locked(m: EntityManager, key: string): Promise<SignInThrottle | null> {
    const query = m.createQueryBuilder(SignInThrottle, 'throttle').where('throttle.subject = :key', { key });
    // On SQLite, BEGIN IMMEDIATE already holds the whole file.
    return (this.tx.isPostgres ? query.setLock('pessimistic_write') : query).getOne();
  }
}
