/** How long before its start a booking was cancelled: buckets from latest to earliest, each below `belowSeconds`. */
export const LEAD_BUCKETS = [
  { key: 'after_start', belowSeconds: 0 },
  { key: 'under_24h', belowSeconds: 86_400 },
  { key: 'under_7d', belowSeconds: 7 * 86_400 },
  { key: 'over_7d', belowSeconds: Number.POSITIVE_INFINITY },
] as const;
export type LeadBucket = (typeof LEAD_BUCKETS)[number]['key'];

/** The bucket of a cancellation made `seconds` before the start (negative: after it started). */
export function leadBucket(seconds: number): LeadBucket {
  return LEAD_BUCKETS.find((b) => seconds < b.belowSeconds)!.key;
}

/** The same buckets as a SQL CASE over an expression giving the seconds, so the database counts them in one pass. */
export function leadBucketSql(secondsExpr: string): string {
  const whens = LEAD_BUCKETS.filter((b) => Number.isFinite(b.belowSeconds))
    .map((b) => `WHEN ${secondsExpr} < ${b.belowSeconds} THEN '${b.key}'`).join(' ');
  return `CASE ${whens} ELSE '${LEAD_BUCKETS[LEAD_BUCKETS.length - 1].key}' END`;
}
