import { describe, expect, it } from 'vitest';
import { gradientCheckModel } from './gradcheck';
import { buildModel } from './model';
import { mlpSpec } from './mlp';
import { createRng } from './rng';
import type { ModelSpec } from './spec';
import { expectClose } from './testing/tolerance';
import { GRADIENT_CHECK, INFERENCE, TRAINING } from './types';

/** A batch of m rows: inputs ~ N(0, 1), targets shaped for the spec's output. */
function batchFor(spec: ModelSpec, m: number, outputs: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: m * spec.inputSize }, () => rng.normal());
  const y = new Float64Array(m * outputs);
  for (let i = 0; i < m; i++) {
    if (spec.output.activation === 'softmax') y[i * outputs + rng.int(outputs)] = 1;
    else for (let j = 0; j < outputs; j++) y[i * outputs + j] = spec.output.loss === 'binary-crossentropy' ? rng.int(2) : rng.next();
  }
  return { x, y };
}

describe('model: whole-network gradient checks in float64', () => {
  it('batch norm + dropout (off) + leaky ReLU + softmax with L2: relative difference ≤ 1e-7 everywhere', () => {
    const spec: ModelSpec = {
      version: 1,
      inputSize: 4,
      layers: [
        { kind: 'dense', units: 6, useBias: false },
        { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-3 },
        { kind: 'activation', fn: 'leaky-relu', alpha: 0.1 },
        { kind: 'dropout', keepProb: 0.5 },
        { kind: 'dense', units: 5, useBias: true, name: 'hidden-2' },
        { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-3 },
        { kind: 'activation', fn: 'tanh' },
        { kind: 'dense', units: 3, useBias: true },
      ],
      output: { activation: 'softmax', loss: 'categorical-crossentropy' },
    };
    const model = buildModel<Float64Array>(spec, { initializer: { kind: 'he' }, rng: createRng(1), dtype: 'float64' });
    // move γ, β away from 1, 0 so their gradients are not a special case
    const rng = createRng(2);
    for (const p of model.parameters) if (p.role === 'gamma' || p.role === 'beta') for (let i = 0; i < p.value.length; i++) p.value[i]! += 0.3 * rng.normal();
    const { x, y } = batchFor(spec, 8, 3, 3);
    const report = gradientCheckModel(model, x, y, 8, { l2: 0.7 });
    expect(report.tensors.map((t) => t.name)).toEqual([
      'dense1.W',
      'bn1.gamma',
      'bn1.beta',
      'hidden-2.W',
      'hidden-2.b',
      'bn2.gamma',
      'bn2.beta',
      'dense3.W',
      'dense3.b',
    ]);
    expect(report.layers.map((l) => l.name)).toEqual(['dense1', 'bn1', 'hidden-2', 'bn2', 'dense3']);
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    expect(report.verdict).toBe('good');
    for (const t of report.tensors) expect(t.relativeDifference, t.name).toBeLessThanOrEqual(1e-7);
    // hidden-2.b feeds batch norm, which subtracts the batch mean: its true gradient is 0, and
    // both sides agree on that within rounding (the ratio of two noises is not reported)
    const bias = report.tensors.find((t) => t.name === 'hidden-2.b')!;
    expect(bias.belowResolution).toBe(true);
    expect(report.tensors.filter((t) => t.belowResolution).map((t) => t.name)).toEqual(['hidden-2.b']);
  });

  it.each([
    ['sigmoid', 'binary-crossentropy', 'relu'],
    ['sigmoid', 'mse', 'sigmoid'],
    ['linear', 'mse', 'tanh'],
  ] as const)('%s output with %s (%s hidden) passes', (activation, loss, hidden) => {
    const spec = mlpSpec({ layers: [3, 5, 4, 2], activation: hidden, output: { activation, loss } });
    const model = buildModel<Float64Array>(spec, { initializer: { kind: 'xavier', form: 'fan-avg' }, rng: createRng(4), dtype: 'float64' });
    const { x, y } = batchFor(spec, 6, 2, 5);
    const report = gradientCheckModel(model, x, y, 6, { l2: 0.1 });
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
  });

  it('gradient checks leave batch-norm running statistics untouched', () => {
    const spec = mlpSpec({ layers: [2, 3, 2], activation: 'relu', batchNorm: true });
    const model = buildModel<Float64Array>(spec, { initializer: { kind: 'he' }, rng: createRng(6), dtype: 'float64' });
    const { x, y } = batchFor(spec, 5, 2, 7);
    gradientCheckModel(model, x, y, 5);
    expect(Array.from(model.state[0]!.value)).toEqual([0, 0, 0]);
    expect(Array.from(model.state[1]!.value)).toEqual([1, 1, 1]);
  });
});

