import { describe, expect, it } from 'vitest';
import { Babysitter } from './babysitter';

describe('Babysitter', () => {
  it('halves α after `patience` epochs without a better dev loss and rolls back when the run diverges', () => {
    const sitter = new Babysitter({ patience: 2, factor: 0.5, rollbackOnDivergence: true });
    const script: [number | null, boolean][] = [
      [1.0, false],
      [0.8, false],
      [0.85, false], // 1 epoch without improvement
      [0.9, false], // 2: halve α
      [0.95, false], // patience starts over
      [0.7, false], // better again
      [0.75, false],
      [Number.NaN, false], // a NaN dev loss is divergence
      [0.72, false],
      [null, false], // no dev loss: nothing to judge
      [0.8, true],
    ];
    const actions = script.map(([devLoss, diverged], i) => sitter.observe({ epoch: i + 1, devLoss, diverged }));
    expect(actions.map((a) => a.kind)).toEqual(['none', 'none', 'none', 'scale-learning-rate', 'none', 'none', 'none', 'rollback', 'none', 'none', 'rollback']);
    expect(actions[3]).toEqual({ kind: 'scale-learning-rate', factor: 0.5, reason: 'The dev loss has not improved for 2 epochs (best 0.8 at epoch 2): α × 0.5.' });
    expect(actions[7]).toEqual({ kind: 'rollback', factor: 0.5, reason: 'The run diverged at epoch 8: rolling back to the last checkpoint with α × 0.5.' });
  });

  it('leaves a diverged run alone when rollbacks are off', () => {
    const sitter = new Babysitter({ patience: 3, factor: 0.5, rollbackOnDivergence: false });
    expect(sitter.observe({ epoch: 1, devLoss: null, diverged: true })).toEqual({ kind: 'none' });
  });
});
