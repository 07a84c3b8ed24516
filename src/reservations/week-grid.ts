import { DateTime } from 'luxon';
import { luxonZone } from '../common/time.js';
import { minutesOf, type WeeklyHours } from '../venues/opening-hours.js';

export type CellState = 'free' | 'reserved' | 'pending' | 'blocked' | 'mine' | 'unavailable' | 'closed';
export interface GridCell { state: CellState; start: string; label: string; reservationId?: number }
export interface GridRow { time: string; cells: GridCell[] }
export interface GridDay { date: string; weekday: number }
export interface BusyView { start: string; end: string; kind: string; id?: number; mine?: boolean }

/**
 * The room's week as rows of slot-sized cells in the venue's local time. A cell is `free` (a link to book) when a
 * booking of the minimum length can start there inside a free interval; otherwise it shows what holds it.
 */
export function buildWeekGrid(input: {
  weekStart: string; zone: string; weekly: WeeklyHours; slotMinutes: number; minMinutes: number;
  free: Array<{ start: string; end: string }>; busy: BusyView[];
}): { days: GridDay[]; rows: GridRow[] } {
  const zone = luxonZone(input.zone);
  const monday = DateTime.fromISO(input.weekStart, { zone });
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i })).map((d) => ({ date: d.toISODate()!, weekday: d.weekday }));
  const ranges = Object.values(input.weekly).flat();
  if (!ranges.length) return { days, rows: [] };
  const first = Math.min(...ranges.map((r) => minutesOf(r.opens)));
  const last = Math.max(...ranges.map((r) => minutesOf(r.closes)));
  const free = input.free.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) }));
  const busy = input.busy.map((b) => ({ ...b, from: Date.parse(b.start), to: Date.parse(b.end) }));
  const rows: GridRow[] = [];
  for (let m = first; m < last; m += input.slotMinutes) {
    const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const cells = days.map((day): GridCell => {
      const at = DateTime.fromISO(day.date, { zone }).plus({ minutes: m });
      const t = at.toMillis();
      const start = at.toISO({ suppressMilliseconds: true })!;
      const open = (input.weekly[day.weekday] ?? []).some((r) => minutesOf(r.opens) <= m && m < minutesOf(r.closes));
      const holder = busy.find((b) => b.from <= t && t < b.to);
      if (holder) {
        const state: CellState = holder.mine ? 'mine' : holder.kind === 'blocked' ? 'blocked' : holder.kind === 'pending' ? 'pending' : 'reserved';
        return { state, start, label: time, reservationId: holder.mine ? holder.id : undefined };
      }
      if (free.some((f) => f.start <= t && t + input.minMinutes * 60_000 <= f.end)) return { state: 'free', start, label: time };
      return { state: open ? 'unavailable' : 'closed', start, label: time };
    });
    rows.push({ time, cells });
  }
  return { days, rows };
}

/** The Monday (local date) of the week containing `date`. */
export function mondayOf(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate()!;
}

export type DayCell<T> = { item: T; span: number } | 'covered' | null;

/**
 * The managers' day grid: one row per `step` minutes of the local `date` from `firstMinute` to `lastMinute`, one
 * column per room. A booking fills one cell spanning its rows (`span`); the rows below it are `covered`.
 */
export function buildDayColumns<T extends { roomId: number; startAt: Date; endAt: Date }>(input: {
  date: string; zone: string; firstMinute: number; lastMinute: number; step: number; roomIds: number[]; items: T[];
}): Array<{ time: string; cells: Array<DayCell<T>> }> {
  const midnight = DateTime.fromISO(input.date, { zone: luxonZone(input.zone) });
  const starts: number[] = [];
  for (let m = input.firstMinute; m < input.lastMinute; m += input.step) starts.push(m);
  const at = (m: number) => midnight.plus({ minutes: m }).toMillis();
  const columns = input.roomIds.map((roomId) => {
    const cells: Array<DayCell<T>> = starts.map(() => null);
    starts.forEach((m, index) => {
      if (cells[index] !== null) return;
      const from = at(m);
      const to = at(m + input.step);
      const item = input.items.find((r) => r.roomId === roomId && r.startAt.getTime() < to && r.endAt.getTime() > from);
      if (!item) return;
      let span = 1;
      while (index + span < starts.length && item.endAt.getTime() > at(starts[index + span])) cells[index + span++] = 'covered';
      cells[index] = { item, span };
    });
    return cells;
  });
  return starts.map((m, index) => ({
    time: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
    cells: columns.map((column) => column[index]),
  }));
}
