import { describe, expect, it } from 'vitest';
import { compareWithNumericGradient } from './gradcheck';
import { linearMeanSquaredError, outputLossFor, sigmoidBinaryCrossEntropy, sigmoidMeanSquaredError, softmaxCrossEntropy, type OutputLoss } from './losses';
import { createRng } from './rng';
import { lossesForOutput, outputKinds } from './spec';
import { expectClose } from './testing/tolerance';

function gradientOf(loss: OutputLoss, z: number[], y: number[], m: number, n: number): { value: number; gradient: number[] } {
  const dLdZ = new Float64Array(m * n);
  const value = loss.lossAndGradient(Float64Array.from(z), Float64Array.from(y), m, n, dLdZ);
  return { value, gradient: Array.from(dLdZ) };
}

/** Numerical check of ∂L/∂z for a loss at random logits. */
function checkLoss(loss: OutputLoss, y: Float64Array, m: number, n: number, seed: number): number {
  const rng = createRng(seed);
  const z = Float64Array.from({ length: m * n }, () => 2 * rng.normal());
  const dLdZ = new Float64Array(m * n);
  loss.lossAndGradient(z, y, m, n, dLdZ);
  const report = compareWithNumericGradient([{ name: 'z', layer: 'output', values: z, analytic: dLdZ }], () => loss.lossAndGradient(z, y, m, n, null));
  return report.relativeDifference;
}

describe('softmax + categorical cross-entropy', () => {
  it('matches a hand-worked batch', () => {
    // row 1: z = [0, ln 2, ln 5] → p = [1/8, 2/8, 5/8], y = class 2: −ln(5/8) = 0.47000362924573563
    // row 2: z = [0, 0, 0] → p = ⅓ each, y = class 0: ln 3 = 1.0986122886681098
    // mean = 0.7843079589569477
    const { value, gradient } = gradientOf(softmaxCrossEntropy, [0, Math.log(2), Math.log(5), 0, 0, 0], [0, 0, 1, 1, 0, 0], 2, 3);
    expectClose(value, 0.7843079589569477, { rtol: 1e-14 });
    // (p − y)/m: row 1 ([1/8, 2/8, 5/8] − [0, 0, 1])/2, row 2 ([⅓, ⅓, ⅓] − [1, 0, 0])/2
    expectClose(gradient, [0.0625, 0.125, -0.1875, -1 / 3, 1 / 6, 1 / 6], { rtol: 1e-14 });
  });

  it('stays finite for huge logits (log-sum-exp)', () => {
    // z = [1000, 0], y = class 1: −log p1 = 1000 + log(1 + e^−1000) = 1000
    const { value, gradient } = gradientOf(softmaxCrossEntropy, [1000, 0], [0, 1], 1, 2);
    expect(value).toBe(1000);
    expect(gradient).toEqual([1, -1]);
    const confident = gradientOf(softmaxCrossEntropy, [-1e4, 1e4], [0, 1], 1, 2);
    expect(confident.value).toBe(0);
  });

  it('passes the float64 gradient check', () => {
    const y = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0.25, 0.25, 0.25, 0.25]);
    expect(checkLoss(softmaxCrossEntropy, y, 4, 4, 1)).toBeLessThanOrEqual(1e-7);
  });
});

