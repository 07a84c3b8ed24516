import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthenticatedError } from '../common/errors.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../common/secrets.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { ApiToken } from './api-token.entity.js';
import { Session } from './session.entity.js';
import { SignInAttempt } from './sign-in-attempt.entity.js';
import { User, type Role } from './user.entity.js';

export const SESSION_DAYS = 30;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;
const TOKEN_PREFIX = 'rk_';

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class AccountsService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly tx: Transactions) {}

  /** Creates an account; an email can hold one account only. */
  async signUp(input: { name: string; email: string; password: string; role?: Role }): Promise<User> {
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.tx.write(async (m) => {
        if (await m.findOneBy(User, { email })) throw new ConflictError('email_taken', { email });
        return m.save(m.create(User, { name: input.name.trim(), email, passwordHash, role: input.role ?? 'creator', locale: null }));
      });
    } catch (error) {
      if (isConstraintViolation(error)) throw new ConflictError('email_taken', { email });
      throw error;
    }
  }

  /**
   * Checks a password, refusing with 429 after 5 failures for one email (or 30 for one address) in 15 minutes,
   * so guessing is slow even across app instances. Returns the user and a new session token.
   */
  async signIn(emailInput: string, password: string, ip: string): Promise<{ user: User; sessionToken: string }> {
    const email = normaliseEmail(emailInput);
    const since = new Date(Date.now() - WINDOW_MS);
    const attempts = this.db.getRepository(SignInAttempt);
    const [byEmail, byIp] = await Promise.all([
      attempts.countBy({ email, succeeded: false, createdAt: MoreThan(since) }),
      attempts.countBy({ ip, succeeded: false, createdAt: MoreThan(since) }),
    ]);
    if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
      throw new TooManyRequestsError('sign_in_rate_limited', { minutes: 15 });
    }
    const user = await this.db.getRepository(User).findOneBy({ email });
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, DUMMY_HASH);
    await this.tx.write((m) => m.insert(SignInAttempt, { email, ip, succeeded: ok, createdAt: new Date() }));
    if (!ok || !user) throw new UnauthenticatedError('invalid_credentials');
    return { user, sessionToken: await this.createSession(user.id) };
  }

  /** Starts a browser session; returns the cookie value (only its hash is stored). */
  async createSession(userId: number): Promise<string> {
    const token = randomToken();
    const now = new Date();
    await this.tx.write((m) => m.insert(Session, {
      id: sha256(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    }));
    return token;
  }

  async userForSession(token: string): Promise<{ user: User; tokenHash: string } | null> {
    const tokenHash = sha256(token);
    const session = await this.db.getRepository(Session).findOneBy({ id: tokenHash, expiresAt: MoreThan(new Date()) });
    if (!session) return null;
    const user = await this.db.getRepository(User).findOneBy({ id: session.userId });
    return user ? { user, tokenHash } : null;
  }

  async signOut(tokenHash: string): Promise<void> {
    await this.tx.write((m) => m.delete(Session, { id: tokenHash }));
  }

  /** Creates a personal API token; the plain token is returned once and only its hash is kept. */
  async createApiToken(userId: number, name: string): Promise<{ token: string; record: ApiToken }> {
    const token = `${TOKEN_PREFIX}${randomToken()}`;
    const record = await this.tx.write((m) => m.save(m.create(ApiToken, {
      userId, name: name.trim(), tokenHash: sha256(token), prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null,
    })));
    return { token, record };
  }

  listApiTokens(userId: number): Promise<ApiToken[]> {
    return this.db.getRepository(ApiToken).find({ where: { userId, revokedAt: IsNull() }, order: { id: 'DESC' } });
  }

  /** Revokes one of the user's own tokens; another user's token is reported as not found. */
  async revokeApiToken(userId: number, tokenId: number): Promise<void> {
    await this.tx.write(async (m) => {
      const token = await m.findOneBy(ApiToken, { id: tokenId, userId, revokedAt: IsNull() });
      if (!token) throw new NotFoundError('token_not_found');
      await m.update(ApiToken, { id: token.id }, { revokedAt: new Date() });
    });
  }

  async userForApiToken(token: string): Promise<User | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = await this.db.getRepository(ApiToken).findOneBy({ tokenHash: sha256(token), revokedAt: IsNull() });
    if (!record) return null;
    // Record use at most hourly: a write per API call would queue behind every booking on SQLite.
    if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 3_600_000) {
      await this.tx.write((m) => m.update(ApiToken, { id: record.id }, { lastUsedAt: new Date() }));
    }
    return this.db.getRepository(User).findOneBy({ id: record.userId });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ email: normaliseEmail(email) });
  }

  async setLocale(userId: number, locale: 'id' | 'en'): Promise<void> {
    await this.tx.write((m) => m.update(User, { id: userId }, { locale }));
  }
}

// Verifying against a fixed hash when the email is unknown keeps both answers equally slow.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
