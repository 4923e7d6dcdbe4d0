import { describe, expect, it } from 'vitest';
import { createMiniBatches, gatherRows } from './batches';
import { mlpSpec } from './mlp';
import { createRng, type Rng } from './rng';
import type { ModelSpec } from './spec';
import { expectClose } from './testing/tolerance';
import { createTsTrainer, type TsTrainerOptions } from './ts-trainer';
import { GRADIENT_CHECK } from './types';

/**
 * Two interleaving half circles (the layout of sklearn's make_moons), generated here with the
 * engine's RNG: outer (cos t, sin t) labelled 0, inner (1 − cos t, 0.5 − sin t) labelled 1,
 * each coordinate plus 0.1·N(0, 1) noise.
 */
function twoMoons(perMoon: number, rng: Rng): { x: Float32Array; y: Float32Array; n: number } {
  const n = 2 * perMoon;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const inner = i >= perMoon;
    const t = (Math.PI * (i % perMoon)) / (perMoon - 1);
    x[2 * i] = (inner ? 1 - Math.cos(t) : Math.cos(t)) + 0.1 * rng.normal();
    x[2 * i + 1] = (inner ? 0.5 - Math.sin(t) : Math.sin(t)) + 0.1 * rng.normal();
    y[i] = inner ? 1 : 0;
  }
  return { x, y, n };
}

function train(trainer: ReturnType<typeof createTsTrainer>, x: Float32Array, y: Float32Array, n: number, outputs: number, epochs: number, rate: number, rng: Rng): number[] {
  const batches = createMiniBatches(n, 32, rng);
  const bx = new Float32Array(32 * 2);
  const by = new Float32Array(32 * outputs);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = batches.nextEpoch();
    for (let b = 0; b < batches.batchesPerEpoch; b++) {
      const start = batches.batchStart(b);
      const end = batches.batchEnd(b);
      gatherRows(x, 2, order, start, end, bx);
      gatherRows(y, outputs, order, start, end, by);
      losses.push(trainer.step(bx, by, end - start, rate));
    }
  }
  return losses;
}

function accuracy(predictions: Float32Array, labels: Float32Array, outputs: number): number {
  let correct = 0;
  const n = labels.length / outputs;
  for (let i = 0; i < n; i++) {
    if (outputs === 1) correct += (predictions[i]! > 0.5 ? 1 : 0) === labels[i] ? 1 : 0;
    else correct += predictions[2 * i + 1]! > predictions[2 * i]! === (labels[2 * i + 1] === 1) ? 1 : 0;
  }
  return correct / n;
}

const options = (seed: number, overrides: Partial<TsTrainerOptions> = {}): TsTrainerOptions => ({
  initializer: { kind: 'he' },
  optimizer: { kind: 'adam' },
  l2: 0,
  rng: createRng(seed),
  ...overrides,
});

