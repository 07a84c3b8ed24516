import { DateTime } from 'luxon';
import { luxonZone } from '../common/time.js';
import { closureOn, minutesOf, type ClosureRange, type WeeklyHours } from '../venues/opening-hours.js';

/**
 * What a cell of the room's week shows. `closed`: outside the opening hours or on a closure day; `past`: the time
 * has gone; `unavailable`: open, but no booking of the minimum length fits there (a buffer, a short gap, beyond
 * the booking horizon).
 */
export type CellState = 'free' | 'reserved' | 'pending' | 'blocked' | 'mine' | 'unavailable' | 'closed' | 'past';
export interface GridCell { state: CellState; start: string; label: string; reservationId?: number }
export interface GridRow { time: string; cells: GridCell[] }
/** A day of the strip: `open` has free start times; `full`, `closed`, `past` and `not_yet` (beyond the horizon) have none. */
export type DayState = 'open' | 'full' | 'closed' | 'past' | 'not_yet';
export type DayPart = 'morning' | 'midday' | 'afternoon' | 'evening';
export interface FreeStart { start: string; label: string }
export interface GridDay {
  date: string; weekday: number; isToday: boolean; state: DayState; closure: { reason: string; kind?: string } | null;
  starts: FreeStart[]; parts: Array<{ part: DayPart; starts: FreeStart[] }>;
}
export interface BusyView { start: string; end: string; kind: string; id?: number; mine?: boolean }

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Morning until 11.00, midday until 15.00, afternoon until 18.00, then evening (pagi, siang, sore, malam). */
export function dayPartOf(time: string): DayPart {
  const m = minutesOf(time);
  return m < 11 * 60 ? 'morning' : m < 15 * 60 ? 'midday' : m < 18 * 60 ? 'afternoon' : 'evening';
}

/**
 * The room's week as rows of slot-sized cells in the venue's local time, and the seven days with their free start
 * times (the phone's day strip and time buttons read the same cells as the wide grid). A cell is `free` when a
 * booking of the minimum length can start there inside a free interval; otherwise it says why not.
 */
export function buildWeekGrid(input: {
  weekStart: string; zone: string; weekly: WeeklyHours; closures: Array<ClosureRange & { kind?: string }>; slotMinutes: number; minMinutes: number;
  horizonDays: number; free: Array<{ start: string; end: string }>; busy: BusyView[]; now: Date;
}): { days: GridDay[]; rows: GridRow[] } {
  const zone = luxonZone(input.zone);
  const monday = DateTime.fromISO(input.weekStart, { zone });
  const today = DateTime.fromJSDate(input.now, { zone }).toISODate()!;
  const lastBookable = DateTime.fromISO(today, { zone }).plus({ days: input.horizonDays }).toISODate()!;
  const now = input.now.getTime();
  const dates = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
  const ranges = Object.values(input.weekly).flat();
  const first = ranges.length ? Math.min(...ranges.map((r) => minutesOf(r.opens))) : 0;
  const last = ranges.length ? Math.max(...ranges.map((r) => minutesOf(r.closes))) : 0;
  const free = input.free.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) }));
  const busy = input.busy.map((b) => ({ ...b, from: Date.parse(b.start), to: Date.parse(b.end) }));
  const rows: GridRow[] = [];
  for (let m = first; m < last; m += input.slotMinutes) {
    const time = hhmm(m);
    const cells = dates.map((day): GridCell => {
      const at = day.plus({ minutes: m });
      const t = at.toMillis();
      const start = at.toISO({ suppressMilliseconds: true })!;
      const date = day.toISODate()!;
      if (t < now) return { state: 'past', start, label: time };
      const open = !closureOn(date, input.closures) && (input.weekly[day.weekday] ?? []).some((r) => minutesOf(r.opens) <= m && m < minutesOf(r.closes));
      if (!open) return { state: 'closed', start, label: time };
      const holder = busy.find((b) => b.from <= t && t < b.to);
      if (holder) {
        const state: CellState = holder.mine ? 'mine' : holder.kind === 'blocked' ? 'blocked' : holder.kind === 'pending' ? 'pending' : 'reserved';
        return { state, start, label: time, reservationId: holder.mine ? holder.id : undefined };
      }
      if (free.some((f) => f.start <= t && t + input.minMinutes * 60_000 <= f.end)) return { state: 'free', start, label: time };
      return { state: 'unavailable', start, label: time };
    });
    rows.push({ time, cells });
  }
  const days = dates.map((day, i): GridDay => {
    const date = day.toISODate()!;
    const closure = closureOn(date, input.closures);
    const starts = rows.map((r) => r.cells[i]).filter((c) => c.state === 'free').map((c) => ({ start: c.start, label: c.label }));
    const column = rows.map((r) => r.cells[i]);
    const over = date === today && column.every((c) => c.state === 'past' || c.state === 'closed');
    const state: DayState = date < today ? 'past' : closure || !(input.weekly[day.weekday] ?? []).length ? 'closed'
      : starts.length ? 'open' : over ? 'past' : date > lastBookable ? 'not_yet' : 'full';
    const parts = (['morning', 'midday', 'afternoon', 'evening'] as const)
      .map((part) => ({ part, starts: starts.filter((s) => dayPartOf(s.label) === part) })).filter((p) => p.starts.length);
    return { date, weekday: day.weekday, isToday: date === today, state, closure: closure ? { reason: closure.reason, kind: closure.kind } : null, starts, parts };
  });
  return { days, rows };
}

