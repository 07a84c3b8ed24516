import type { RoomKind } from '../../rooms/room.entity.js';

/**
 * The demo's creators: people with a business and a home province who book mostly there, at their own hours of
 * the day, a few times a week; some travel once a month to a neighbouring city. The first six are the README's
 * accounts. Every demo account uses the README's password.
 */
export type CreatorHabit = 'morning' | 'afternoon' | 'evening';
export interface DemoCreator {
  email: string; name: string; business: string; province: string; kinds: RoomKind[]; habit: CreatorHabit; perWeek: number;
  /** A province they visit once in the demo month. */
  trip?: string;
}

type Kind = 'seller' | 'photo' | 'podcast' | 'trainer' | 'team';
const KINDS: Record<Kind, RoomKind[]> = {
  seller: ['live_stream_studio', 'photo_studio'],
  photo: ['photo_studio', 'live_stream_studio'],
  podcast: ['podcast_room', 'meeting_room'],
  trainer: ['workshop_room', 'meeting_room', 'conference_hall'],
  team: ['co_working', 'meeting_room', 'podcast_room'],
};

const row = (email: string, person: string, business: string, province: string, kind: Kind, habit: CreatorHabit, perWeek: number, trip?: string): DemoCreator =>
  ({ email, name: `${person} (${business})`, business, province, kinds: KINDS[kind], habit, perWeek, trip });

const slug = (text: string) => text.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').trim().split(/\s+/)[0];

/** People of one province: [person, business, kind, habit, bookings per week]; emails are made from the first name. */
function community(province: string, city: string, people: Array<[string, string, Kind, CreatorHabit, number]>, trip?: string): DemoCreator[] {
  return people.map(([person, business, kind, habit, perWeek], i) =>
    row(`kreator.${slug(person)}.${slug(city)}@ruangkreatif.id`, person, business, province, kind, habit, perWeek, i === 0 ? trip : undefined));
}

