import { describe, expect, it } from 'vitest';
import { ModelSpec, layerOutputSizes, parameterCount } from './spec';

const course: ModelSpec = {
  version: 1,
  inputSize: 2,
  layers: [
    { kind: 'dense', units: 10, useBias: true },
    { kind: 'activation', fn: 'relu' },
    { kind: 'dense', units: 5, useBias: true },
    { kind: 'activation', fn: 'relu' },
    { kind: 'dense', units: 1, useBias: true },
  ],
  output: { activation: 'sigmoid', loss: 'binary-crossentropy' },
};

describe('model spec', () => {
  it("counts the course's 2→10→5→1 network as 91 parameters", () => {
    // (2·10 + 10) + (10·5 + 5) + (5·1 + 1) = 30 + 55 + 6 = 91
    expect(parameterCount(course)).toBe(91);
    expect(layerOutputSizes(course)).toEqual([10, 10, 5, 5, 1]);
  });

  it('counts batch norm γ, β and a dense layer without bias', () => {
    const spec: ModelSpec = { ...course, layers: [{ kind: 'dense', units: 4, useBias: false }, { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-5 }, { kind: 'dense', units: 1, useBias: true }] };
    // 2·4 + 2·4 + (4·1 + 1) = 8 + 8 + 5
    expect(parameterCount(spec)).toBe(21);
  });

  it('round-trips through JSON and the schema', () => {
    expect(ModelSpec.parse(JSON.parse(JSON.stringify(course)))).toEqual(course);
    expect(ModelSpec.safeParse({ ...course, version: 2 }).success).toBe(false);
    expect(ModelSpec.safeParse({ ...course, layers: [{ kind: 'dense', units: 0, useBias: true }] }).success).toBe(false);
  });
});
