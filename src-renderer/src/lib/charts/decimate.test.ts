import { describe, expect, it } from 'vitest';
import { createRng } from '@shared/engine/rng';
import { decimateMinMax, type XY } from './decimate';

/** A noisy falling loss with a few spikes, from a seeded RNG. */
function noisyCurve(n: number, seed: number): XY[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({ x: i + 1, y: 2 * Math.exp(-i / 2000) + 0.3 * rng.next() + (i % 997 === 0 ? 5 : 0) }));
}

function bucketOf(p: XY, points: readonly XY[], buckets: number): number {
  const x0 = points[0]!.x;
  const span = points[points.length - 1]!.x - x0;
  return Math.min(buckets - 1, Math.floor(((p.x - x0) / span) * buckets));
}

describe('decimateMinMax', () => {
  it('returns a short series unchanged', () => {
    const points = noisyCurve(40, 1);
    expect(decimateMinMax(points, 10)).toBe(points);
  });

  it('keeps an ordered subset with the first and last point, every extreme, and at most 4 points per bucket', () => {
    const points = noisyCurve(20_000, 7);
    const buckets = 300;
    const kept = decimateMinMax(points, buckets);
    expect(kept.length).toBeLessThanOrEqual(4 * buckets);
    expect(kept.length).toBeGreaterThan(buckets);
    // A subset of the very points, in order.
    const position = new Map(points.map((p, i) => [p, i]));
    const indices = kept.map((p) => position.get(p));
    expect(indices.every((i) => i !== undefined)).toBe(true);
    for (let i = 1; i < indices.length; i++) expect(indices[i]!).toBeGreaterThan(indices[i - 1]!);
    expect(kept[0]).toBe(points[0]);
    expect(kept[kept.length - 1]).toBe(points[points.length - 1]);
    // Per bucket, the kept points reach the same lowest and highest value as all of its points.
    const range = (series: readonly XY[]) => {
      const out = new Map<number, [number, number]>();
      for (const p of series) {
        const b = bucketOf(p, points, buckets);
        const [lo, hi] = out.get(b) ?? [Infinity, -Infinity];
        out.set(b, [Math.min(lo, p.y!), Math.max(hi, p.y!)]);
      }
      return out;
    };
    expect(range(kept)).toEqual(range(points));
    // So the global extremes (the spikes) survive too.
    const ys = (s: readonly XY[]) => s.map((p) => p.y!);
    expect(Math.max(...ys(kept))).toBe(Math.max(...ys(points)));
    expect(Math.min(...ys(kept))).toBe(Math.min(...ys(points)));
  });

  it('keeps one gap marker where the values stop being finite', () => {
    const points: XY[] = noisyCurve(5_000, 3);
    for (let i = 4_000; i < 5_000; i++) points[i] = { x: points[i]!.x, y: null };
    const kept = decimateMinMax(points, 50);
    const gaps = kept.filter((p) => p.y === null);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toBe(points[4_000]);
    // The last finite point before the gap is kept, so the line runs up to it.
    expect(kept).toContain(points[3_999]);
  });
});
