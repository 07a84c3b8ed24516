/** Booked minutes per local weekday (index 0 = Monday … 6 = Sunday) and hour (0–23). */
export type Heatmap = number[][];

export const emptyHeatmap = (): Heatmap => Array.from({ length: 7 }, () => Array<number>(24).fill(0));

/** The busiest cell: its weekday index, hour and minutes (null when nothing is booked). */
export function peakOf(heatmap: Heatmap): { weekday: number; hour: number; minutes: number } | null {
  let peak: { weekday: number; hour: number; minutes: number } | null = null;
  heatmap.forEach((hours, weekday) => hours.forEach((minutes, hour) => {
    if (minutes > 0 && (!peak || minutes > peak.minutes)) peak = { weekday, hour, minutes };
  }));
  return peak;
}
