import type { Heatmap } from './heatmap.js';

/** Fills of a bar: a solid colour and, so colour is never the only cue, a pattern id and the value written beside it. */
export type BarPattern = 'solid' | 'stripes' | 'dots' | 'cross';
export interface Bar { label: string; value: number; text: string; pattern: BarPattern; y: number; width: number }
export interface BarChart { width: number; height: number; barX: number; barWidth: number; bars: Bar[] }

export const CHART_WIDTH = 340;
const ROW = 42;

/**
 * Horizontal bars, one per item, the label above its bar and the value at its end: narrow enough (340 units) that a
 * phone shows the text at its real size. `max` is the value of a full bar (1 for a ratio).
 */
export function barChart(items: Array<{ label: string; value: number; text: string; pattern?: BarPattern }>, max?: number): BarChart {
  const top = max ?? Math.max(0, ...items.map((i) => i.value));
  const barWidth = CHART_WIDTH - 70;
  return {
    width: CHART_WIDTH, height: Math.max(ROW, items.length * ROW + 4), barX: 0, barWidth,
    bars: items.map((item, i) => ({
      label: item.label, value: item.value, text: item.text, pattern: item.pattern ?? 'solid', y: i * ROW,
      width: top > 0 ? Math.max(item.value > 0 ? 2 : 0, Math.round((Math.min(item.value, top) / top) * barWidth)) : 0,
    })),
  };
}

export interface HeatCell { x: number; y: number; level: number; minutes: number; weekday: number; hour: number; hourLabel: string }
export interface HeatmapChart { width: number; height: number; cell: number; labelWidth: number; hours: Array<{ hour: number; label: string }>; cells: HeatCell[]; levels: number[] }

/** Upper bounds (minutes) of the shade levels 1–4 of a heatmap whose busiest hour has `max` minutes. */
export const heatLevels = (max: number): number[] => (max > 0 ? [0.25, 0.5, 0.75, 1].map((q) => Math.ceil(max * q)) : []);

/**
 * The weekday × hour grid, showing the hours from the earliest to the latest in use (at least 08–17), each cell
 * shaded in one of five lightness steps (0 = unused); the table beside it holds the figures.
 */
export function heatmapChart(heatmap: Heatmap): HeatmapChart {
  const used = Array.from({ length: 24 }, (_, h) => heatmap.some((row) => row[h] > 0));
  const first = Math.min(8, used.indexOf(true) === -1 ? 8 : used.indexOf(true));
  const last = Math.max(17, used.lastIndexOf(true));
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const pad = (h: number) => String(h).padStart(2, '0');
  const labelWidth = 40;
  const cell = Math.floor((CHART_WIDTH - labelWidth) / hours.length);
  const max = Math.max(0, ...heatmap.flat());
  const levels = heatLevels(max);
  const levelOf = (minutes: number) => (minutes <= 0 ? 0 : levels.findIndex((bound) => minutes <= bound) + 1);
  return {
    width: labelWidth + cell * hours.length, height: 20 + cell * 7, cell, labelWidth, levels,
    hours: hours.map((hour) => ({ hour, label: pad(hour) })),
    cells: heatmap.flatMap((row, weekday) => hours.map((hour, i) => ({
      x: labelWidth + i * cell, y: 20 + weekday * cell, level: levelOf(row[hour]), minutes: Math.round(row[hour]), weekday: weekday + 1, hour, hourLabel: pad(hour),
    }))),
  };
}
