import { addToHeatmap, emptyHeatmap, peakOf } from './heatmap.js';

describe('weekday × hour heatmap', () => {
  it('spreads a booking across midnight over both local days, in the venue zone whatever the server zone', () => {
    const grid = emptyHeatmap();
    // Friday 7 August 2026 22.30 – Saturday 01.15 WITA (UTC+8).
    addToHeatmap(grid, new Date('2026-08-07T14:30:00Z'), new Date('2026-08-07T17:15:00Z'), 'Asia/Makassar');
    expect(grid[4][22]).toBe(30);
    expect(grid[4][23]).toBe(60);
    expect(grid[5][0]).toBe(60);
    expect(grid[5][1]).toBe(15);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(165);
  });

  it('weights identical spans by their count and finds the busiest hour', () => {
    const grid = emptyHeatmap();
    addToHeatmap(grid, new Date('2026-08-03T02:00:00Z'), new Date('2026-08-03T03:00:00Z'), 'Asia/Jakarta', 3); // Monday 09.00 WIB
    addToHeatmap(grid, new Date('2026-08-03T00:00:00Z'), new Date('2026-08-03T01:00:00Z'), 'Asia/Jayapura'); // Monday 09.00 WIT
    expect(grid[0][9]).toBe(240);
    expect(peakOf(grid)).toEqual({ weekday: 0, hour: 9, minutes: 240 });
    expect(peakOf(emptyHeatmap())).toBeNull();
  });
});
