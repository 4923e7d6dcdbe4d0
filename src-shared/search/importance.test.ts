import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../api/search-space';
import { createRng } from '../engine/rng';
import { expectClose } from '../engine/testing/tolerance';
import { averageRanks, importance, spearman } from './importance';
import { sampleTrials } from './sampler';
import { trialOf } from './test-trials';

describe('spearman', () => {
  it('matches hand-computed values, ties sharing the average rank', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32])).toBe(1);
    expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBe(-1);
    // ranks of y: 1, 2, 3.5, 5, 3.5 → Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → 8 / √95
    expectClose(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])!, 8 / Math.sqrt(95));
    // x ties too: ranks 1.5, 1.5, 3, 4 against 1, 2, 3, 4 → Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5
    expectClose(spearman([1, 1, 2, 3], [1, 2, 3, 4])!, 4.5 / Math.sqrt(4.5 * 5));
  });

  it('is null with fewer than 3 pairs or no spread', () => {
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('importance', () => {
  const space: SearchSpace = {
    learningRate: { kind: 'log', min: 1e-4, max: 1 },
    hiddenUnits: { kind: 'int', min: 4, max: 64 },
    beta: { kind: 'log1m', min: 0.9, max: 0.999 },
    optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] },
  };

  it('finds the hyperparameter the metric depends on (dev = f(α) + noise)', () => {
    const noise = createRng(2);
    const trials = sampleTrials(space, { strategy: 'random', trials: 80, seed: 8 }).map((params, index) =>
      trialOf(index, params, 0.2 + 0.1 * Math.log10(params.learningRate as number) ** 2 + 0.02 * noise.normal()),
    );
    // On [1e-4, 1], (log10 α)² falls as α grows: the loss falls with α, so Spearman is strongly negative.
    const ranked = importance(space, trials, 'dev-loss');
    expect(ranked[0]!.name).toBe('learningRate');
    expect(ranked[0]!.varianceExplained!).toBeGreaterThan(0.8);
    expect(ranked[0]!.spearman!).toBeLessThan(-0.9);
    for (const other of ranked.slice(1)) {
      expect(other.varianceExplained!, other.name).toBeLessThan(0.3);
      if (other.spearman !== null) expect(Math.abs(other.spearman), other.name).toBeLessThan(0.3);
    }
    expect(ranked.find((r) => r.name === 'optimizer')!.spearman).toBeNull(); // three unordered names
  });

  it('gives nulls without enough scored trials', () => {
    const result = importance(space, [trialOf(0, { learningRate: 0.1, hiddenUnits: 4, beta: 0.9, optimizer: 'gd' }, 0.5), trialOf(1, {}, null)], 'dev-loss');
    expect(result.every((r) => r.spearman === null && r.varianceExplained === null)).toBe(true);
  });
});
