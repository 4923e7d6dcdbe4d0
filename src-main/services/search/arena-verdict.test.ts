/** The arena's verdict and each side's curve, on hand-worked numbers. */
import { describe, expect, it } from 'vitest';
import { ComputeCurve } from './arena-curve';
import { judge } from './arena-verdict';

describe('judge', () => {
  it('names the winner, the margin in points of accuracy and the compute at which it got there', () => {
    expect(judge('dev-accuracy', 4000, { bestDev: 0.9, reachedAt: 3000 }, { bestDev: 0.921, reachedAt: 1200 })).toEqual({
      winner: 'caviar',
      verdict: 'caviar by 2.1 points of dev accuracy, reached at 1,200 of 4,000 steps',
    });
  });

  it('for a dev loss, lower wins', () => {
    expect(judge('dev-loss', 500, { bestDev: 0.12, reachedAt: 480 }, { bestDev: 0.2, reachedAt: 100 })).toEqual({
      winner: 'panda',
      verdict: 'panda by 0.080 lower dev loss, reached at 480 of 500 steps',
    });
  });

  it('equal values tie; a side with no finite metric loses; neither is a tie', () => {
    expect(judge('dev-accuracy', 100, { bestDev: 0.95, reachedAt: 50 }, { bestDev: 0.95, reachedAt: 70 }).winner).toBe('tie');
    expect(judge('dev-accuracy', 100, { bestDev: null, reachedAt: 0 }, { bestDev: 0.5, reachedAt: 70 })).toEqual({ winner: 'caviar', verdict: 'caviar: panda reached no finite dev metric; caviar reached 50.0 % dev accuracy at 70 of 100 steps' });
    expect(judge('dev-loss', 100, { bestDev: null, reachedAt: 0 }, { bestDev: null, reachedAt: 0 }).winner).toBe('tie');
  });
});

describe('ComputeCurve', () => {
  it('keeps the best so far against steps, one point per step count, and when the best was first reached', () => {
    const curve = new ComputeCurve('dev-accuracy');
    curve.add(10, { loss: 0.5, accuracy: 0.7 });
    curve.add(20, { loss: 0.4, accuracy: 0.8 });
    curve.add(30, { loss: 0.6, accuracy: 0.75 });
    curve.add(30, null);
    // Another trial's epoch reported late is drawn at the compute spent by then.
    curve.add(25, { loss: 0.3, accuracy: 0.8 });
    expect(curve.points).toEqual([
      { steps: 10, bestDev: 0.7 },
      { steps: 20, bestDev: 0.8 },
      { steps: 30, bestDev: 0.8 },
    ]);
    expect(curve.best).toBe(0.8);
    expect(curve.bestReachedAt).toBe(20);
  });

  it('for a dev loss keeps the lowest; no dev metric yet draws null', () => {
    const curve = new ComputeCurve('dev-loss');
    curve.add(5, null);
    curve.add(10, { loss: 0.5, accuracy: null });
    curve.add(15, { loss: 0.7, accuracy: null });
    expect(curve.points).toEqual([
      { steps: 5, bestDev: null },
      { steps: 10, bestDev: 0.5 },
      { steps: 15, bestDev: 0.5 },
    ]);
  });
});
