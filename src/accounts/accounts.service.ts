import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { InjectConfig } from '../common/config.provider.js';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../common/errors.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../common/secrets.js';
import { isConstraintViolation, Transactions } from '../database/transactions.js';
import { AccountQueries } from './accounts.queries.js';
import { ApiToken } from './api-token.entity.js';
import { Session } from './session.entity.js';
import { issueDeviceCookie, knownDeviceId } from './device-cookie.js';
import { SignInAttempt } from './sign-in-attempt.entity.js';
import { SignInThrottleService } from './sign-in-throttle.service.js';
import { throttleSubjects } from './sign-in-throttle.js';
import { User, type Role } from './user.entity.js';
import { VenueManager } from '../venues/venue-manager.entity.js';

export const SESSION_DAYS = 30;
const TOKEN_PREFIX = 'rk_';

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

function newSession(userId: number): { token: string; row: Session } {
  const token = randomToken();
  const now = new Date();
  return { token, row: { id: sha256(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) } };
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly throttle: SignInThrottleService,
    private readonly queries: AccountQueries,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The venues an account is assigned to manage (the assignment is the venues feature's; the account only reads it). */
  async managedVenueIds(user: User): Promise<number[]> {
    return (await this.db.getRepository(VenueManager).findBy({ userId: user.id })).map((r) => r.venueId);
  }

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
   * Checks a password. Each attempt is counted before the hash is compared (see `sign-in-throttle.ts`): an account
   * from one address gets five tries, then waits of 1, 2, 4 … minutes (429); a browser that signed in to the account
   * before has its own counter, so guessing from elsewhere never locks its owner out. Returns the user, a new
   * session token and the device cookie to keep.
   */
  async signIn(emailInput: string, password: string, client: { ip: string; deviceCookie?: unknown }): Promise<{ user: User; sessionToken: string; deviceCookie: string }> {
    const email = normaliseEmail(emailInput);
    const user = await this.db.getRepository(User).findOneBy({ email });
    const deviceId = user ? knownDeviceId(this.config.sessionSecret, client.deviceCookie, user.id) : null;
    const subjects = throttleSubjects(email, client.ip, deviceId);
    await this.throttle.reserve(subjects);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, DUMMY_HASH);
    const attempt = { email, ip: client.ip.slice(0, 64), succeeded: ok, createdAt: new Date() };
    if (!ok || !user) {
      await this.tx.write(async (m) => {
        await m.insert(SignInAttempt, attempt);
        await this.throttle.prune(m);
      });
      throw new UnauthenticatedError('invalid_credentials');
    }
    const session = newSession(user.id);
    await this.tx.write(async (m) => {
      await m.insert(SignInAttempt, attempt);
      await this.throttle.succeeded(m, subjects);
      await m.insert(Session, session.row);
    });
    return { user, sessionToken: session.token, deviceCookie: deviceId ? String(client.deviceCookie) : this.newDeviceCookie(user.id) };
  }

  /** A device cookie for a browser that has just proved it knows the account's password. */
  newDeviceCookie(userId: number): string {
    return issueDeviceCookie(this.config.sessionSecret, userId);
  }

  /** Starts a browser session; returns the cookie value (only its hash is stored). */
  async createSession(userId: number): Promise<string> {
    const { token, row } = newSession(userId);
    await this.tx.write((m) => m.insert(Session, row));
    return token;
  }

  async userForSession(token: string): Promise<{ user: User; tokenHash: string } | null> {
    const tokenHash = sha256(token);
    const user = await this.queries.userBySession(tokenHash, new Date());
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
    const found = await this.queries.userByApiToken(sha256(token));
    if (!found) return null;
    // Record use at most hourly: a write per API call would queue behind every booking on SQLite.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 3_600_000) {
      await this.tx.write((m) => m.update(ApiToken, { id: found.tokenId }, { lastUsedAt: new Date() }));
    }
    return found.user;
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
