import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../api/search-space';
import { previewDraws, sampleTrials } from './sampler';

const draws = 10_000;

/** Share of values in each [edges[i], edges[i+1]) interval. */
function shares(values: readonly number[], edges: readonly number[]): number[] {
  return edges.slice(0, -1).map((lo, i) => values.filter((v) => v >= lo && v < edges[i + 1]!).length / values.length);
}

describe('random sampling', () => {
  it('spreads a log scale evenly over its decades (≈ 25 % ± 2 % each of four)', () => {
    const values = previewDraws({ kind: 'log', min: 1e-4, max: 1 }, draws, 7) as number[];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    for (const share of shares(values, [1e-4, 1e-3, 1e-2, 1e-1, 1.0000001])) expect(Math.abs(share - 0.25)).toBeLessThan(0.02);
  });

  it('draws β on a log scale of 1 − β: half in 0.9–0.99, half in 0.99–0.999', () => {
    const values = previewDraws({ kind: 'log1m', min: 0.9, max: 0.999 }, draws, 3) as number[];
    const [low, high] = shares(values, [0.9, 0.99, 0.9990000001]);
    expect(Math.abs(low! - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(high! - 0.5)).toBeLessThan(0.02);
  });

  it('draws whole numbers uniformly, or spread over the decades with int-log', () => {
    const uniform = previewDraws({ kind: 'int', min: 1, max: 4 }, draws, 5) as number[];
    expect(uniform.every(Number.isInteger)).toBe(true);
    for (const share of shares(uniform, [1, 2, 3, 4, 5])) expect(Math.abs(share - 0.25)).toBeLessThan(0.02);
    const spread = previewDraws({ kind: 'int', min: 1, max: 999, log: true }, draws, 5) as number[];
    expect(spread.every((v) => Number.isInteger(v) && v >= 1 && v <= 999)).toBe(true);
    for (const share of shares(spread, [1, 10, 100, 1000])) expect(Math.abs(share - 1 / 3)).toBeLessThan(0.02);
  });

  it('gives each choice about the same share', () => {
    const values = previewDraws({ kind: 'choice', values: ['gd', 'momentum', 'adam'] }, draws, 11);
    for (const kind of ['gd', 'momentum', 'adam']) expect(Math.abs(values.filter((v) => v === kind).length / draws - 1 / 3)).toBeLessThan(0.02);
  });

  const space: SearchSpace = {
    learningRate: { kind: 'log', min: 1e-4, max: 1e-1 },
    beta: { kind: 'log1m', min: 0.9, max: 0.999 },
    hiddenUnits: { kind: 'int', min: 4, max: 64 },
    optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] },
  };

  it('gives the same trials for the same seed and others for another', () => {
    const a = sampleTrials(space, { strategy: 'random', trials: 20, seed: 1 });
    expect(a).toHaveLength(20);
    expect(sampleTrials(space, { strategy: 'random', trials: 20, seed: 1 })).toEqual(a);
    const b = sampleTrials(space, { strategy: 'random', trials: 20, seed: 2 });
    expect(b.map((t) => t.learningRate)).not.toEqual(a.map((t) => t.learningRate));
    expect(Object.keys(a[0]!).sort()).toEqual(['beta', 'hiddenUnits', 'learningRate', 'optimizer']);
  });

  it('keeps one hyperparameter’s draws when another joins the space', () => {
    const alone = sampleTrials({ learningRate: space.learningRate! }, { strategy: 'random', trials: 10, seed: 4 });
    const together = sampleTrials(space, { strategy: 'random', trials: 10, seed: 4 });
    expect(together.map((t) => t.learningRate)).toEqual(alone.map((t) => t.learningRate));
  });
});

describe('grid sampling', () => {
  it('covers a 3 × 3 lattice with 9 trials', () => {
    const trials = sampleTrials({ learningRate: { kind: 'log', min: 1e-3, max: 1e-1 }, keepProb: { kind: 'linear', min: 0.5, max: 1 } }, { strategy: 'grid', trials: 9, seed: 1 });
    expect(trials).toHaveLength(9);
    const rates = [...new Set(trials.map((t) => (t.learningRate as number).toPrecision(6)))].sort();
    const keeps = [...new Set(trials.map((t) => t.keepProb))].sort();
    expect(rates).toEqual(['0.00100000', '0.0100000', '0.100000']);
    expect(keeps).toEqual([0.5, 0.75, 1]);
    expect(new Set(trials.map((t) => `${t.learningRate}/${t.keepProb}`)).size).toBe(9);
  });

  it('shows every lattice value, and spreads fewer trials over every axis', () => {
    const space: SearchSpace = { optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] }, hiddenUnits: { kind: 'int', min: 1, max: 3 }, batchNorm: { kind: 'choice', values: [true, false] } };
    const all = sampleTrials(space, { strategy: 'grid', trials: 18, seed: 1 });
    expect(new Set(all.map((t) => JSON.stringify(t))).size).toBe(18);
    for (const value of [1, 2, 3]) expect(all.filter((t) => t.hiddenUnits === value)).toHaveLength(6);
    // 9 trials: a 3 × 2 × 2 lattice (units 1 and 3), 9 of its 12 points, each axis's values within one use of each other.
    const few = sampleTrials(space, { strategy: 'grid', trials: 9, seed: 1 });
    expect(new Set(few.map((t) => JSON.stringify(t))).size).toBe(9);
    const counts = (name: 'optimizer' | 'hiddenUnits' | 'batchNorm', values: readonly unknown[]) => values.map((value) => few.filter((t) => t[name] === value).length);
    expect(counts('optimizer', ['gd', 'momentum', 'adam'])).toEqual([3, 3, 3]);
    for (const spread of [counts('hiddenUnits', [1, 3]), counts('batchNorm', [true, false])]) {
      expect(spread.reduce((a, b) => a + b)).toBe(9);
      expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
    }
  });

  it('holds only the lattice’s points when the choices offer fewer than the trials', () => {
    expect(sampleTrials({ optimizer: { kind: 'choice', values: ['gd', 'adam'] } }, { strategy: 'grid', trials: 5, seed: 1 })).toEqual([{ optimizer: 'gd' }, { optimizer: 'adam' }]);
  });

  it('is the same for the same seed', () => {
    const space: SearchSpace = { learningRate: { kind: 'log', min: 1e-4, max: 1 }, l2: { kind: 'log', min: 1e-5, max: 1e-1 }, beta: { kind: 'log1m', min: 0.9, max: 0.999 } };
    expect(sampleTrials(space, { strategy: 'grid', trials: 10, seed: 3 })).toEqual(sampleTrials(space, { strategy: 'grid', trials: 10, seed: 3 }));
  });
});
