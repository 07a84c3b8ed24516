// Checks a freshly built national data set against the app's invariants; returns the problems found (none = ok).
const ACTIVE = "status IN ('pending', 'confirmed')";
const CHECKS = [
  ['holding reservations of one room that overlap (buffer included)', `SELECT COUNT(*) AS n FROM (SELECT start_at,
    LAG(occupied_end_at) OVER (PARTITION BY room_id ORDER BY start_at) AS previous_end FROM reservations WHERE ${ACTIVE}) t WHERE previous_end > start_at`],
  ['events whose counters differ from their registrations', `SELECT COUNT(*) AS n FROM events e WHERE
    e.confirmed_count <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed')
    OR e.waitlisted_count <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')
    OR e.arrivals <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id)`],
  ['events with more confirmed than capacity', 'SELECT COUNT(*) AS n FROM events WHERE confirmed_count > capacity'],
  ['sessions whose reservation is another room, time or event', `SELECT COUNT(*) AS n FROM event_sessions s LEFT JOIN reservations r ON r.id = s.reservation_id
    WHERE r.id IS NULL OR r.room_id <> s.room_id OR r.event_id <> s.event_id OR r.start_at <> s.start_at OR r.end_at <> s.end_at`],
  ['reservations whose room, venue or creator is missing', `SELECT COUNT(*) AS n FROM reservations r LEFT JOIN rooms m ON m.id = r.room_id
    LEFT JOIN users u ON u.id = r.creator_id WHERE m.id IS NULL OR m.venue_id <> r.venue_id OR u.id IS NULL`],
  ['registrations of a missing event', 'SELECT COUNT(*) AS n FROM registrations r LEFT JOIN events e ON e.id = r.event_id WHERE e.id IS NULL'],
  ['provinces without a venue', 'SELECT 38 - COUNT(DISTINCT province) AS n FROM venues'],
];

const toDate = (v) => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

/**
 * A sample of reservations put through the app's own booking rules (`checkRules`, as at the moment each was made):
 * opening hours, closures, slot grid, length limits, horizon and headcount.
 */
async function ruleBreaks(bulk, sample) {
  const { checkRules } = await import('../../dist/src/reservations/availability.js');
  const { groupHours } = await import('../../dist/src/venues/opening-hours.js');
  const rows = await bulk.query(`SELECT r.id, r.start_at, r.end_at, r.created_at, r.headcount, r.venue_id, v.timezone, m.slot_minutes, m.min_minutes, m.max_minutes,
    m.buffer_minutes, m.horizon_days, m.capacity FROM reservations r JOIN rooms m ON m.id = r.room_id JOIN venues v ON v.id = r.venue_id ORDER BY random() LIMIT ${sample}`);
  const weekly = new Map();
  for (const h of await bulk.query('SELECT venue_id, weekday, opens, closes FROM venue_opening_hours')) {
    if (!weekly.has(h.venue_id)) weekly.set(h.venue_id, []);
    weekly.get(h.venue_id).push(h);
  }
  const closures = new Map();
  for (const c of await bulk.query('SELECT venue_id, start_date AS "startDate", end_date AS "endDate", reason FROM venue_closures')) {
    if (!closures.has(c.venue_id)) closures.set(c.venue_id, []);
    closures.get(c.venue_id).push(c);
  }
  const hours = new Map([...weekly].map(([id, list]) => [id, groupHours(list)]));
  const broken = [];
  for (const r of rows) {
    const rules = { slotMinutes: r.slot_minutes, minMinutes: r.min_minutes, maxMinutes: r.max_minutes, bufferMinutes: r.buffer_minutes, horizonDays: r.horizon_days, capacity: r.capacity };
    const found = checkRules({ start: toDate(r.start_at), end: toDate(r.end_at), headcount: r.headcount }, rules, r.timezone, hours.get(r.venue_id) ?? {}, closures.get(r.venue_id) ?? [], toDate(r.created_at));
    if (found.length) broken.push(`reservation ${r.id}: ${found.map((f) => f.code).join(', ')}`);
  }
  return broken;
}

export async function validate(bulk, { sample = 20000 } = {}) {
  const problems = [];
  const broken = await ruleBreaks(bulk, sample);
  if (broken.length) problems.push(`${broken.length} of ${sample} sampled reservations break the room's booking rules (first: ${broken.slice(0, 3).join('; ')})`);
  for (const [title, sql] of CHECKS) {
    const [{ n }] = await bulk.query(sql);
    if (Number(n) !== 0) problems.push(`${n} ${title}`);
  }
  if (bulk.engine === 'sqlite') {
    const broken = await bulk.query('PRAGMA foreign_key_check');
    if (broken.length) problems.push(`${broken.length} rows whose foreign key points nowhere (first: ${JSON.stringify(broken[0])})`);
  }
  return problems;
}
