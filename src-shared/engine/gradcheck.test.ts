import { describe, expect, it } from 'vitest';
import { compareWithNumericGradient, gradientCheck, gradientCheckModel, gradientVerdict, relativeDifference } from './gradcheck';
import { buildModel } from './model';
import { mlpSpec } from './mlp';
import { createRng } from './rng';
import { expectClose } from './testing/tolerance';
import { createTsTrainer } from './ts-trainer';
import { GRADIENT_CHECK, TRAINING } from './types';
import type { Layer } from './layers/layer';
import { gradientCheckLayer } from './testing/layer-gradcheck';

describe('gradient check', () => {
  it('computes ‖g − g̃‖/(‖g‖ + ‖g̃‖) by hand', () => {
    // g = [3, 4] (‖g‖ = 5), g̃ = [3, 4.5] (‖g̃‖ = 5.408326913195984), ‖g − g̃‖ = 0.5
    expectClose(relativeDifference([3, 4], [3, 4.5]), 0.5 / (5 + 5.408326913195984), { rtol: 1e-12 });
    expect(relativeDifference([0, 0], [0, 0])).toBe(0);
    expect(relativeDifference([1, 2], [1, 2])).toBe(0);
  });

  it('reads relative differences by the course’s thresholds', () => {
    expect(gradientVerdict(1e-8).verdict).toBe('good');
    expect(gradientVerdict(1e-7).verdict).toBe('good');
    expect(gradientVerdict(1e-6)).toMatchObject({ verdict: 'look closer', explanation: expect.stringMatching(/probably fine/) });
    expect(gradientVerdict(1e-4)).toMatchObject({ verdict: 'look closer', explanation: expect.stringMatching(/suspicious/) });
    expect(gradientVerdict(1e-3).verdict).toBe('look closer');
    expect(gradientVerdict(2e-3).verdict).toBe('wrong');
    expect(gradientVerdict(Number.NaN).verdict).toBe('wrong');
  });

  it('matches the analytic derivative of a known function', () => {
    // J(a, b) = a²·b + sin(b): ∂J/∂a = 2ab, ∂J/∂b = a² + cos b; at (1.5, −0.5): [−1.5, 2.25 + cos 0.5]
    const values = Float64Array.of(1.5, -0.5);
    const report = compareWithNumericGradient(
      [{ name: 'ab', layer: 'f', values, analytic: [-1.5, 2.25 + Math.cos(0.5)] }],
      () => values[0]! ** 2 * values[1]! + Math.sin(values[1]!),
    );
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-9);
    expect(Array.from(values)).toEqual([1.5, -0.5]);
  });

  it('catches a wrong gradient and names the worst entry with both values', () => {
    const values = Float64Array.of(1, 2, 3);
    // J = Σ v², true gradient 2v = [2, 4, 6]; the "analytic" one has a mistake at index 1
    const report = compareWithNumericGradient(
      [
        { name: 'good', layer: 'L1', values: Float64Array.of(0.5), analytic: [0] },
        { name: 'bad', layer: 'L2', values, analytic: [2, 4.5, 6] },
      ],
      () => values.reduce((s, v) => s + v * v, 0),
    );
    expect(report.verdict).toBe('wrong');
    expect(report.worst).toMatchObject({ tensor: 'bad', index: 1, analytic: 4.5 });
    expectClose(report.worst!.numeric, 4, { rtol: 1e-8 });
    expect(report.layers.map((l) => l.name)).toEqual(['L1', 'L2']);
    expect(report.tensors[0]!.relativeDifference).toBe(0);
    expect(report.tensors[1]!.relativeDifference).toBeGreaterThan(1e-3);
  });

  it('finds a real backprop bug: a gradient that misses the L2 term', () => {
    const spec = mlpSpec({ layers: [3, 4, 2], activation: 'tanh' });
    const model = buildModel<Float64Array>(spec, { initializer: { kind: 'he' }, rng: createRng(1), dtype: 'float64' });
    const rng = createRng(2);
    const x = Float64Array.from({ length: 5 * 3 }, () => rng.normal());
    const y = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    // analytic without λ, numeric with λ = 1: the weights' gradients are off by W/m
    model.lossAndGradient(x, y, 5, GRADIENT_CHECK, 0);
    const probes = model.parameters.map((p) => ({ name: p.name, layer: p.layer, values: p.value, analytic: Float64Array.from(p.grad) }));
    const report = compareWithNumericGradient(probes, () => model.loss(x, y, 5, GRADIENT_CHECK, 1));
    expect(report.verdict).toBe('wrong');
    expect(report.tensors.find((t) => t.name === 'dense1.b')!.relativeDifference).toBeLessThanOrEqual(1e-7);
    expect(report.worst!.tensor).toMatch(/\.W$/);
    // and with the same λ on both sides it is good
    expect(gradientCheckModel(model, x, y, 5, { l2: 1 }).verdict).toBe('good');
  });

  it('checks a trainer’s current weights from its exported document, in float64', () => {
    const spec = mlpSpec({ layers: [2, 5, 3], activation: 'relu', batchNorm: true, keepProb: 0.5 });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0.1, rng: createRng(3) });
    const rng = createRng(4);
    const x = Float32Array.from({ length: 6 * 2 }, () => rng.normal());
    const y = Float32Array.from({ length: 18 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
    for (let s = 0; s < 5; s++) trainer.step(x, y, 6, 0.01);
    const report = gradientCheck({ spec, weights: trainer.exportWeights(), x, y, batchSize: 6, l2: 0.1 });
    expect(report.verdict).toBe('good');
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    expect(report.l2).toBe(0.1);
    expect(report.tensors.every((t) => t.checked === t.size)).toBe(true);
  });

  it('can sample a fixed number of entries per tensor for big models', () => {
    const spec = mlpSpec({ layers: [20, 30, 2], activation: 'tanh' });
    const rng = createRng(5);
    const x = Array.from({ length: 4 * 20 }, () => rng.normal());
    const report = gradientCheck({ spec, x, y: [1, 0, 0, 1, 1, 0, 0, 1], batchSize: 4, maxPerTensor: 10, sampleRng: createRng(6) });
    expect(report.tensors.map((t) => [t.name, t.checked, t.size])).toEqual([
      ['dense1.W', 10, 600],
      ['dense1.b', 10, 30],
      ['dense2.W', 10, 60],
      ['dense2.b', 2, 2],
    ]);
    expect(report.verdict).toBe('good');
  });

  it('calls a check whose analytic and numerical gradients are both all zero inconclusive, not good', () => {
    // J is constant in θ, and the "backprop" says 0: nothing was compared, so nothing was confirmed
    const values = Float64Array.of(0.3, -1.2, 2);
    const report = compareWithNumericGradient([{ name: 'w', layer: 'L', values, analytic: [0, 0, 0] }], () => 7);
    expect(report.verdict).toBe('inconclusive');
    expect(report.explanation).toMatch(/both zero/);
    expect(report.tensors[0]!.belowResolution).toBe(true);
  });

  it('a layer whose forward and backward are all zero (an activation with no maths) is inconclusive', () => {
    const zeros = new Float64Array(12);
    const fake: Layer<Float64Array> = {
      name: 'fake',
      kind: 'activation',
      inputSize: 3,
      outputSize: 3,
      parameters: [],
      state: [],
      forward: () => zeros,
      backward: () => zeros,
    };
    const rng = createRng(8);
    const x = Float64Array.from({ length: 12 }, () => rng.normal());
    const report = gradientCheckLayer(fake, x, 4, { mode: TRAINING, rng: createRng(9) });
    expect(report.verdict).toBe('inconclusive');
  });

  it('stays conclusive when only some tensors are zero (a bias right before batch norm)', () => {
    const spec = mlpSpec({ layers: [3, 4, 2], activation: 'tanh', batchNorm: true });
    spec.layers[0] = { kind: 'dense', units: 4, useBias: true };
    const rng = createRng(10);
    const x = Array.from({ length: 5 * 3 }, () => rng.normal());
    const report = gradientCheck({ spec, x, y: [1, 0, 0, 1, 1, 0, 0, 1, 1, 0], batchSize: 5 });
    expect(report.tensors.find((t) => t.name === 'dense1.b')!.belowResolution).toBe(true);
    expect(report.verdict).toBe('good');
  });

  it('refuses a float32 model', () => {
    const model = buildModel(mlpSpec({ layers: [2, 1], activation: 'relu' }), { initializer: { kind: 'he' }, rng: createRng(7) });
    expect(() => gradientCheckModel(model as never, new Float64Array(2), new Float64Array(1), 1)).toThrow(/float64 twin/);
  });
});
