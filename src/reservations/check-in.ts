/**
 * Room check-in and no-show rules, as pure functions of plain values: when the creator may check in, when an unused
 * booking is released, when no-shows mean the creator's next bookings need approval, and what a room is doing now.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The check-in button appears this long before the start. */
export const CHECK_IN_OPENS_MINUTES = 15;
/** The rule's allowed range (minutes after the start). */
export const CHECK_IN_MINUTES_RANGE = { min: 5, max: 60 } as const;

export interface CheckInTarget {
  status: string;
  startAt: Date;
  endAt: Date;
  checkedInAt: Date | null;
}

/** The window in which the creator may check in: from 15 minutes before the start until start + N. */
export function checkInWindow(startAt: Date, checkInMinutes: number): { opens: Date; closes: Date } {
  return { opens: new Date(startAt.getTime() - CHECK_IN_OPENS_MINUTES * MINUTE), closes: new Date(startAt.getTime() + checkInMinutes * MINUTE) };
}

export type CheckInRefusal = 'check_in_not_needed' | 'check_in_not_confirmed' | 'check_in_already' | 'check_in_too_early' | 'check_in_too_late';

/** Why a check-in at `now` is refused, or null when it may go ahead. */
export function checkInRefusal(r: CheckInTarget, checkInMinutes: number | null, now: Date): CheckInRefusal | null {
  if (checkInMinutes === null) return 'check_in_not_needed';
  if (r.checkedInAt) return 'check_in_already';
  if (r.status !== 'confirmed') return 'check_in_not_confirmed';
  const { opens, closes } = checkInWindow(r.startAt, checkInMinutes);
  if (now < opens) return 'check_in_too_early';
  if (now > closes) return 'check_in_too_late';
  return null;
}

/** Whether the booking page shows the check-in button at `now`. */
export const showsCheckIn = (r: CheckInTarget, checkInMinutes: number | null, now: Date): boolean => checkInRefusal(r, checkInMinutes, now) === null;

/** The moment an unused booking is released: start + N minutes. */
export const releaseAt = (startAt: Date, checkInMinutes: number): Date => new Date(startAt.getTime() + checkInMinutes * MINUTE);

export interface FairUsePolicy {
  limit: number;
  windowDays: number;
  approvalDays: number;
}

/**
 * Until when the creator's bookings at a venue need approval because of no-shows, or null: each time `limit` no-shows
 * fall within `windowDays` of each other, approval is needed for `approvalDays` from the last of them. `noShows` are
 * the booked start times of the creator's no-shows there (any order).
 */
export function approvalNeededUntil(noShows: Date[], policy: FairUsePolicy, now: Date): Date | null {
  if (policy.limit < 1) return null;
  const times = noShows.map((d) => d.getTime()).sort((a, b) => a - b);
  let until: number | null = null;
  for (let i = policy.limit - 1; i < times.length; i++) {
    if (times[i] - times[i - policy.limit + 1] <= policy.windowDays * DAY) {
      const end = times[i] + policy.approvalDays * DAY;
      if (end > now.getTime() && (until === null || end > until)) until = end;
    }
  }
  return until === null ? null : new Date(until);
}

/** How far back the no-shows that can still matter lie: what the booking path's one count query reads. */
export const fairUseLookback = (policy: FairUsePolicy, now: Date): Date => new Date(now.getTime() - (policy.windowDays + policy.approvalDays) * DAY);

/** No-shows within the venue's window before `now`: the count managers see on each request. */
export const recentNoShows = (noShows: Date[], windowDays: number, now: Date): number =>
  noShows.filter((d) => d.getTime() > now.getTime() - windowDays * DAY).length;

export type RoomNowState = 'in_use' | 'waiting' | 'released' | 'free';

export interface RoomNow {
  state: RoomNowState;
  /** The booking the state is about (none when free). */
  booking: (CheckInTarget & { id: number }) | null;
  /** For `free`: the next confirmed or pending booking today, if any. */
  next: (CheckInTarget & { id: number }) | null;
}

/**
 * What a room is doing at `now`, for the manager's day view: in use (checked in, or booked in a room without a
 * check-in rule), waiting for check-in (from the window's opening until the worker releases it), released (a no-show whose time is now), or free.
 */
export function roomNow(bookings: Array<CheckInTarget & { id: number }>, checkInMinutes: number | null, now: Date): RoomNow {
  const t = now.getTime();
  const running = (r: CheckInTarget) => r.startAt.getTime() <= t && t < r.endAt.getTime();
  // Checked in (possibly a few minutes before the start) and not over yet, or running in a room without the rule.
  const inUse = bookings.find((r) => r.status === 'confirmed' && t < r.endAt.getTime()
    && (r.checkedInAt ? r.checkedInAt.getTime() <= t : checkInMinutes === null && running(r)));
  if (inUse) return { state: 'in_use', booking: inUse, next: null };
  const waiting = checkInMinutes === null ? undefined : bookings.find((r) => r.status === 'confirmed' && !r.checkedInAt
    && checkInWindow(r.startAt, checkInMinutes).opens.getTime() <= t && t < r.endAt.getTime());
  if (waiting) return { state: 'waiting', booking: waiting, next: null };
  const released = bookings.find((r) => r.status === 'no_show' && running(r));
  if (released) return { state: 'released', booking: released, next: null };
  const next = bookings.filter((r) => (r.status === 'confirmed' || r.status === 'pending') && r.startAt.getTime() > t)
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())[0] ?? null;
  return { state: 'free', booking: null, next };
}
