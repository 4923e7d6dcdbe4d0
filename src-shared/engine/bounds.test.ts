import { describe, expect, it } from 'vitest';
import { boundedNumber, bounds, describeRange, inRange } from './bounds';

describe('bounds', () => {
  it('include or exclude each end as declared', () => {
    expect([0, 0.5, 0.999, 1].map((v) => inRange(bounds.beta, v))).toEqual([true, true, true, false]);
    expect([0, 1e-8, 1, 1.1].map((v) => inRange(bounds.epsilon, v))).toEqual([false, true, true, false]);
    expect([0, 1, 4096, 4097, 2.5].map((v) => inRange(bounds.units, v))).toEqual([false, true, true, false, false]);
  });

  it('say the range in words and in the field’s own messages', () => {
    expect(describeRange(bounds.beta)).toBe('a number from 0 up to (not including) 1');
    expect(describeRange(bounds.epsilon)).toBe('a number in (0, 1]');
    expect(describeRange(bounds.units)).toBe('a whole number from 1 to 4096');
    expect(boundedNumber('momentum', bounds.batchNormMomentum).safeParse(1).error?.issues[0]?.message).toBe('momentum must be below 1');
    expect(boundedNumber('units', bounds.units).safeParse(0.5).error?.issues[0]?.message).toBe('units must be a whole number');
  });

});
