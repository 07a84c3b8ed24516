import type { Amenity, RoomKind } from '../../rooms/room.entity.js';
import type { VenueTimezone } from '../../venues/venue.entity.js';

/** Demo data: real Pos Indonesia offices (addresses marked ~ in shared/domain.md are approximate). */
export interface DemoVenue {
  code: string; name: string; address: string; city: string; province: string; timezone: VenueTimezone;
  phone: string; lat: number; lng: number; hours: 'office' | 'office_saturday' | 'medan' | 'jayapura' | 'hub'; rooms: DemoRoom[];
  description: string;
}
export interface DemoRoom {
  name: string; kind: RoomKind; capacity: number; amenities: Amenity[]; slot?: number; min?: number; max?: number;
  buffer?: number; horizon?: number; approval?: boolean; maxHoursPerWeek?: number; maxFuture?: number;
}

const studio = (name = 'Studio Live Streaming', extra: Partial<DemoRoom> = {}): DemoRoom => ({
  name, kind: 'live_stream_studio', capacity: 4, amenities: ['phone_tripod', 'ring_light', 'sound_card', 'lavalier_mic', 'green_screen', 'wifi'],
  slot: 30, min: 60, max: 180, buffer: 15, horizon: 60, maxHoursPerWeek: 8, maxFuture: 6, ...extra,
});
const podcast = (name = 'Ruang Podcast'): DemoRoom => ({
  name, kind: 'podcast_room', capacity: 4, amenities: ['microphone', 'mixer', 'acoustic_panels', 'camera'], slot: 30, min: 60, max: 180, buffer: 15,
});
const photo = (name = 'Studio Foto Produk'): DemoRoom => ({
  name, kind: 'photo_studio', capacity: 6, amenities: ['light_box', 'softbox', 'backdrop', 'camera'], slot: 30, min: 60, max: 240, buffer: 10,
});
const workshop = (name = 'Ruang Lokakarya', capacity = 30): DemoRoom => ({
  name, kind: 'workshop_room', capacity, amenities: ['projector', 'whiteboard', 'sound_system', 'wifi', 'air_conditioning'],
  slot: 60, min: 120, max: 480, buffer: 30, horizon: 120, approval: true,
});
const meeting = (name = 'Ruang Rapat'): DemoRoom => ({
  name, kind: 'meeting_room', capacity: 10, amenities: ['screen', 'video_conference', 'wifi', 'air_conditioning'], slot: 30, min: 30, max: 240,
});
const hall = (name = 'Aula', capacity = 150): DemoRoom => ({
  name, kind: 'conference_hall', capacity, amenities: ['stage', 'sound_system', 'projector', 'livestream_kit', 'air_conditioning'],
  slot: 60, min: 120, max: 600, buffer: 60, horizon: 180, approval: true,
});
const coworking = (name = 'Ruang Kerja Bersama'): DemoRoom => ({
  name, kind: 'co_working', capacity: 30, amenities: ['desks', 'wifi', 'lockers', 'air_conditioning'], slot: 60, min: 60, max: 480,
});

