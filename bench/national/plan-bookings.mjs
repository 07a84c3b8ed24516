// A year of reservations for the national data set, generated room by room: each room's bookings are placed one
// after the other in free slots inside its venue's opening hours (never on a closure), on the room's slot grid,
// within its minimum and maximum length, with its buffer after each, and never beyond its booking horizon; so no
// two holding reservations of a room overlap (PostgreSQL's exclusion constraint checks it). Then some of them
// become event sessions: an event holds its room through the reservation of each session.
import { OFFSET_HOURS } from './geography.mjs';
import { apportion, random } from './plan-network.mjs';

const MINUTE = 60_000;
const DAY = 86_400_000;
export const STATUS = ['pending', 'confirmed', 'cancelled', 'rejected'];
const [PENDING, CONFIRMED, CANCELLED, REJECTED] = [0, 1, 2, 3];
const BOOKINGS_PER_KIND = { live_stream_studio: 1.6, photo_studio: 1.2, podcast_room: 1.1, workshop_room: 0.7, meeting_room: 1, co_working: 0.8, conference_hall: 0.45 };
const EVENT_KINDS = { conference_hall: [['conference', 60], ['live_selling', 20], ['meetup', 20]], workshop_room: [['workshop', 70], ['live_selling', 15], ['meetup', 15]],
  meeting_room: [['meetup', 60], ['workshop', 40]], co_working: [['meetup', 70], ['workshop', 30]] };
const EVENT_TITLES = { workshop: ['Kelas Foto Produk dengan Ponsel', 'Pelatihan Pembukuan Sederhana UMKM', 'Workshop Desain Kemasan', 'Kelas Copywriting Marketplace', 'Pelatihan Ekspor untuk Pemula'],
  conference: ['Temu UMKM Go Digital', 'Seminar Sertifikasi Halal', 'Konferensi Kreator Daerah', 'Forum Ekonomi Kreatif'],
  meetup: ['Kopdar Kreator', 'Meetup Penjual Online', 'Temu Komunitas Podcast', 'Ngobrol Bisnis Kuliner'], live_selling: ['Live Selling Bareng', 'Festival Live Shopping', 'Harbolnas Live'] };

/** The open local days of a venue in the window: [dayNumber, [[opensMin, closesMin], …]], closures left out. */
function openDays(venue, weekly, closures, firstDay, days) {
  const out = [];
  for (let d = firstDay; d < firstDay + days; d++) {
    const date = new Date(d * DAY).toISOString().slice(0, 10);
    if (closures.some((c) => c.startDate <= date && date <= c.endDate)) continue;
    const ranges = weekly[((new Date(d * DAY).getUTCDay() + 6) % 7) + 1];
    if (ranges?.length) out.push([d, ranges.map(([o, c]) => [Number(o.slice(0, 2)) * 60 + Number(o.slice(3)), Number(c.slice(0, 2)) * 60 + Number(c.slice(3))])]);
  }
  return out;
}

/**
 * `network` from planNetwork; `now` a Date; the window starts `pastDays` before today (local) and runs 365 days.
 * Returns the reservations as columns (typed arrays, index = id − 1), the events and their sessions.
 */
