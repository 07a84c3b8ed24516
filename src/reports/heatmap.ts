import { luxonZone } from '../common/time.js';

/** Booked minutes per local weekday (index 0 = Monday … 6 = Sunday) and hour (0–23). */
export type Heatmap = number[][];

export const emptyHeatmap = (): Heatmap => Array.from({ length: 7 }, () => Array<number>(24).fill(0));

const HOUR = 3_600_000;

/**
 * Adds `[start, end)` (already clipped to the period) `weight` times to the heatmap in the venue's local time: each
 * local hour it touches gets the minutes spent in it, so a booking across midnight counts on both days.
 */
export function addToHeatmap(heatmap: Heatmap, start: Date, end: Date, zone: string, weight = 1): void {
  const z = luxonZone(zone);
  let at = start.getTime();
  const stop = end.getTime();
  while (at < stop) {
    const offset = z.offset(at) * 60_000;
    const local = at + offset;
    const hourEnd = Math.min(stop, Math.floor(local / HOUR) * HOUR + HOUR - offset);
    const localDate = new Date(local);
    const weekday = (localDate.getUTCDay() + 6) % 7;
    heatmap[weekday][localDate.getUTCHours()] += ((hourEnd - at) / 60_000) * weight;
    at = hourEnd;
  }
}

/** The busiest cell: its weekday index, hour and minutes (null when nothing is booked). */
export function peakOf(heatmap: Heatmap): { weekday: number; hour: number; minutes: number } | null {
  let peak: { weekday: number; hour: number; minutes: number } | null = null;
  heatmap.forEach((hours, weekday) => hours.forEach((minutes, hour) => {
    if (minutes > 0 && (!peak || minutes > peak.minutes)) peak = { weekday, hour, minutes };
  }));
  return peak;
}
