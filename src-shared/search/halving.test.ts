import { describe, expect, it } from 'vitest';
import { rungEpochs, SuccessiveHalving } from './halving';

describe('successive halving', () => {
  it('puts rungs at minEpochs · eta^k below the epochs', () => {
    expect(rungEpochs({ eta: 3, minEpochs: 1 }, 27)).toEqual([1, 3, 9]);
    expect(rungEpochs({ eta: 3, minEpochs: 1 }, 28)).toEqual([1, 3, 9, 27]);
    expect(rungEpochs({ eta: 2, minEpochs: 5 }, 40)).toEqual([5, 10, 20]);
    expect(rungEpochs({ eta: 3, minEpochs: 10 }, 10)).toEqual([]);
  });

  it('prunes the clear losers of a hand-worked example (eta 3, rungs 1, 3, 9), in arrival order', () => {
    const halving = new SuccessiveHalving({ eta: 3, minEpochs: 1 }, 27, 'dev-loss');
    const pruned: number[] = [];
    const report = (trial: number, epoch: number, loss: number) => {
      if (halving.report(trial, epoch, loss) === 'prune') pruned.push(trial);
    };
    // Rung 1: keep the best ⌈n/3⌉ of the n arrived so far (everyone while n < 3).
    report(0, 1, 0.5); // n 1: goes on
    report(1, 1, 0.7); // n 2: goes on
    report(2, 1, 0.6); // n 3, keep 1: 0.5 is better → pruned
    report(3, 1, 0.4); // n 4, keep 2: the best → goes on
    report(4, 1, 0.8); // n 5, keep 2: four better → pruned
    report(5, 1, 0.45); // n 6, keep 2: only 0.4 better → goes on
    expect(halving.report(0, 2, 9)).toBe('continue'); // epoch 2 is no rung
    // Rung 3 among the survivors 0, 1, 3, 5.
    report(0, 3, 0.3);
    report(1, 3, 0.35);
    report(3, 3, 0.2); // n 3, keep 1: the best
    report(5, 3, 0.33); // n 4, keep 2: 0.3 and 0.2 are better → pruned
    // Rung 9.
    report(0, 9, 0.25);
    report(1, 9, 0.3);
    report(3, 9, 0.1); // n 3, keep 1: the best
    expect(pruned).toEqual([2, 4, 5]);
    expect([0, 1, 2, 3, 4, 5, 6].map((t) => halving.rungOf(t))).toEqual([3, 3, 1, 3, 1, 2, 0]);
  });

  it('ranks by accuracy upwards, keeps ties, and puts trials without a metric last', () => {
    const halving = new SuccessiveHalving({ eta: 2, minEpochs: 2 }, 10, 'dev-accuracy');
    expect(halving.report(0, 2, 0.8)).toBe('continue');
    expect(halving.report(1, 2, 0.8)).toBe('continue'); // n 2, keep 1: a tie is not beaten
    expect(halving.report(2, 2, 0.9)).toBe('continue');
    expect(halving.report(3, 2, null)).toBe('prune');
    expect(halving.report(4, 2, 0.7)).toBe('prune'); // n 5, keep 3: three better
  });

  it('prunes nobody when no trial has a metric', () => {
    const halving = new SuccessiveHalving({ eta: 2, minEpochs: 1 }, 8, 'dev-loss');
    expect([0, 1, 2, 3].map((t) => halving.report(t, 1, null))).toEqual(['continue', 'continue', 'continue', 'continue']);
  });
});
