import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { mlpSpec } from './mlp';
import { createRng } from './rng';
import { ModelSpec, parameterCount } from './spec';

describe('mlpSpec', () => {
  it("builds the course's 2 → 10 → 5 → 1 network with 91 parameters", () => {
    const spec = mlpSpec({ layers: [2, 10, 5, 1], activation: 'relu' });
    // (2·10 + 10) + (10·5 + 5) + (5·1 + 1) = 30 + 55 + 6 = 91
    expect(parameterCount(spec)).toBe(91);
    const model = buildModel(spec, { initializer: { kind: 'he' }, rng: createRng(1) });
    expect(model.parameters.reduce((sum, p) => sum + p.value.length, 0)).toBe(91);
    expect(spec.output).toEqual({ activation: 'sigmoid', loss: 'binary-crossentropy' });
    expect(spec.layers.map((l) => l.kind)).toEqual(['dense', 'activation', 'dense', 'activation', 'dense']);
    expect(ModelSpec.parse(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('defaults to softmax for several output units', () => {
    expect(mlpSpec({ layers: [4, 3], activation: 'tanh' }).output).toEqual({ activation: 'softmax', loss: 'categorical-crossentropy' });
  });

  it('puts batch norm after each hidden dense layer, dropping its bias, and dropout after each hidden activation', () => {
    const spec = mlpSpec({ layers: [2, 4, 3, 1], activation: 'leaky-relu', alpha: 0.2, batchNorm: { momentum: 0.95 }, keepProb: 0.8 });
    expect(spec.layers).toEqual([
      { kind: 'dense', units: 4, useBias: false },
      { kind: 'batchnorm', momentum: 0.95, epsilon: 1e-5 },
      { kind: 'activation', fn: 'leaky-relu', alpha: 0.2 },
      { kind: 'dropout', keepProb: 0.8 },
      { kind: 'dense', units: 3, useBias: false },
      { kind: 'batchnorm', momentum: 0.95, epsilon: 1e-5 },
      { kind: 'activation', fn: 'leaky-relu', alpha: 0.2 },
      { kind: 'dropout', keepProb: 0.8 },
      { kind: 'dense', units: 1, useBias: true },
    ]);
    // 2·4 + 2·4 + 4·3 + 2·3 + 3·1 + 1 = 8 + 8 + 12 + 6 + 4 = 38
    expect(parameterCount(spec)).toBe(38);
  });

  it('needs at least an input and an output size', () => {
    expect(() => mlpSpec({ layers: [3], activation: 'relu' })).toThrow('An MLP needs an input size and at least one layer, got [3].');
  });
});
