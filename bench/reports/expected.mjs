// Independent check of a report: the network totals computed straight from the tables with plain SQL written for
// the benchmark (a joined table of the four zones' period bounds, fixed UTC offsets: Indonesia has no summer time),
// not through the app's statements, and compared with the API's JSON.
import { OFFSET_HOURS } from '../national/geography.mjs';
import { reader } from '../national/free-slots.mjs';

const DAY = 86_400_000;
const sqliteTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The period's UTC bounds per zone: local midnight of `from` up to local midnight after `to`. */
function zones({ from, to }, pg) {
  const rows = Object.entries(OFFSET_HOURS).map(([tz, hours]) => {
    const ps = Date.parse(`${from}T00:00:00Z`) - hours * 3_600_000;
    const pe = Date.parse(`${to}T00:00:00Z`) + DAY - hours * 3_600_000;
    const at = (ms) => (pg ? `TIMESTAMPTZ '${new Date(ms).toISOString()}'` : `'${sqliteTime(ms)}'`);
    return `('${tz}', ${at(ps)}, ${at(pe)})`;
  });
  return `z(tz, ps, pe) AS (VALUES ${rows.join(', ')})`;
}

/** Totals of the period for the venues `where` picks (SQL on venues `v`), as the report would show them. */
export async function expectedTotals(databaseUrl, period, where = '1 = 1') {
  const pg = !databaseUrl.startsWith('sqlite:');
  const db = await reader(databaseUrl);
  const minutes = pg ? 'EXTRACT(EPOCH FROM (LEAST(r.end_at, z.pe) - GREATEST(r.start_at, z.ps))) / 60'
    : '(julianday(MIN(r.end_at, z.pe)) - julianday(MAX(r.start_at, z.ps))) * 1440';
  const inZone = `JOIN venues v ON v.id = x.venue_id JOIN z ON z.tz = v.timezone`;
  try {
    const kinds = await db.all(`WITH ${zones(period, pg)} SELECT m.kind, SUM(${minutes}) AS minutes, COUNT(*) AS bookings
      FROM reservations r JOIN rooms m ON m.id = r.room_id ${inZone.replace('x.', 'r.')}
      WHERE ${where} AND r.kind = 'booking' AND r.status = 'confirmed' AND r.start_at < z.pe AND r.end_at > z.ps GROUP BY m.kind`);
    const [creators] = await db.all(`WITH ${zones(period, pg)} SELECT COUNT(DISTINCT r.creator_id) AS n
      FROM reservations r ${inZone.replace('x.', 'r.')} WHERE ${where} AND r.kind = 'booking' AND r.status = 'confirmed' AND r.start_at >= z.ps AND r.start_at < z.pe`);
    const [events] = await db.all(`WITH ${zones(period, pg)} SELECT COUNT(*) AS n,
        SUM((SELECT COUNT(*) FROM registrations g WHERE g.event_id = e.id AND g.status = 'confirmed')) AS registrations
      FROM events e ${inZone.replace('x.', 'e.')} WHERE ${where} AND e.status IN ('published', 'completed') AND e.starts_at >= z.ps AND e.starts_at < z.pe`);
    const roomKinds = Object.fromEntries(kinds.map((k) => [k.kind, Math.round(Number(k.minutes))]));
    return {
      bookedMinutes: Object.values(roomKinds).reduce((s, m) => s + m, 0), bookings: kinds.reduce((s, k) => s + Number(k.bookings), 0),
      creators: Number(creators.n), events: Number(events.n), registrations: Number(events.registrations ?? 0), roomKinds,
    };
  } finally { await db.close(); }
}

/** The differences between the API's report JSON and the expected totals (none = they agree). */
export function differences(json, expected) {
  const got = {
    bookedMinutes: json.totals.bookedMinutes, bookings: json.totals.bookings, creators: json.totals.creators, events: json.totals.events,
    registrations: json.totals.registrations, roomKinds: Object.fromEntries(json.roomKinds.filter((k) => k.bookedMinutes > 0).map((k) => [k.kind, k.bookedMinutes])),
  };
  const out = [];
  for (const key of ['bookedMinutes', 'bookings', 'creators', 'events', 'registrations']) if (got[key] !== expected[key]) out.push(`${key}: API ${got[key]}, SQL ${expected[key]}`);
  for (const kind of new Set([...Object.keys(got.roomKinds), ...Object.keys(expected.roomKinds)])) {
    if ((got.roomKinds[kind] ?? 0) !== (expected.roomKinds[kind] ?? 0)) out.push(`booked minutes of ${kind}: API ${got.roomKinds[kind] ?? 0}, SQL ${expected.roomKinds[kind] ?? 0}`);
  }
  return out;
}