export const DEMO_VENUES: DemoVenue[] = [
  { code: 'JKT-POSBLOC', name: 'Pos Bloc Jakarta', address: 'Jl. Pos No. 2, Pasar Baru', city: 'Jakarta Pusat', province: 'DKI Jakarta', timezone: 'Asia/Jakarta', phone: '+62213456001', lat: -6.1636, lng: 106.8335, hours: 'hub',
    description: 'Bekas Gedung Filateli yang kini menjadi pusat kreatif: studio, ruang lokakarya, dan aula untuk komunitas.', rooms: [studio('Studio Live Streaming A'), studio('Studio Live Streaming B'), podcast(), hall('Aula Filateli', 200)] },
  { code: 'JKT-PUSAT', name: 'Kantor Pos Jakarta Pusat', address: 'Jl. Lapangan Banteng Utara No. 1', city: 'Jakarta Pusat', province: 'DKI Jakarta', timezone: 'Asia/Jakarta', phone: '+62213456002', lat: -6.1679, lng: 106.8347, hours: 'office_saturday',
    description: 'Kantor pos bersejarah di Lapangan Banteng dengan pojok UMKM dan ruang kelas digital.', rooms: [photo(), workshop('Ruang Kelas Digital', 36), meeting()] },
  { code: 'JKT-KOTATUA', name: 'Creator House Kantor Pos Kota Tua', address: 'Jl. Pos Kota No. 2, Kota Tua', city: 'Jakarta Barat', province: 'DKI Jakarta', timezone: 'Asia/Jakarta', phone: '+62213456003', lat: -6.1352, lng: 106.8133, hours: 'hub',
    description: 'Rumah kreator di kawasan Kota Tua untuk produksi konten dan live selling.', rooms: [studio('Studio Live Selling 1'), studio('Studio Live Selling 2'), podcast('Ruang Podcast Kota Tua'), photo()] },
  { code: 'BDG-POSCOL', name: 'Kantor Pos Besar Bandung (Pos Collective)', address: 'Jl. Asia Afrika No. 49', city: 'Bandung', province: 'Jawa Barat', timezone: 'Asia/Jakarta', phone: '+62224201001', lat: -6.9215, lng: 107.6071, hours: 'hub',
    description: 'Pos Collective di jantung Asia Afrika: ruang kerja bersama dan studio untuk kreator Bandung.', rooms: [coworking(), studio(), workshop('Ruang Lokakarya Asia Afrika', 40)] },
  { code: 'YOG-BESAR', name: 'Kantor Pos Besar Yogyakarta', address: 'Jl. Panembahan Senopati No. 2', city: 'Yogyakarta', province: 'DI Yogyakarta', timezone: 'Asia/Jakarta', phone: '+62274561001', lat: -7.8013, lng: 110.3652, hours: 'office_saturday',
    description: 'Kantor pos di titik nol Yogyakarta, dekat Malioboro.', rooms: [photo(), podcast(), workshop()] },
  { code: 'SMG-BESAR', name: 'Kantor Pos Besar Semarang', address: 'Jl. Pemuda No. 4', city: 'Semarang', province: 'Jawa Tengah', timezone: 'Asia/Jakarta', phone: '+62243541001', lat: -6.9735, lng: 110.4262, hours: 'office',
    description: 'Gedung kantor pos kolonial di kawasan Kota Lama Semarang.', rooms: [studio(), workshop('Ruang Lokakarya Pemuda', 25)] },
  { code: 'SBY-POSBLOC', name: 'Pos Bloc Surabaya (Kantor Pos Kebonrojo)', address: 'Jl. Kebon Rojo No. 10', city: 'Surabaya', province: 'Jawa Timur', timezone: 'Asia/Jakarta', phone: '+62313521001', lat: -7.2424, lng: 112.7379, hours: 'hub',
    description: 'Pos Bloc Surabaya di gedung Kantor Pos Kebonrojo: aula konferensi dan studio kreator.', rooms: [hall('Aula Kebonrojo', 250), workshop('Ruang Lokakarya 1', 40), studio(), meeting()] },
  { code: 'MDN-POSBLOC', name: 'Pos Bloc Medan', address: 'Jl. Pos No. 1, Kesawan', city: 'Medan', province: 'Sumatera Utara', timezone: 'Asia/Jakarta', phone: '+62614511001', lat: 3.5904, lng: 98.6776, hours: 'medan',
    description: 'Ruang kreatif di Kesawan yang buka hingga malam.', rooms: [studio(), podcast(), workshop('Ruang Kelas Kesawan', 30)] },
  { code: 'PLM-POS', name: 'Kantor Pos Palembang', address: 'Jl. Merdeka No. 3', city: 'Palembang', province: 'Sumatera Selatan', timezone: 'Asia/Jakarta', phone: '+62711351001', lat: -2.9895, lng: 104.7588, hours: 'office',
    description: 'Kantor pos di tepi Sungai Musi dengan studio foto produk untuk UMKM songket dan pempek.', rooms: [photo(), studio()] },
  { code: 'PDG-POS', name: 'Kantor Pos Padang', address: 'Jl. Bagindo Aziz Chan No. 7', city: 'Padang', province: 'Sumatera Barat', timezone: 'Asia/Jakarta', phone: '+62751201001', lat: -0.9492, lng: 100.3615, hours: 'office',
    description: 'Pojok UMKM dan studio live streaming untuk produk kuliner Minang.', rooms: [studio(), meeting()] },
  { code: 'PNK-POS', name: 'Kantor Pos Pontianak', address: 'Jl. Rahadi Usman No. 1', city: 'Pontianak', province: 'Kalimantan Barat', timezone: 'Asia/Pontianak', phone: '+62561731001', lat: -0.0226, lng: 109.3425, hours: 'office_saturday',
    description: 'Ruang kreatif di tepi Sungai Kapuas.', rooms: [studio(), workshop('Ruang Lokakarya Kapuas', 24)] },
  { code: 'MKS-BESAR', name: 'Kantor Pos Besar Makassar', address: 'Jl. Slamet Riyadi No. 10', city: 'Makassar', province: 'Sulawesi Selatan', timezone: 'Asia/Makassar', phone: '+62411315001', lat: -5.1335, lng: 119.4085, hours: 'office_saturday',
    description: 'Pusat ruang kreatif Indonesia timur, dekat Benteng Rotterdam.', rooms: [studio(), photo(), workshop('Ruang Lokakarya Losari', 40), hall('Aula Makassar', 120)] },
  { code: 'MND-POS', name: 'Kantor Pos Manado', address: 'Jl. Sam Ratulangi No. 23', city: 'Manado', province: 'Sulawesi Utara', timezone: 'Asia/Makassar', phone: '+62431862001', lat: 1.4906, lng: 124.8407, hours: 'office',
    description: 'Studio dan ruang kelas untuk kreator Sulawesi Utara.', rooms: [studio(), workshop()] },
  { code: 'DPS-POS', name: 'Kantor Pos Denpasar', address: 'Jl. Raya Puputan No. 1, Renon', city: 'Denpasar', province: 'Bali', timezone: 'Asia/Makassar', phone: '+62361223001', lat: -8.6733, lng: 115.2326, hours: 'office_saturday',
    description: 'Ruang kreatif untuk perajin dan merek lokal Bali.', rooms: [photo(), studio(), podcast(), meeting()] },
  { code: 'BJM-POS', name: 'Kantor Pos Banjarmasin', address: 'Jl. Lambung Mangkurat No. 19', city: 'Banjarmasin', province: 'Kalimantan Selatan', timezone: 'Asia/Makassar', phone: '+62511335001', lat: -3.3194, lng: 114.5908, hours: 'office',
    description: 'Studio live selling untuk produk sasirangan dan kuliner Banjar.', rooms: [studio(), workshop('Ruang Kelas Martapura', 20)] },
  { code: 'BPN-POS', name: 'Kantor Pos Balikpapan', address: 'Jl. Jenderal Sudirman No. 31', city: 'Balikpapan', province: 'Kalimantan Timur', timezone: 'Asia/Makassar', phone: '+62542421001', lat: -1.2675, lng: 116.8289, hours: 'office',
    description: 'Ruang kreatif di kota penyangga Ibu Kota Nusantara.', rooms: [coworking(), meeting()] },
  { code: 'MTR-POS', name: 'Kantor Pos Mataram', address: 'Jl. Langko No. 21', city: 'Mataram', province: 'Nusa Tenggara Barat', timezone: 'Asia/Makassar', phone: '+62370631001', lat: -8.5833, lng: 116.1167, hours: 'office',
    description: 'Studio foto untuk tenun dan mutiara Lombok.', rooms: [photo(), studio()] },
  { code: 'KPG-POS', name: 'Kantor Pos Kupang', address: 'Jl. Soekarno No. 29', city: 'Kupang', province: 'Nusa Tenggara Timur', timezone: 'Asia/Makassar', phone: '+62380821001', lat: -10.1632, lng: 123.5779, hours: 'office',
    description: 'Ruang kelas dan studio untuk UMKM tenun ikat NTT.', rooms: [workshop('Ruang Kelas Flobamora', 24), studio()] },
  { code: 'DJJ-POS', name: 'Kantor Pos Jayapura', address: 'Jl. Koti No. 3', city: 'Jayapura', province: 'Papua', timezone: 'Asia/Jayapura', phone: '+62967533001', lat: -2.5337, lng: 140.7181, hours: 'jayapura',
    description: 'Ruang kreatif pertama di tanah Papua, dekat Teluk Yos Sudarso.', rooms: [studio(), workshop('Ruang Lokakarya Humbolt', 30), podcast()] },
  { code: 'MKQ-POS', name: 'Kantor Pos Merauke (Kantoor Post 1920)', address: 'Jl. Sabang No. 1, dekat pelabuhan', city: 'Merauke', province: 'Papua Selatan', timezone: 'Asia/Jayapura', phone: '+62971321001', lat: -8.4932, lng: 140.4018, hours: 'jayapura',
    description: 'Gedung Kantoor Post 1920 di dekat pelabuhan Merauke.', rooms: [meeting(), studio()] },
  { code: 'AMQ-POS', name: 'Kantor Pos Ambon', address: 'Jl. Raya Pattimura No. 1', city: 'Ambon', province: 'Maluku', timezone: 'Asia/Jayapura', phone: '+62911352001', lat: -3.6954, lng: 128.1814, hours: 'office',
    description: 'Studio dan ruang kelas di Kota Musik Ambon.', rooms: [podcast('Studio Podcast Kota Musik'), workshop()] },
  { code: 'SOQ-POS', name: 'Kantor Pos Sorong', address: 'Jl. Jenderal Ahmad Yani No. 7', city: 'Sorong', province: 'Papua Barat Daya', timezone: 'Asia/Jayapura', phone: '+62951321001', lat: -0.8762, lng: 131.2558, hours: 'office',
    description: 'Ruang kreatif di gerbang Raja Ampat.', rooms: [studio(), meeting()] },
];

