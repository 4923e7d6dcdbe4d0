import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { activationKinds, type ActivationKind } from '../spec';
import { gradientCheckLayer } from '../testing/layer-gradcheck';
import { expectClose } from '../testing/tolerance';
import { TRAINING } from '../types';
import { ActivationLayer, DEFAULT_LEAKY_ALPHA, sigmoid } from './activation';

/** Inputs kept at least 0.05 away from 0, where ReLU's kink would spoil centered differences. */
function inputsAwayFromZero(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => {
    const g = rng.normal();
    return g >= 0 ? g + 0.05 : g - 0.05;
  });
}

/**
 * An independent float64 reference for every kind, written the obvious way (a Record, so a new
 * kind does not compile until it has one): forward values are compared against it.
 */
const reference: Record<ActivationKind, (z: number, alpha: number) => number> = {
  relu: (z) => Math.max(0, z),
  'leaky-relu': (z, alpha) => (z > 0 ? z : alpha * z),
  tanh: (z) => (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  linear: (z) => z,
};

describe('activation layers', () => {
  it.each(activationKinds)('%s: forward values equal an independent float64 reference', (fn) => {
    const rng = createRng(3);
    const z = Float64Array.from({ length: 5 * 4 }, () => 3 * rng.normal());
    const layer = new ActivationLayer<Float64Array>('a', 4, fn, 0.2, 'float64');
    const a = layer.forward(z, 5, TRAINING);
    expectClose(a.subarray(0, 20), Array.from(z, (v) => reference[fn](v, 0.2)), { rtol: 1e-13, atol: 1e-15 });
  });

  it('computes each function by hand', () => {
    const z = Float64Array.of(-2, 0, 3);
    const run = (fn: (typeof activationKinds)[number], alpha?: number): number[] =>
      Array.from(new ActivationLayer<Float64Array>('a', 3, fn, alpha, 'float64').forward(z, 1, TRAINING).subarray(0, 3));
    expect(run('relu')).toEqual([0, 0, 3]);
    // leaky with α = 0.2: −2·0.2 = −0.4
    expect(run('leaky-relu', 0.2)).toEqual([-0.4, 0, 3]);
    expect(run('leaky-relu')).toEqual([-2 * DEFAULT_LEAKY_ALPHA, 0, 3]);
    expect(run('linear')).toEqual([-2, 0, 3]);
    // tanh(−2) = −0.9640275800758169, tanh(3) = 0.9950547536867305
    expectClose(run('tanh'), [-0.9640275800758169, 0, 0.9950547536867305], { rtol: 1e-15 });
    // σ(−2) = 1/(1 + e²) = 0.11920292202211755, σ(3) = 0.9525741268224334
    expectClose(run('sigmoid'), [0.11920292202211755, 0.5, 0.9525741268224334], { rtol: 1e-15 });
  });

  it('keeps the sigmoid finite and exact at extreme inputs', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    // σ(−40) = e^−40/(1 + e^−40) ≈ 4.248354255291589e−18, representable although 1 − σ(40) is not
    expectClose(sigmoid(-40), 4.248354255291589e-18, { rtol: 1e-12 });
  });

  it.each(activationKinds)('%s passes the float64 gradient check', (fn) => {
    const layer = new ActivationLayer<Float64Array>(`act-${fn}`, 4, fn, fn === 'leaky-relu' ? 0.1 : undefined, 'float64');
    const report = gradientCheckLayer(layer, inputsAwayFromZero(6 * 4, 1), 6, { mode: TRAINING, rng: createRng(2) });
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    expect(report.verdict).toBe('good');
  });
});
