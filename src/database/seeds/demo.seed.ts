import { DataSource, type EntityManager } from 'typeorm';
import { CreatorProfile } from '../../accounts/creator-profile.entity.js';
import { User } from '../../accounts/user.entity.js';
import { hashPassword } from '../../common/secrets.js';
import { ReservationHistory } from '../../reservations/reservation-history.entity.js';
import { Reservation } from '../../reservations/reservation.entity.js';
import { CHECK_IN_KINDS, DEFAULT_CHECK_IN_MINUTES, Room } from '../../rooms/room.entity.js';
import { Closure } from '../../venues/closure.entity.js';
import { OpeningHour } from '../../venues/opening-hour.entity.js';
import { groupHours } from '../../venues/opening-hours.js';
import { VenueManager } from '../../venues/venue-manager.entity.js';
import { Venue } from '../../venues/venue.entity.js';
import { insertHolidays } from '../../venues/venues.service.js';
import { rebuildAll } from '../../reports/rollup-sql.js';
import { Transactions } from '../transactions.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_VENUES, HOURS_PROFILES } from './demo-network.js';
import { loadDemoEvents } from './demo-events.js';
import { DEMO_CREATORS } from './demo-creators.js';
import { demoProfiles } from './demo-profiles.js';
import { planDemoReservations } from './demo-reservations.js';
import { planDemoAttendance } from './demo-attendance.js';

/** Tables the demo owns, children first, so a reset can empty them in order. */
const TABLES = ['report_room_days', 'report_room_months', 'report_venue_months', 'report_rejection_days', 'report_creator_venues', 'idempotency_keys', 'domain_events', 'creator_profiles', 'outbox_messages', 'calendar_feeds', 'registrations', 'event_sessions', 'reservation_history', 'reservations', 'events', 'reservation_series', 'venue_managers', 'rooms', 'venue_closures', 'venue_opening_hours', 'venues', 'api_tokens', 'sessions', 'sign_in_attempts', 'sign_in_throttles', 'mail_workers', 'users'];

/** Loads the demo network when the database has no venue yet. Returns whether it loaded. */
export async function seedIfEmpty(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(Venue).count()) > 0) return false;
  await loadDemoNetwork(db);
  return true;
}

/** Empties every table and loads the demo network again. */
export async function resetDemoData(db: DataSource): Promise<void> {
  const tx = new Transactions(db);
  await tx.write(async (m) => {
    for (const table of TABLES) await m.query(`DELETE FROM ${table}`);
  });
  await loadDemoNetwork(db);
}

async function loadDemoNetwork(db: DataSource): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tx = new Transactions(db);
  await tx.write(async (m) => {
    const venueIds = new Map<string, number>();
    for (const demo of DEMO_VENUES) {
      const venue = await m.save(m.create(Venue, {
        code: demo.code, name: demo.name, address: demo.address, city: demo.city, province: demo.province,
        timezone: demo.timezone, phone: demo.phone, email: `${demo.code.toLowerCase()}@ruangkreatif.id`,
        description: demo.description, latitude: demo.lat, longitude: demo.lng, active: true,
      }));
      venueIds.set(demo.code, venue.id);
      const hours = Object.entries(HOURS_PROFILES[demo.hours]).flatMap(([weekday, ranges]) =>
        ranges.map(([opens, closes]) => ({ venueId: venue.id, weekday: Number(weekday), opens, closes })));
      await m.insert(OpeningHour, hours);
      await insertHolidays(m, venue.id);
      await m.insert(Room, demo.rooms.map((r) => ({
        venueId: venue.id, name: r.name, kind: r.kind, capacity: r.capacity, amenities: r.amenities, photos: [], description: '',
        slotMinutes: r.slot ?? 30, minMinutes: r.min ?? 60, maxMinutes: r.max ?? 240, bufferMinutes: r.buffer ?? 0,
        horizonDays: r.horizon ?? 60, requiresApproval: r.approval ?? false, maxHoursPerWeek: r.maxHoursPerWeek ?? null,
        maxFutureReservations: r.maxFuture ?? null, active: true, checkInMinutes: CHECK_IN_KINDS.includes(r.kind) ? DEFAULT_CHECK_IN_MINUTES : null,
      })));
    }
    for (const account of DEMO_ACCOUNTS) {
      const user = await m.save(m.create(User, { name: account.name, email: account.email, passwordHash, role: account.role, locale: null }));
      for (const code of account.manages) await m.insert(VenueManager, { venueId: venueIds.get(code)!, userId: user.id });
    }
    await m.insert(User, DEMO_CREATORS.map((c) => ({ name: c.name, email: c.email, passwordHash, role: 'creator' as const, locale: null })));
    await insertDemoProfiles(m);
    await loadDemoEvents(m, await m.find(User));
    await loadDemoReservations(m);
    // Written in bulk, beside the services: the reports' roll-ups are computed from the rows in one pass.
    for (const sql of rebuildAll({ pg: db.options.type === 'postgres' })) await m.query(sql);
  });
}

