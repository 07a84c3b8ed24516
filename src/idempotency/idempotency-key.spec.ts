import { callerScope, canonicalJson, readIdempotencyKey, requestFingerprint } from './idempotency-key.js';

describe('readIdempotencyKey', () => {
  it('takes a bare key or a Structured Field string, and nothing when none was sent', () => {
    expect(readIdempotencyKey(undefined)).toBeNull();
    expect(readIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toEqual({ key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
    expect(readIdempotencyKey('"8e03978e"')).toEqual({ key: '8e03978e' });
    expect(readIdempotencyKey('"a \\"quoted\\" \\\\ key"')).toEqual({ key: 'a "quoted" \\ key' });
    expect(readIdempotencyKey('k'.repeat(255))).toEqual({ key: 'k'.repeat(255) });
  });

  it('refuses empty, too long, control-character, non-ASCII and broken quoted keys', () => {
    for (const bad of ['', '   ', '""', 'k'.repeat(256), 'a\tb', 'a\u0000b', 'a\u007fb', 'kunci-é', '"open', '"a"b"', '"bad \\x escape"', ['a', 'b'], 42]) {
      expect(readIdempotencyKey(bad)).toEqual({ invalid: true });
    }
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same body in another key order, and differs for another body, path or method', () => {
    const a = requestFingerprint('POST', '/api/reservations', { roomId: 1, start: 'x', nested: { b: 1, a: [2, { d: 1, c: 2 }] } });
    expect(requestFingerprint('post', '/api/reservations', { nested: { a: [2, { c: 2, d: 1 }], b: 1 }, start: 'x', roomId: 1 })).toBe(a);
    expect(requestFingerprint('POST', '/api/reservations', { roomId: 2, start: 'x', nested: { b: 1, a: [2, { d: 1, c: 2 }] } })).not.toBe(a);
    expect(requestFingerprint('POST', '/api/events/1/registrations', { roomId: 1, start: 'x', nested: { b: 1, a: [2, { d: 1, c: 2 }] } })).not.toBe(a);
    expect(requestFingerprint('PUT', '/api/reservations', { roomId: 1, start: 'x', nested: { b: 1, a: [2, { d: 1, c: 2 }] } })).not.toBe(a);
  });

  it('leaves out the form\'s own token fields, so a new CSRF token is still the same request', () => {
    const one = requestFingerprint('POST', '/reservations', { _csrf: 'a', idempotencyKey: 'k', title: 'Podcast' }, ['_csrf', 'idempotencyKey']);
    expect(requestFingerprint('POST', '/reservations', { _csrf: 'b', title: 'Podcast' }, ['_csrf', 'idempotencyKey'])).toBe(one);
  });

  it('tells arrays in another order and strings from numbers apart', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });
});

describe('callerScope', () => {
  it('is the user when signed in, else the browser, else the shared anonymous scope', () => {
    expect(callerScope(7, 'cookie')).toBe('user:7');
    expect(callerScope(null, 'cookie')).toMatch(/^visitor:[0-9a-f]{40}$/);
    expect(callerScope(null, 'cookie')).not.toBe(callerScope(null, 'other cookie'));
    expect(callerScope(null, 'cookie')).not.toContain('cookie');
    expect(callerScope(undefined, null)).toBe('anonymous');
  });
});