export function planBookings({ network, reservations: total, events: eventTarget, seed, now, pastDays, deps }) {
  const rnd = random(seed, 2);
  const { venues, rooms, closures } = network;
  const venueById = new Map(venues.map((v) => [v.id, v]));
  const closuresOf = new Map();
  for (const c of closures) { if (!closuresOf.has(c.venueId)) closuresOf.set(c.venueId, []); closuresOf.get(c.venueId).push(c); }
  const daysOf = new Map();
  const today = (v) => Math.floor((now.getTime() + OFFSET_HOURS[v.timezone] * 3_600_000) / DAY);
  for (const v of venues) daysOf.set(v.id, openDays(v, deps.HOURS_PROFILES[v.hours], closuresOf.get(v.id) ?? [], today(v) - pastDays, 365));
  const cityRooms = new Map();
  for (const r of rooms) { const key = venueById.get(r.venueId).city; cityRooms.set(key, (cityRooms.get(key) ?? 0) + 1); }
  // Busy rooms: studios more than halls, big cities more than small towns.
  const quota = apportion(total, rooms.map((r) => BOOKINGS_PER_KIND[r.kind] * (0.5 + rnd()) * Math.sqrt(cityRooms.get(venueById.get(r.venueId).city))));

  const cap = total + 16;
  const col = { room: new Int32Array(cap), start: new Float64Array(cap), end: new Float64Array(cap), occupiedEnd: new Float64Array(cap), created: new Float64Array(cap),
    creator: new Int32Array(cap), status: new Uint8Array(cap), block: new Uint8Array(cap), event: new Int32Array(cap), headcount: new Int16Array(cap), title: new Uint8Array(cap) };
  const roomRange = new Map();
  let n = 0;
  rooms.forEach((room, i) => {
    const venue = venueById.get(room.venueId);
    const offset = OFFSET_HOURS[venue.timezone] * 60 * MINUTE;
    const horizon = today(venue) + room.horizonDays;
    const days = daysOf.get(venue.id).filter(([d]) => d <= horizon);
    const local = creatorsNear(network, venue.province);
    const count = new Map();
    for (let k = 0; k < quota[i]; k++) { const d = days[rnd.int(days.length)][0]; count.set(d, (count.get(d) ?? 0) + 1); }
    const first = n;
    let carry = 0;
    const steps = (room.maxMinutes - room.minMinutes) / room.slotMinutes + 1;
    // A day too full passes its rest to the next; what is left after the last day goes to days still empty.
    const order = [...days, ...days.filter(([d]) => !count.has(d))];
    const used = new Set();
    for (const [index, [day, ranges]] of order.entries()) {
      if (index >= days.length && carry === 0) break;
      if (index >= days.length && used.has(day)) continue;
      let k = index < days.length ? (count.get(day) ?? 0) + carry : Math.min(1, carry);
      carry -= index < days.length ? carry : k;
      for (const [opens, closes] of ranges) {
        let cursor = opens;
        while (k > 0) {
          const minutes = room.minMinutes + room.slotMinutes * Math.floor(rnd() * rnd() * steps);
          const aligned = Math.ceil(cursor / room.slotMinutes) * room.slotMinutes;
          const latest = closes - minutes;
          if (aligned > latest) break;
          const spare = Math.floor((latest - aligned) / room.slotMinutes);
          const startMin = aligned + room.slotMinutes * Math.min(spare, Math.floor(rnd() * (spare / k + 1)));
          const start = day * DAY + startMin * MINUTE - offset;
          if (start <= now.getTime() && start + minutes * MINUTE > now.getTime()) { cursor = startMin + minutes + room.bufferMinutes; continue; }
          if (n >= cap) { k = 0; break; }
          col.room[n] = room.id; col.start[n] = start; col.end[n] = start + minutes * MINUTE; col.occupiedEnd[n] = col.end[n] + room.bufferMinutes * MINUTE;
          col.created[n] = Math.min(now.getTime() - MINUTE, start - (1 + rnd() * 20) * DAY - rnd.int(600) * MINUTE);
          col.headcount[n] = 1 + rnd.int(room.capacity);
          col.title[n] = rnd.int(250);
          const block = rnd() < 0.004;
          col.block[n] = block ? 1 : 0;
          col.creator[n] = block ? venue.managerId : (rnd() < 0.9 ? rnd.pick(local) : rnd.pick(network.allCreators)).id;
          const past = start < now.getTime();
          col.status[n] = block ? CONFIRMED : room.requiresApproval
            ? rnd.weighted(past ? [[CONFIRMED, 85], [CANCELLED, 10], [REJECTED, 5]] : [[PENDING, 35], [CONFIRMED, 55], [CANCELLED, 7], [REJECTED, 3]])
            : rnd() < 0.9 ? CONFIRMED : CANCELLED;
          n++;
          k--;
          used.add(day);
          cursor = startMin + minutes + room.bufferMinutes;
        }
      }
      carry += k;
    }
    for (let j = first + 1; j < n; j++) if (col.start[j] < col.start[j - 1]) { sortRange(col, first, n); break; }
    roomRange.set(room.id, [first, n]);
  });

  const events = planEvents({ rnd, col, rooms, roomRange, venueById, eventTarget, now });
  return { count: n, col, ...events };
}

