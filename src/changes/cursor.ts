/** A position in the domain-event stream: the writing transaction (`tx`, a bigint as text) and the row id. */
export interface StreamPosition { tx: string; id: number }

export const START: StreamPosition = { tx: '0', id: 0 };
const MAX_TX = 9223372036854775807n;
const MAX_ID = 2147483647;

/** Opaque to clients: base64url of `tx.id`. */
export const encodeCursor = (p: StreamPosition): string => Buffer.from(`${p.tx}.${p.id}`, 'utf8').toString('base64url');

/** The position a cursor names, or null when it is not one this feed wrote. */
export function decodeCursor(cursor: string): StreamPosition | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const match = /^(0|[1-9]\d{0,18})\.(0|[1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]) > MAX_TX || Number(match[2]) > MAX_ID) return null;
  const position = { tx: match[1], id: Number(match[2]) };
  // Only the canonical spelling: a cursor with stray characters is not one we gave out.
  return encodeCursor(position) === cursor ? position : null;
}
