import { DomainEvents } from '../src/domain-events/domain-events.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let stream: DomainEvents;
beforeAll(async () => {
  t = await startTestApp();
  stream = t.app.get(DomainEvents);
});
afterAll(async () => { await t.close(); });

const count = async (type: string): Promise<number> =>
  Number((await t.db.query(`SELECT COUNT(*) AS n FROM domain_events WHERE type = '${type}'`))[0].n);

describe('the domain-event stream', () => {
  it('keeps an event only if its change commits, with what a subscriber wrote in the same transaction', async () => {
    stream.subscribe(['venue.closure_added'], async (m, event) => {
      await stream.record(m, { type: 'webhook.test', actorId: null, venueId: null, payload: { echo: event.uid } });
    });
    await expect(t.tx.write(async (m) => {
      await stream.record(m, { type: 'venue.closure_added', actorId: null, venueId: null, payload: { note: 'rolled back' } });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await count('venue.closure_added')).toBe(0);
    expect(await count('webhook.test')).toBe(0);

    const event = await t.tx.write((m) => stream.record(m, { type: 'venue.closure_added', actorId: null, venueId: null, payload: { note: 'kept' } }));
    expect(event.uid).toMatch(/^evt_[\w-]{20}$/);
    expect(await count('venue.closure_added')).toBe(1);
    expect(await count('webhook.test')).toBe(1);
    const [row] = await t.db.query(`SELECT payload, version, tx FROM domain_events WHERE id = ${event.id}`);
    expect(JSON.parse(row.payload)).toEqual({ note: 'kept' });
    expect(Number(row.version)).toBe(1);
    // On PostgreSQL the stream order key is the writing transaction's id; SQLite writers are serialised.
    if (t.tx.isPostgres) expect(Number(row.tx)).toBeGreaterThan(0);
  });
});