describe('TypeScript trainer', () => {
  it('learns two moons to ≥ 95 % accuracy (2 → 16 → 8 → 1, ReLU, Adam)', () => {
    const { x, y, n } = twoMoons(200, createRng(7));
    const trainer = createTsTrainer(mlpSpec({ layers: [2, 16, 8, 1], activation: 'relu' }), options(1));
    const losses = train(trainer, x, y, n, 1, 60, 0.01, createRng(2));
    expect(accuracy(trainer.predict(x, n), y, 1)).toBeGreaterThanOrEqual(0.95);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });

  it('learns two moons with batch norm, dropout and a softmax output', () => {
    const { x, y: labels, n } = twoMoons(200, createRng(8));
    const y = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) y[2 * i + labels[i]!] = 1;
    const spec = mlpSpec({ layers: [2, 32, 16, 2], activation: 'relu', batchNorm: true, keepProb: 0.9 });
    const trainer = createTsTrainer(spec, options(3, { l2: 0.001 }));
    train(trainer, x, y, n, 2, 60, 0.01, createRng(4));
    expect(accuracy(trainer.predict(x, n), y, 2)).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic: the same seed gives bitwise identical weights after many steps', () => {
    const { x, y, n } = twoMoons(50, createRng(9));
    const spec = mlpSpec({ layers: [2, 8, 1], activation: 'tanh', keepProb: 0.8, batchNorm: true });
    const run = (): ReturnType<ReturnType<typeof createTsTrainer>['exportWeights']> => {
      const trainer = createTsTrainer(spec, options(5, { optimizer: { kind: 'momentum' } }));
      train(trainer, x, y, n, 1, 5, 0.05, createRng(6));
      return trainer.exportWeights();
    };
    const first = run();
    expect(run()).toEqual(first);
    // and a different seed really gives different weights
    const other = createTsTrainer(spec, options(99, { optimizer: { kind: 'momentum' } }));
    expect(other.exportWeights().tensors['dense1.W']).not.toEqual(first.tensors['dense1.W']);
  });

  it('returns the loss including λ/(2m)·ΣW², measured before the update', () => {
    const spec = mlpSpec({ layers: [2, 4, 1], activation: 'tanh' });
    const trainer = createTsTrainer(spec, options(10, { l2: 0.5, optimizer: { kind: 'gd' } }));
    const x = Float32Array.of(0.1, 0.2, -0.3, 0.4, 0.5, -0.6);
    const y = Float32Array.of(1, 0, 1);
    const before = trainer.exportWeights();
    // no dropout or batch norm here, so the gradient-check mode gives the same forward pass
    const expected = trainer.model.loss(x, y, 3, GRADIENT_CHECK, 0) + (0.5 / 6) * trainer.model.parameters.filter((p) => p.role === 'weight').reduce((s, p) => s + p.value.reduce((a, v) => a + v * v, 0), 0);
    expectClose(trainer.step(x, y, 3, 0.1), expected, { rtol: 1e-6 });
    expect(trainer.exportWeights()).not.toEqual(before);
  });

  it('reports each tensor’s weight and gradient norms', () => {
    const trainer = createTsTrainer(mlpSpec({ layers: [2, 3, 1], activation: 'relu', batchNorm: true }), options(11));
    trainer.step(Float32Array.of(1, 2, 3, 4), Float32Array.of(0, 1), 2, 0.01);
    const norms = trainer.norms();
    expect(norms.map((t) => [t.name, t.layer])).toEqual([
      ['dense1.W', 'dense1'],
      ['bn1.gamma', 'bn1'],
      ['bn1.beta', 'bn1'],
      ['dense2.W', 'dense2'],
      ['dense2.b', 'dense2'],
    ]);
    const gamma = trainer.model.parameters[1]!;
    expectClose(norms[1]!.weightNorm, Math.hypot(...gamma.value), { rtol: 1e-6 });
    expectClose(norms[1]!.gradNorm, Math.hypot(...gamma.grad), { rtol: 1e-6 });
  });

  it('exports and imports weights, running statistics included, through JSON', () => {
    const { x, y, n } = twoMoons(40, createRng(12));
    const spec = mlpSpec({ layers: [2, 6, 1], activation: 'relu', batchNorm: true });
    const trained = createTsTrainer(spec, options(13));
    train(trained, x, y, n, 1, 3, 0.01, createRng(14));
    const document = JSON.parse(JSON.stringify(trained.exportWeights())) as ReturnType<typeof trained.exportWeights>;
    expect(document.tensors['bn1.runningMean']!.values.some((v) => v !== 0)).toBe(true);

    const fresh = createTsTrainer(spec, options(15));
    fresh.importWeights(document);
    expect(Array.from(fresh.predict(x, n))).toEqual(Array.from(trained.predict(x, n)));
    expect(fresh.exportWeights()).toEqual(trained.exportWeights());
  });

  it('refuses weights that do not fit, naming each mismatch', () => {
    const trainer = createTsTrainer(mlpSpec({ layers: [2, 3, 1], activation: 'relu' }), options(16));
    const other = createTsTrainer(mlpSpec({ layers: [2, 4, 1], activation: 'relu' }), options(16)).exportWeights();
    expect(() => trainer.importWeights(other)).toThrow('The weights do not fit this model: "dense1.W" is 2×4 but the model needs 2×3.');
    expect(() => trainer.importWeights({ ...other, format: 'something-else' } as never)).toThrow(/These are not Deepwire weights: format/);
  });

  it('resumes from a saved optimizer state exactly as if it had never stopped', () => {
    const { x, y, n } = twoMoons(40, createRng(17));
    const spec = mlpSpec({ layers: [2, 5, 1], activation: 'tanh' });
    const original = createTsTrainer(spec, options(18));
    train(original, x, y, n, 1, 2, 0.01, createRng(19));
    const weights = JSON.stringify(original.exportWeights());
    const state = JSON.stringify(original.optimizerState());
    train(original, x, y, n, 1, 2, 0.01, createRng(20));

    const resumed = createTsTrainer(spec, options(21));
    resumed.importWeights(JSON.parse(weights) as ReturnType<typeof original.exportWeights>);
    resumed.restoreOptimizerState(JSON.parse(state));
    train(resumed, x, y, n, 1, 2, 0.01, createRng(20));
    expect(resumed.exportWeights()).toEqual(original.exportWeights());
    expect(resumed.optimizerState()).toEqual(original.optimizerState());
  });

  it('changes β between steps without resetting the moments', () => {
    const trainer = createTsTrainer(mlpSpec({ layers: [2, 2, 1], activation: 'tanh' }), options(22, { optimizer: { kind: 'momentum', beta: 0.9 } }));
    trainer.step(Float32Array.of(1, 2), Float32Array.of(1), 1, 0.1);
    const before = trainer.optimizerState() as { step: number; moments: Record<string, { v: number[] }> };
    trainer.setHyperparameters({ beta: 0.5 });
    const after = trainer.optimizerState() as typeof before & { hyperparameters: { beta: number } };
    expect(after.hyperparameters.beta).toBe(0.5);
    expect(after.moments).toEqual(before.moments);
    expect(after.step).toBe(1);
  });

  it('predicts in chunks with the same results as one pass', () => {
    const spec: ModelSpec = mlpSpec({ layers: [2, 4, 3], activation: 'relu' });
    const trainer = createTsTrainer(spec, options(23));
    const rng = createRng(24);
    const n = 1300;
    const x = Float32Array.from({ length: n * 2 }, () => rng.normal());
    const all = trainer.predict(x, n);
    const last = trainer.predict(x.subarray(1299 * 2), 1);
    expect(Array.from(all.subarray(1299 * 3))).toEqual(Array.from(last));
    expect(all.length).toBe(n * 3);
  });

  it('refuses a negative or non-finite L2 strength', () => {
    expect(() => createTsTrainer(mlpSpec({ layers: [2, 1], activation: 'relu' }), options(25, { l2: -1 }))).toThrow('L2 strength λ must be a finite number ≥ 0, got -1.');
  });
});
