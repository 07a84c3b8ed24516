import request from 'supertest';
import { Venue } from '../src/venues/venue.entity.js';
import { createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ listen: true }); });
afterAll(async () => { await t.close(); });

describe('write transactions', () => {
  it('serialises concurrent read-then-write transactions so no update is lost', async () => {
    const venue = await createVenue(t, { description: '' });
    const writers = Array.from({ length: 60 }, (_, i) => t.tx.write(async (m) => {
      await t.tx.lockRow(m, 'venues', venue.id);
      const current = await m.findOneByOrFail(Venue, { id: venue.id });
      await new Promise((resolve) => setImmediate(resolve));
      await m.update(Venue, { id: venue.id }, { description: `${current.description}${i % 10}` });
    }));
    await Promise.all(writers);
    const after = await t.db.getRepository(Venue).findOneByOrFail({ id: venue.id });
    expect(after.description).toHaveLength(60);
  });

  it('lets a write see what others committed meanwhile on PostgreSQL (read committed), and queues other writes on SQLite', async () => {
    const venue = await createVenue(t, { description: 'sebelum' });
    const setDescription = (description: string) => t.tx.write((m) => m.update(Venue, { id: venue.id }, { description }));
    let other: Promise<unknown> = Promise.resolve();
    const seen = await t.tx.write(async (m) => {
      const level = t.tx.isPostgres ? (await m.query('SHOW transaction_isolation'))[0].transaction_isolation : null;
      // PostgreSQL: another transaction commits while this one is open. SQLite: another write is queued behind this one.
      other = setDescription('sesudah');
      if (t.tx.isPostgres) await other;
      else await new Promise((resolve) => setTimeout(resolve, 20));
      return { level, description: (await m.findOneByOrFail(Venue, { id: venue.id })).description };
    });
    await other;
    expect(seen).toEqual(t.tx.isPostgres ? { level: 'read committed', description: 'sesudah' } : { level: null, description: 'sebelum' });
    expect((await t.db.getRepository(Venue).findOneByOrFail({ id: venue.id })).description).toBe('sesudah');
  });

  it("keeps every committed row when concurrent transactions roll back (one rollback never discards another's row)", async () => {
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => t.tx.write(async (m) => {
      await m.insert(Venue, {
        code: `TX-${i}`, name: `Uji ${i}`, address: 'Jl. Uji', city: 'Ambon', province: 'Maluku', timezone: 'Asia/Jayapura',
        description: '', active: true,
      });
      await new Promise((resolve) => setImmediate(resolve));
      if (i % 2 === 1) throw new Error(`rollback ${i}`);
    })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const codes = (await t.db.getRepository(Venue).find()).map((v) => v.code).filter((c) => c.startsWith('TX-'));
    expect(codes.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `TX-${i * 2}`).sort());
  });

  it('lands every one of 50 simultaneous sign-ups over HTTP and lets only one of 20 same-email sign-ups through', async () => {
    const distinct = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      request(t.baseUrl).post('/api/auth/sign-up').send({ name: `Kreator ${i}`, email: `burst-${i}@contoh.id`, password: 'kreator-123' })));
    expect(distinct.map((r) => r.status)).toEqual(Array(50).fill(201));
    const same = await Promise.all(Array.from({ length: 20 }, () =>
      request(t.baseUrl).post('/api/auth/sign-up').send({ name: 'Kembar', email: 'kembar@contoh.id', password: 'kreator-123' })));
    expect(same.filter((r) => r.status === 201)).toHaveLength(1);
    expect(same.filter((r) => r.status === 409)).toHaveLength(19);
    const count = await t.db.query(`SELECT COUNT(*) AS n FROM users WHERE email LIKE 'burst-%' OR email = 'kembar@contoh.id'`);
    expect(Number(count[0].n)).toBe(51);
  });
});
