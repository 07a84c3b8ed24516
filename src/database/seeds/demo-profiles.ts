import type { BusinessScale, ProfileLink, Sector } from '../../accounts/creator-profile.entity.js';
import type { DemoCreator } from './demo-creators.js';

/**
 * Business profiles of the demo creators, made from their business names: Indonesian MSMEs across the seven sectors,
 * mostly micro, some small and a few medium, in their own provinces and towns. A few do not consent to be counted
 * in programme reports, and one skipped the profile (the reminder shows on that account's pages). Links use the
 * reserved `.example` names, so the demo never points at somebody's real shop.
 */
export interface DemoProfile {
  email: string; businessName: string | null; sector: Sector | null; scale: BusinessScale | null; province: string | null;
  city: string | null; nib: string | null; links: ProfileLink[]; reportConsent: boolean; skipped: boolean;
}

/** The account that chose "later". */
export const DEMO_SKIPPED_PROFILE = 'kreator.bayu.yogyakarta@ruangkreatif.id';

const SECTOR_RULES: Array<[RegExp, Sector]> = [
  [/Kelas (Halal|Pembukuan)|Pelatihan Ekspor|Forum Eksportir/, 'lainnya'],
  [/Koperasi Wanita Tani|Madu Hutan|Sagu|Lidah Buaya|Kopi Gayo|Kopi Sorong/, 'agro'],
  [/Kosmetik|Jamu|Minyak Kayu Putih/, 'kosmetik'],
  [/Podcast|Studio|Akademi|Komunitas|Kelas (Digital|Musik|Kopi)|Pelatihan (UMKM|Desain)|Cerita/, 'jasa_kreatif'],
  [/Tenun|Perak|Kerajinan|Anyaman|Rotan|Kulit|Manik|Noken|Dupa|Mutiara|Sulaman|Pengrajin/, 'kriya'],
  [/Batik|Kebaya|Kaos|Hijab|Distro|Sepatu|Ulos|Songket|Endek|Sasirangan|Sutra/, 'fesyen'],
  [/Kopi|Sambal|Kue|Roti|Keripik|Lumpia|Bandeng|Kerupuk|Bolu|Pempek|Rendang|Otak|Se'i|Amplang|Bingka/, 'kuliner'],
];

export function sectorOf(business: string): Sector {
  return SECTOR_RULES.find(([pattern]) => pattern.test(business))?.[1] ?? 'lainnya';
}

const SMALL = new Set(['Batik Sari', 'Hijab Lokal', 'Sepatu Cibaduyut', 'Kopi Toraja Mandiri', 'Bandeng Presto Juwana', 'Ulos Modern',
  'Distro Kaos Bandung', 'Akademi Jualan Online', 'Pempek Nyimas', 'Rendang Uni Yuni', 'Sambal Roa Manado', 'Dupa Bali', 'Amplang Balikpapan']);
const MEDIUM = new Set(['Koperasi Pengrajin Betawi', 'Kerupuk Udang Sidoarjo', 'Kopi Gayo Nusantara']);

/** Where the demo's provinces have their post office; a business from a known town says so. */
const PROVINCE_CITY: Record<string, string> = {
  'Bali': 'Denpasar', 'DI Yogyakarta': 'Yogyakarta', 'DKI Jakarta': 'Jakarta Pusat', 'Jawa Barat': 'Bandung', 'Jawa Tengah': 'Semarang',
  'Jawa Timur': 'Surabaya', 'Kalimantan Barat': 'Pontianak', 'Kalimantan Selatan': 'Banjarmasin', 'Kalimantan Timur': 'Balikpapan',
  'Maluku': 'Ambon', 'Nusa Tenggara Barat': 'Mataram', 'Nusa Tenggara Timur': 'Kupang', 'Papua': 'Jayapura', 'Papua Barat Daya': 'Sorong',
  'Papua Selatan': 'Merauke', 'Sulawesi Selatan': 'Makassar', 'Sulawesi Utara': 'Manado', 'Sumatera Barat': 'Padang',
  'Sumatera Selatan': 'Palembang', 'Sumatera Utara': 'Medan',
};
const JAKARTA = ['Jakarta Pusat', 'Jakarta Selatan', 'Jakarta Timur', 'Jakarta Barat', 'Jakarta Utara'];
const TOWN: Record<string, string> = {
  'Kerupuk Udang Sidoarjo': 'Kabupaten Sidoarjo', 'Bandeng Presto Juwana': 'Kabupaten Pati', 'Kerajinan Kulit Manding': 'Kabupaten Bantul',
  'Perak Celuk': 'Kabupaten Gianyar', 'Sutra Sengkang': 'Kabupaten Wajo', 'Tenun Sukarara': 'Kabupaten Lombok Tengah',
  'Tenun Ikat Sumba': 'Kabupaten Sumba Timur', 'Kopi Sidikalang': 'Kabupaten Dairi', 'Tenun Sambas': 'Kabupaten Sambas',
  'Sulaman Bukittinggi': 'Bukittinggi', 'Kerajinan Raja Ampat': 'Kabupaten Raja Ampat', 'Manik Dayak': 'Samarinda',
  'Podcast Seniman Ubud': 'Kabupaten Gianyar', 'Kopi Keliling Jakarta': 'Jakarta Selatan', 'Kaos Sablon Jakarta': 'Jakarta Timur',
  'Komunitas Kreator Kota Tua': 'Jakarta Barat', 'Kebaya Encim Betawi': 'Jakarta Utara', 'Sepatu Cibaduyut': 'Bandung',
};

const slugOf = (business: string) => business.toLowerCase().normalize('NFD').replace(/[^a-z0-9]/g, '');

function linksOf(business: string, sector: Sector, i: number): ProfileLink[] {
  const slug = slugOf(business);
  const links: ProfileLink[] = [];
  if (sector !== 'jasa_kreatif' && sector !== 'lainnya') links.push({ kind: 'shop', url: `https://${i % 2 ? 'shopee' : 'tokopedia'}.example/${slug}` });
  if (i % 5 === 0 && links.length) links.push({ kind: 'shop', url: `https://${i % 2 ? 'tokopedia' : 'shopee'}.example/${slug}` });
  if (i % 4 !== 3) links.push({ kind: 'social', url: i % 3 ? `https://instagram.example/${slug}` : `https://tiktok.example/@${slug}` });
  if (i % 6 === 1) links.push({ kind: 'website', url: `https://${slug}.example/` });
  return links;
}

export function demoProfiles(creators: DemoCreator[]): DemoProfile[] {
  return creators.map((c, i) => {
    if (c.email === DEMO_SKIPPED_PROFILE) {
      return { email: c.email, businessName: null, sector: null, scale: null, province: null, city: null, nib: null, links: [], reportConsent: false, skipped: true };
    }
    const sector = sectorOf(c.business);
    return {
      email: c.email, businessName: c.business, sector,
      scale: MEDIUM.has(c.business) ? 'menengah' : SMALL.has(c.business) ? 'kecil' : 'mikro',
      province: c.province, city: TOWN[c.business] ?? (c.province === 'DKI Jakarta' ? JAKARTA[i % JAKARTA.length] : PROVINCE_CITY[c.province]) ?? null,
      // Most registered businesses have an NIB from OSS; the newest micro ones often do not yet.
      nib: i % 3 === 2 ? null : `9120${String(100_007_331 + i * 104_729).slice(-9)}`,
      links: linksOf(c.business, sector, i),
      reportConsent: i % 8 !== 5,
      skipped: false,
    };
  });
}
