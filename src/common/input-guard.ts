import { isUtf8 } from 'node:buffer';

/**
 * How deep a request body may nest (the top-level object counts as 1). The deepest real shape is an event's
 * sessions (body → sessions → session → title = 3); past this the body is refused before any transform or
 * validator recurses into it (class-transformer overflows the stack at about 3,000 levels).
 */
export const MAX_BODY_DEPTH = 8;

export type InputProblem = { problem: 'too_deep' } | { problem: 'invalid_text'; field: string };

/** A lone UTF-16 surrogate (only JSON's \uD800 escapes can make one) or NUL, which PostgreSQL cannot store. */
const INVALID_TEXT = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isValidText = (value: string): boolean => !INVALID_TEXT.test(value);

/**
 * Walks a parsed body without recursion: reports nesting deeper than `maxDepth`, or the first string (key or
 * value) that is not valid text, named by its path ("sessions.0.title").
 */
export function inspectBody(body: unknown, maxDepth = MAX_BODY_DEPTH): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isValidText(value)) return { problem: 'invalid_text', field: path };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > maxDepth) return { problem: 'too_deep' };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isValidText(key)) return { problem: 'invalid_text', field: path || '(body)' };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** Raw bytes with every %XX escape replaced by its byte, so the result can be checked as UTF-8. */
function percentDecode(raw: Buffer): Buffer {
  const out = Buffer.alloc(raw.length);
  let n = 0;
  const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
      out[n++] = hex(raw[i + 1]) * 16 + hex(raw[i + 2]);
      i += 2;
    } else {
      out[n++] = raw[i];
    }
  }
  return out.subarray(0, n);
}

/** Percent-encoded text (a URL, a form body) whose escapes decode to valid UTF-8 without NUL characters. */
export function isValidEncodedText(raw: Buffer | string): boolean {
  const decoded = percentDecode(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
  return isUtf8(decoded) && !decoded.includes(0);
}

/**
 * The first part of a URL that is not valid text once decoded: a query parameter's name, or "path".
 * Express and Node's querystring decode such input leniently (to U+FFFD, or not at all), so it is checked raw.
 */
export function invalidUrlPart(url: string): string | null {
  // Without an escape or a NUL, the text is valid as it is (JavaScript strings encode to valid UTF-8): most requests.
  if (!/[%\0]/.test(url)) return null;
  const [path, query = ''] = url.split(/\?(.*)/s, 2);
  if (!isValidEncodedText(path)) return 'path';
  for (const pair of query.split('&')) {
    if (isValidEncodedText(pair)) continue;
    const name = pair.split('=')[0].replace(/\+/g, ' ');
    return isValidEncodedText(name) ? safeDecode(name) : 'query';
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