describe('sigmoid + binary cross-entropy', () => {
  it('matches hand-worked values', () => {
    // z = 0, y = 1: −ln ½ = ln 2;  z = ln 3 (σ = ¾), y = 0: −ln ¼ = ln 4;  mean = 1.5·ln 2
    const { value, gradient } = gradientOf(sigmoidBinaryCrossEntropy, [0, Math.log(3)], [1, 0], 2, 1);
    expectClose(value, 1.5 * Math.LN2, { rtol: 1e-14 });
    // (σ(z) − y)/m = [(½ − 1)/2, (¾ − 0)/2]
    expectClose(gradient, [-0.25, 0.375], { rtol: 1e-14 });
  });

  it('stays finite for huge logits (the log(1 + e^−|z|) form)', () => {
    // max(z,0) − z·y + log(1 + e^−|z|) = 1000 for z = 1000, y = 0 and for z = −1000, y = 1
    const { value, gradient } = gradientOf(sigmoidBinaryCrossEntropy, [1000, -1000], [0, 1], 2, 1);
    expect(value).toBe(1000);
    expect(gradient).toEqual([0.5, -0.5]);
  });

  it('passes the float64 gradient check (several outputs, soft labels)', () => {
    expect(checkLoss(sigmoidBinaryCrossEntropy, Float64Array.from([1, 0, 0.3, 0, 1, 0.9]), 3, 2, 2)).toBeLessThanOrEqual(1e-7);
  });
});

describe('mean squared error, 1/(2m)·Σ(ŷ − y)²', () => {
  it('matches hand-worked values for a linear output', () => {
    // z = [1, 3], y = [0, 1]: (1² + 2²)/(2·2) = 1.25; gradient (z − y)/m = [0.5, 1]
    const { value, gradient } = gradientOf(linearMeanSquaredError, [1, 3], [0, 1], 2, 1);
    expect(value).toBe(1.25);
    expect(gradient).toEqual([0.5, 1]);
  });

  it('matches hand-worked values for a sigmoid output', () => {
    // z = 0: ŷ = ½, y = 1: (½)²/(2·1) = 0.125; gradient (ŷ − y)·ŷ(1 − ŷ)/m = (−½)(¼) = −0.125
    const { value, gradient } = gradientOf(sigmoidMeanSquaredError, [0], [1], 1, 1);
    expect(value).toBe(0.125);
    expect(gradient).toEqual([-0.125]);
  });

  it('passes the float64 gradient check for both outputs', () => {
    const rng = createRng(3);
    const y = Float64Array.from({ length: 8 }, () => rng.next());
    expect(checkLoss(linearMeanSquaredError, y, 4, 2, 4)).toBeLessThanOrEqual(1e-7);
    expect(checkLoss(sigmoidMeanSquaredError, y, 4, 2, 5)).toBeLessThanOrEqual(1e-7);
  });
});

describe('output activations', () => {
  it('map logits to what predict returns', () => {
    const out = new Float64Array(2);
    softmaxCrossEntropy.activate(Float64Array.of(0, Math.log(3)), out, 1, 2);
    expectClose(out, [0.25, 0.75], { rtol: 1e-15 });
    sigmoidBinaryCrossEntropy.activate(Float64Array.of(0, Math.log(3)), out, 2, 1);
    expectClose(out, [0.5, 0.75], { rtol: 1e-15 });
    linearMeanSquaredError.activate(Float64Array.of(-4, 9), out, 2, 1);
    expect(Array.from(out)).toEqual([-4, 9]);
  });

  it('has a fused loss for every pair spec.ts allows, each with its own names', () => {
    for (const activation of outputKinds) {
      for (const loss of lossesForOutput[activation]) expect(outputLossFor(activation, loss)).toMatchObject({ activation, loss });
    }
  });

  it('pairs outputs and losses as spec.ts allows, refusing the rest with a reason', () => {
    expect(outputLossFor('softmax', 'categorical-crossentropy')).toBe(softmaxCrossEntropy);
    expect(outputLossFor('sigmoid', 'binary-crossentropy')).toBe(sigmoidBinaryCrossEntropy);
    expect(outputLossFor('sigmoid', 'mse')).toBe(sigmoidMeanSquaredError);
    expect(outputLossFor('linear', 'mse')).toBe(linearMeanSquaredError);
    expect(() => outputLossFor('softmax', 'mse')).toThrow('A softmax output cannot be trained with mse; use categorical-crossentropy.');
    expect(() => outputLossFor('linear', 'binary-crossentropy')).toThrow(/use mse/);
  });
});