export const HOURS_PROFILES: Record<DemoVenue['hours'], Record<number, Array<[string, string]>>> = {
  office: { 1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '11:30'], ['13:00', '16:00']] },
  office_saturday: { 1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '11:30'], ['13:00', '16:00']], 6: [['08:00', '13:00']] },
  hub: { 1: [['09:00', '21:00']], 2: [['09:00', '21:00']], 3: [['09:00', '21:00']], 4: [['09:00', '21:00']], 5: [['09:00', '21:00']], 6: [['09:00', '21:00']], 7: [['10:00', '18:00']] },
  medan: { 1: [['10:00', '22:00']], 2: [['10:00', '22:00']], 3: [['10:00', '22:00']], 4: [['10:00', '22:00']], 5: [['10:00', '22:00']], 6: [['08:00', '23:00']], 7: [['08:00', '23:00']] },
  jayapura: { 1: [['08:00', '14:00']], 2: [['08:00', '14:00']], 3: [['08:00', '14:00']], 4: [['08:00', '14:00']], 5: [['08:00', '14:00']] },
};

export const DEMO_PASSWORD = 'ruangkreatif2026';

/** Staff accounts; the creators are in demo-creators.ts. */
export const DEMO_ACCOUNTS = [
  { name: 'Admin Jaringan Pos', email: 'admin@ruangkreatif.id', role: 'admin' as const, manages: [] as string[] },
  { name: 'Rina Manajer Jakarta', email: 'manajer.jakarta@ruangkreatif.id', role: 'manager' as const, manages: ['JKT-POSBLOC', 'JKT-KOTATUA', 'JKT-PUSAT'] },
  { name: 'Andi Manajer Makassar', email: 'manajer.makassar@ruangkreatif.id', role: 'manager' as const, manages: ['MKS-BESAR', 'DPS-POS'] },
];
