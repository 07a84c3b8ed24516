// Free one-hour slots for the booking benchmark, read from a built data set: rooms that take bookings without
// approval or fair-use limits, one free hour per room and day (inside opening hours, off closures, clear of every
// holding reservation and the room's buffer), as the API's request bodies want them (local time with offset).
import Database from 'better-sqlite3';
import pg from 'pg';
import { OFFSET_HOURS } from './geography.mjs';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const toMs = (v) => (v instanceof Date ? v.getTime() : Date.parse(`${v.replace(' ', 'T')}Z`));
const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Plain SQL reads on either engine (the benchmark's own connection, read-only on SQLite). */
export async function reader(databaseUrl) {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice(7), { readonly: true });
    return { all: async (sql) => db.prepare(sql).all(), close: async () => db.close() };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return { all: async (sql) => (await client.query(sql)).rows, close: () => client.end() };
}

export async function freeSlots(databaseUrl, { days = 40, rooms: wanted = 400 } = {}) {
  const db = await reader(databaseUrl);
  const rooms = await db.all(`SELECT r.id, r.venue_id, r.buffer_minutes, v.timezone FROM rooms r JOIN venues v ON v.id = r.venue_id
    WHERE r.kind IN ('podcast_room', 'photo_studio', 'meeting_room', 'co_working') AND r.requires_approval = ${databaseUrl.startsWith('sqlite:') ? 0 : 'false'}
    AND r.max_hours_per_week IS NULL AND r.max_future_reservations IS NULL AND r.min_minutes <= 60 ORDER BY random() LIMIT ${wanted}`);
  const ids = rooms.map((r) => r.id).join(',') || '0';
  const venues = [...new Set(rooms.map((r) => r.venue_id))].join(',') || '0';
  const hours = await db.all(`SELECT venue_id, weekday, opens, closes FROM venue_opening_hours WHERE venue_id IN (${venues})`);
  const closures = await db.all(`SELECT venue_id, start_date, end_date FROM venue_closures WHERE venue_id IN (${venues})`);
  const busy = await db.all(`SELECT room_id, start_at, occupied_end_at FROM reservations WHERE room_id IN (${ids}) AND status IN ('pending', 'confirmed')`);
  await db.close();
  const byRoom = new Map();
  for (const b of busy) { if (!byRoom.has(b.room_id)) byRoom.set(b.room_id, []); byRoom.get(b.room_id).push([toMs(b.start_at), toMs(b.occupied_end_at)]); }
  const slots = [];
  for (const room of rooms) {
    const offset = OFFSET_HOURS[room.timezone];
    const sign = `+${String(offset).padStart(2, '0')}:00`;
    const today = Math.floor((Date.now() + offset * HOUR) / DAY);
    const taken = byRoom.get(room.id) ?? [];
    for (let d = today + 1; d <= today + days; d++) {
      const date = new Date(d * DAY).toISOString().slice(0, 10);
      if (closures.some((c) => c.venue_id === room.venue_id && c.start_date <= date && date <= c.end_date)) continue;
      const weekday = ((new Date(d * DAY).getUTCDay() + 6) % 7) + 1;
      const ranges = hours.filter((h) => h.venue_id === room.venue_id && h.weekday === weekday);
      const starts = ranges.flatMap((h) => { const out = []; for (let m = Math.ceil(minutes(h.opens) / 60) * 60; m + 60 <= minutes(h.closes); m += 60) out.push(m); return out; });
      for (let attempt = 0; attempt < 4 && starts.length; attempt++) {
        const m = starts[Math.floor(Math.random() * starts.length)];
        const start = d * DAY + m * 60_000 - offset * HOUR;
        const occupied = start + HOUR + room.buffer_minutes * 60_000;
        if (taken.some(([s, e]) => s < occupied && start < e)) continue;
        const local = (ms) => new Date(ms + offset * HOUR).toISOString().slice(0, 19) + sign;
        slots.push({ roomId: room.id, start: local(start), end: local(start + HOUR) });
        break;
      }
    }
  }
  for (let i = slots.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [slots[i], slots[j]] = [slots[j], slots[i]]; }
  return slots;
}
