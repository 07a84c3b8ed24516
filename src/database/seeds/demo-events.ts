import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { User } from '../../accounts/user.entity.js';
import { sha256 } from '../../common/secrets.js';
import { luxonZone } from '../../common/time.js';
import { EventSession } from '../../events/event-session.entity.js';
import { EventRecord, type EventKind } from '../../events/event.entity.js';
import { Registration } from '../../registrations/registration.entity.js';
import { Reservation } from '../../reservations/reservation.entity.js';
import { Room } from '../../rooms/room.entity.js';
import { Closure } from '../../venues/closure.entity.js';
import { OpeningHour } from '../../venues/opening-hour.entity.js';
import { groupHours, openIntervalsOn } from '../../venues/opening-hours.js';
import { Venue } from '../../venues/venue.entity.js';

/** The manage link of one demo registration, so a newcomer can open a ticket: /registrations/demo-tiket-makassar. */
export const DEMO_TICKET_TOKEN = 'demo-tiket-makassar';

interface DemoSession { room: string; day: number; from: string; to: string; title: string; speaker: string; capacity?: number }
interface DemoEvent {
  venue: string; organiser: string; kind: EventKind; status: 'published' | 'draft'; title: string; summary: string; description: string;
  tags: string[]; capacity: number; weekday: number; weeksAhead: number; registrations: number; sessions: DemoSession[];
}

const EVENTS: DemoEvent[] = [
  {
    venue: 'JKT-POSBLOC', organiser: 'kreator.sari@ruangkreatif.id', kind: 'live_selling', status: 'published', weekday: 6, weeksAhead: 1,
    title: 'Klinik Live Selling "Beli Lokal"', summary: 'Praktik langsung jualan batik dan kriya lewat live streaming, dibimbing kreator berpengalaman.',
    description: 'Bawa produk Anda dan ponsel yang terisi penuh.\n\n**Yang dipelajari**\n\n- Menyusun naskah live 30 menit\n- Pencahayaan murah meriah\n- Menjawab komentar dan menutup penjualan\n\nGratis untuk pelaku UMKM terdaftar.',
    tags: ['Beli Lokal', 'Go Digital'], capacity: 60, registrations: 35,
    sessions: [{ room: 'Aula Filateli', day: 0, from: '13:00', to: '16:00', title: 'Klinik live selling', speaker: 'Sari Wulandari' }],
  },
  {
    venue: 'MKS-BESAR', organiser: 'manajer.makassar@ruangkreatif.id', kind: 'workshop', status: 'published', weekday: 3, weeksAhead: 1,
    title: 'Workshop Foto Produk dengan Ponsel', summary: 'Foto produk yang menjual untuk marketplace, cukup dengan ponsel dan kotak cahaya.',
    description: 'Untuk UMKM kuliner dan kriya Sulawesi Selatan.\n\n1. Komposisi dan latar\n2. Cahaya alami dan kotak cahaya\n3. Mengedit di ponsel\n\nKursi terbatas: **20 peserta**.',
    tags: ['Go Digital', 'Foto Produk'], capacity: 20, registrations: 26,
    sessions: [{ room: 'Ruang Lokakarya Losari', day: 0, from: '09:00', to: '12:00', title: 'Praktik foto produk', speaker: 'Andi Pratama' }],
  },
  {
    venue: 'SBY-POSBLOC', organiser: 'admin@ruangkreatif.id', kind: 'conference', status: 'published', weekday: 4, weeksAhead: 2,
    title: 'Konferensi Ekspor UMKM Jawa Timur', summary: 'Dua hari bersama eksportir, bea cukai, dan Pos Indonesia: dari dokumen sampai pengiriman.',
    description: 'Program dua hari di Pos Bloc Surabaya.\n\nHari pertama membahas peluang pasar dan dokumen ekspor; hari kedua logistik pengiriman internasional.',
    tags: ['Ekspor', 'Beli Lokal'], capacity: 150, registrations: 48,
    sessions: [
      { room: 'Aula Kebonrojo', day: 0, from: '09:00', to: '12:00', title: 'Pembukaan: peluang ekspor produk UMKM', speaker: 'Dinas Koperasi dan UKM Jatim' },
      { room: 'Ruang Lokakarya 1', day: 0, from: '13:00', to: '16:00', title: 'Klinik dokumen ekspor', speaker: 'Bea Cukai Tanjung Perak', capacity: 40 },
      { room: 'Aula Kebonrojo', day: 1, from: '09:00', to: '12:00', title: 'Logistik dan pengiriman internasional', speaker: 'Pos Indonesia' },
    ],
  },
  {
    venue: 'DJJ-POS', organiser: 'kreator.yosef@ruangkreatif.id', kind: 'workshop', status: 'published', weekday: 2, weeksAhead: 1,
    title: 'Kelas Sertifikasi Halal untuk UMKM', summary: 'Langkah demi langkah mengurus sertifikat halal gratis (SEHATI) untuk produk pangan.',
    description: 'Bawa contoh label produk dan NIB Anda.\n\nDidampingi pendamping proses produk halal.',
    tags: ['Halal', 'Legalitas'], capacity: 25, registrations: 12,
    sessions: [{ room: 'Ruang Lokakarya Humbolt', day: 0, from: '09:00', to: '12:00', title: 'Sertifikasi halal', speaker: 'Pendamping PPH Papua' }],
  },
  {
    venue: 'DPS-POS', organiser: 'kreator.made@ruangkreatif.id', kind: 'meetup', status: 'draft', weekday: 5, weeksAhead: 3,
    title: 'Temu Kreator Konten Bali', summary: 'Berbagi cerita kreator konten kerajinan Bali (draf, belum dipublikasikan).',
    description: 'Draf acara.', tags: ['Komunitas'], capacity: 10, registrations: 0,
    sessions: [{ room: '*', day: 0, from: '13:00', to: '15:00', title: 'Temu kreator', speaker: 'Made Wirawan' }],
  },
];

