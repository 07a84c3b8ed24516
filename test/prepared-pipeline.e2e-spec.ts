import { Prepared, type Statement } from '../src/database/prepared.js';
import { Venue } from '../src/venues/venue.entity.js';
import { createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let prepared: Prepared;
beforeAll(async () => {
  t = await startTestApp();
  prepared = t.app.get(Prepared);
});
afterAll(async () => { await t.close(); });

const rename: Statement = { name: 'rk_test_pipeline_rename', sql: 'UPDATE venues SET description = description || $2 WHERE id = $1' };
const refuse: Statement = { name: 'rk_test_pipeline_refuse', sql: 'UPDATE venues SET name = NULL WHERE id = $1' };
const description = async (id: number) => (await t.db.getRepository(Venue).findOneByOrFail({ id })).description;

// Prepared.pipeline sends prepared statements in one round trip on PostgreSQL once the connection has prepared them
// (the first calls on a connection run them one by one): many rounds reach both paths on every pooled connection.
describe('Prepared.pipeline', () => {
  it('runs the statements in order, each seeing the ones before it, on the first call of a connection and on later ones', async () => {
    const venue = await createVenue(t, { description: '' });
    for (let round = 0; round < 15; round++) {
      await t.tx.write((m) => prepared.pipeline(m, [[rename, [venue.id, 'a']], [rename, [venue.id, 'b']], [rename, [venue.id, `${round % 10}`]]]));
    }
    expect(await description(venue.id)).toBe(Array.from({ length: 15 }, (_, round) => `ab${round % 10}`).join(''));
  });

  it('fails at the first refused statement, and the transaction writes nothing of it', async () => {
    const venue = await createVenue(t, { description: '' });
    for (let round = 0; round < 15; round++) {
      const attempt = t.tx.write((m) => prepared.pipeline(m, [[rename, [venue.id, 'x']], [refuse, [venue.id]], [rename, [venue.id, 'y']]]));
      await expect(attempt).rejects.toThrow(/null|NOT NULL/i);
    }
    expect(await description(venue.id)).toBe('');
    // The connections are fine afterwards.
    await t.tx.write((m) => prepared.pipeline(m, [[rename, [venue.id, 'ok']]]));
    expect(await description(venue.id)).toBe('ok');
  });
});
