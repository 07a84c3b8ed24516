/** Waits after the 1st, 2nd … failed attempt: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h (about a day in all). */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000] as const;

/** Attempts in one schedule: the first try and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** A test delivery (`webhook.test`) tries three times within about 20 s, and its failure never switches the endpoint off. */
export const TEST_RETRY_DELAYS_MS = [5_000, 15_000] as const;
export const TEST_MAX_ATTEMPTS = TEST_RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failed tries, or null when the schedule is spent (the delivery has failed). */
export function nextAttemptAt(attempts: number, failedAt: Date, delays: readonly number[] = RETRY_DELAYS_MS): Date | null {
  if (attempts < 1 || attempts > delays.length) return null;
  return new Date(failedAt.getTime() + delays[attempts - 1]);
}
