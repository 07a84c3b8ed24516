import { decodeCursor, encodeCursor, START } from './cursor.js';

describe('changes-feed cursors', () => {
  it('round-trip a stream position, PostgreSQL transaction ids as large as a bigint included', () => {
    for (const p of [START, { tx: '0', id: 41 }, { tx: '9223372036854775807', id: 2147483647 }, { tx: '738201', id: 17 }]) {
      expect(decodeCursor(encodeCursor(p))).toEqual(p);
    }
    expect(encodeCursor({ tx: '738201', id: 17 })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse what the feed never gave out', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', 'not a cursor!', b64('1'), b64('1.2.3'), b64('-1.2'), b64('01.2'), b64('1.02'), b64('9223372036854775808.1'),
      b64('1.2147483648'), b64('1.2') + 'A', `${b64('1.2')}=`, 'x'.repeat(65)]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
