import { createHash } from 'node:crypto';

/** The request header (IETF httpapi Idempotency-Key draft) and the hidden field the booking and registration forms carry. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_FIELD = 'idempotencyKey';
/** Set on an answer that repeats the first answer to a key instead of running the request again. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_KEY_LENGTH = 255;

export type KeyReading = { key: string } | { invalid: true } | null;

/**
 * Reads a key as the draft writes it (a Structured Field string, `"…"` with `\"` and `\\` escapes) or as most clients
 * send it (the bare value). Null when none was sent; invalid when empty, longer than 255 characters, or holding
 * anything but visible ASCII and spaces (control characters, non-ASCII).
 */
export function readIdempotencyKey(raw: unknown): KeyReading {
  if (raw === undefined) return null;
  if (typeof raw !== 'string') return { invalid: true };
  let key = raw.trim();
  if (key.startsWith('"')) {
    const unquoted = sfString(key);
    if (unquoted === null) return { invalid: true };
    key = unquoted;
  }
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key)) return { invalid: true };
  return { key };
}

/** The content of an RFC 8941 string (`"…"`, with only `\"` and `\\` escaped), or null when it is not one. */
function sfString(text: string): string | null {
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[++i];
      if (next !== '"' && next !== '\\') return null;
      out += next;
    } else if (ch === '"') {
      return i === text.length - 1 ? out : null;
    } else {
      out += ch;
    }
  }
  return null;
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same": method, path and the canonical body (without the form's own token fields). */
export function requestFingerprint(method: string, path: string, body: unknown, ignoredFields: readonly string[] = []): string {
  const plain = body !== null && typeof body === 'object' && !Array.isArray(body)
    ? Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !ignoredFields.includes(k)))
    : body ?? null;
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(plain)}`).digest('hex');
}

/**
 * Whose keys these are: a signed-in user's (session or API token alike), else the visitor's browser (its pre-session
 * cookie, hashed), else one shared scope for anonymous API callers, where a key only replays to whoever sends the same
 * key with the same body (docs/decisions.md).
 */
export function callerScope(userId: number | null | undefined, visitorSecret: string | null | undefined): string {
  if (userId) return `user:${userId}`;
  if (visitorSecret) return `visitor:${createHash('sha256').update(visitorSecret).digest('hex').slice(0, 40)}`;
  return 'anonymous';
}