/** Orders one room's reservations by start again (after the second pass filled empty days). */
function sortRange(col, from, to) {
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => col.start[a] - col.start[b]);
  for (const column of Object.values(col)) {
    const copy = order.map((i) => column[i]);
    column.set(copy, from);
  }
}

function creatorsNear(network, province) {
  return network.creatorsByProvince.get(province) ?? network.allCreators;
}

/** Turns some bookings of event rooms into event sessions (1–3 sessions within three days in one room). */
function planEvents({ rnd, col, rooms, roomRange, venueById, eventTarget, now }) {
  const eligible = rooms.filter((r) => EVENT_KINDS[r.kind]);
  const placements = eligible.reduce((a, r) => a + roomRange.get(r.id)[1] - roomRange.get(r.id)[0], 0);
  const chance = Math.min(1, (1.5 * eventTarget * 1.5) / Math.max(1, placements));
  const candidates = [];
  for (const room of eligible) {
    const [from, to] = roomRange.get(room.id);
    for (let i = from; i < to; i++) {
      if (col.block[i] || rnd() >= chance) continue;
      let sessions = rnd.weighted([[1, 60], [2, 30], [3, 10]]);
      while (sessions > 1 && (i + sessions > to || col.start[i + sessions - 1] - col.start[i] > 3 * DAY || col.block.subarray(i, i + sessions).some(Boolean))) sessions--;
      candidates.push([room, i, sessions]);
      i += sessions - 1;
    }
  }
  for (let i = candidates.length - 1; i > 0; i--) { const j = rnd.int(i + 1); [candidates[i], candidates[j]] = [candidates[j], candidates[i]]; }
  const chosen = candidates.slice(0, eventTarget).sort((a, b) => a[1] - b[1]);
  const events = [];
  const sessions = [];
  for (const [room, first, count] of chosen) {
    const venue = venueById.get(room.venueId);
    const id = events.length + 1;
    const kind = rnd.weighted(EVENT_KINDS[room.kind]);
    const startsAt = col.start[first];
    const endsAt = col.end[first + count - 1];
    const status = endsAt < now.getTime() ? (rnd() < 0.92 ? 'completed' : 'cancelled') : rnd.weighted([['published', 85], ['draft', 7], ['cancelled', 8]]);
    const capacity = Math.max(4, Math.round(room.capacity * (0.5 + 0.5 * rnd())));
    const created = Math.min(now.getTime() - 3_600_000, startsAt - (14 + rnd.int(40)) * DAY);
    const title = `${rnd.pick(EVENT_TITLES[kind])} ${venue.city}`;
    const organiserId = col.creator[first];
    events.push({ id, organiserId, venueId: venue.id, kind, status, title, capacity, startsAt, endsAt, created, language: rnd() < 0.9 ? 'id' : 'en',
      opensAt: created, closesAt: startsAt - 3_600_000, cancelReason: status === 'cancelled' ? rnd.pick(['Pembicara berhalangan hadir', 'Peserta belum cukup', 'Gedung dipakai acara kantor']) : null,
      summary: `${title}: belajar dan berjejaring bersama kreator ${venue.province}.`, tags: [kind === 'live_selling' ? 'live-selling' : kind, 'umkm'] });
    const sameDay = count > 1 && Math.floor(col.start[first + count - 1] / DAY) === Math.floor(startsAt / DAY);
    for (let s = 0; s < count; s++) {
      const r = first + s;
      const sessionTitle = count === 1 ? 'Sesi utama' : sameDay ? `Sesi ${s + 1}` : `Hari ${s + 1}`;
      col.event[r] = id;
      col.creator[r] = organiserId;
      col.headcount[r] = capacity;
      col.status[r] = status === 'cancelled' ? CANCELLED : status === 'draft' && room.requiresApproval ? PENDING : CONFIRMED;
      sessions.push({ id: sessions.length + 1, eventId: id, roomId: room.id, reservationId: r + 1, title: sessionTitle, speaker: '', startAt: col.start[r], endAt: col.end[r], reservationTitle: `${title}: ${sessionTitle}` });
    }
  }
  return { events, sessions };
}
