import request from 'supertest';
import { Reservation } from '../src/reservations/reservation.entity.js';
import { DEMO_TICKET_TOKEN } from '../src/database/seeds/demo-events.js';
import { resetDemoData, seedIfEmpty } from '../src/database/seeds/demo.seed.js';
import { EventRecord } from '../src/events/event.entity.js';
import { Venue } from '../src/venues/venue.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect(await seedIfEmpty(t.db)).toBe(true);
});
afterAll(async () => { await t.close(); });

describe('demo network', () => {
  it('loads venues in all three time zones and a month of bookings around today', async () => {
    const zones = new Set((await t.db.getRepository(Venue).find()).map((v) => v.timezone));
    expect(zones).toEqual(new Set(['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura']));
    const rows = await t.db.getRepository(Reservation).find();
    const now = Date.now();
    expect(rows.filter((r) => r.startAt.getTime() > now).length).toBeGreaterThan(300);
    expect(rows.some((r) => r.endAt.getTime() < now)).toBe(true);
    expect(new Set(rows.map((r) => `${r.kind}:${r.status}`))).toEqual(new Set(['booking:confirmed', 'booking:pending', 'booking:cancelled', 'block:confirmed']));
  });

  it('never puts two active bookings in one room at once, buffers included', async () => {
    const rows = (await t.db.getRepository(Reservation).find({ order: { roomId: 'ASC', startAt: 'ASC' } }))
      .filter((r) => r.status === 'pending' || r.status === 'confirmed');
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].roomId === rows[i - 1].roomId) expect(rows[i].startAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1].occupiedEndAt.getTime());
    }
  });

  it('gives the demo Jakarta manager requests to approve', async () => {
    const agent = request.agent(t.server);
    const signIn = await agent.post('/api/auth/sign-in').send({ email: 'manajer.jakarta@ruangkreatif.id', password: 'ruangkreatif2026' });
    expect(signIn.status).toBe(200);
    const pending = await agent.get('/api/reservations/pending');
    expect(pending.status).toBe(200);
    expect(pending.body.length).toBeGreaterThan(2);
  });

  it('has upcoming published events in every time zone, one full with a waiting list, and a draft', async () => {
    const list = await request(t.server).get('/api/events');
    expect(list.status).toBe(200);
    const zones = new Set(list.body.items.map((e: { timezone: string }) => e.timezone));
    expect(zones).toEqual(new Set(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']));
    expect(list.body.items.some((e: { spotsLeft: number; waitlisted: number }) => e.spotsLeft === 0 && e.waitlisted > 0)).toBe(true);
    expect(list.body.items.some((e: { sessions?: unknown[]; title: string }) => /Konferensi/.test(e.title))).toBe(true);
    const drafts = await t.db.getRepository(EventRecord).countBy({ status: 'draft' });
    expect(drafts).toBe(1);
    const ticket = await request(t.server).get(`/api/registrations/${DEMO_TICKET_TOKEN}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body.status).toBe('confirmed');
  });

  it('loads again from scratch on reset', async () => {
    const before = await t.db.getRepository(Venue).count();
    await resetDemoData(t.db);
    expect(await t.db.getRepository(Venue).count()).toBe(before);
    expect(await t.db.getRepository(Reservation).count()).toBeGreaterThan(300);
  });
});
