import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { gradientCheckLayer } from '../testing/layer-gradcheck';
import { expectClose } from '../testing/tolerance';
import { TRAINING } from '../types';
import { DenseLayer } from './dense';

function randomized(layer: DenseLayer<Float64Array>, seed: number): DenseLayer<Float64Array> {
  const rng = createRng(seed);
  for (const p of layer.parameters) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal();
  return layer;
}
const randomInput = (length: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => rng.normal());
};

describe('dense layer', () => {
  it('computes Z = X·W + b by hand', () => {
    const layer = new DenseLayer<Float64Array>('d', 2, 2, true, 'float64');
    // W (2 in × 2 out) = [[1, 2], [3, 4]], b = [10, 20]
    layer.weights.value.set([1, 2, 3, 4]);
    layer.bias!.value.set([10, 20]);
    // x = [1, 1]: z = [1+3+10, 2+4+20] = [14, 26];  x = [2, −1]: z = [2−3+10, 4−4+20] = [9, 20]
    const z = layer.forward(Float64Array.of(1, 1, 2, -1), 2, TRAINING);
    expect(Array.from(z.subarray(0, 4))).toEqual([14, 26, 9, 20]);
  });

  it('forward values equal a straightforward float64 re-implementation, z_ij = Σ_k x_ik·W_kj + b_j', () => {
    const layer = randomized(new DenseLayer<Float64Array>('d', 4, 3, true, 'float64'), 10);
    const x = randomInput(5 * 4, 11);
    const z = layer.forward(x, 5, TRAINING);
    const expected: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 3; j++) {
        // W is stored inputs × units, row-major: W_kj at k·3 + j
        let sum = layer.bias!.value[j]!;
        for (let k = 0; k < 4; k++) sum += x[i * 4 + k]! * layer.weights.value[k * 3 + j]!;
        expected.push(sum);
      }
    }
    expectClose(z.subarray(0, 15), expected, { rtol: 1e-14, atol: 1e-14 });
  });

  it('has gradients dW = Xᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ by hand', () => {
    const layer = new DenseLayer<Float64Array>('d', 2, 1, true, 'float64');
    layer.weights.value.set([3, -1]);
    layer.forward(Float64Array.of(1, 2, 5, 7), 2, TRAINING);
    const dX = layer.backward(Float64Array.of(1, -2), 2, true)!;
    // dW = [1·1 + 5·(−2), 2·1 + 7·(−2)] = [−9, −12]; db = 1 − 2 = −1
    expect(Array.from(layer.weights.grad)).toEqual([-9, -12]);
    expect(Array.from(layer.bias!.grad)).toEqual([-1]);
    // dX = dZ·Wᵀ = [[3, −1], [−6, 2]]
    expect(Array.from(dX.subarray(0, 4))).toEqual([3, -1, -6, 2]);
  });

  it.each([true, false])('passes the float64 gradient check (useBias = %s)', (useBias) => {
    const layer = randomized(new DenseLayer<Float64Array>('dense1', 4, 3, useBias, 'float64'), 1);
    const report = gradientCheckLayer(layer, randomInput(5 * 4, 2), 5, { mode: TRAINING, rng: createRng(3) });
    expect(report.tensors.map((t) => t.name)).toEqual(useBias ? ['dense1.input', 'dense1.W', 'dense1.b'] : ['dense1.input', 'dense1.W']);
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    for (const tensor of report.tensors) expect(tensor.relativeDifference).toBeLessThanOrEqual(1e-7);
  });

  it('skips the input gradient when it is not needed and reuses its buffers across batch sizes', () => {
    const layer = randomized(new DenseLayer<Float64Array>('d', 3, 2, true, 'float64'), 4);
    const big = layer.forward(randomInput(8 * 3, 5), 8, TRAINING);
    expect(layer.backward(randomInput(8 * 2, 6), 8, false)).toBeNull();
    const small = layer.forward(randomInput(2 * 3, 7), 2, TRAINING);
    expect(small).toBe(big);
  });

  it('gives the same result in float32 up to float32 rounding', () => {
    const exact = randomized(new DenseLayer<Float64Array>('d', 5, 4, true, 'float64'), 8);
    const single = new DenseLayer<Float32Array>('d', 5, 4, true, 'float32');
    single.weights.value.set(exact.weights.value);
    single.bias!.value.set(exact.bias!.value);
    const x = randomInput(3 * 5, 9);
    const z64 = exact.forward(x, 3, TRAINING);
    const z32 = single.forward(Float32Array.from(x), 3, TRAINING);
    expectClose(z32.subarray(0, 12), z64.subarray(0, 12), { rtol: 1e-5, atol: 1e-5 });
  });
});