export const DEMO_CREATORS: DemoCreator[] = [
  row('kreator.sari@ruangkreatif.id', 'Sari Wulandari', 'Batik Sari', 'DKI Jakarta', 'seller', 'afternoon', 2, 'Jawa Barat'),
  row('kreator.yosef@ruangkreatif.id', 'Yosef Kareth', 'Kopi Papua', 'Papua', 'seller', 'morning', 2),
  row('kreator.dewi@ruangkreatif.id', 'Dewi Lestari', 'Tenun Ikat Sumba', 'Nusa Tenggara Timur', 'photo', 'morning', 2, 'Bali'),
  row('kreator.budi@ruangkreatif.id', 'Budi Santoso', 'Kopi Gayo Nusantara', 'Sumatera Utara', 'seller', 'evening', 2),
  row('kreator.made@ruangkreatif.id', 'Made Wirawan', 'Perak Celuk', 'Bali', 'photo', 'morning', 2, 'Nusa Tenggara Barat'),
  row('kreator.aisyah@ruangkreatif.id', 'Nur Aisyah', 'Hijab Lokal', 'Jawa Barat', 'seller', 'evening', 3, 'DKI Jakarta'),
  ...community('DKI Jakarta', 'jakarta', [
    ['Rizal Hakim', 'Sambal Bu Ijah', 'seller', 'afternoon', 2], ['Citra Anggraini', 'Podcast Cerita UMKM', 'podcast', 'morning', 2],
    ['Eko Prasetyo', 'Koperasi Pengrajin Betawi', 'trainer', 'morning', 2], ['Tania Putri', 'Kue Kering Tania', 'photo', 'morning', 2],
    ['Dimas Saputra', 'Kaos Sablon Jakarta', 'seller', 'evening', 3], ['Wulan Pratiwi', 'Kebaya Encim Betawi', 'seller', 'afternoon', 2],
    ['Hendra Gunawan', 'Studio Ngobrol Bisnis', 'podcast', 'afternoon', 2], ['Ayu Kartika', 'Kosmetik Alami Ayu', 'photo', 'afternoon', 2],
    ['Fajar Ramadhan', 'Komunitas Kreator Kota Tua', 'team', 'morning', 1], ['Intan Permatasari', 'Akademi Jualan Online', 'trainer', 'afternoon', 2],
    ['Yusuf Maulana', 'Roti Gambang Pak Yusuf', 'seller', 'evening', 2], ['Putri Handayani', 'Tas Anyaman Putri', 'photo', 'afternoon', 1],
    ['Agus Setiawan', 'Kopi Keliling Jakarta', 'seller', 'morning', 2], ['Rina Marlina', 'Podcast Ibu Berdaya', 'podcast', 'evening', 1],
    ['Bagus Wicaksono', 'Pelatihan Ekspor Jabodetabek', 'trainer', 'morning', 2], ['Lestari Wahyuni', 'Kelas Halal Mandiri', 'trainer', 'afternoon', 1],
    ['Reza Firmansyah', 'Kerajinan Rotan Cirebon', 'photo', 'morning', 2], ['Mega Safitri', 'Jamu Gendong Modern', 'seller', 'afternoon', 3],
  ], 'Jawa Barat'),
  ...community('Jawa Barat', 'bandung', [
    ['Gilang Ramadhan', 'Sepatu Cibaduyut', 'seller', 'afternoon', 2], ['Neng Siti Rahmah', 'Keripik Pedas Neng', 'photo', 'morning', 2],
    ['Asep Sunandar', 'Komunitas Startup Braga', 'team', 'morning', 2], ['Rani Kusumawati', 'Pelatihan Desain Kemasan', 'trainer', 'afternoon', 1],
    ['Dadan Hermawan', 'Distro Kaos Bandung', 'seller', 'evening', 2],
  ], 'DKI Jakarta'),
  ...community('DI Yogyakarta', 'yogyakarta', [
    ['Fajar Nugroho', 'Kerajinan Kulit Manding', 'photo', 'morning', 2], ['Laras Setyowati', 'Batik Jumputan Laras', 'seller', 'afternoon', 2],
    ['Bayu Aji', 'Podcast Angkringan', 'podcast', 'afternoon', 1], ['Sekar Ayuningtyas', 'Kelas Pembukuan UMKM', 'trainer', 'morning', 1],
  ], 'Jawa Tengah'),
  ...community('Jawa Tengah', 'semarang', [
    ['Intan Permata', 'Lumpia Gang Lombok', 'seller', 'morning', 2], ['Teguh Wibowo', 'Bandeng Presto Juwana', 'seller', 'afternoon', 1],
    ['Sri Rahayu', 'Batik Semarangan', 'trainer', 'morning', 1],
  ]),
  ...community('Jawa Timur', 'surabaya', [
    ['Wulan Sari', 'Sambal Bu Wulan', 'seller', 'afternoon', 2], ['Arif Hidayat', 'Kaos Suroboyoan', 'seller', 'evening', 2],
    ['Lilik Suryani', 'Kerupuk Udang Sidoarjo', 'seller', 'morning', 2], ['Bambang Irawan', 'Forum Eksportir Muda', 'trainer', 'morning', 1],
    ['Dewi Anggraeni', 'Rapat Koperasi Wanita Tani', 'team', 'afternoon', 1],
  ]),
  ...community('Sumatera Utara', 'medan', [
    ['Rina Siregar', 'Ulos Modern', 'seller', 'evening', 2], ['Togar Simanjuntak', 'Kopi Sidikalang', 'podcast', 'afternoon', 2],
    ['Melati Nasution', 'Bolu Meranti Melati', 'seller', 'morning', 2], ['Rudi Hutapea', 'Kelas Digital Marketing Medan', 'trainer', 'evening', 1],
  ]),
  ...community('Sumatera Selatan', 'palembang', [
    ['Rizky Pratama', 'Songket Palembang', 'photo', 'morning', 2], ['Nyimas Aulia', 'Pempek Nyimas', 'seller', 'afternoon', 1],
  ]),
  ...community('Sumatera Barat', 'padang', [
    ['Yuni Marlina', 'Rendang Uni Yuni', 'seller', 'morning', 2], ['Fikri Chaniago', 'Sulaman Bukittinggi', 'podcast', 'afternoon', 1],
  ]),
  ...community('Kalimantan Barat', 'pontianak', [
    ['Hendra Wijaya', 'Lidah Buaya Pontianak', 'seller', 'morning', 2], ['Lina Marliani', 'Tenun Sambas', 'trainer', 'morning', 1],
  ]),
  ...community('Sulawesi Selatan', 'makassar', [
    ['Andi Rahmat', 'Kopi Toraja Mandiri', 'seller', 'morning', 2], ['Nurul Hasanah', 'Sutra Sengkang', 'photo', 'afternoon', 2],
    ['Syamsul Bahri', 'Pelatihan UMKM Sulsel', 'trainer', 'morning', 1], ['Fitri Daeng Ngai', 'Otak-otak Daeng', 'seller', 'afternoon', 2],
  ], 'Bali'),
  ...community('Sulawesi Utara', 'manado', [
    ['Putri Lumowa', 'Sambal Roa Manado', 'seller', 'morning', 2], ['Stevan Rumengan', 'Kelas Kopi Kotamobagu', 'trainer', 'afternoon', 1],
  ]),
  ...community('Bali', 'denpasar', [
    ['Komang Ayu', 'Dupa Bali', 'photo', 'afternoon', 2], ['Wayan Sudarsana', 'Podcast Seniman Ubud', 'podcast', 'morning', 1],
    ['Luh Sari Dewi', 'Endek Bali', 'seller', 'morning', 2],
  ]),
  ...community('Kalimantan Selatan', 'banjarmasin', [
    ['Agus Salim', 'Sasirangan Banjar', 'seller', 'morning', 2], ['Rahmah Fitriani', 'Kue Bingka Banjar', 'trainer', 'morning', 1],
  ]),
  ...community('Kalimantan Timur', 'balikpapan', [
    ['Dian Kusuma', 'Amplang Balikpapan', 'team', 'morning', 2], ['Yohanes Lawing', 'Manik Dayak', 'podcast', 'afternoon', 1],
  ]),
  ...community('Nusa Tenggara Barat', 'mataram', [
    ['Zainal Abidin', 'Mutiara Lombok', 'photo', 'morning', 2], ['Baiq Nurul', 'Tenun Sukarara', 'seller', 'afternoon', 1],
  ]),
  ...community('Nusa Tenggara Timur', 'kupang', [
    ['Yakobus Ndun', 'Se\'i Kupang', 'seller', 'morning', 1], ['Maria Kolo', 'Kelas Tenun Timor', 'trainer', 'morning', 1],
  ]),
  ...community('Papua', 'jayapura', [
    ['Maria Wenda', 'Noken Papua', 'photo', 'morning', 2], ['Daniel Yoku', 'Podcast Anak Port Numbay', 'podcast', 'morning', 1],
  ]),
  ...community('Papua Selatan', 'merauke', [['Petrus Gebze', 'Madu Hutan Merauke', 'seller', 'morning', 1], ['Agustina Kaize', 'Sagu Marind', 'team', 'morning', 1]]),
  ...community('Maluku', 'ambon', [['Kalsum Tuasikal', 'Minyak Kayu Putih Ambon', 'podcast', 'morning', 1], ['Jefry Latumahina', 'Kelas Musik Kreatif', 'trainer', 'afternoon', 1]]),
  ...community('Papua Barat Daya', 'sorong', [['Steven Mambrasar', 'Kerajinan Raja Ampat', 'seller', 'morning', 1], ['Rosa Kambu', 'Kopi Sorong Selatan', 'team', 'morning', 1]]),
];
