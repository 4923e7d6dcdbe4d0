import { describe, expect, it } from 'vitest';
import { instantiateTemplate } from '../graph/templates';
import { chainDoc } from '../graph/templates';
import { isBetter, metricFor, metricValue, rankTrials } from './ranking';
import { trialOf } from './test-trials';

describe('ranking', () => {
  it('ranks classifiers by dev accuracy and regressions by dev loss', () => {
    expect(metricFor(instantiateTemplate('three-layer')!)).toBe('dev-accuracy');
    expect(metricFor(instantiateTemplate('mnist')!)).toBe('dev-accuracy');
    expect(metricFor(chainDoc([['input', { size: 1 }], ['dense', { units: 1 }], ['linear-output'], ['loss', { fn: 'mse' }]]))).toBe('dev-loss');
  });

  it('reads the metric’s number, null without a dev set or when not finite', () => {
    expect(metricValue('dev-accuracy', { loss: 0.3, accuracy: 0.9 })).toBe(0.9);
    expect(metricValue('dev-loss', { loss: 0.3, accuracy: 0.9 })).toBe(0.3);
    expect(metricValue('dev-loss', null)).toBeNull();
    expect(metricValue('dev-accuracy', { loss: 0.3, accuracy: null })).toBeNull();
    expect(metricValue('dev-loss', { loss: Number.POSITIVE_INFINITY, accuracy: null })).toBeNull();
  });

  it('knows which way is better', () => {
    expect(isBetter('dev-accuracy', 0.9, 0.8)).toBe(true);
    expect(isBetter('dev-loss', 0.9, 0.8)).toBe(false);
    expect(isBetter('dev-loss', 0.5, 0.5)).toBe(false);
  });

  it('puts the best first, ties in index order, and trials without a metric last', () => {
    const trials = [trialOf(0, {}, 0.5), trialOf(1, {}, null), trialOf(2, {}, 0.2), trialOf(3, {}, 0.5), trialOf(4, {}, null), trialOf(5, {}, 0.9)];
    expect(rankTrials('dev-loss', trials).map((t) => t.index)).toEqual([2, 0, 3, 5, 1, 4]);
    expect(rankTrials('dev-accuracy', trials).map((t) => t.index)).toEqual([5, 0, 3, 2, 1, 4]);
    expect(trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
