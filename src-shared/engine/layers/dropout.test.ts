import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { gradientCheckLayer } from '../testing/layer-gradcheck';
import { expectClose } from '../testing/tolerance';
import { GRADIENT_CHECK, INFERENCE, TRAINING, type ForwardMode } from '../types';
import { DropoutLayer } from './dropout';

const REUSE: ForwardMode = { training: true, updateRunningStats: false, dropout: 'reuse' };

describe('inverted dropout', () => {
  it('keeps ≈ keepProb of the units and preserves the expected value', () => {
    const keepProb = 0.8;
    const n = 200_000;
    const layer = new DropoutLayer<Float64Array>('dropout1', n, keepProb, createRng(1), 'float64');
    const x = new Float64Array(n).fill(3);
    const y = layer.forward(x, 1, TRAINING);
    let kept = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0) kept += 1;
      sum += y[i]!;
    }
    // kept ~ Binomial(n, 0.8): SE of the fraction √(0.8·0.2/n) ≈ 0.00089; allow 5 SE
    expectClose(kept / n, keepProb, { atol: 5 * Math.sqrt((keepProb * (1 - keepProb)) / n), rtol: 0 });
    // kept units are scaled by 1/keepProb, so E[y] = x = 3
    expectClose(sum / n, 3, { rtol: 0.005 });
    for (let i = 0; i < 100; i++) expect([0, 3 / keepProb]).toContain(y[i]);
  });

  it('forward values equal x·[u < keepProb]/keepProb with u drawn from the same seeded stream', () => {
    const keepProb = 0.6;
    const x = Float64Array.from({ length: 3 * 5 }, (_, i) => i - 7.5);
    const y = new DropoutLayer<Float64Array>('dropout1', 5, keepProb, createRng(13), 'float64').forward(x, 3, TRAINING);
    // one uniform draw per unit, in row-major order, from an identically seeded stream
    const u = createRng(13);
    const expected = Array.from(x, (v) => (u.next() < keepProb ? v / keepProb : 0));
    expectClose(y.subarray(0, 15), expected, { rtol: 1e-15 });
    expect(expected.some((v) => v === 0) && expected.some((v) => v !== 0)).toBe(true);
  });

  it('reuses the forward pass’s mask in backprop', () => {
    const layer = new DropoutLayer<Float64Array>('dropout1', 10, 0.5, createRng(2), 'float64');
    const y = Float64Array.from(layer.forward(Float64Array.from({ length: 20 }, (_, i) => i + 1), 2, TRAINING).subarray(0, 20));
    const dLdX = layer.backward(new Float64Array(20).fill(1), 2, true)!;
    for (let i = 0; i < 20; i++) {
      // dropped in forward ⇔ zero gradient; kept ⇔ gradient 1/keepProb = 2
      expect(dLdX[i]).toBe(y[i] === 0 ? 0 : 2);
    }
    expect(dLdX.some((v) => v === 0) && dLdX.some((v) => v === 2)).toBe(true);
  });

  it('draws a fresh mask each training step from the injected RNG (same seed, same masks)', () => {
    const a = new DropoutLayer<Float64Array>('d', 50, 0.5, createRng(3), 'float64');
    const b = new DropoutLayer<Float64Array>('d', 50, 0.5, createRng(3), 'float64');
    const x = new Float64Array(50).fill(1);
    const first = Array.from(a.forward(x, 1, TRAINING));
    const second = Array.from(a.forward(x, 1, TRAINING));
    expect(second).not.toEqual(first);
    expect(Array.from(b.forward(x, 1, TRAINING))).toEqual(first);
  });

  it('is the identity at inference and when disabled for gradient checks', () => {
    const layer = new DropoutLayer<Float64Array>('d', 4, 0.3, createRng(4), 'float64');
    const x = Float64Array.of(1, -2, 3, -4);
    expect(Array.from(layer.forward(x, 1, INFERENCE).subarray(0, 4))).toEqual([1, -2, 3, -4]);
    expect(Array.from(layer.backward(Float64Array.of(5, 6, 7, 8), 1, true)!.subarray(0, 4))).toEqual([5, 6, 7, 8]);
    expect(Array.from(layer.forward(x, 1, GRADIENT_CHECK).subarray(0, 4))).toEqual([1, -2, 3, -4]);
  });

  it('passes the float64 gradient check with a fixed mask', () => {
    const rng = createRng(5);
    const layer = new DropoutLayer<Float64Array>('dropout1', 6, 0.6, createRng(6), 'float64');
    const x = Float64Array.from({ length: 4 * 6 }, () => rng.normal());
    const report = gradientCheckLayer(layer, x, 4, { mode: TRAINING, perturbedMode: REUSE, rng: createRng(7) });
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    // the mask really dropped something, so this was not the identity's check
    expect(Array.from(layer.mask.subarray(0, 24)).some((v) => v === 0)).toBe(true);
  });
});
