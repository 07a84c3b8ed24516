import { emptyHeatmap, peakOf } from './heatmap.js';

describe('weekday × hour heatmap', () => {
  it('finds the busiest hour, and none in an empty grid', () => {
    const grid = emptyHeatmap();
    grid[0][9] = 240;
    grid[4][22] = 30;
    expect(peakOf(grid)).toEqual({ weekday: 0, hour: 9, minutes: 240 });
    expect(peakOf(emptyHeatmap())).toBeNull();
  });
});
