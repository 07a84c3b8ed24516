/**
 * Check-ins and no-shows for the demo's past bookings in rooms that need a check-in: most creators checked in a few
 * minutes before or after the start; one in four creators missed exactly one booking (released as a no-show), so reports
 * and the managers' counts show both and no demo creator reaches the fair-use limit. Plain values in, plain changes out.
 */
export interface AttendanceInput { id: number; creatorId: number; roomId: number; status: string; startAt: Date }
export type AttendanceChange = { id: number; checkedInAt: Date } | { id: number; noShow: true };

export function planDemoAttendance(bookings: AttendanceInput[], ruleOf: (roomId: number) => number | null, now: Date): AttendanceChange[] {
  const past = bookings.filter((b) => b.status === 'confirmed' && ruleOf(b.roomId) !== null && b.startAt.getTime() + ruleOf(b.roomId)! * 60_000 < now.getTime())
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || a.id - b.id);
  const missed = new Set<number>();
  for (const creatorId of [...new Set(past.map((b) => b.creatorId))].filter((id) => id % 4 === 1)) {
    missed.add(past.find((b) => b.creatorId === creatorId)!.id);
  }
  return past.map((b) => (missed.has(b.id) ? { id: b.id, noShow: true as const }
    : { id: b.id, checkedInAt: new Date(b.startAt.getTime() + (((b.id * 7) % 17) - 9) * 60_000) }));
}
