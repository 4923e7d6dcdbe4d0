import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { XY } from './decimate';
import { setLines, type Line } from './line-chart';

/** The two parts of a chart setLines touches, as plain data (chart.js itself needs a canvas). */
function chartShell() {
  return { data: { datasets: [] as unknown[] }, options: { plugins: { legend: { display: true } } } } as unknown as Chart<'line', XY[]>;
}

const line = (key: string, data: XY[], unlisted = false): Line => ({ key, label: key, color: '#123456', data, unlisted });

describe('setLines', () => {
  it('keeps each line’s dataset object while points stream in, so a line hidden from the legend stays hidden', () => {
    const chart = chartShell();
    setLines(chart, [line('a', [{ x: 1, y: 1 }]), line('b', [])]);
    const [a, b] = chart.data.datasets;
    const list = chart.data.datasets;
    setLines(chart, [line('a', [{ x: 1, y: 1 }, { x: 2, y: 0.5 }]), line('b', [{ x: 1, y: 3 }])]);
    expect(chart.data.datasets).toBe(list);
    expect(chart.data.datasets[0]).toBe(a);
    expect(chart.data.datasets[1]).toBe(b);
    expect(chart.data.datasets[0]!.data).toHaveLength(2);
  });

  it('replaces the list when a line comes or goes, reusing the lines that stay', () => {
    const chart = chartShell();
    setLines(chart, [line('a', []), line('b', [])]);
    const b = chart.data.datasets[1];
    setLines(chart, [line('b', []), line('c', [])]);
    expect(chart.data.datasets.map((d) => (d as unknown as { key: string }).key)).toEqual(['b', 'c']);
    expect(chart.data.datasets[0]).toBe(b);
  });

  it('hides the legend when every line is left out of it (the shared run legend names them)', () => {
    const chart = chartShell();
    setLines(chart, [line('a', [], true)]);
    expect(chart.options.plugins!.legend!.display).toBe(false);
    setLines(chart, [line('a', [], true), line('b', [])]);
    expect(chart.options.plugins!.legend!.display).toBe(true);
  });
});
