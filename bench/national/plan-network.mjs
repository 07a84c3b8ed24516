// The network part of the national data set: venues in every province with their zone, opening hours and closures,
// rooms of every kind with the booking rules of the demo rooms, staff and creators with business profiles.
// Plain rows with their ids, from a seeded generator (the same seed gives the same network).
import { BUSINESS_WORDS, FIRST_NAMES, LAST_NAMES, PROVINCE_DATA, STREETS, zoneOf } from './geography.mjs';

/** mulberry32: small, fast and seeded. `salt` gives independent streams for the parts of the set. */
export function random(seed, salt) {
  let state = (seed * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.weighted = (pairs) => { let r = next() * pairs.reduce((a, p) => a + p[1], 0); for (const [v, w] of pairs) { if ((r -= w) < 0) return v; } return pairs[0][0]; };
  return next;
}

/** Splits `total` into whole parts proportional to `weights` (largest remainder), each at least `min`. */
export function apportion(total, weights, min = 0) {
  const free = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => min + Math.floor(x));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]] += 1;
  return parts;
}

const KIND_WEIGHTS = [['live_stream_studio', 25], ['photo_studio', 15], ['podcast_room', 12], ['workshop_room', 15], ['meeting_room', 15], ['co_working', 12], ['conference_hall', 6]];
const CAPACITY = { live_stream_studio: [3, 6], podcast_room: [2, 6], photo_studio: [4, 8], workshop_room: [16, 40], meeting_room: [6, 16], conference_hall: [80, 250], co_working: [16, 40] };
const ROOM_NAMES = { live_stream_studio: 'Studio Live Streaming', podcast_room: 'Ruang Podcast', photo_studio: 'Studio Foto Produk', workshop_room: 'Ruang Lokakarya',
  meeting_room: 'Ruang Rapat', conference_hall: 'Aula', co_working: 'Ruang Kerja Bersama' };
const SCALE_WEIGHTS = [['mikro', 70], ['kecil', 22], ['menengah', 8]];

/** Fixed-date national holidays of three years, and the Lebaran collective leave (estimated dates) of 2026 and 2027. */
function holidays(year) {
  const fixed = [['01-01', 'Tahun Baru Masehi'], ['05-01', 'Hari Buruh Internasional'], ['06-01', 'Hari Lahir Pancasila'], ['08-17', 'Hari Kemerdekaan RI'], ['12-25', 'Hari Raya Natal']];
  const rows = [];
  for (const y of [year - 1, year, year + 1]) for (const [md, reason] of fixed) rows.push({ startDate: `${y}-${md}`, endDate: `${y}-${md}`, reason, kind: 'holiday', estimated: false });
  rows.push({ startDate: '2026-03-18', endDate: '2026-03-24', reason: 'Idulfitri 1447 H dan cuti bersama', kind: 'collective_leave', estimated: true });
  rows.push({ startDate: '2027-03-08', endDate: '2027-03-12', reason: 'Idulfitri 1448 H dan cuti bersama', kind: 'collective_leave', estimated: true });
  return rows;
}

/**
 * `deps` are the app's own lists (provinces, room kinds and demo room rules, hours profiles, sectors); `window` the
 * first and last local date (YYYY-MM-DD) of the reservations.
 */
