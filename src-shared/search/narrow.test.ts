import { describe, expect, it } from 'vitest';
import type { ParamScale, SearchSpace } from '../api/search-space';
import { expectClose } from '../engine/testing/tolerance';
import { boxOf, narrowAroundTop, narrowToBox } from './narrow';
import { rankTrials } from './ranking';
import { sampleTrials } from './sampler';
import { trialOf } from './test-trials';

const parent: SearchSpace = {
  learningRate: { kind: 'log', min: 1e-4, max: 1 },
  beta: { kind: 'log1m', min: 0.9, max: 0.999 },
  hiddenUnits: { kind: 'int', min: 4, max: 64 },
  keepProb: { kind: 'linear', min: 0.5, max: 1 },
  optimizer: { kind: 'choice', values: ['gd', 'momentum', 'adam'] },
};

type Numeric = Exclude<ParamScale, { kind: 'choice' }>;

/** A search whose dev accuracy peaks at α = 1e-2 and prefers Adam. */
function finishedTrials() {
  return sampleTrials(parent, { strategy: 'random', trials: 60, seed: 5 }).map((params, index) => {
    const distance = Math.abs(Math.log10(params.learningRate as number) + 2);
    return trialOf(index, params, 0.95 - 0.1 * distance - (params.optimizer === 'adam' ? 0 : 0.05));
  });
}

describe('coarse to fine', () => {
  it('boxes a space on each scale’s own axis', () => {
    const box = boxOf(parent);
    expect(box.learningRate).toEqual([-4, 0]);
    expect((box.beta as number[]).map((c) => Number(c.toFixed(9)))).toEqual([-3, -1]);
    expect(box.hiddenUnits).toEqual([4, 64]);
    expect(box.optimizer).toEqual(['gd', 'momentum', 'adam']);
  });

  it('narrows around the best k: the child sits inside the parent and holds the top k', () => {
    const trials = finishedTrials();
    const k = 5;
    const top = rankTrials('dev-accuracy', trials).slice(0, k);
    const child = narrowAroundTop(parent, trials, 'dev-accuracy', k);
    for (const name of ['learningRate', 'beta', 'hiddenUnits', 'keepProb'] as const) {
      const c = child[name] as Numeric;
      const p = parent[name] as Numeric;
      expect(c.kind).toBe(p.kind);
      expect(c.min, name).toBeGreaterThanOrEqual(p.min);
      expect(c.max, name).toBeLessThanOrEqual(p.max);
      for (const trial of top) {
        expect(trial.params[name] as number, name).toBeGreaterThanOrEqual(c.min);
        expect(trial.params[name] as number, name).toBeLessThanOrEqual(c.max);
      }
    }
    // α mattered, so the top k sit close together: the child spans far fewer decades than the parent's four.
    const lr = child.learningRate as Numeric;
    expect(Math.log10(lr.max / lr.min)).toBeLessThan(1.5);
    expect(lr.min).toBeLessThan(1e-2);
    expect(lr.max).toBeGreaterThan(1e-2);
    expect(child.optimizer).toEqual({ kind: 'choice', values: ['gd', 'momentum', 'adam'].filter((v) => top.some((t) => t.params.optimizer === v)) });
    expect(Number.isInteger((child.hiddenUnits as Numeric).min) && Number.isInteger((child.hiddenUnits as Numeric).max)).toBe(true);
  });

  it('pads a single best trial by a share of the parent’s width', () => {
    const trials = [trialOf(0, { learningRate: 1e-2 }, 0.9), trialOf(1, { learningRate: 1e-3 }, 0.5)];
    const child = narrowAroundTop({ learningRate: { kind: 'log', min: 1e-4, max: 1 } }, trials, 'dev-accuracy', 1, 0.1);
    const lr = child.learningRate as Numeric;
    expectClose([Math.log10(lr.min), Math.log10(lr.max)], [-2.4, -1.6], { atol: 1e-9 });
  });

  it('keeps the parent when no trial has a metric', () => {
    expect(narrowAroundTop(parent, [trialOf(0, { learningRate: 0.1 }, null)], 'dev-loss', 3)).toEqual(parent);
  });

  it('narrows to a brushed box, clipped to the parent', () => {
    const child = narrowToBox(parent, { learningRate: [-6, -2], beta: [-2.5, -1.5], hiddenUnits: [10.2, 20.7], optimizer: ['adam', 'rmsprop'], keepProb: [2, 3] });
    const lr = child.learningRate as Numeric;
    expect(lr.min).toBe(1e-4); // the parent's own bound, not 10^log10(1e-4)
    expectClose(lr.max, 1e-2);
    const beta = child.beta as Numeric;
    expectClose([beta.min, beta.max], [1 - 10 ** -1.5, 1 - 10 ** -2.5]);
    expect(child.hiddenUnits).toEqual({ kind: 'int', min: 11, max: 20 });
    expect(child.optimizer).toEqual({ kind: 'choice', values: ['adam'] });
    expect(child.keepProb).toEqual(parent.keepProb); // the box misses it entirely
    expect(narrowToBox(parent, { hiddenUnits: [10.2, 10.4] }).hiddenUnits).toEqual({ kind: 'int', min: 10, max: 10 });
  });
});
