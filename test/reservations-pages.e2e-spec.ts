import request from 'supertest';
import { Reservation } from '../src/reservations/reservation.entity.js';
import type { User } from '../src/accounts/user.entity.js';
import type { Room } from '../src/rooms/room.entity.js';
import type { Venue } from '../src/venues/venue.entity.js';
import { at, nextWeekday } from './support/dates.js';
import { bearer, browser, createRoom, createUser, createVenue, makeManager } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Jayapura';
let t: TestApp;
let venue: Venue;
let room: Room;
let creator: User;
let monday: string;

beforeAll(async () => {
  t = await startTestApp();
  venue = await createVenue(t, { timezone: ZONE, name: 'Kantor Pos Jayapura' });
  room = await createRoom(t, venue.id, { name: 'Studio Cenderawasih' });
  creator = await createUser(t, { name: 'Yosef Kreator' });
  monday = nextWeekday(ZONE, 1);
});
afterAll(async () => { await t.close(); });

const bookViaApi = async (r: Room, date: string, from: string, to: string, who: User) =>
  request(t.server).post('/api/reservations').set('Authorization', await bearer(t, who))
    .send({ roomId: r.id, start: at(date, from, ZONE), end: at(date, to, ZONE), headcount: 1, title: 'Podcast kopi Papua' });

describe('booking through the pages', () => {
  it('shows the week in WIT with free slots as links and taken ones as taken, without names', async () => {
    await bookViaApi(room, monday, '10:00', '12:00', await createUser(t, { name: 'Orang Lain' }));
    const page = await request(t.server).get(`/rooms/${room.id}/book?week=${monday}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('WIT');
    expect(page.text).toContain(`start=${encodeURIComponent(at(monday, '08:00', ZONE))}`);
    expect(page.text).not.toContain(`start=${encodeURIComponent(at(monday, '10:00', ZONE))}`);
    expect(page.text).toContain('Terisi');
    expect(page.text).not.toContain('Orang Lain');
  });

  it('books a free slot in three steps: grid, form, submit, and lists it under my reservations', async () => {
    const { agent } = await browser(t, `/rooms/${room.id}/book?week=${monday}`, creator);
    const start = at(monday, '13:00', ZONE);
    const form = await agent.get(`/reservations/new?roomId=${room.id}&start=${encodeURIComponent(start)}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('14.00 WIT');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const posted = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start, end: at(monday, '14:00', ZONE), title: 'Rekaman podcast', headcount: '2', repeat: 'none', count: '4', skipConflicts: 'false' });
    expect(posted.status).toBe(303);
    const detail = await agent.get(posted.headers.location);
    expect(detail.text).toContain('Rekaman podcast');
    expect(detail.text).toContain('Terkonfirmasi');
    const mine = await agent.get('/reservations');
    expect(mine.text).toContain('Rekaman podcast');
    expect(await t.db.getRepository(Reservation).countBy({ roomId: room.id, title: 'Rekaman podcast', status: 'confirmed' })).toBe(1);
  });

  it('re-renders the form naming the taken time in WIT and writes nothing when the slot is gone', async () => {
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(at(monday, '15:00', ZONE))}`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start: at(monday, '11:00', ZONE), end: at(monday, '12:00', ZONE), title: 'Bentrok', headcount: '1', repeat: 'none' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(`${monday} 10:00–12:00 WIT`);
    expect(res.text).toContain('value="Bentrok"');
    expect(await t.db.getRepository(Reservation).countBy({ title: 'Bentrok' })).toBe(0);
  });

  it('shows rule messages in English when asked, and a too-large group as a field error', async () => {
    const { agent, csrf } = await browser(t, `/reservations/new?roomId=${room.id}&start=${encodeURIComponent(at(monday, '08:00', ZONE))}&lang=en`, creator);
    const res = await agent.post('/reservations').type('form')
      .send({ _csrf: csrf, roomId: room.id, start: at(monday, '08:00', ZONE), end: at(monday, '09:00', ZONE), title: 'Terlalu ramai', headcount: '50', repeat: 'none' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/between 1 and 4/);
  });

  it('lets the creator cancel from the page, which frees the slot', async () => {
    const created = await bookViaApi(room, monday, '14:00', '15:00', creator);
    const { agent, csrf } = await browser(t, `/reservations/${created.body.id}`, creator);
    const res = await agent.post(`/reservations/${created.body.id}/cancel`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await t.db.getRepository(Reservation).findOneByOrFail({ id: created.body.id })).status).toBe('cancelled');
    const grid = await request(t.server).get(`/rooms/${room.id}/book?week=${monday}`);
    expect(grid.text).toContain(`start=${encodeURIComponent(at(monday, '14:00', ZONE))}`);
  });

  it('hides another creator\'s reservation page and sends strangers to sign in', async () => {
    const created = await bookViaApi(room, monday, '08:00', '09:00', await createUser(t));
    const { agent } = await browser(t, '/reservations', creator);
    expect((await agent.get(`/reservations/${created.body.id}`)).status).toBe(404);
    const anonymous = await request(t.server).get('/reservations');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toContain('/sign-in');
  });

  it('lets a manager of the venue open any of its reservations', async () => {
    const created = await bookViaApi(room, nextWeekday(ZONE, 2), '08:00', '09:00', await createUser(t));
    const { agent } = await browser(t, '/manage', await makeManager(t, venue.id));
    const page = await agent.get(`/reservations/${created.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Podcast kopi Papua');
  });
});