const FIRST = ['Siti', 'Ahmad', 'Dewi', 'Budi', 'Rina', 'Agus', 'Putri', 'Yusuf', 'Ayu', 'Hendra', 'Nur', 'Fajar', 'Wulan', 'Rizky', 'Intan', 'Dimas'];
const LAST = ['Rahmawati', 'Saputra', 'Lestari', 'Santoso', 'Wijaya', 'Hidayat', 'Kurniawan', 'Pratiwi', 'Nugroho', 'Sari'];
const BUSINESS = ['Kopi Toraja Mandiri', 'Batik Pesisir', 'Keripik Pisang Bu Ani', 'Tenun Ikat Sumba', 'Sambal Roa Manado', 'Anyaman Rotan Kalimantan', 'Madu Hutan Papua', 'Kue Kering Bu Ratna'];

/** Upcoming demo events in every time zone, their rooms held by reservations, with registrations and a waiting list. */
export async function loadDemoEvents(m: EntityManager, users: User[], now = new Date()): Promise<void> {
  const [venues, rooms, hours, closures] = await Promise.all([m.find(Venue), m.find(Room), m.find(OpeningHour), m.find(Closure)]);
  for (const [index, spec] of EVENTS.entries()) {
    const venue = venues.find((v) => v.code === spec.venue);
    const organiser = users.find((u) => u.email === spec.organiser);
    if (!venue || !organiser) continue;
    const zone = luxonZone(venue.timezone);
    const weekly = groupHours(hours.filter((h) => h.venueId === venue.id));
    const venueClosures = closures.filter((c) => c.venueId === venue.id);
    const venueRooms = rooms.filter((r) => r.venueId === venue.id).sort((a, b) => b.capacity - a.capacity);
    // The first matching weekday `weeksAhead` weeks on whose days every session fits the opening hours.
    let first = DateTime.fromJSDate(now, { zone }).startOf('day').plus({ weeks: spec.weeksAhead });
    while (first.weekday !== spec.weekday) first = first.plus({ days: 1 });
    const plan = () => spec.sessions.map((s) => {
      const date = first.plus({ days: s.day }).toISODate()!;
      const start = DateTime.fromISO(`${date}T${s.from}`, { zone }).toJSDate();
      const end = DateTime.fromISO(`${date}T${s.to}`, { zone }).toJSDate();
      const fits = openIntervalsOn(date, venue.timezone, weekly, venueClosures).some((o) => o.start <= start && end <= o.end);
      return { ...s, start, end, fits, room: s.room === '*' ? venueRooms[0] : venueRooms.find((r) => r.name === s.room)! };
    });
    let sessions = plan();
    for (let tries = 0; sessions.some((s) => !s.fits) && tries < 8; tries++) {
      first = first.plus({ weeks: 1 });
      sessions = plan();
    }
    if (sessions.some((s) => !s.fits || !s.room)) continue;
    const event = await m.save(m.create(EventRecord, {
      organiserId: organiser.id, venueId: venue.id, kind: spec.kind, status: spec.status, title: spec.title, summary: spec.summary,
      description: spec.description, tags: spec.tags, language: 'id', capacity: spec.capacity, registrationOpensAt: null, registrationClosesAt: null,
      startsAt: sessions[0].start, endsAt: new Date(Math.max(...sessions.map((s) => s.end.getTime()))), arrivals: 0, sequence: 0, cancelReason: null,
    }));
    for (const s of sessions) {
      const reservation = await m.save(m.create(Reservation, {
        roomId: s.room.id, venueId: venue.id, creatorId: organiser.id, kind: 'booking', status: 'confirmed', title: `${spec.title}: ${s.title}`,
        headcount: Math.min(s.capacity ?? spec.capacity, s.room.capacity), notes: '', startAt: s.start, endAt: s.end,
        occupiedEndAt: new Date(s.end.getTime() + s.room.bufferMinutes * 60_000), seriesId: null, statusReason: null, sequence: 0, eventId: event.id,
      }));
      await m.save(m.create(EventSession, {
        eventId: event.id, roomId: s.room.id, reservationId: reservation.id, title: s.title, speaker: s.speaker, startAt: s.start, endAt: s.end, capacity: s.capacity ?? null,
      }));
    }
    const registrations = Array.from({ length: spec.registrations }, (_, n) => {
      const name = `${FIRST[(n + index * 3) % FIRST.length]} ${LAST[(n * 7 + index) % LAST.length]}`;
      const demoTicket = spec.venue === 'MKS-BESAR' && n === 0;
      return m.create(Registration, {
        eventId: event.id, status: n < spec.capacity ? 'confirmed' : 'waitlisted', arrival: n + 1,
        tokenHash: sha256(demoTicket ? DEMO_TICKET_TOKEN : `demo-${event.id}-${n}-${now.getTime()}-${Math.random()}`),
        ticketCode: `D${String(event.id).padStart(2, '0')}${String(n + 1).padStart(5, '0')}`,
        name, email: `${name.toLowerCase().replace(/\s+/g, '.')}.${n}@contoh.id`, phone: n % 3 ? `+62812${String(3400000 + n * 7919).slice(0, 7)}` : null,
        businessName: BUSINESS[n % BUSINESS.length], sector: n % 2 ? 'Kuliner' : 'Kriya', consent: true, locale: 'id',
        checkedInAt: null, cancelledAt: null, cancelReason: null, sequence: 0,
      });
    });
    if (registrations.length) await m.save(registrations, { chunk: 50 });
    event.arrivals = spec.registrations;
    await m.save(event);
  }
}
