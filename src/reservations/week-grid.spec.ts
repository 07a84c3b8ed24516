import { buildDayColumns, buildWeekGrid, dayPartOf, mondayOf, roomDay, type DayCell } from './week-grid.js';

const ZONE = 'Asia/Jayapura';
const weekly = { 1: [{ opens: '08:00', closes: '12:00' }], 2: [{ opens: '08:00', closes: '12:00' }], 3: [{ opens: '08:00', closes: '12:00' }] };

describe('buildWeekGrid', () => {
  const grid = buildWeekGrid({
    weekStart: '2026-12-07', zone: ZONE, weekly, closures: [{ startDate: '2026-12-09', endDate: '2026-12-09', reason: 'Hari raya' }],
    slotMinutes: 60, minMinutes: 60, horizonDays: 60, now: new Date('2026-12-01T00:00:00Z'),
    free: [{ start: '2026-12-07T08:00:00+09:00', end: '2026-12-07T10:00:00+09:00' }, { start: '2026-12-08T08:00:00+09:00', end: '2026-12-08T12:00:00+09:00' }],
    busy: [{ start: '2026-12-07T10:00:00+09:00', end: '2026-12-07T11:00:00+09:00', kind: 'reserved' },
      { start: '2026-12-07T11:00:00+09:00', end: '2026-12-07T12:00:00+09:00', kind: 'reserved', id: 9, mine: true }],
  });

  it('lays out seven local days and the opening hours in slot rows, in the venue zone', () => {
    expect(grid.days.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(grid.rows.map((r) => r.time)).toEqual(['08:00', '09:00', '10:00', '11:00']);
    expect(grid.rows[0].cells[0]).toEqual({ state: 'free', start: '2026-12-07T08:00:00+09:00', label: '08:00' });
  });

  it('marks taken, own and closed cells, a closure day as closed', () => {
    expect(grid.rows.map((r) => r.cells[0].state)).toEqual(['free', 'free', 'reserved', 'mine']);
    expect(grid.rows[3].cells[0].reservationId).toBe(9);
    expect(grid.rows[0].cells[3].state).toBe('closed');
    expect(grid.rows.map((r) => r.cells[2].state)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  it('gives each day of the strip its free start times and says why a day has none', () => {
    expect(grid.days[0]).toMatchObject({ state: 'open', starts: [{ label: '08:00' }, { label: '09:00' }] });
    expect(grid.days[1].starts.map((s) => s.label)).toEqual(['08:00', '09:00', '10:00', '11:00']);
    expect(grid.days[1].parts.map((p) => [p.part, p.starts.length])).toEqual([['morning', 3], ['midday', 1]]);
    expect(grid.days[2]).toMatchObject({ state: 'closed', closure: { reason: 'Hari raya' }, starts: [] });
    expect(grid.days[3]).toMatchObject({ state: 'closed', starts: [] });
  });

  it('shows the time before now as past, never as taken or free, and an open day without room as full', () => {
    const later = buildWeekGrid({
      weekStart: '2026-12-07', zone: ZONE, weekly, closures: [], slotMinutes: 60, minMinutes: 60, horizonDays: 60,
      now: new Date('2026-12-08T01:30:00Z'), // Tuesday 10.30 WIT
      free: [{ start: '2026-12-08T11:00:00+09:00', end: '2026-12-08T12:00:00+09:00' }],
      busy: [{ start: '2026-12-08T08:00:00+09:00', end: '2026-12-08T11:00:00+09:00', kind: 'reserved' },
        { start: '2026-12-09T08:00:00+09:00', end: '2026-12-09T12:00:00+09:00', kind: 'pending' }],
    });
    expect(later.rows.map((r) => r.cells[1].state)).toEqual(['past', 'past', 'past', 'free']);
    expect(later.days.map((d) => d.state).slice(0, 3)).toEqual(['past', 'open', 'full']);
    expect(later.days[1].isToday).toBe(true);
  });

  it('says a day beyond the booking horizon is not open yet', () => {
    const far = buildWeekGrid({ weekStart: '2026-12-07', zone: ZONE, weekly, closures: [], slotMinutes: 60, minMinutes: 60, horizonDays: 2, now: new Date('2026-12-04T00:00:00Z'), free: [], busy: [] });
    expect(far.days[0].state).toBe('not_yet');
  });

  it('finds the Monday of an ISO week', () => {
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
  });

  it('names parts of the day the Indonesian way', () => {
    expect(['08:00', '11:00', '15:00', '18:30'].map(dayPartOf)).toEqual(['morning', 'midday', 'afternoon', 'evening']);
  });
});

describe('buildDayColumns', () => {
  const at = (time: string) => new Date(`2026-12-07T${time}:00+09:00`);
  const rows = buildDayColumns({
    date: '2026-12-07', zone: ZONE, firstMinute: 8 * 60, lastMinute: 13 * 60, step: 30, roomIds: [1, 2],
    weekly, closures: [], now: new Date('2026-12-07T00:00:00Z'), // 09.00 WIT
    items: [{ roomId: 1, startAt: at('08:30'), endAt: at('10:00'), id: 7 }, { roomId: 2, startAt: at('07:00'), endAt: at('09:00'), id: 8 }],
  });
  const show = (c: DayCell<{ id: number }>) => (c === 'covered' ? c : 'item' in c ? `${c.item.id}x${c.span}` : c.empty);

  it('puts a booking in one cell spanning its local rows, covering the rows below, and says what empty cells are', () => {
    expect(rows.map((r) => r.time)).toEqual(['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30']);
    expect(rows.map((r) => show(r.cells[0]))).toEqual(['past', '7x3', 'covered', 'covered', 'free', 'free', 'free', 'free', 'closed', 'closed']);
  });

  it('starts a booking that began before opening at the first row', () => {
    expect(rows.map((r) => show(r.cells[1])).slice(0, 3)).toEqual(['8x2', 'covered', 'free']);
  });
});

describe('roomDay', () => {
  const at = (time: string) => new Date(`2026-12-08T${time}:00+09:00`);
  it('lists the bookings with the free stretches between them that are long enough', () => {
    const day = roomDay({
      date: '2026-12-08', zone: ZONE, weekly, closures: [], minMinutes: 60, now: new Date('2026-12-01T00:00:00Z'),
      items: [{ startAt: at('09:00'), endAt: at('10:30'), id: 1 }, { startAt: at('11:00'), endAt: at('12:00'), id: 2 }],
    });
    expect(day.state).toBe('open');
    expect(day.segments.map((s) => (s.kind === 'item' ? `#${s.item.id}` : `${s.start.toISOString().slice(11, 16)}-${s.end.toISOString().slice(11, 16)}`)))
      .toEqual(['23:00-00:00', '#1', '#2']);
  });

  it('gives no free time on a closure day and keeps only the future free time today', () => {
    expect(roomDay({ date: '2026-12-08', zone: ZONE, weekly, closures: [{ startDate: '2026-12-08', endDate: '2026-12-08', reason: 'Cuti bersama' }], minMinutes: 60, now: new Date('2026-12-01T00:00:00Z'), items: [] }))
      .toEqual({ state: 'closed', closure: { reason: 'Cuti bersama', kind: undefined }, segments: [] });
    const today = roomDay({ date: '2026-12-08', zone: ZONE, weekly, closures: [], minMinutes: 60, now: new Date('2026-12-08T01:10:00Z'), items: [] });
    expect(today.segments).toEqual([{ kind: 'free', start: at('10:30'), end: at('12:00') }]);
    expect(roomDay({ date: '2026-12-08', zone: ZONE, weekly, closures: [], minMinutes: 60, now: new Date('2026-12-08T03:00:00Z'), items: [] }).state).toBe('past');
  });
});
