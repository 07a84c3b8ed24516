import { DateTime } from 'luxon';
import type { RoomKind } from '../../rooms/room.entity.js';
import { openIntervalsOn, type ClosureRange, type WeeklyHours } from '../../venues/opening-hours.js';
import type { CreatorHabit } from './demo-creators.js';

/**
 * A month of plausible bookings for the demo network, a week behind today and four weeks ahead. Each creator books a
 * few times a week in their own province at their usual time of day, and at most once in the month in the
 * province they visit; never two bookings at once, never two cities on neighbouring days, always inside the rooms'
 * fair-use limits (with room to spare, so a reviewer can still book). Rooms that need approval get pending
 * requests; a few bookings are cancelled; one maintenance block per venue. Plain values in, plain rows out.
 */
export interface DemoRoomInput {
  id: number; venueId: number; kind: RoomKind; capacity: number; slotMinutes: number; minMinutes: number;
  maxMinutes: number; bufferMinutes: number; requiresApproval: boolean; maxHoursPerWeek: number | null; maxFutureReservations: number | null;
}
export interface DemoVenueInput { id: number; timezone: string; province: string; weekly: WeeklyHours; closures: ClosureRange[]; rooms: DemoRoomInput[] }
export interface DemoCreatorInput { id: number; business: string; province: string; kinds: RoomKind[]; habit: CreatorHabit; perWeek: number; trip?: string }
/** What already holds rooms (event sessions): the plan keeps clear of it, and counts it as its creator's time. */
export interface HeldInput { roomId: number; creatorId: number; province: string; startAt: Date; occupiedEndAt: Date; endAt: Date }
export interface DemoReservationRow {
  roomId: number; venueId: number; creatorId: number; kind: 'booking' | 'block'; status: 'pending' | 'confirmed' | 'cancelled';
  title: string; headcount: number; startAt: Date; endAt: Date; occupiedEndAt: Date; statusReason: string | null;
}

const TITLES: Record<RoomKind, Array<(business: string) => string>> = {
  live_stream_studio: [(b) => `Live selling ${b}`, (b) => `Live TikTok Shop: ${b}`, () => 'Siaran langsung promo Harbolnas', (b) => `Live shopping ${b}: produk baru`],
  podcast_room: [(b) => `Rekaman podcast ${b}`, () => 'Wawancara pelaku usaha lokal', () => 'Podcast episode baru'],
  photo_studio: [(b) => `Foto katalog ${b}`, (b) => `Foto produk ${b} untuk marketplace`, () => 'Foto lookbook koleksi baru'],
  workshop_room: [() => 'Kelas foto produk dengan ponsel', () => 'Pelatihan pembukuan sederhana UMKM', () => 'Workshop desain kemasan', () => 'Kelas copywriting marketplace'],
  meeting_room: [(b) => `Rapat tim ${b}`, () => 'Pertemuan mitra distribusi', () => 'Konsultasi ekspor'],
  conference_hall: [() => 'Temu UMKM Go Digital', () => 'Seminar sertifikasi halal', () => 'Pameran produk Beli Lokal'],
  co_working: [(b) => `Hari kerja tim ${b}`, () => 'Sesi mentoring bisnis'],
};
const BLOCK_REASONS = ['Perawatan peralatan studio', 'Pemeriksaan instalasi listrik', 'Pemakaian internal kantor pos'];
const CANCEL_REASONS = ['Jadwal produksi berubah', 'Produk belum datang dari pemasok', 'Sakit, dijadwalkan ulang'];
/** The local hours a habit prefers; other open hours are the fallback. */
const HABIT_HOURS: Record<CreatorHabit, [number, number]> = { morning: [8, 12], afternoon: [12, 17], evening: [17, 22] };

