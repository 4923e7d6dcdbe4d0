import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './search-sparkline';

describe('sparklinePoints', () => {
  it('averages a long curve down to the points asked, spanning 0–1 on both axes', () => {
    const losses = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    const points = sparklinePoints(losses, 100);
    expect(points).toHaveLength(100);
    expect(points[0]!.y).toBe(1);
    expect(points.at(-1)!.y).toBe(0);
    expect(points[0]!.x).toBeCloseTo(4.5 / 999);
    for (let i = 1; i < points.length; i++) expect(points[i]!.x).toBeGreaterThan(points[i - 1]!.x);
  });

  it('skips losses that are not finite and draws nothing for an empty curve', () => {
    expect(sparklinePoints([], 10)).toEqual([]);
    expect(sparklinePoints([null, null], 10)).toEqual([]);
    expect(sparklinePoints([2, null, 1], 10).map((p) => p.y)).toEqual([1, 0]);
  });
});