/** The Monday (local date) of the ISO week containing `date`. */
export function mondayOf(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate()!;
}

/** An empty cell of the managers' grids: free to book, closed (outside hours or a closure day) or past. */
export type EmptyState = 'free' | 'closed' | 'past';
export type DayCell<T> = { item: T; span: number } | 'covered' | { empty: EmptyState };

/**
 * The managers' day grid: one row per `step` minutes of the local `date` from `firstMinute` to `lastMinute`, one
 * column per room. A booking fills one cell spanning its rows (`span`); the rows below it are `covered`; an empty
 * cell says whether the time is free, closed or past.
 */
export function buildDayColumns<T extends { roomId: number; startAt: Date; endAt: Date }>(input: {
  date: string; zone: string; firstMinute: number; lastMinute: number; step: number; roomIds: number[]; items: T[];
  weekly: WeeklyHours; closures: ClosureRange[]; now: Date;
}): Array<{ time: string; cells: Array<DayCell<T>> }> {
  const midnight = DateTime.fromISO(input.date, { zone: luxonZone(input.zone) });
  const starts: number[] = [];
  for (let m = input.firstMinute; m < input.lastMinute; m += input.step) starts.push(m);
  const at = (m: number) => midnight.plus({ minutes: m }).toMillis();
  const closedDay = Boolean(closureOn(input.date, input.closures));
  const dayRanges = input.weekly[midnight.weekday] ?? [];
  const emptyAt = (m: number): EmptyState => at(m + input.step) <= input.now.getTime() ? 'past'
    : !closedDay && dayRanges.some((r) => minutesOf(r.opens) <= m && m < minutesOf(r.closes)) ? 'free' : 'closed';
  const columns = input.roomIds.map((roomId) => {
    const cells: Array<DayCell<T> | null> = starts.map(() => null);
    starts.forEach((m, index) => {
      if (cells[index] !== null) return;
      const from = at(m);
      const to = at(m + input.step);
      const item = input.items.find((r) => r.roomId === roomId && r.startAt.getTime() < to && r.endAt.getTime() > from);
      if (!item) {
        cells[index] = { empty: emptyAt(m) };
        return;
      }
      let span = 1;
      while (index + span < starts.length && item.endAt.getTime() > at(starts[index + span])) cells[index + span++] = 'covered';
      cells[index] = { item, span };
    });
    return cells as Array<DayCell<T>>;
  });
  return starts.map((m, index) => ({ time: hhmm(m), cells: columns.map((column) => column[index]) }));
}

export type Segment<T> = { kind: 'item'; item: T; past: boolean } | { kind: 'free'; start: Date; end: Date };
export interface RoomDay<T> { state: 'open' | 'closed' | 'past'; closure: { reason: string; kind?: string } | null; segments: Array<Segment<T>> }

/**
 * One room's local day for the managers' week and phone views: its bookings in time order with the free stretches
 * between them (future ones of at least `minMinutes`), or why the room is closed that day.
 */
export function roomDay<T extends { startAt: Date; endAt: Date }>(input: {
  date: string; zone: string; weekly: WeeklyHours; closures: Array<ClosureRange & { kind?: string }>; items: T[]; minMinutes: number; now: Date;
}): RoomDay<T> {
  const zone = luxonZone(input.zone);
  const midnight = DateTime.fromISO(input.date, { zone });
  const closure = closureOn(input.date, input.closures);
  const now = input.now.getTime();
  const items = [...input.items].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  const itemSegments = items.map((item): Segment<T> => ({ kind: 'item', item, past: item.endAt.getTime() <= now }));
  const ranges = closure ? [] : input.weekly[midnight.weekday] ?? [];
  if (!ranges.length) return { state: 'closed', closure: closure ? { reason: closure.reason, kind: closure.kind } : null, segments: itemSegments };
  const lastClose = midnight.plus({ minutes: Math.max(...ranges.map((r) => minutesOf(r.closes))) }).toMillis();
  if (lastClose <= now) return { state: 'past', closure: null, segments: itemSegments };
  const gaps: Array<Segment<T>> = [];
  for (const range of ranges) {
    // Free time starts no earlier than now, on the half hour.
    let cursor = Math.max(midnight.plus({ minutes: minutesOf(range.opens) }).toMillis(), Math.ceil(now / 1_800_000) * 1_800_000);
    const close = midnight.plus({ minutes: minutesOf(range.closes) }).toMillis();
    for (const item of items) {
      const s = item.startAt.getTime();
      const e = item.endAt.getTime();
      if (e <= cursor || s >= close) continue;
      if (s - cursor >= input.minMinutes * 60_000) gaps.push({ kind: 'free', start: new Date(cursor), end: new Date(s) });
      cursor = Math.max(cursor, e);
    }
    if (close - cursor >= input.minMinutes * 60_000) gaps.push({ kind: 'free', start: new Date(cursor), end: new Date(close) });
  }
  const startOf = (s: Segment<T>) => (s.kind === 'item' ? s.item.startAt : s.start).getTime();
  return { state: 'open', closure: null, segments: [...itemSegments, ...gaps].sort((a, b) => startOf(a) - startOf(b)) };
}
