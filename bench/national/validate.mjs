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

export async function validate(bulk) {
  const problems = [];
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
