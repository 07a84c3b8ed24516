import { Registration } from '../src/registrations/registration.entity.js';
import { nextWeekday } from './support/dates.js';
import { publishedEvent } from './support/events.js';
import { bearer, createRoom, createUser, createVenue } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ZONE = 'Asia/Makassar';
let t: TestApp;
let second: TestApp;
let auth: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  second = await startTestApp({ listen: true, databaseUrl: t.databaseUrl });
  auth = await bearer(t, await createUser(t, { name: 'Penyelenggara' }));
});
afterAll(async () => {
  await second.close();
  await t.close();
});

async function register(baseUrl: string, eventId: number, n: number) {
  const res = await fetch(`${baseUrl}/api/events/${eventId}/registrations`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `Peserta ${n}`, email: `peserta${n}@contoh.id`, consent: true }),
  });
  return { status: res.status, body: (await res.json()) as { status: string; position: number | null; token: string; arrival: number } };
}

describe('capacity is never exceeded', () => {
  it('gives 40 seats and a 260-place waiting list in arrival order to 300 simultaneous registrations', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { capacity: 60, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 3), ZONE, { capacity: 40 });
    // Half the requests go to a second app instance on the same database.
    const results = await Promise.all(Array.from({ length: 300 }, (_, n) => register(n % 2 ? second.baseUrl : t.baseUrl, event.id, n)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const confirmed = results.filter((r) => r.body.status === 'confirmed');
    const waitlisted = results.filter((r) => r.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(40);
    expect(waitlisted).toHaveLength(260);
    expect(waitlisted.map((r) => r.body.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 260 }, (_, i) => i + 1));
    // Arrival numbers are unique, and every confirmed seat went to an earlier arrival than every waitlisted place.
    const rows = await t.db.getRepository(Registration).findBy({ eventId: event.id });
    expect(new Set(rows.map((r) => r.arrival)).size).toBe(300);
    const lastConfirmed = Math.max(...rows.filter((r) => r.status === 'confirmed').map((r) => r.arrival));
    const firstWaitlisted = Math.min(...rows.filter((r) => r.status === 'waitlisted').map((r) => r.arrival));
    expect(lastConfirmed).toBeLessThan(firstWaitlisted);
  });

  it('gives exactly 50 seats and waiting-list places 1…950 to a burst of 1,000 simultaneous registrations on two instances', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { capacity: 60, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 5), ZONE, { capacity: 50 });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, n) => register(n % 2 ? second.baseUrl : t.baseUrl, event.id, 5000 + n)));
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(50);
    const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.position!).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 950 }, (_, i) => i + 1));
    // Every answer is a row, with the status it was told, and there is no other row; one invitation per seat.
    const rows = await t.db.getRepository(Registration).findBy({ eventId: event.id });
    expect(rows).toHaveLength(1000);
    const told = new Map(results.map((r) => [r.body.arrival, r.body.status]));
    expect(rows.every((r) => told.get(r.arrival) === r.status)).toBe(true);
    const mine = new Set(rows.map((r) => r.email));
    const invited = (await t.db.query(`SELECT recipient FROM outbox_messages WHERE kind = 'registration_confirmed'`) as Array<{ recipient: string }>)
      .map((m) => m.recipient).filter((e) => mine.has(e)).sort();
    expect(invited).toEqual(rows.filter((r) => r.status === 'confirmed').map((r) => r.email).sort());
  }, 240_000); // a thousand requests on a shared machine: room to finish, nothing asserted about speed

  it('answers each of 300 simultaneous registrations with its own row, place and invitation, duplicates refused once', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { capacity: 60, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 2), ZONE, { capacity: 30 });
    // Every tenth person sends the form twice at once, to one instance or to both; the rest once.
    const people = Array.from({ length: 270 }, (_, n) => 8000 + n);
    const sent = people.flatMap((n) => (n % 10 ? [n] : [n, n]));
    const instance = (n: number, i: number) => (n % 20 !== 0 && i % 2 ? second : t);
    const results = await Promise.all(sent.map((n, i) => register(instance(n, i).baseUrl, event.id, n).then((r) => ({ ...r, n }))));
    const created = results.filter((r) => r.status === 201);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    // One registration per person: each twice-sent form is answered 201 once and 409 once.
    expect(created.map((r) => r.n).sort()).toEqual(people);
    expect(results.filter((r) => r.status === 409).map((r) => r.n).sort()).toEqual(people.filter((n) => n % 10 === 0));
    const positions = created.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.position!).sort((a, b) => a - b);
    expect(created.filter((r) => r.body.status === 'confirmed')).toHaveLength(30);
    expect(positions).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    // Every answer is its own row, and its one message names the place it was told.
    const rows = await t.db.getRepository(Registration).findBy({ eventId: event.id });
    expect(rows).toHaveLength(270);
    const row = new Map(rows.map((r) => [r.email, r]));
    const messages = (await t.db.query(`SELECT recipient, kind, text_body FROM outbox_messages WHERE kind IN ('registration_confirmed', 'registration_waitlisted')`) as
      Array<{ recipient: string; kind: string; text_body: string }>).filter((m) => row.has(m.recipient));
    expect(messages).toHaveLength(270);
    for (const answer of created) {
      const mine = row.get(`peserta${answer.n}@contoh.id`)!;
      expect([mine.status, mine.arrival]).toEqual([answer.body.status, answer.body.arrival]);
      const [message] = messages.filter((m) => m.recipient === mine.email);
      expect(message.kind).toBe(`registration_${answer.body.status}`);
      if (answer.body.status === 'waitlisted') expect(message.text_body).toContain(`Posisi Anda di daftar tunggu: ${answer.body.position}.`);
      expect(message.text_body).toContain(`/registrations/${answer.body.token}`);
    }
  }, 240_000);

  it('promotes exactly one person per freed seat when many cancel at once, never past capacity', async () => {
    const venue = await createVenue(t, { timezone: ZONE });
    const room = await createRoom(t, venue.id, { capacity: 30, kind: 'workshop_room', maxMinutes: 480 });
    const event = await publishedEvent(t, auth, room, nextWeekday(ZONE, 4), ZONE, { capacity: 10 });
    const regs = [];
    for (let n = 0; n < 25; n++) regs.push((await register(t.baseUrl, event.id, 1000 + n)).body);
    const leaving = regs.slice(0, 8);
    const cancels = await Promise.all(leaving.map((r, i) => fetch(`${i % 2 ? second.baseUrl : t.baseUrl}/api/registrations/${r.token}/cancel`, { method: 'POST' }).then((res) => res.status)));
    expect(cancels.every((s) => s === 200)).toBe(true);
    const rows = await t.db.getRepository(Registration).find({ where: { eventId: event.id }, order: { arrival: 'ASC' } });
    const confirmed = rows.filter((r) => r.status === 'confirmed');
    expect(confirmed).toHaveLength(10);
    // The seats went to the first eight on the waiting list (arrivals 11–18), in order; the rest still wait.
    expect(confirmed.map((r) => r.arrival)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(rows.filter((r) => r.status === 'waitlisted').map((r) => r.arrival)).toEqual([19, 20, 21, 22, 23, 24, 25]);
    // Someone who left is never promoted again, even when more seats free up.
    await fetch(`${t.baseUrl}/api/registrations/${regs[8].token}/cancel`, { method: 'POST' });
    const again = await t.db.getRepository(Registration).findBy({ eventId: event.id, status: 'confirmed' });
    expect(again.map((r) => r.arrival)).not.toContain(1);
    expect(again).toHaveLength(10);
  });
});