/** The creators' business profiles, answered (or skipped) a few weeks ago. */
async function insertDemoProfiles(m: EntityManager): Promise<void> {
  const idOf = new Map((await m.find(User, { where: { role: 'creator' } })).map((u) => [u.email, u.id]));
  const answered = new Date(Date.now() - 21 * 24 * 3600 * 1000);
  await m.insert(CreatorProfile, demoProfiles(DEMO_CREATORS).map(({ email, skipped, ...profile }) => ({
    ...profile, userId: idOf.get(email)!, completedAt: skipped ? null : answered, skippedAt: skipped ? answered : null,
  })));
}

/** A month of bookings around today, so the grids and the approval queue look like a busy network of post offices. */
async function loadDemoReservations(m: EntityManager): Promise<void> {
  const [venues, rooms, hours, closures, users, managers, held] = await Promise.all([
    m.find(Venue), m.find(Room), m.find(OpeningHour), m.find(Closure), m.find(User), m.find(VenueManager), m.find(Reservation),
  ]);
  const admin = users.find((u) => u.role === 'admin')!;
  const idOf = new Map(users.map((u) => [u.email, u.id]));
  const provinceOf = new Map(venues.map((v) => [v.id, v.province]));
  const rows = planDemoReservations({
    venues: venues.map((v) => ({
      id: v.id, timezone: v.timezone, province: v.province,
      weekly: groupHours(hours.filter((h) => h.venueId === v.id)),
      closures: closures.filter((c) => c.venueId === v.id),
      rooms: rooms.filter((r) => r.venueId === v.id),
    })),
    creators: DEMO_CREATORS.map((c) => ({ ...c, id: idOf.get(c.email)! })),
    // Event sessions already hold their rooms: demo bookings keep clear of them, buffers included.
    held: held.map((h) => ({ roomId: h.roomId, creatorId: h.creatorId, province: provinceOf.get(h.venueId)!, startAt: h.startAt, endAt: h.endAt, occupiedEndAt: h.occupiedEndAt })),
    managerOf: (venueId) => managers.find((vm) => vm.venueId === venueId)?.userId ?? admin.id,
    now: new Date(),
  });
  for (let i = 0; i < rows.length; i += 200) {
    await m.insert(Reservation, rows.slice(i, i + 200).map((r) => ({ ...r, notes: '', seriesId: null, sequence: 0 })));
  }
  await m.query(`INSERT INTO reservation_history (reservation_id, actor_id, action, reason, details, created_at)
    SELECT id, creator_id, 'created', NULL, '{}', created_at FROM reservations WHERE id NOT IN (SELECT reservation_id FROM reservation_history)`);
  await m.query(`INSERT INTO reservation_history (reservation_id, actor_id, action, reason, details, created_at)
    SELECT id, creator_id, 'cancelled', status_reason, '{}', created_at FROM reservations WHERE status = 'cancelled'`);
  await markDemoAttendance(m, rooms);
}

/** Past bookings in rooms that need a check-in were checked in, or (a few) released as no-shows. */
async function markDemoAttendance(m: EntityManager, rooms: Room[]): Promise<void> {
  const ruleOf = new Map(rooms.map((r) => [r.id, r.checkInMinutes]));
  const bookings = await m.find(Reservation, { where: { kind: 'booking', status: 'confirmed' }, select: { id: true, creatorId: true, roomId: true, status: true, startAt: true } });
  const now = new Date();
  for (const change of planDemoAttendance(bookings, (id) => ruleOf.get(id) ?? null, now)) {
    const booking = bookings.find((b) => b.id === change.id)!;
    if ('noShow' in change) {
      const reason = 'Tidak ada check-in tepat waktu; ruang dilepas untuk orang lain.';
      await m.update(Reservation, { id: change.id }, { status: 'no_show', statusReason: reason, sequence: 1 });
      await m.insert(ReservationHistory, { reservationId: change.id, actorId: null, action: 'no_show', reason, details: {}, createdAt: new Date(booking.startAt.getTime() + 15 * 60_000) });
    } else {
      await m.update(Reservation, { id: change.id }, { checkedInAt: change.checkedInAt });
      await m.insert(ReservationHistory, { reservationId: change.id, actorId: booking.creatorId, action: 'checked_in', reason: null, details: { via: 'booking' }, createdAt: change.checkedInAt });
    }
  }
}
