// `npm run bench:dataset` / `node bench/national-dataset.mjs --db var/bench/national.sqlite --reservations 100000`:
// a national-scale data set for the benchmarks (issue 12): venues in all 38 provinces and the four zone names,
// rooms of every kind, creators with business profiles, a year of reservations, events whose sessions hold their
// rooms through reservations, and registrations. The database is created fresh and migrated by the app's own
// migrations, then filled in bulk and checked (no overlapping holds, event counters, references). Needs the build.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { freshDatabase } from './support.mjs';
import { openBulk } from './national/bulk.mjs';
import { planBookings, STATUS } from './national/plan-bookings.mjs';
import { apportion, planNetwork, random } from './national/plan-network.mjs';
import { FIRST_NAMES, LAST_NAMES } from './national/geography.mjs';
import { validate } from './national/validate.mjs';

const DAY = 86_400_000;
const PAST_DAYS = 300;
const TITLES = {
  live_stream_studio: ['Live selling %', 'Live TikTok Shop: %', 'Siaran langsung promo Harbolnas', 'Live shopping %: produk baru'],
  podcast_room: ['Rekaman podcast %', 'Wawancara pelaku usaha lokal', 'Podcast episode baru'],
  photo_studio: ['Foto katalog %', 'Foto produk % untuk marketplace', 'Foto lookbook koleksi baru'],
  workshop_room: ['Kelas internal %', 'Pelatihan tim %', 'Workshop desain kemasan'], meeting_room: ['Rapat tim %', 'Pertemuan mitra distribusi', 'Konsultasi ekspor'],
  conference_hall: ['Pertemuan komunitas %', 'Gladi acara %'], co_working: ['Hari kerja tim %', 'Sesi mentoring bisnis'],
};
const BLOCK_REASONS = ['Perawatan peralatan studio', 'Pemeriksaan instalasi listrik', 'Pemakaian internal kantor pos'];
const CANCEL_REASONS = ['Jadwal produksi berubah', 'Produk belum datang dari pemasok', 'Sakit, dijadwalkan ulang'];
const REJECT_REASONS = ['Ruang dipakai acara kantor pos', 'Jumlah peserta melebihi kapasitas ruang'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Builds the data set; returns the counts and the seconds each phase took. */
export async function buildNationalDataset({ databaseUrl, venues = 5000, rooms = 15000, reservations = 1_000_000, events = 20000, registrations = 500000, seed = 1, log = console.log } = {}) {
  const t0 = performance.now();
  const times = {};
  const lap = (name, since) => { times[name] = (performance.now() - since) / 1000; };
  const url = await freshDatabase(databaseUrl);
  lap('migrate', t0);
  const deps = {
    ...(await import('../dist/src/common/provinces.js')), ...(await import('../dist/src/database/seeds/demo-network.js')),
    ...(await import('../dist/src/accounts/creator-profile.entity.js')),
  };
  const { hashPassword, sha256 } = await import('../dist/src/common/secrets.js');
  const now = new Date();
  const t1 = performance.now();
  const from = new Date(now.getTime() - PAST_DAYS * DAY).toISOString().slice(0, 10);
  const window = { from, to: new Date(Date.parse(from) + 365 * DAY).toISOString().slice(0, 10) };
  const network = planNetwork({ venues, rooms, creators: Math.min(60000, Math.max(500, Math.round(reservations / 25))), seed, window, deps });
  const plan = planBookings({ network, reservations, events, seed, now, pastDays: PAST_DAYS, deps });
  lap('plan', t1);

  const t2 = performance.now();
  const bulk = await openBulk(url);
  const counts = {};
  const put = async (table, columns, rows) => { const t = performance.now(); counts[table] = await bulk.insert(table, columns, rows); times[`insert ${table}`] = (performance.now() - t) / 1000; };
  const nowMs = now.getTime();
  const since = Date.parse(from);
  const password = await hashPassword(deps.DEMO_PASSWORD);
  const rnd = random(seed, 3);
  const userCreated = new Map(network.users.map((u) => [u.id, since - (30 + rnd.int(700)) * DAY]));
  await put('users', cols('id:int name email password_hash role locale created_at:time updated_at:time'),
    network.users.map((u) => [u.id, u.name, u.email, password, u.role, null, userCreated.get(u.id), userCreated.get(u.id)]));
  await put('creator_profiles', cols('id:int user_id:int business_name sector scale province city nib links report_consent:bool completed_at:time skipped_at:time created_at:time updated_at:time'),
    network.profiles.map((p, i) => { const at = userCreated.get(p.userId) + 600_000; return [i + 1, p.userId, p.businessName, p.sector, p.scale, p.province, p.city, p.nib, JSON.stringify(p.links), p.reportConsent, p.skipped ? null : at, p.skipped ? at : null, at, at]; }));
  const opened = since - 400 * DAY;
  await put('venues', cols('id:int code name address city province timezone phone email description latitude:float longitude:float active:bool created_at:time updated_at:time'),
    network.venues.map((v) => [v.id, v.code, v.name, v.address, v.city, v.province, v.timezone, v.phone, null, v.description, null, null, true, opened, opened]));
  await put('venue_opening_hours', cols('id:int venue_id:int weekday:int opens closes'), network.hours.map((h, i) => [i + 1, h.venueId, h.weekday, h.opens, h.closes]));
  await put('venue_closures', cols('id:int venue_id:int start_date end_date reason kind estimated:bool created_at:time updated_at:time'),
    network.closures.map((c, i) => [i + 1, c.venueId, c.startDate, c.endDate, c.reason, c.kind, c.estimated, opened, opened]));
  await put('venue_managers', cols('venue_id:int user_id:int'), network.managers.map((m) => [m.venueId, m.userId]));
  await put('rooms', cols('id:int venue_id:int name kind capacity:int amenities photos description slot_minutes:int min_minutes:int max_minutes:int buffer_minutes:int horizon_days:int requires_approval:bool max_hours_per_week:int max_future_reservations:int active:bool created_at:time updated_at:time'),
    network.rooms.map((r) => [r.id, r.venueId, r.name, r.kind, r.capacity, JSON.stringify(r.amenities), '[]', r.description, r.slotMinutes, r.minMinutes, r.maxMinutes, r.bufferMinutes, r.horizonDays, r.requiresApproval, r.maxHoursPerWeek, r.maxFutureReservations, true, opened, opened]));

  // Registrations: published and completed events, in proportion to their capacity and how popular they are; the
  // first `capacity` arrivals confirmed, the rest waitlisted in arrival order.
  const open = plan.events.filter((e) => e.status === 'published' || e.status === 'completed');
  const perEvent = apportion(Math.min(registrations, open.length ? registrations : 0), open.map((e) => e.capacity * Math.exp(rnd() * 1.6 - 0.6)));
  const arrivals = new Map(open.map((e, i) => [e.id, perEvent[i]]));
  // On SQLite the triggers of migration 1764612000000 count the registrations into the event row as they are
  // inserted; on PostgreSQL the trigger is off while loading (see bulk.mjs), so the counters are written here.
  const counted = bulk.engine === 'postgres';
  await put('events', cols('id:int organiser_id:int venue_id:int kind status title summary description tags language capacity:int registration_opens_at:time registration_closes_at:time starts_at:time ends_at:time arrivals:int sequence:int cancel_reason created_at:time updated_at:time confirmed_count:int waitlisted_count:int'),
    plan.events.map((e) => {
      const n = arrivals.get(e.id) ?? 0;
      return [e.id, e.organiserId, e.venueId, e.kind, e.status, e.title, e.summary, `${e.summary}\n\nTerbuka untuk pelaku UMKM dan kreator.`, JSON.stringify(e.tags), e.language, e.capacity,
        e.opensAt, e.closesAt, e.startsAt, e.endsAt, n, 0, e.cancelReason, e.created, e.created, counted ? Math.min(n, e.capacity) : 0, counted ? Math.max(0, n - e.capacity) : 0];
    }));

  const room = new Map(network.rooms.map((r) => [r.id, r]));
  const business = new Map(network.allCreators.map((c) => [c.id, c.business.split(' ').slice(0, 2).join(' ')]));
  const sessionTitle = new Map(plan.sessions.map((s) => [s.reservationId, s.reservationTitle]));
  const { col } = plan;
  function* reservationRows() {
    for (let i = 0; i < plan.count; i++) {
      const r = room.get(col.room[i]);
      const status = STATUS[col.status[i]];
      const block = col.block[i] === 1;
      const templates = TITLES[r.kind];
      const title = sessionTitle.get(i + 1) ?? (block ? BLOCK_REASONS[col.title[i] % 3] : templates[col.title[i] % templates.length].replace('%', business.get(col.creator[i]) ?? 'UMKM'));
      const reason = status === 'cancelled' ? (col.event[i] ? 'Acara dibatalkan' : CANCEL_REASONS[col.title[i] % 3]) : status === 'rejected' ? REJECT_REASONS[col.title[i] % 2] : null;
      const updated = status === 'cancelled' || status === 'rejected' ? Math.min(nowMs, col.created[i] + DAY) : col.created[i];
      yield [i + 1, r.id, r.venueId, col.creator[i], block ? 'block' : 'booking', status, title, block ? 1 : col.headcount[i], '', col.start[i], col.end[i], col.occupiedEnd[i],
        reason, reason ? 1 : 0, col.created[i], updated, col.event[i] || null];
    }
  }
  await put('reservations', cols('id:int room_id:int venue_id:int creator_id:int kind status title headcount:int notes start_at:time end_at:time occupied_end_at:time status_reason sequence:int created_at:time updated_at:time event_id:int'), reservationRows());
  const eventCreated = new Map(plan.events.map((e) => [e.id, e.created]));
  await put('event_sessions', cols('id:int event_id:int room_id:int reservation_id:int title speaker start_at:time end_at:time created_at:time updated_at:time'),
    plan.sessions.map((s) => [s.id, s.eventId, s.roomId, s.reservationId, s.title, s.speaker, s.startAt, s.endAt, eventCreated.get(s.eventId), eventCreated.get(s.eventId)]));

  function* registrationRows() {
    let id = 0;
    for (const e of open) {
      const n = arrivals.get(e.id);
      const codes = new Set();
      const last = Math.min(e.startsAt, nowMs) - 60_000;
      for (let arrival = 1; arrival <= n; arrival++) {
        id++;
        let code;
        do code = Array.from({ length: 8 }, () => CODE_ALPHABET[rnd.int(32)]).join(''); while (codes.has(code));
        codes.add(code);
        const first = FIRST_NAMES[rnd.int(FIRST_NAMES.length)];
        const lastName = LAST_NAMES[rnd.int(LAST_NAMES.length)];
        const status = arrival <= e.capacity ? 'confirmed' : 'waitlisted';
        const at = e.opensAt + ((last - e.opensAt) * arrival) / (n + 1);
        const checkedIn = e.status === 'completed' && status === 'confirmed' && rnd() < 0.75 ? e.startsAt - 600_000 + rnd.int(3_600_000) : null;
        yield [id, e.id, status, arrival, sha256(`national-${seed}-${id}`), code, `${first} ${lastName}`, `${first}.${lastName}.${id}@peserta.example.com`.toLowerCase(),
          rnd() < 0.7 ? `+628${String(1e9 + rnd.int(9e9))}` : null, rnd() < 0.5 ? `Usaha ${lastName}` : null, rnd() < 0.6 ? deps.SECTORS[rnd.int(deps.SECTORS.length)] : null,
          rnd() < 0.7, rnd() < 0.92 ? 'id' : 'en', checkedIn, 0, at, checkedIn ?? at];
      }
    }
  }
  await put('registrations', cols('id:int event_id:int status arrival:int token_hash ticket_code name email phone business_name sector consent:bool locale checked_in_at:time sequence:int created_at:time updated_at:time'), registrationRows());
  // The reports' roll-ups, computed from the rows in one pass (the services keep them per change; the bulk rows have none).
  const tRollUps = performance.now();
  const { rebuildAll } = await import('../dist/src/reports/rollup-sql.js');
  for (const sql of rebuildAll({ pg: bulk.engine === 'postgres' })) await bulk.exec(sql);
  times['roll-ups'] = (performance.now() - tRollUps) / 1000;
  if (bulk.engine === 'postgres') {
    for (const table of ['users', 'creator_profiles', 'venues', 'venue_opening_hours', 'venue_closures', 'rooms', 'events', 'reservations', 'event_sessions', 'registrations']) {
      await bulk.exec(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(1, (SELECT MAX(id) FROM ${table})))`);
    }
    const t = performance.now();
    await bulk.exec('ANALYZE');
    times.analyze = (performance.now() - t) / 1000;
  }
  lap('write', t2);
  const t3 = performance.now();
  const problems = await validate(bulk);
  lap('validate', t3);
  await bulk.close();
  times.total = (performance.now() - t0) / 1000;
  if (problems.length) throw new Error(`the data set broke the app's invariants:\n${problems.join('\n')}`);
  log?.(`national data set (${bulk.engine}): ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}`);
  log?.(`seconds: ${Object.entries(times).map(([k, s]) => `${k} ${s.toFixed(1)}`).join(', ')}`);
  return { databaseUrl: url, counts, times, rooms: network.rooms, venues: network.venues };
}

/** "id:int name …" → [['id', 'int'], ['name', 'text'], …] */
function cols(spec) {
  return spec.split(' ').map((c) => { const [name, type = 'text'] = c.split(':'); return [name, type]; });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: Object.fromEntries(['db', 'venues', 'rooms', 'reservations', 'events', 'registrations', 'seed'].map((k) => [k, { type: 'string' }])) });
  const numbers = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'db').map(([k, v]) => [k, Number(v.replace(/_/g, ''))]));
  await buildNationalDataset({ databaseUrl: values.db ?? 'var/bench/national.sqlite', ...numbers });
}
