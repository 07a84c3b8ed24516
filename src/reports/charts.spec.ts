import { barChart, heatLevels, heatmapChart } from './charts.js';
import { emptyHeatmap } from './heatmap.js';

describe('chart geometry', () => {
  it('draws bars in proportion to a full bar, never wider than it, and a tiny value still visible', () => {
    const chart = barChart([{ label: 'A', value: 0.5, text: '50%' }, { label: 'B', value: 1.4, text: '140%' }, { label: 'C', value: 0.001, text: '0,1%' }, { label: 'D', value: 0, text: '0%' }], 1);
    expect(chart.bars.map((b) => b.width)).toEqual([chart.barWidth / 2, chart.barWidth, 2, 0]);
    expect(chart.bars.map((b) => b.pattern)).toEqual(['solid', 'solid', 'solid', 'solid']);
  });

  it('shows at least 08–17 and stretches to the hours in use; shades in five steps', () => {
    const grid = emptyHeatmap();
    grid[4][22] = 60;
    grid[0][9] = 15;
    const chart = heatmapChart(grid);
    expect(chart.hours[0]).toEqual({ hour: 8, label: '08' });
    expect(chart.hours.at(-1)).toEqual({ hour: 22, label: '22' });
    expect(chart.cells.find((c) => c.weekday === 5 && c.hour === 22)!.level).toBe(4);
    expect(chart.cells.find((c) => c.weekday === 1 && c.hour === 9)!.level).toBe(1);
    expect(chart.cells.find((c) => c.weekday === 1 && c.hour === 10)!.level).toBe(0);
    expect(heatLevels(60)).toEqual([15, 30, 45, 60]);
  });
});
