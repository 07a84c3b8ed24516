import { assembleReport, type ReportRows } from './report-model.js';
import { reportTables } from './report-tables.js';
import { PAGE_ROWS, reportView } from './report-view.js';

const PERIOD = { preset: 'custom' as const, from: '2026-08-03', to: '2026-08-07', days: 5 };
const WEEKLY = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ opens: '08:00', closes: '16:00' }]]));
const venue = { id: 1, name: 'Kantor Pos Kupang', city: 'Kupang', province: 'Nusa Tenggara Timur', timezone: 'Asia/Makassar', weekly: WEEKLY, closures: [] };
const none: ReportRows = { roomUse: [], heat: [], statuses: [], reasons: [], history: [], eventKinds: [], promotions: [], reach: [], venueCreators: [] };

describe('putting a report together', () => {
  it('gives an inactive room no open time, and breaks reach down only over consenting creators', () => {
    const report = assembleReport(PERIOD, [venue], [
      { id: 10, venueId: 1, name: 'Studio A', kind: 'photo_studio', active: true },
      { id: 11, venueId: 1, name: 'Gudang lama', kind: 'meeting_room', active: false },
    ], {
      ...none,
      roomUse: [{ roomId: 10, bookingMinutes: 240, eventMinutes: 120, pendingMinutes: 60, blockMinutes: 30, bookings: 3 }],
      reach: [
        { consent: true, sector: 'kuliner', scale: 'mikro', province: 'Nusa Tenggara Timur', returning: true, count: 2 },
        { consent: true, sector: null, scale: null, province: null, returning: false, count: 1 },
        { consent: false, sector: 'kriya', scale: 'kecil', province: 'Bali', returning: false, count: 4 },
      ],
    }, new Date('2026-08-10T00:00:00Z'));
    expect(report.rooms.map((r) => [r.name, r.openMinutes, r.bookedMinutes, r.utilisation])).toEqual([['Studio A', 2400, 360, 0.15], ['Gudang lama', 0, 0, 0]]);
    expect(report.reach).toEqual({
      creators: 7, counted: 3, notCounted: 4, firstTime: 5, returning: 2,
      bySector: [{ key: 'kuliner', count: 2 }, { key: 'unknown', count: 1 }],
      byScale: [{ key: 'mikro', count: 2 }, { key: 'unknown', count: 1 }],
      byProvince: [{ key: 'Nusa Tenggara Timur', count: 2 }, { key: 'unknown', count: 1 }],
    });
    expect(report.events.totals.showUpRate).toBeNull();
  });

  it('lists the top rooms of the network on the page, all of them in the downloads', () => {
    const rooms = Array.from({ length: PAGE_ROWS + 5 }, (_, i) => ({ id: i + 1, venueId: 1, name: `Ruang ${i + 1}`, kind: 'co_working', active: true }));
    const report = assembleReport(PERIOD, [venue], rooms, { ...none, roomUse: [{ roomId: 7, bookingMinutes: 60, eventMinutes: 0, pendingMinutes: 0, blockMinutes: 0, bookings: 1 }] }, new Date());
    const table = reportView(report, (key) => key, 'id', true).tables.find((t) => t.key === 'rooms')!;
    expect(table.rows).toHaveLength(PAGE_ROWS);
    expect(table.rows[0][0]).toBe('Ruang 7');
    expect(table.omitted).toBe(5);
    const download = reportTables(report, (key) => key, 'id', true).find((t) => t.key === 'rooms')!;
    expect(download.rows).toHaveLength(PAGE_ROWS + 5);
    expect(download.rows[0].slice(0, 2)).toEqual(['Ruang 7', 'Kantor Pos Kupang']);
    expect(download.omitted).toBeUndefined();
  });
});
