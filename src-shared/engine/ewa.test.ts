import { describe, expect, it } from 'vitest';
import { ExponentialAverage, smoothSeries } from './ewa';
import { expectClose } from './testing/tolerance';

describe('exponentially weighted average', () => {
  it('returns the first value exactly thanks to bias correction', () => {
    for (const beta of [0, 0.5, 0.9, 0.98, 0.999]) {
      const average = new ExponentialAverage(beta);
      // v1 = (1 − β)·x1, v̂1 = v1/(1 − β) = x1
      expect(average.push(0.123456789)).toBe(0.123456789);
    }
  });

  it('matches hand-worked values with and without correction', () => {
    const average = new ExponentialAverage(0.9);
    average.push(10);
    // v2 = 0.9·1 + 0.1·20 = 2.9;  v̂2 = 2.9/(1 − 0.81) = 15.263157894736842
    expectClose(average.push(20), 2.9 / 0.19, { rtol: 1e-15 });
    expectClose(average.uncorrected, 2.9, { rtol: 1e-15 });
    expect(average.steps).toBe(2);
  });

  it('equals v_t/(1 − β^t) at every step of a random series', () => {
    const average = new ExponentialAverage(0.95);
    let seed = 1;
    for (let t = 1; t <= 200; t++) {
      seed = (seed * 48271) % 2147483647;
      average.push(seed / 2147483647);
      expectClose(average.value, average.uncorrected / (1 - 0.95 ** t), { rtol: 1e-12 });
    }
  });

  it('is unbiased for a constant series and forgets the start as t grows', () => {
    expectClose(smoothSeries([5, 5, 5, 5, 5], 0.9), [5, 5, 5, 5, 5], { rtol: 1e-14 });
    const average = new ExponentialAverage(0.5);
    for (let t = 0; t < 60; t++) average.push(t < 30 ? 0 : 1);
    // after 30 ones, the zeros weigh 0.5^30 ≈ 9e−10
    expectClose(average.value, 1, { atol: 1e-8 });
  });

  it('has no value before the first sample and refuses β outside [0, 1)', () => {
    expect(new ExponentialAverage(0.9).value).toBeNaN();
    expect(() => new ExponentialAverage(1)).toThrow(/\[0, 1\)/);
  });
});
