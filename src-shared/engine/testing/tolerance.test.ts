import { describe, expect, it } from 'vitest';
import { expectClose, isClose } from './tolerance';

describe('expectClose', () => {
  it('accepts |actual − expected| ≤ atol + rtol·|expected|', () => {
    expect(() => expectClose(1.0000001, 1, { rtol: 1e-6, atol: 0 })).not.toThrow();
    expect(() => expectClose([1, 2, 3], Float64Array.of(1, 2, 3.000001), { rtol: 1e-6 })).not.toThrow();
    expect(() => expectClose(1e-12, 0, { atol: 1e-9 })).not.toThrow();
    expect(isClose(Number.NaN, Number.NaN)).toBe(true);
    expect(isClose(Infinity, Infinity)).toBe(true);
    expect(isClose(Infinity, -Infinity)).toBe(false);
    expect(isClose(Number.NaN, 0)).toBe(false);
  });

  it('fails with a message naming the worst entries', () => {
    expect(() => expectClose([1, 2, 3, 4], [1, 2.5, 3, 40], { rtol: 1e-3, atol: 0, label: 'dW' })).toThrow(
      /^dW: 2 of 4 entries not close \(rtol 0\.001, atol 0\):\n {2}\[3\] actual 4 vs expected 40: .*\n {2}\[1\] actual 2 vs expected 2\.5/,
    );
    expect(() => expectClose(1.1, 1, { rtol: 0.01 })).toThrow(/^not close \(rtol 0\.01, atol 1e-9\):\n {2}actual 1\.1 vs expected 1: \|diff\| 1\.000e-1 > allowed 1\.000e-2/);
    expect(() => expectClose([1, 2], [1], {})).toThrow('length 2 differs from the expected 1.');
    expect(() => expectClose(1, [1])).toThrow(/cannot compare a number with an array/);
  });
});