describe('model', () => {
  it('adds λ/(2m)·ΣW² to the loss and (λ/m)·W to weight gradients only', () => {
    const spec = mlpSpec({ layers: [2, 3, 1], activation: 'tanh' });
    const model = buildModel<Float64Array>(spec, { initializer: { kind: 'he' }, rng: createRng(8), dtype: 'float64' });
    const { x, y } = batchFor(spec, 4, 1, 9);
    const plain = model.lossAndGradient(x, y, 4, GRADIENT_CHECK, 0);
    const plainGrads = model.parameters.map((p) => Float64Array.from(p.grad));
    const withL2 = model.lossAndGradient(x, y, 4, GRADIENT_CHECK, 2);
    const sumSquares = model.parameters.filter((p) => p.role === 'weight').reduce((s, p) => s + p.value.reduce((a, v) => a + v * v, 0), 0);
    // λ/(2m) = 2/8
    expectClose(withL2 - plain, (2 / 8) * sumSquares, { rtol: 1e-12 });
    model.parameters.forEach((p, i) => {
      const expected = Array.from(plainGrads[i]!, (g, k) => (p.role === 'weight' ? g + (2 / 4) * p.value[k]! : g));
      expectClose(p.grad, expected, { rtol: 1e-12, atol: 1e-15 });
    });
  });

  it('predicts probabilities that sum to 1, unaffected by dropout at inference', () => {
    const spec = mlpSpec({ layers: [3, 8, 4], activation: 'relu', keepProb: 0.5 });
    const model = buildModel<Float32Array>(spec, { initializer: { kind: 'he' }, rng: createRng(10) });
    const x = Float32Array.from({ length: 5 * 3 }, (_, i) => Math.sin(i));
    const first = Float32Array.from(model.predict(x, 5, new Float32Array(20)));
    const second = model.predict(x, 5, new Float32Array(20));
    expect(Array.from(second)).toEqual(Array.from(first));
    for (let i = 0; i < 5; i++) expectClose(first.subarray(4 * i, 4 * i + 4).reduce((s, v) => s + v, 0), 1, { rtol: 1e-6 });
    // in training mode the dropout masks change the logits from pass to pass
    const a = Float32Array.from(model.forward(x, 5, TRAINING).subarray(0, 20));
    const b = Float32Array.from(model.forward(x, 5, TRAINING).subarray(0, 20));
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(model.forward(x, 5, INFERENCE).subarray(0, 20))).not.toEqual(Array.from(a));
  });

  it('draws the same initial weights in float32 and float64 from one seed', () => {
    const spec = mlpSpec({ layers: [4, 6, 3], activation: 'relu', keepProb: 0.9 });
    const single = buildModel<Float32Array>(spec, { initializer: { kind: 'he' }, rng: createRng(11) });
    const double = buildModel<Float64Array>(spec, { initializer: { kind: 'he' }, rng: createRng(11), dtype: 'float64' });
    single.parameters.forEach((p, i) => expect(Array.from(p.value)).toEqual(Array.from(Float32Array.from(double.parameters[i]!.value))));
  });

  it('does not let dropout change the initial weights (its stream is separate)', () => {
    const withoutDropout = buildModel(mlpSpec({ layers: [4, 6, 3], activation: 'relu' }), { initializer: { kind: 'he' }, rng: createRng(12) });
    const withDropout = buildModel(mlpSpec({ layers: [4, 6, 3], activation: 'relu', keepProb: 0.7 }), { initializer: { kind: 'he' }, rng: createRng(12) });
    withoutDropout.parameters.forEach((p, i) => expect(Array.from(withDropout.parameters[i]!.value)).toEqual(Array.from(p.value)));
  });

  it('says what is wrong with a batch that is too short', () => {
    const model = buildModel(mlpSpec({ layers: [3, 2], activation: 'relu' }), { initializer: { kind: 'he' }, rng: createRng(13) });
    expect(() => model.forward(new Float32Array(5), 2, TRAINING)).toThrow('Expected 2 rows of 3 inputs, got only 5 values.');
    expect(() => model.loss(new Float32Array(6), new Float32Array(3), 2, TRAINING, 0)).toThrow('Expected 2 rows of 2 targets, got only 3 values.');
  });

  it('says where a spec is invalid', () => {
    const spec = mlpSpec({ layers: [2, 3, 1], activation: 'relu' });
    const broken = { ...spec, layers: [{ kind: 'dense', units: 0, useBias: true }] } as ModelSpec;
    expect(() => buildModel(broken, { initializer: { kind: 'he' }, rng: createRng(15) })).toThrow(/^Invalid model spec at layers\.0\.units: /);
  });

  it('refuses a spec whose output and loss do not fit together', () => {
    const spec = { ...mlpSpec({ layers: [2, 2], activation: 'relu' }), output: { activation: 'softmax', loss: 'mse' } } as const;
    expect(() => buildModel(spec, { initializer: { kind: 'he' }, rng: createRng(14) })).toThrow(/cannot be trained with mse/);
  });
});
