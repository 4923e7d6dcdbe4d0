// The Trainer setters a run's adjustments use (L2 λ, dropout keep probability), on both backends,
// against hand-worked values: the L2 term λ/(2m)·ΣW² of the loss and the (λ/m)·W of the gradient.
import { describe, expect, it } from 'vitest';
import { createWasmTrainer } from './fast/fast-trainer';
import { DropoutLayer } from './layers/dropout';
import { mlpSpec } from './mlp';
import { createRng } from './rng';
import type { Trainer, WeightsDocument } from './trainer';
import { createTsTrainer } from './ts-trainer';

const spec = mlpSpec({ layers: [3, 5, 2], activation: 'tanh' });
const rows = 6;
const rng = createRng(99);
const x = Float32Array.from({ length: rows * 3 }, () => rng.normal());
const y = new Float32Array(rows * 2);
for (let r = 0; r < rows; r++) y[r * 2 + (r % 2)] = 1;

const backends: Record<'ts' | 'wasm', (l2: number) => Trainer> = {
  ts: (l2) => createTsTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-avg' }, optimizer: { kind: 'gd' }, l2, rng: createRng(4) }),
  wasm: (l2) => createWasmTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-avg' }, optimizer: { kind: 'gd' }, l2, rng: createRng(4) })!,
};

/** ΣW² over the weight matrices only (not biases), in float64. */
function sumOfWeightSquares(weights: WeightsDocument): number {
  let sum = 0;
  for (const [name, tensor] of Object.entries(weights.tensors)) if (name.endsWith('.W')) for (const v of tensor.values) sum += v * v;
  return sum;
}

describe.each(['ts', 'wasm'] as const)('setL2 on the %s trainer', (backend) => {
  it('adds λ/(2m)·ΣW² to the next step’s loss and (λ/m)·W to its gradient', () => {
    const lambda = 0.7;
    const rate = 0.1;
    const plain = backends[backend](0);
    const adjusted = backends[backend](0);
    // Identical so far: one step each without L2.
    expect(adjusted.step(x, y, rows, rate)).toBe(plain.step(x, y, rows, rate));
    const before = adjusted.exportWeights();
    adjusted.setL2(lambda);

    const dataLoss = plain.step(x, y, rows, rate);
    const loss = adjusted.step(x, y, rows, rate);
    // J = data loss + λ/(2m)·ΣW², W the weights before the step
    expect(loss - dataLoss).toBeCloseTo((lambda / (2 * rows)) * sumOfWeightSquares(before), 5);
    // GD: W' = W − α(dW + (λ/m)·W), so the two runs' weights differ by −α(λ/m)·W; biases do not decay
    const withL2 = adjusted.exportWeights().tensors;
    const without = plain.exportWeights().tensors;
    for (const [name, tensor] of Object.entries(before.tensors)) {
      tensor.values.forEach((w, i) => {
        const expected = name.endsWith('.W') ? -rate * (lambda / rows) * w : 0;
        expect(withL2[name]!.values[i]! - without[name]!.values[i]!).toBeCloseTo(expected, 6);
      });
    }
  });

  it('back to 0 removes the term again, and refuses a negative λ', () => {
    const trainer = backends[backend](0.5);
    const twin = backends[backend](0);
    trainer.setL2(0);
    expect(trainer.step(x, y, rows, 0.1)).toBe(twin.step(x, y, rows, 0.1));
    expect(() => trainer.setL2(-1)).toThrow('L2 strength λ must be a finite number ≥ 0, got -1.');
  });
});

describe('setKeepProb', () => {
  it('changes every dropout layer’s mask from the next step: kept fraction ≈ p, kept units scaled by 1/p', () => {
    const wide = mlpSpec({ layers: [3, 400, 400, 2], activation: 'relu', keepProb: 0.9 });
    const trainer = createTsTrainer(wide, { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(8) });
    const batch = 50;
    const bx = Float32Array.from({ length: batch * 3 }, (_, i) => Math.sin(i));
    const by = new Float32Array(batch * 2).map((_, i) => (i % 2 === 0 ? 1 : 0));
    const dropouts = trainer.model.layers.filter((layer): layer is DropoutLayer<Float32Array> => layer instanceof DropoutLayer);
    expect(dropouts).toHaveLength(2);
    for (const keepProb of [0.9, 0.3]) {
      if (keepProb !== 0.9) trainer.setKeepProb(keepProb);
      trainer.step(bx, by, batch, 0.01);
      for (const layer of dropouts) {
        const mask = layer.mask.subarray(0, batch * 400);
        const kept = mask.filter((m) => m !== 0);
        // 20,000 Bernoulli(p) draws: the kept fraction is within 5 standard deviations of p
        expect(Math.abs(kept.length / mask.length - keepProb)).toBeLessThan(5 * Math.sqrt((keepProb * (1 - keepProb)) / mask.length));
        for (const m of kept) expect(m).toBeCloseTo(1 / keepProb, 5);
      }
    }
  });

  it('refuses when there is no dropout layer (always on the WebAssembly trainer), and a keep probability outside (0, 1]', () => {
    for (const trainer of [backends.ts(0), backends.wasm(0)]) expect(() => trainer.setKeepProb(0.5)).toThrow(/no dropout layer/);
    const dropout = createTsTrainer(mlpSpec({ layers: [3, 4, 2], activation: 'relu', keepProb: 0.8 }), { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    expect(() => dropout.setKeepProb(0)).toThrow('A dropout keep probability must be in (0, 1], got 0.');
  });
});
