import { buildWeekGrid, mondayOf } from './week-grid.js';

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
