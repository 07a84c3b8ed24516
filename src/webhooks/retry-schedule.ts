/** Waits after the 1st, 2nd … failed attempt: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h (about a day in all). */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

/** Attempts in one schedule: the first try and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failed tries, or null when the schedule is spent (the delivery has failed). */
export function nextAttemptAt(attempts: number, failedAt: Date): Date | null {
  if (attempts < 1 || attempts >= MAX_ATTEMPTS) return null;
  return new Date(failedAt.getTime() + RETRY_DELAYS_MS[attempts - 1]);
}
