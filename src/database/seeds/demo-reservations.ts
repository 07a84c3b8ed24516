import { DateTime } from 'luxon';
import type { RoomKind } from '../../rooms/room.entity.js';
import { openIntervalsOn, type ClosureRange, type WeeklyHours } from '../../venues/opening-hours.js';

/**
 * A month of plausible bookings for the demo network: a week behind today and four weeks ahead, confirmed,
 * pending (in rooms that need approval), a few cancelled, and one maintenance block per venue. Plain values in,
 * plain rows out; rows of one room never overlap, buffers included, so the database constraint accepts them.
 */
export interface DemoRoomInput {
  id: number; venueId: number; kind: RoomKind; capacity: number; slotMinutes: number; minMinutes: number;
  maxMinutes: number; bufferMinutes: number; requiresApproval: boolean;
}
export interface DemoVenueInput { id: number; timezone: string; weekly: WeeklyHours; closures: ClosureRange[]; rooms: DemoRoomInput[] }
export interface DemoReservationRow {
  roomId: number; venueId: number; creatorId: number; kind: 'booking' | 'block'; status: 'pending' | 'confirmed' | 'cancelled';
  title: string; headcount: number; startAt: Date; endAt: Date; occupiedEndAt: Date; statusReason: string | null;
}

const TITLES: Record<RoomKind, string[]> = {
  live_stream_studio: ['Live selling batik tulis', 'Live TikTok Shop: kopi Gayo', 'Siaran langsung promo Harbolnas', 'Live shopping kerajinan rotan', 'Live selling sambal kemasan'],
  podcast_room: ['Rekaman podcast Cerita UMKM', 'Podcast Ngobrol Ekspor', 'Wawancara pelaku usaha kuliner', 'Podcast Kopi dan Cerita'],
  photo_studio: ['Foto produk sambal kemasan', 'Foto katalog tenun ikat', 'Foto produk kopi untuk marketplace', 'Foto lookbook hijab lokal'],
  workshop_room: ['Kelas foto produk dengan ponsel', 'Pelatihan pembukuan sederhana UMKM', 'Workshop desain kemasan', 'Kelas copywriting marketplace'],
  meeting_room: ['Rapat koperasi pengrajin', 'Pertemuan mitra distribusi', 'Konsultasi ekspor', 'Rapat tim konten'],
  conference_hall: ['Temu UMKM Go Digital', 'Seminar sertifikasi halal', 'Pameran produk Beli Lokal', 'Forum ekspor UMKM'],
  co_working: ['Kerja bersama tim konten', 'Sesi mentoring bisnis', 'Hari kerja komunitas kreator'],
};

const BLOCK_REASONS = ['Perawatan peralatan studio', 'Pemeriksaan instalasi listrik', 'Pemakaian internal kantor pos'];

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

export function planDemoReservations(venues: DemoVenueInput[], creatorIds: number[], managerOf: (venueId: number) => number, now: Date): DemoReservationRow[] {
  const rows: DemoReservationRow[] = [];
  for (const venue of venues) {
    const today = DateTime.fromJSDate(now, { zone: venue.timezone }).startOf('day');
    const rnd = random(venue.id * 7919);
    const blockRoom = venue.rooms[Math.floor(rnd() * venue.rooms.length)];
    const blockDay = 3 + Math.floor(rnd() * 10);
    for (const room of venue.rooms) {
      const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
      const slot = room.slotMinutes * 60_000;
      const bigRoom = room.kind === 'conference_hall' || room.kind === 'workshop_room';
      for (let offset = -7; offset < 28; offset++) {
        const date = today.plus({ days: offset }).toISODate()!;
        const busyDay = rnd() < (bigRoom ? 0.35 : 0.75);
        const wantsBlock = room === blockRoom && offset === blockDay;
        if (!busyDay && !wantsBlock) continue;
        for (const open of openIntervalsOn(date, venue.timezone, venue.weekly, venue.closures)) {
          let cursor = open.start.getTime() + Math.floor(rnd() * 3) * slot;
          let placed = 0;
          if (wantsBlock) {
            const end = cursor + 2 * 3_600_000;
            if (end <= open.end.getTime()) {
              rows.push({
                roomId: room.id, venueId: venue.id, creatorId: managerOf(venue.id), kind: 'block', status: 'confirmed',
                title: pick(BLOCK_REASONS), headcount: 0, startAt: new Date(cursor), endAt: new Date(end), occupiedEndAt: new Date(end), statusReason: null,
              });
              cursor = end;
            }
          }
          while (busyDay && placed < (bigRoom ? 1 : 3)) {
            const steps = Math.max(0, Math.floor((Math.min(room.maxMinutes, 240) - room.minMinutes) / room.slotMinutes));
            const minutes = room.minMinutes + Math.floor(rnd() * (steps + 1)) * room.slotMinutes;
            const start = cursor;
            const end = start + minutes * 60_000;
            if (end > open.end.getTime()) break;
            const inPast = end <= now.getTime();
            const roll = rnd();
            const status = !inPast && room.requiresApproval && roll < 0.45 ? 'pending' : roll > 0.94 ? 'cancelled' : 'confirmed';
            const occupiedEnd = end + room.bufferMinutes * 60_000;
            rows.push({
              roomId: room.id, venueId: venue.id, creatorId: pick(creatorIds), kind: 'booking', status, title: pick(TITLES[room.kind]),
              headcount: Math.max(1, Math.min(room.capacity, Math.ceil(room.capacity * (0.3 + rnd() * 0.6)))),
              startAt: new Date(start), endAt: new Date(end), occupiedEndAt: new Date(occupiedEnd),
              statusReason: status === 'cancelled' ? 'Jadwal produksi berubah' : null,
            });
            placed++;
            cursor = Math.ceil((occupiedEnd - open.start.getTime()) / slot) * slot + open.start.getTime() + Math.floor(rnd() * 4) * slot;
          }
        }
      }
    }
  }
  return rows;
}
