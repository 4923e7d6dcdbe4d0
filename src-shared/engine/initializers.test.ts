import { describe, expect, it } from 'vitest';
import { InitializerConfig, initializerKinds } from './config';
import { initializeParameter, initializerRegistry, initializerStandardDeviation, parseInitializerConfig } from './initializers';
import { createRng } from './rng';
import { expectClose } from './testing/tolerance';

/** Draws a fanIn × fanOut weight matrix and returns its sample mean and variance. */
function sampleMoments(config: InitializerConfig, fanIn: number, fanOut: number, seed: number): { mean: number; variance: number; n: number } {
  const w = new Float64Array(fanIn * fanOut);
  initializeParameter(w, 'weight', config, { fanIn, fanOut }, createRng(seed));
  const n = w.length;
  const mean = w.reduce((s, v) => s + v, 0) / n;
  const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { mean, variance, n };
}

/** mean ≈ 0 within 5 SE (σ/√n) and variance ≈ σ² within 5 SE (σ²·√(2/n), normal samples). */
function expectNormalMoments(config: InitializerConfig, fanIn: number, fanOut: number, expectedVariance: number): void {
  const { mean, variance, n } = sampleMoments(config, fanIn, fanOut, fanIn + fanOut);
  expectClose(mean, 0, { atol: 5 * Math.sqrt(expectedVariance / n), rtol: 0, label: `${config.kind} mean` });
  expectClose(variance, expectedVariance, { atol: 5 * expectedVariance * Math.sqrt(2 / n), rtol: 0, label: `${config.kind} variance` });
}

describe('initializers', () => {
  it('He draws N(0, 2/fan_in)', () => {
    expectNormalMoments({ kind: 'he' }, 100, 800, 2 / 100);
    expectNormalMoments({ kind: 'he' }, 784, 128, 2 / 784);
  });

  it('Xavier draws N(0, 1/fan_in), or N(0, 2/(fan_in + fan_out)) in the fan-avg form', () => {
    expectNormalMoments({ kind: 'xavier', form: 'fan-in' }, 50, 1000, 1 / 50);
    expectNormalMoments({ kind: 'xavier', form: 'fan-avg' }, 50, 1000, 2 / 1050);
  });

  it('random draws N(0, 1)·scale', () => {
    expectNormalMoments({ kind: 'random', scale: 0.01 }, 200, 400, 0.01 ** 2);
    expectNormalMoments({ kind: 'random', scale: 3 }, 200, 400, 9);
  });

  it('zeros gives zeros without drawing from the RNG', () => {
    const rng = createRng(1);
    const w = new Float64Array(12).fill(5);
    initializeParameter(w, 'weight', { kind: 'zeros' }, { fanIn: 3, fanOut: 4 }, rng);
    expect(Array.from(w)).toEqual(new Array(12).fill(0));
    expect(rng.next()).toBe(createRng(1).next());
  });

  it('starts biases at 0 and batch norm at γ = 1, β = 0 whatever the kind', () => {
    for (const kind of initializerKinds) {
      const config = parseInitializerConfig({ kind });
      const b = new Float64Array(3).fill(9);
      const gamma = new Float64Array(3);
      const beta = new Float64Array(3).fill(9);
      initializeParameter(b, 'bias', config, { fanIn: 3, fanOut: 3 }, createRng(2));
      initializeParameter(gamma, 'gamma', config, { fanIn: 3, fanOut: 3 }, createRng(2));
      initializeParameter(beta, 'beta', config, { fanIn: 3, fanOut: 3 }, createRng(2));
      expect([...b, ...gamma, ...beta]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0]);
    }
  });

  it('gives the standard deviations of the formulas', () => {
    const fans = { fanIn: 8, fanOut: 24 };
    expect(initializerStandardDeviation({ kind: 'he' }, fans)).toBe(Math.sqrt(2 / 8));
    expect(initializerStandardDeviation({ kind: 'xavier', form: 'fan-in' }, fans)).toBe(Math.sqrt(1 / 8));
    expect(initializerStandardDeviation({ kind: 'xavier', form: 'fan-avg' }, fans)).toBe(Math.sqrt(2 / 32));
    expect(initializerStandardDeviation({ kind: 'random', scale: 0.01 }, fans)).toBe(0.01);
    expect(initializerStandardDeviation({ kind: 'zeros' }, fans)).toBe(0);
  });

  it('has a registry entry for every kind, and every config round-trips through JSON and the schema', () => {
    expect(Object.keys(initializerRegistry).sort()).toEqual([...initializerKinds].sort());
    const configs: InitializerConfig[] = [
      { kind: 'zeros' },
      { kind: 'random', scale: 0.05 },
      { kind: 'he' },
      { kind: 'xavier', form: 'fan-in' },
      { kind: 'xavier', form: 'fan-avg' },
    ];
    for (const config of configs) expect(parseInitializerConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    // defaults fill in: the course's random × 0.01, Xavier's fan-in form
    expect(parseInitializerConfig({ kind: 'random' })).toEqual({ kind: 'random', scale: 0.01 });
    expect(parseInitializerConfig({ kind: 'xavier' })).toEqual({ kind: 'xavier', form: 'fan-in' });
    expect(() => parseInitializerConfig({ kind: 'glorot' })).toThrow();
  });
});
