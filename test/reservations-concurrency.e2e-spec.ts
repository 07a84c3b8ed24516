import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { bearer, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Jayapura';
let t: TestApp;
let second: TestApp;
let auth: string;
let creator: User;
let date: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // A second app instance on the same database: its own connection (pool), its own queue.
  second = await startTestApp({ listen: true, databaseUrl: t.databaseUrl });
  creator = await createUser(t);
  auth = await bearer(t, creator);
  date = nextWeekday(ZONE, 4);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

async function post(baseUrl: string, room: Room, from: string, to: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/reservations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth },
    body: JSON.stringify({ roomId: room.id, start: at(date, from, ZONE), end: at(date, to, ZONE), headcount: 1, title: 'Serbuan' }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Pairs of active reservations of one room whose occupied ranges overlap: must always be zero. */
async function overlappingPairs(roomId: number): Promise<number> {
  const rows = await t.db.query(
    `SELECT COUNT(*) AS n FROM reservations a JOIN reservations b ON a.room_id = b.room_id AND a.id < b.id
     WHERE a.room_id = ${roomId} AND a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed')
       AND a.start_at < b.occupied_end_at AND b.start_at < a.occupied_end_at`);
  return Number(rows[0].n);
}

async function activeCount(roomId: number): Promise<number> {
  const rows = await t.db.query(`SELECT COUNT(*) AS n FROM reservations WHERE room_id = ${roomId} AND status IN ('pending', 'confirmed')`);
  return Number(rows[0].n);
}

const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

describe('never two bookings in one room at once', () => {
  it('gives exactly one 201 and 199 409s for 200 simultaneous requests for one slot', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id);
    const statuses = await Promise.all(Array.from({ length: 200 }, () => post(t.baseUrl, room, '10:00', '11:00')));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(await activeCount(room.id)).toBe(1);
    expect(await overlappingPairs(room.id)).toBe(0);
  });

  it('keeps overlapping-but-different intervals and buffer edges apart under a burst on two app instances', async () => {
    const venue = await createVenue(t, { timezone: ZONE }, [4].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })));
    const room = await createRoom(t, venue.id, { slotMinutes: 15, minMinutes: 30, maxMinutes: 120, bufferMinutes: 15 });
    const requests = Array.from({ length: 160 }, (_, i) => {
      const start = 8 * 60 + ((i * 37) % 32) * 15;
      const length = 30 + ((i * 13) % 4) * 15;
      return post(i % 2 ? second.baseUrl : t.baseUrl, room, minutes(start), minutes(Math.min(start + length, 18 * 60)));
    });
    const statuses = await Promise.all(requests);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeGreaterThan(1);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 400)).toBe(true);
    expect(await activeCount(room.id)).toBe(created);
    expect(await overlappingPairs(room.id)).toBe(0);
  });

  it('lets exactly one of two instances win the same slot in repeated races', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { slotMinutes: 30, minMinutes: 30 });
    for (const [from, to] of [['08:00', '08:30'], ['09:00', '09:30'], ['10:00', '10:30'], ['11:00', '11:30']]) {
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 ? second.baseUrl : t.baseUrl, room, from, to)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    }
    expect(await activeCount(room.id)).toBe(4);
    expect(await overlappingPairs(room.id)).toBe(0);
  });
});

describe('fair use under simultaneous bookings', () => {
  it('keeps a creator within a room\'s limit of future reservations when many free slots are asked for at once on two instances', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { slotMinutes: 30, minMinutes: 30, maxFutureReservations: 2 });
    const slots = Array.from({ length: 12 }, (_, i) => [minutes(8 * 60 + i * 30), minutes(8 * 60 + i * 30 + 30)]);
    const statuses = await Promise.all(slots.map(([from, to], i) => post(i % 2 ? second.baseUrl : t.baseUrl, room, from, to)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 400)).toBe(true);
    expect(await activeCount(room.id)).toBe(2);
  });
});