export function planNetwork({ venues: venueCount, rooms: roomCount, creators: creatorCount, seed, window, deps }) {
  const rnd = random(seed, 1);
  const provinces = deps.PROVINCES.filter((p) => PROVINCE_DATA[p]);
  if (provinces.length !== deps.PROVINCES.length) throw new Error('a province of src/common/provinces.ts has no geography');
  const perProvince = apportion(venueCount, provinces.map((p) => PROVINCE_DATA[p][0]), Math.min(15, Math.floor(venueCount / provinces.length)));
  const rules = {};
  for (const room of deps.DEMO_VENUES.flatMap((v) => v.rooms)) rules[room.kind] ??= room;

  const users = [{ id: 1, name: 'Admin Jaringan Pos', email: 'admin@nasional.example.com', role: 'admin' }];
  const venues = [];
  const managerOfCity = new Map();
  provinces.forEach((province, p) => {
    const cities = PROVINCE_DATA[province][1];
    // The capital holds about a third of a province's offices, the rest spread over the other cities.
    const perCity = apportion(perProvince[p], cities.map((_, i) => (i === 0 ? 3 : 1.5 / (i + 1) + 0.6)));
    cities.forEach((city, c) => {
      for (let n = 0; n < perCity[c]; n++) {
        const key = `${province}/${city}`;
        if (!managerOfCity.has(key)) {
          const id = users.length + 1;
          users.push({ id, name: `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`, email: `manajer.${id}@nasional.example.com`, role: 'manager' });
          managerOfCity.set(key, id);
        }
        const id = venues.length + 1;
        const street = STREETS[(id * 7 + n) % STREETS.length];
        const hours = zoneOf(province) === 'Asia/Jayapura' && rnd() < 0.5 ? 'jayapura'
          : n === 0 && c === 0 ? rnd.pick(['hub', 'hub', 'medan', 'office_saturday']) : rnd.weighted([['office', 50], ['office_saturday', 38], ['hub', 8], ['medan', 4]]);
        venues.push({
          id, code: `KP-${String(p + 11).padStart(2, '0')}${String(id).padStart(5, '0')}`,
          name: n === 0 ? `Kantor Pos ${city}` : `Kantor Pos Cabang ${city} ${street.replace(/^Jl\. (Raya |Jenderal |Dr\. )?/, '')}`,
          address: `${street} No. ${1 + rnd.int(180)}`, city, province, timezone: zoneOf(province), phone: `+62${String(2 + rnd.int(8))}${String(rnd.int(1e9)).padStart(9, '0')}`,
          description: `Kantor pos di ${city} dengan ruang kreatif untuk UMKM dan kreator ${province}.`, hours, managerId: managerOfCity.get(key), main: n === 0,
        });
      }
    });
  });

  const weekly = (v) => deps.HOURS_PROFILES[v.hours];
  const hours = venues.flatMap((v) => Object.entries(weekly(v)).flatMap(([weekday, ranges]) => ranges.map(([opens, closes]) => ({ venueId: v.id, weekday: Number(weekday), opens, closes }))));
  const year = Number(window.from.slice(0, 4));
  const closures = [];
  for (const v of venues) {
    for (const h of holidays(year)) if (h.endDate >= window.from && h.startDate <= window.to) closures.push({ venueId: v.id, ...h });
    if (rnd() < 0.05) {
      const start = new Date(Date.parse(`${window.from}T00:00:00Z`) + rnd.int(360) * 86_400_000);
      const end = new Date(start.getTime() + rnd.int(4) * 86_400_000);
      closures.push({ venueId: v.id, startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10),
        reason: rnd.pick(['Renovasi ruang kreatif', 'Perawatan gedung kantor pos', 'Pemeriksaan instalasi listrik']), kind: 'maintenance', estimated: false });
    }
  }

  // Rooms: the main office of a city has more, every venue at least one.
  const perVenue = apportion(roomCount, venues.map((v) => (v.main ? 2.2 : 1) * (0.6 + rnd())), 1);
  const rooms = [];
  venues.forEach((v, i) => {
    const seen = {};
    for (let k = 0; k < perVenue[i]; k++) {
      const kind = k === 0 && !v.main ? rnd.pick(['live_stream_studio', 'photo_studio', 'meeting_room']) : rnd.weighted(KIND_WEIGHTS);
      const r = rules[kind];
      seen[kind] = (seen[kind] ?? 0) + 1;
      const [lo, hi] = CAPACITY[kind];
      rooms.push({
        id: rooms.length + 1, venueId: v.id, name: seen[kind] > 1 ? `${ROOM_NAMES[kind]} ${String.fromCharCode(64 + seen[kind])}` : ROOM_NAMES[kind], kind,
        capacity: lo + rnd.int(hi - lo + 1), amenities: r.amenities, slotMinutes: r.slot ?? 30, minMinutes: r.min ?? 60, maxMinutes: r.max ?? 240,
        bufferMinutes: r.buffer ?? 0, horizonDays: r.horizon ?? 60, requiresApproval: Boolean(r.approval), maxHoursPerWeek: r.maxHoursPerWeek ?? null,
        maxFutureReservations: r.maxFuture ?? null, description: `${ROOM_NAMES[kind]} di ${v.name}.`,
      });
    }
  });

  // Creators live where the offices are; each has a business profile (most complete, most consenting to reports).
  const homes = venues.map((v) => [v.province, v.city]);
  const profiles = [];
  const byProvince = new Map();
  const allCreators = [];
  for (let k = 0; k < creatorCount; k++) {
    const id = users.length + 1;
    const [province, city] = rnd.pick(homes);
    const first = rnd.pick(FIRST_NAMES);
    const last = rnd.pick(LAST_NAMES);
    users.push({ id, name: `${first} ${last}`, email: `${first}.${last}.${id}@kreator.example.com`.toLowerCase(), role: 'creator' });
    const business = `${rnd.pick(BUSINESS_WORDS[0])} ${rnd.pick(BUSINESS_WORDS[1])} ${first}`;
    const skipped = rnd() < 0.08;
    profiles.push({
      userId: id, businessName: skipped ? null : business, sector: skipped ? null : rnd.pick(deps.SECTORS), scale: skipped ? null : rnd.weighted(SCALE_WEIGHTS),
      province: skipped ? null : province, city: skipped ? null : city, nib: !skipped && rnd() < 0.4 ? String(1e12 + rnd.int(9e12)).slice(0, 13) : null,
      links: skipped || rnd() < 0.5 ? [] : [{ kind: 'shop', url: `https://toko.example.com/${business.toLowerCase().replace(/\s+/g, '-')}` }],
      reportConsent: !skipped && rnd() < 0.88, skipped,
    });
    if (!byProvince.has(province)) byProvince.set(province, []);
    byProvince.get(province).push({ id, business });
    allCreators.push({ id, business });
  }
  const managers = venues.map((v) => ({ venueId: v.id, userId: v.managerId }));
  return { users, profiles, venues, hours, closures, managers, rooms, creatorsByProvince: byProvince, allCreators };
}
