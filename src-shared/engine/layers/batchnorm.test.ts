import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { gradientCheckLayer } from '../testing/layer-gradcheck';
import { expectClose } from '../testing/tolerance';
import { GRADIENT_CHECK, INFERENCE, TRAINING } from '../types';
import { BatchNormLayer } from './batchnorm';

describe('batch norm', () => {
  it('normalizes a hand-worked batch and scales by γ, shifts by β', () => {
    const layer = new BatchNormLayer<Float64Array>('bn1', 1, 0.9, 1e-8, 'float64');
    layer.gamma.value[0] = 2;
    layer.beta.value[0] = 1;
    // x = [1, 3]: μ = 2, σ² = ((−1)² + 1²)/2 = 1, x̂ = [−1, 1] (ε negligible), y = 2·x̂ + 1 = [−1, 3]
    const y = layer.forward(Float64Array.of(1, 3), 2, TRAINING);
    expectClose(y.subarray(0, 2), [-1, 3], { rtol: 1e-7 });
    // running μ = 0.9·0 + 0.1·2 = 0.2; running σ² = 0.9·1 + 0.1·1 = 1
    expectClose(layer.runningMean.value[0]!, 0.2, { rtol: 1e-15 });
    expectClose(layer.runningVariance.value[0]!, 1, { rtol: 1e-15 });
  });

  it('forward values equal a straightforward float64 re-implementation, in training and inference', () => {
    const m = 6;
    const n = 3;
    const rng = createRng(12);
    const layer = new BatchNormLayer<Float64Array>('bn', n, 0.8, 1e-3, 'float64');
    for (let j = 0; j < n; j++) {
      layer.gamma.value[j] = 1 + rng.normal();
      layer.beta.value[j] = rng.normal();
    }
    const x = Float64Array.from({ length: m * n }, () => 2 * rng.normal() + 1);
    const y = Float64Array.from(layer.forward(x, m, TRAINING).subarray(0, m * n));
    const expected: number[] = new Array(m * n);
    const runningMean: number[] = [];
    const runningVariance: number[] = [];
    for (let j = 0; j < n; j++) {
      let mean = 0;
      for (let i = 0; i < m; i++) mean += x[i * n + j]! / m;
      let variance = 0;
      for (let i = 0; i < m; i++) variance += (x[i * n + j]! - mean) ** 2 / m;
      // y = γ·(x − μ)/√(σ² + ε) + β
      for (let i = 0; i < m; i++) expected[i * n + j] = layer.gamma.value[j]! * ((x[i * n + j]! - mean) / Math.sqrt(variance + 1e-3)) + layer.beta.value[j]!;
      // running averages start at μ = 0, σ² = 1: r = 0.8·r + 0.2·batch
      runningMean.push(0.2 * mean);
      runningVariance.push(0.8 + 0.2 * variance);
    }
    expectClose(y, expected, { rtol: 1e-12, atol: 1e-13 });
    // inference: the running statistics in place of the batch's
    const inference = layer.forward(x, m, INFERENCE);
    const expectedInference = Array.from(x, (v, k) => {
      const j = k % n;
      return layer.gamma.value[j]! * ((v - runningMean[j]!) / Math.sqrt(runningVariance[j]! + 1e-3)) + layer.beta.value[j]!;
    });
    expectClose(inference.subarray(0, m * n), expectedInference, { rtol: 1e-12, atol: 1e-13 });
  });

  it('gives every feature mean 0 and variance 1 in training (γ = 1, β = 0)', () => {
    const rng = createRng(1);
    const m = 64;
    const n = 3;
    const x = Float64Array.from({ length: m * n }, (_, i) => 5 + (i % n) * 10 + (1 + (i % n)) * rng.normal());
    const y = new BatchNormLayer<Float64Array>('bn', n, 0.9, 1e-5, 'float64').forward(x, m, TRAINING);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < m; i++) {
        sum += y[i * n + j]!;
        squares += y[i * n + j]! ** 2;
      }
      expectClose(sum / m, 0, { atol: 1e-12 });
      // var = σ²/(σ² + ε): within 1e-4 of 1 for these σ²
      expectClose(squares / m, 1, { rtol: 1e-4 });
    }
  });

  it('passes the float64 gradient check in training mode (batch statistics)', () => {
    const rng = createRng(2);
    const layer = new BatchNormLayer<Float64Array>('bn1', 4, 0.9, 1e-3, 'float64');
    for (const p of layer.parameters) for (let i = 0; i < p.value.length; i++) p.value[i] = p.value[i]! + 0.5 * rng.normal();
    const x = Float64Array.from({ length: 6 * 4 }, () => 2 * rng.normal() + 1);
    const report = gradientCheckLayer(layer, x, 6, { mode: GRADIENT_CHECK, rng: createRng(3) });
    expect(report.tensors.map((t) => t.name)).toEqual(['bn1.input', 'bn1.gamma', 'bn1.beta']);
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
    for (const t of report.tensors) expect(t.relativeDifference).toBeLessThanOrEqual(1e-7);
  });

  it('passes the gradient check in inference mode (running statistics are constants)', () => {
    const rng = createRng(4);
    const layer = new BatchNormLayer<Float64Array>('bn1', 3, 0.9, 1e-3, 'float64');
    layer.runningMean.value.set([0.5, -1, 2]);
    layer.runningVariance.value.set([4, 0.25, 1]);
    layer.gamma.value.set([1.5, -0.5, 2]);
    const report = gradientCheckLayer(layer, Float64Array.from({ length: 5 * 3 }, () => rng.normal()), 5, { mode: INFERENCE, rng: createRng(5) });
    expect(report.relativeDifference).toBeLessThanOrEqual(1e-7);
  });

  it('leaves running statistics alone when the mode says so (gradient checks)', () => {
    const layer = new BatchNormLayer<Float64Array>('bn', 2, 0.9, 1e-5, 'float64');
    layer.forward(Float64Array.of(1, 2, 3, 4), 2, GRADIENT_CHECK);
    expect(Array.from(layer.runningMean.value)).toEqual([0, 0]);
    expect(Array.from(layer.runningVariance.value)).toEqual([1, 1]);
  });

  it('running statistics converge to the data’s mean and variance; inference then uses them', () => {
    const rng = createRng(6);
    const means = [3, -2];
    const stds = [2, 0.5];
    const layer = new BatchNormLayer<Float64Array>('bn', 2, 0.9, 1e-5, 'float64');
    const m = 256;
    const x = new Float64Array(m * 2);
    for (let step = 0; step < 300; step++) {
      for (let i = 0; i < m; i++) for (let j = 0; j < 2; j++) x[i * 2 + j] = means[j]! + stds[j]! * rng.normal();
      layer.forward(x, m, TRAINING);
    }
    // After 300 steps the start (0, 1) weighs 0.9^300 ≈ 2e−14; what is left is sampling noise:
    // each batch mean has SE σ/√256 and the EWA averages ≈ 19 batches → SE ≈ σ/√(256·19) ≈ 0.015σ
    expectClose(layer.runningMean.value[0]!, 3, { atol: 0.1, rtol: 0 });
    expectClose(layer.runningMean.value[1]!, -2, { atol: 0.025, rtol: 0 });
    expectClose(layer.runningVariance.value[0]!, 4, { rtol: 0.06 });
    expectClose(layer.runningVariance.value[1]!, 0.25, { rtol: 0.06 });

    // Inference: one sample at the data's mean + 1σ maps to ≈ γ·1 + β = 1 (and does not depend on the batch)
    const single = layer.forward(Float64Array.of(5, -1.5), 1, INFERENCE);
    expectClose(Array.from(single.subarray(0, 2)), [1, 1], { atol: 0.06, rtol: 0 });
    // the same sample in training mode on a batch of one would normalize to 0: the modes really differ
    const trained = layer.forward(Float64Array.of(5, -1.5), 1, TRAINING);
    expect(Array.from(trained.subarray(0, 2))).toEqual([0, 0]);
  });
});
