import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng';
import type { Dataset } from './dataset';
import { generateDataset } from './generators/registry';
import { applyNormalizer, fitNormalizer, normalizeDataset, Normalizer } from './normalize';
import { splitDataset } from './split';

function columnStats(data: Dataset, feature: number) {
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < data.rows; row++) {
    const v = data.x[row * data.features + feature]!;
    sum += v;
    sumSquares += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / data.rows;
  return { mean, std: Math.sqrt(sumSquares / data.rows - mean * mean), min, max };
}

describe('fitNormalizer / applyNormalizer', () => {
  it('z-score by hand: column [1, 3] has mean 2 and (population) std 1; [10, 10] is constant', () => {
    const train = { x: Float32Array.from([1, 10, 3, 10]), rows: 2, features: 2 };
    const normalizer = fitNormalizer('zscore', train);
    // constant column: std guarded to 1, so it maps to 0 rather than NaN
    expect(normalizer).toEqual({ kind: 'zscore', mean: [2, 10], std: [1, 1] });
    expect(Array.from(applyNormalizer(normalizer, train.x, 2))).toEqual([-1, 0, 1, 0]);
    // later rows are scaled with the training statistics: (5 − 2) / 1 = 3, (12 − 10) / 1 = 2
    expect(Array.from(applyNormalizer(normalizer, Float32Array.from([5, 12]), 2))).toEqual([3, 2]);
  });

  it('min-max by hand: column [2, 4, 6] → [0, 0.5, 1]; a constant column gets range 1', () => {
    const train = { x: Float32Array.from([2, 7, 4, 7, 6, 7]), rows: 3, features: 2 };
    const normalizer = fitNormalizer('minmax', train);
    expect(normalizer).toEqual({ kind: 'minmax', min: [2, 7], max: [6, 8] });
    expect(Array.from(applyNormalizer(normalizer, train.x, 2))).toEqual([0, 0, 0.5, 0, 1, 0]);
  });

  it("'none' copies the values unchanged", () => {
    const x = Float32Array.from([1, 2]);
    const out = applyNormalizer(fitNormalizer('none', { x, rows: 1, features: 2 }), x, 2);
    expect(out).toEqual(x);
    expect(out).not.toBe(x);
  });

  it('is fitted on the training set only: train columns get mean 0 and std 1, dev columns do not', () => {
    const data = generateDataset({ kind: 'moons', samples: 1000, noise: 0.1 }, createRng(7));
    const split = splitDataset(data, { train: 0.6, dev: 0.2, test: 0.2 }, createRng(2));
    const normalizer = fitNormalizer('zscore', split.train);
    const train = normalizeDataset(normalizer, split.train);
    const dev = normalizeDataset(normalizer, split.dev!);
    for (const feature of [0, 1]) {
      expect(columnStats(train, feature).mean).toBeCloseTo(0, 5);
      expect(columnStats(train, feature).std).toBeCloseTo(1, 4);
    }
    // The dev rows are scaled with the training statistics, so their own are near but not exactly 0 and 1.
    const devStats = [0, 1].map((feature) => columnStats(dev, feature));
    expect(devStats.some((s) => Math.abs(s.mean) > 1e-3 || Math.abs(s.std - 1) > 1e-3)).toBe(true);
    // Refitting on dev would give different statistics: the normalizer really ignored them.
    expect(fitNormalizer('zscore', split.dev!)).not.toEqual(normalizer);
  });

  it('min-max puts training rows in [0, 1], and dev rows may fall outside', () => {
    const data = generateDataset({ kind: 'blobs', samples: 300, noise: 0.8, classes: 3 }, createRng(3));
    const split = splitDataset(data, { train: 0.5, dev: 0.5, test: 0 }, createRng(3));
    const normalizer = fitNormalizer('minmax', split.train);
    const train = normalizeDataset(normalizer, split.train);
    for (const feature of [0, 1]) {
      const stats = columnStats(train, feature);
      expect(stats.min).toBeCloseTo(0, 6);
      expect(stats.max).toBeCloseTo(1, 6);
    }
    const dev = normalizeDataset(normalizer, split.dev!);
    expect([0, 1].some((feature) => columnStats(dev, feature).min !== 0 || columnStats(dev, feature).max !== 1)).toBe(true);
  });

  it('round-trips through JSON and the schema; refuses zero std and a feature-count mismatch', () => {
    const normalizer = fitNormalizer('zscore', { x: Float32Array.from([1, 2, 3, 5]), rows: 2, features: 2 });
    expect(Normalizer.parse(JSON.parse(JSON.stringify(normalizer)))).toEqual(normalizer);
    const minmax = fitNormalizer('minmax', { x: Float32Array.from([1, 2, 3, 5]), rows: 2, features: 2 });
    expect(Normalizer.parse(JSON.parse(JSON.stringify(minmax)))).toEqual(minmax);
    expect(Normalizer.safeParse({ kind: 'zscore', mean: [0], std: [0] }).success).toBe(false);
    expect(() => applyNormalizer(normalizer, Float32Array.from([1, 2, 3]), 3)).toThrow(/fitted on 2 features/);
  });
});
