import { Injectable } from '@nestjs/common';
import { Prepared, type Statement } from '../database/prepared.js';
import { instant } from '../database/sql-time.js';
import { User, type Role } from './user.entity.js';

const USER_COLUMNS = 'u.id, u.name, u.email, u.password_hash, u.role, u.locale, u.created_at, u.updated_at';

// Both by primary or unique key (sessions.id, api_tokens.token_hash), the user joined in the same statement.
const bySession: Statement = {
  name: 'rk_user_by_session',
  sql: `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2`,
};
const byApiToken: Statement = {
  name: 'rk_user_by_api_token',
  sql: `SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, ${USER_COLUMNS}
    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
};

interface UserRow {
  id: number; name: string; email: string; password_hash: string; role: Role; locale: 'id' | 'en' | null;
  created_at: Date | string; updated_at: Date | string;
}

const toUser = (r: UserRow): User => Object.assign(new User(), {
  id: Number(r.id), name: r.name, email: r.email, passwordHash: r.password_hash, role: r.role, locale: r.locale,
  createdAt: instant(r.created_at), updatedAt: instant(r.updated_at),
});

/** The caller of every request, recognised by a session or API token hash, as one prepared statement each. */
@Injectable()
export class AccountQueries {
  constructor(private readonly prepared: Prepared) {}

  async userBySession(tokenHash: string, now: Date): Promise<User | null> {
    const row = await this.prepared.one<UserRow>(null, bySession, [tokenHash, now]);
    return row ? toUser(row) : null;
  }

  /** The token's user with the token's id and when it was last used (recorded at most hourly). */
  async userByApiToken(tokenHash: string): Promise<{ user: User; tokenId: number; lastUsedAt: Date | null } | null> {
    const row = await this.prepared.one<UserRow & { token_id: number; token_last_used_at: Date | string | null }>(null, byApiToken, [tokenHash]);
    if (!row) return null;
    return { user: toUser(row), tokenId: Number(row.token_id), lastUsedAt: row.token_last_used_at === null ? null : instant(row.token_last_used_at) };
  }
}
