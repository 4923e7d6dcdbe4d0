import { describe, expect, it } from 'vitest';
import { compareWithNumericGradient } from './gradcheck';
import { addL2Gradient, l2Penalty } from './regularization';
import { createRng } from './rng';
import type { ParameterRole, ParameterTensor } from './types';

const tensor = (name: string, role: ParameterRole, values: number[]): ParameterTensor<Float64Array> => ({
  name,
  layer: name.split('.')[0]!,
  role,
  rows: 1,
  cols: values.length,
  value: Float64Array.from(values),
  grad: new Float64Array(values.length),
});

describe('L2 regularization', () => {
  it('penalizes dense weights only: λ/(2m)·ΣW²', () => {
    const parameters = [tensor('dense1.W', 'weight', [1, 2]), tensor('dense1.b', 'bias', [3]), tensor('bn1.gamma', 'gamma', [4]), tensor('bn1.beta', 'beta', [5])];
    // λ = 0.5, m = 2: 0.5/(2·2)·(1² + 2²) = 0.625 (b, γ, β ignored)
    expect(l2Penalty(parameters, 0.5, 2)).toBe(0.625);
    expect(l2Penalty(parameters, 0, 2)).toBe(0);
  });

  it('adds (λ/m)·W to the weight gradients and nothing else', () => {
    const weights = tensor('dense1.W', 'weight', [1, -2]);
    weights.grad.set([10, 10]);
    const bias = tensor('dense1.b', 'bias', [3]);
    const gamma = tensor('bn1.gamma', 'gamma', [4]);
    addL2Gradient([weights, bias, gamma], 0.5, 2);
    // (λ/m)·W = 0.25·[1, −2] = [0.25, −0.5]
    expect(Array.from(weights.grad)).toEqual([10.25, 9.5]);
    expect(Array.from(bias.grad)).toEqual([0]);
    expect(Array.from(gamma.grad)).toEqual([0]);
  });

  it('its gradient passes the float64 gradient check', () => {
    const rng = createRng(1);
    const parameters = [tensor('dense1.W', 'weight', Array.from({ length: 6 }, () => rng.normal())), tensor('dense2.W', 'weight', Array.from({ length: 4 }, () => rng.normal()))];
    addL2Gradient(parameters, 0.7, 3);
    const probes = parameters.map((p) => ({ name: p.name, layer: p.layer, values: p.value, analytic: Float64Array.from(p.grad) }));
    const report = compareWithNumericGradient(probes, () => l2Penalty(parameters, 0.7, 3));
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
  });
});
