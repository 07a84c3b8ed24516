import { buildDayColumns, buildWeekGrid, mondayOf } from './week-grid.js';

const ZONE = 'Asia/Jayapura';
const weekly = { 1: [{ opens: '08:00', closes: '12:00' }], 2: [{ opens: '08:00', closes: '12:00' }] };

describe('buildWeekGrid', () => {
  const grid = buildWeekGrid({
    weekStart: '2026-12-07', zone: ZONE, weekly, slotMinutes: 60, minMinutes: 60,
    free: [{ start: '2026-12-07T08:00:00+09:00', end: '2026-12-07T10:00:00+09:00' }, { start: '2026-12-08T08:00:00+09:00', end: '2026-12-08T12:00:00+09:00' }],
    busy: [{ start: '2026-12-07T10:00:00+09:00', end: '2026-12-07T11:00:00+09:00', kind: 'reserved' },
      { start: '2026-12-07T11:00:00+09:00', end: '2026-12-07T12:00:00+09:00', kind: 'reserved', id: 9, mine: true }],
  });

  it('lays out seven local days and the opening hours in slot rows, in the venue zone', () => {
    expect(grid.days.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(grid.rows.map((r) => r.time)).toEqual(['08:00', '09:00', '10:00', '11:00']);
    expect(grid.rows[0].cells[0]).toEqual({ state: 'free', start: '2026-12-07T08:00:00+09:00', label: '08:00' });
  });

  it('marks taken, own and closed cells', () => {
    expect(grid.rows.map((r) => r.cells[0].state)).toEqual(['free', 'free', 'reserved', 'mine']);
    expect(grid.rows[3].cells[0].reservationId).toBe(9);
    expect(grid.rows[0].cells[2].state).toBe('closed');
  });

  it('finds the Monday of a week', () => {
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
  });
});

describe('buildDayColumns', () => {
  const at = (time: string) => new Date(`2026-12-07T${time}:00+09:00`);
  const rows = buildDayColumns({
    date: '2026-12-07', zone: ZONE, firstMinute: 8 * 60, lastMinute: 11 * 60, step: 30, roomIds: [1, 2],
    items: [{ roomId: 1, startAt: at('08:30'), endAt: at('10:00'), id: 7 }, { roomId: 2, startAt: at('07:00'), endAt: at('09:00'), id: 8 }],
  });

  it('puts a booking in one cell spanning its local rows, covering the rows below', () => {
    expect(rows.map((r) => r.time)).toEqual(['08:00', '08:30', '09:00', '09:30', '10:00', '10:30']);
    expect(rows.map((r) => (typeof r.cells[0] === 'object' && r.cells[0] ? `${r.cells[0].item.id}x${r.cells[0].span}` : r.cells[0])))
      .toEqual([null, '7x3', 'covered', 'covered', null, null]);
  });

  it('starts a booking that began before opening at the first row', () => {
    expect(rows.map((r) => (typeof r.cells[1] === 'object' && r.cells[1] ? `${r.cells[1].item.id}x${r.cells[1].span}` : r.cells[1])))
      .toEqual(['8x2', 'covered', null, null, null, null]);
  });
});
