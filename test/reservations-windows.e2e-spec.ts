import { DateTime } from 'luxon';
import request from 'supertest';
import { at, nextWeekday } from './support/dates.js';
import { bearer, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The reservations read for a window are bounded at both ends (a booking is at most a day long); a block has no
// maximum length, so one that began long before the window must still hold the room.
const ZONE = 'Asia/Jayapura';
const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' }));
let t: TestApp;

beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('a long block seen from a later window', () => {
  it('keeps a room blocked for ten days busy in its week view, its booking and the city search on the ninth day', async () => {
    const venue = await createVenue(t, { timezone: ZONE, city: 'Merauke', province: 'Papua Selatan' }, WEEK);
    const room = await createRoom(t, venue.id, { capacity: 6 });
    const other = await createRoom(t, venue.id, { capacity: 8, name: 'Studio Podcast' });
    const manager = await bearer(t, await makeManager(t, venue.id));
    const first = nextWeekday(ZONE, 1);
    const last = DateTime.fromISO(first).plus({ days: 9 }).toISODate()!;
    const ninth = DateTime.fromISO(first).plus({ days: 8 }).toISODate()!;
    const blocked = await request(t.server).post(`/api/rooms/${room.id}/blocks`).set('Authorization', manager)
      .send({ start: at(first, '08:00', ZONE), end: at(last, '20:00', ZONE), reason: 'Renovasi studio' });
    expect(blocked.status).toBe(201);

    const week = await request(t.server).get(`/api/rooms/${room.id}/availability?from=${ninth}&to=${ninth}`);
    expect(week.body.free).toEqual([]);
    expect(week.body.busy).toEqual([expect.objectContaining({ kind: 'blocked' })]);

    const creator = await bearer(t, await createUser(t, { name: 'Yohana Kreator' }));
    const booking = await request(t.server).post('/api/reservations').set('Authorization', creator)
      .send({ roomId: room.id, start: at(ninth, '10:00', ZONE), end: at(ninth, '11:00', ZONE), headcount: 2, title: 'Podcast UMKM' });
    expect(booking.status).toBe(409);
    expect(booking.body.code).toBe('slot_blocked');

    const search = await request(t.server).get(`/api/availability?date=${ninth}&from=10:00&to=11:00&city=merauke`);
    expect(search.status).toBe(200);
    expect(search.body.items.map((i: { room: { id: number } }) => i.room.id)).toEqual([other.id]);
  });
});
