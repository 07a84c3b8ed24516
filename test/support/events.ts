import request from 'supertest';
import type { Room } from '../../src/rooms/room.entity.js';
import { at } from './dates.js';
import type { TestApp } from './test-app.js';

/** Creates and publishes an event through the API: one session in `room` on `date` from `from` to `to` (venue zone). */
export async function publishedEvent(t: TestApp, auth: string, room: Room, date: string, zone: string, overrides: Record<string, unknown> = {}, from = '09:00', to = '12:00') {
  const created = await request(t.server).post('/api/events').set('Authorization', auth).send({
    venueId: room.venueId, kind: 'workshop', title: 'Live selling di TikTok Shop', summary: 'Kelas praktik live selling', capacity: 4,
    tags: ['Go Digital'], sessions: [{ roomId: room.id, title: 'Praktik', speaker: 'Rina', start: at(date, from, zone), end: at(date, to, zone) }],
    ...overrides,
  });
  if (created.status !== 201) throw new Error(`event: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await request(t.server).post(`/api/events/${created.body.id}/publish`).set('Authorization', auth);
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as { id: number; sessions: Array<{ id: number }> };
}