/** A small seeded generator, so the demo month looks the same on every fresh install of the same day. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

export function planDemoReservations(input: {
  venues: DemoVenueInput[]; creators: DemoCreatorInput[]; held: HeldInput[]; managerOf: (venueId: number) => number; now: Date;
}): DemoReservationRow[] {
  const { venues, creators, now } = input;
  const rows: DemoReservationRow[] = [];
  const roomOf = new Map(venues.flatMap((v) => v.rooms.map((r) => [r.id, { room: r, venue: v }] as const)));
  // Occupied ranges per room (end plus buffer), and each creator's time and whereabouts.
  const occupied = new Map<number, Array<{ start: number; end: number }>>();
  const agenda = new Map<number, Array<{ start: number; end: number; province: string; roomId: number }>>();
  const hold = (roomId: number, start: number, occupiedEnd: number) => (occupied.get(roomId) ?? occupied.set(roomId, []).get(roomId)!).push({ start, end: occupiedEnd });
  const attend = (creatorId: number, entry: { start: number; end: number; province: string; roomId: number }) =>
    (agenda.get(creatorId) ?? agenda.set(creatorId, []).get(creatorId)!).push(entry);
  for (const h of input.held) {
    hold(h.roomId, h.startAt.getTime(), h.occupiedEndAt.getTime());
    attend(h.creatorId, { start: h.startAt.getTime(), end: h.endAt.getTime(), province: h.province, roomId: h.roomId });
  }

  // One maintenance block per venue, placed first.
  for (const venue of venues) {
    const rnd = random(venue.id * 7919);
    const room = venue.rooms[Math.floor(rnd() * venue.rooms.length)];
    const today = DateTime.fromJSDate(now, { zone: venue.timezone }).startOf('day');
    for (let offset = 3 + Math.floor(rnd() * 10), tries = 0; room && tries < 10; offset++, tries++) {
      const open = openIntervalsOn(today.plus({ days: offset }).toISODate()!, venue.timezone, venue.weekly, venue.closures)[0];
      if (!open || open.end.getTime() - open.start.getTime() < 2 * HOUR) continue;
      const start = open.start.getTime();
      rows.push({
        roomId: room.id, venueId: venue.id, creatorId: input.managerOf(venue.id), kind: 'block', status: 'confirmed',
        title: BLOCK_REASONS[Math.floor(rnd() * BLOCK_REASONS.length)], headcount: 0,
        startAt: new Date(start), endAt: new Date(start + 2 * HOUR), occupiedEndAt: new Date(start + 2 * HOUR), statusReason: null,
      });
      hold(room.id, start, start + 2 * HOUR);
      break;
    }
  }

  for (const [index, creator] of creators.entries()) {
    const rnd = random(creator.id * 104_729 + index);
    const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
    const homeVenues = venues.filter((v) => v.province === creator.province);
    if (!homeVenues.length) continue;
    const zone = homeVenues[0].timezone;
    const monday = DateTime.fromJSDate(now, { zone }).startOf('week');
    const tripWeek = creator.trip ? 1 + Math.floor(rnd() * 3) : -99;
    for (let week = -1; week <= 3; week++) {
      const travelling = week === tripWeek;
      const place = travelling ? venues.filter((v) => v.province === creator.trip) : homeVenues;
      if (!place.length) continue;
      const wanted = travelling ? 1 : creator.perWeek + (rnd() < 0.3 ? 1 : rnd() < 0.2 ? -1 : 0);
      // Monday to Saturday in a random order, Sunday (a rest day for most) last.
      const days = shuffle([0, 1, 2, 3, 4, 5], rnd).concat(6);
      let placed = 0;
      for (const weekday of days) {
        if (placed >= wanted) break;
        const booking = tryBooking({ creator, rnd, pick, place, date: monday.plus({ weeks: week, days: weekday }).toISODate()!, travelling });
        if (booking) { rows.push(booking); placed++; }
      }
    }
  }
  return rows;

  function tryBooking(args: {
    creator: DemoCreatorInput; rnd: () => number; pick: <T>(list: T[]) => T; place: DemoVenueInput[]; date: string; travelling: boolean;
  }): DemoReservationRow | null {
    const { creator, rnd, pick } = args;
    const mine = agenda.get(creator.id) ?? [];
    const rooms = args.place.flatMap((v) => v.rooms.filter((r) => creator.kinds.includes(r.kind)))
      .map((r) => ({ r, order: creator.kinds.indexOf(r.kind) + rnd() * 0.9 })).sort((a, b) => a.order - b.order).map((x) => x.r);
    // A hall is for the occasional big day: now and then a trainer asks for one first.
    const bigDay = rnd() < 0.2;
    const candidates = [...rooms.filter((r) => bigDay && r.kind === 'conference_hall'), ...rooms.filter((r) => r.kind !== 'conference_hall')].slice(0, 4);
    for (const room of candidates) {
      const venue = roomOf.get(room.id)!.venue;
      const dayStart = DateTime.fromISO(args.date, { zone: venue.timezone }).toMillis();
      // Never two provinces within a day of each other: travelling takes time.
      if (mine.some((m) => m.province !== venue.province && m.start < dayStart + 2 * DAY && m.end > dayStart - DAY)) continue;
      const [from, to] = HABIT_HOURS[creator.habit];
      const steps = Math.max(0, Math.floor((Math.min(room.maxMinutes, room.kind === 'workshop_room' || room.kind === 'conference_hall' ? 240 : 180) - room.minMinutes) / room.slotMinutes));
      const minutes = room.minMinutes + Math.floor(rnd() * (Math.min(steps, 2) + 1)) * room.slotMinutes;
      const starts: number[] = [];
      for (const open of openIntervalsOn(args.date, venue.timezone, venue.weekly, venue.closures)) {
        for (let s = open.start.getTime(); s + minutes * 60_000 <= open.end.getTime(); s += room.slotMinutes * 60_000) starts.push(s);
      }
      const hourOf = (t: number) => DateTime.fromMillis(t, { zone: venue.timezone }).hour;
      const preferred = starts.filter((s) => hourOf(s) >= from && hourOf(s) < to);
      const ordered = [...shuffle(preferred, rnd), ...starts.filter((s) => !preferred.includes(s))];
      for (const start of ordered) {
        const end = start + minutes * 60_000;
        const occupiedEnd = end + room.bufferMinutes * 60_000;
        if ((occupied.get(room.id) ?? []).some((o) => overlaps(o, { start, end: occupiedEnd }))) continue;
        if (mine.some((m) => overlaps(m, { start: start - HOUR, end: end + HOUR }))) continue;
        if (!withinFairUse(creator.id, room, venue.timezone, start, end)) continue;
        const future = start > now.getTime();
        const roll = rnd();
        const status = roll < 0.05 ? 'cancelled' : future && room.requiresApproval && roll < 0.55 ? 'pending' : 'confirmed';
        const row: DemoReservationRow = {
          roomId: room.id, venueId: venue.id, creatorId: creator.id, kind: 'booking', status, title: pick(TITLES[room.kind])(creator.business),
          headcount: headcountFor(room, rnd), startAt: new Date(start), endAt: new Date(end), occupiedEndAt: new Date(occupiedEnd),
          statusReason: status === 'cancelled' ? pick(CANCEL_REASONS) : null,
        };
        if (status !== 'cancelled') {
          hold(room.id, start, occupiedEnd);
          attend(creator.id, { start, end, province: venue.province, roomId: room.id });
        }
        return row;
      }
    }
    return null;
  }

  /** The room's limits for one creator, with room to spare: two fewer upcoming bookings and two fewer hours a week. */
  function withinFairUse(creatorId: number, room: DemoRoomInput, zone: string, start: number, end: number): boolean {
    const inRoom = (agenda.get(creatorId) ?? []).filter((m) => m.roomId === room.id);
    if (room.maxFutureReservations && start > now.getTime()
      && inRoom.filter((m) => m.start > now.getTime()).length + 1 > Math.max(1, room.maxFutureReservations - 2)) return false;
    if (room.maxHoursPerWeek) {
      const weekStart = DateTime.fromMillis(start, { zone }).startOf('week').toMillis();
      const weekEnd = weekStart + 7 * DAY;
      const hours = [...inRoom, { start, end }].filter((m) => m.start >= weekStart && m.start < weekEnd).reduce((sum, m) => sum + (m.end - m.start) / HOUR, 0);
      if (hours > Math.max(1, room.maxHoursPerWeek - 2)) return false;
    }
    return true;
  }
}

function shuffle<T>(list: T[], rnd: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function headcountFor(room: DemoRoomInput, rnd: () => number): number {
  const share = room.kind === 'conference_hall' ? 0.3 + rnd() * 0.5 : room.kind === 'workshop_room' ? 0.4 + rnd() * 0.5 : 0.25 + rnd() * 0.5;
  return Math.max(1, Math.min(room.capacity, Math.round(room.capacity * share)));
}
