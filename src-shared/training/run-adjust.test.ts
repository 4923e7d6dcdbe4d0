// TrainingRun.adjust beyond the learning rate and β's: L2 λ, dropout keep probability, mini-batch
// size and decay, applied between steps on both backends, each checked against hand-worked values.
import { describe, expect, it } from 'vitest';
import { fitNormalizer, generateDataset, normalizeDataset, splitDataset, type Dataset } from '../data/index';
import { DropoutLayer } from '../engine/layers/dropout';
import { mlpSpec, type MlpOptions } from '../engine/mlp';
import type { WeightsDocument } from '../engine/trainer';
import type { TsTrainer } from '../engine/ts-trainer';
import { createTrainer } from './backend';
import { TrainingConfig, type TrainingConfigInput } from './config';
import type { TrainingProgress } from './progress';
import { TrainingRun } from './run';
import { runStreams } from './seeds';

const backends = ['ts', 'wasm'] as const;
type Backend = (typeof backends)[number];

/** 600 moons split 0.7 / 0.3: 420 training rows. */
function moonsData(): { train: Dataset; dev: Dataset | null } {
  const streams = runStreams(11);
  const split = splitDataset(generateDataset({ kind: 'moons', samples: 600, noise: 0.1 }, streams.data), { train: 0.7, dev: 0.3, test: 0 }, streams.data);
  const normalizer = fitNormalizer('zscore', split.train);
  return { train: normalizeDataset(normalizer, split.train), dev: split.dev && normalizeDataset(normalizer, split.dev) };
}
const data = moonsData();

function makeRun(backend: Backend, overrides: Partial<TrainingConfigInput> = {}, network: MlpOptions = { layers: [2, 6, 1], activation: 'tanh' }): TrainingRun {
  const config = TrainingConfig.parse({ initializer: { kind: 'xavier' }, optimizer: { kind: 'gd' }, learningRate: 0.1, batchSize: 32, epochs: 6, seed: 3, ...overrides });
  const made = createTrainer(mlpSpec(network), { initializer: config.initializer, optimizer: config.optimizer, l2: config.l2, rng: runStreams(config.seed).model, batchCapacity: 32 }, backend);
  if (!made.ok) throw new Error(made.message);
  expect(made.trainer.backend).toBe(backend);
  return new TrainingRun(config, data, { trainer: made.trainer, reportEverySteps: 1 });
}

/** Steps until `steps` have been taken, returning every report. */
function stepTo(run: TrainingRun, steps: number): TrainingProgress[] {
  const reports: TrainingProgress[] = [];
  while (run.stepsTaken < steps && !run.finished) reports.push(...run.step());
  return reports;
}

function sumOfWeightSquares(weights: WeightsDocument): number {
  let sum = 0;
  for (const [name, tensor] of Object.entries(weights.tensors)) if (name.endsWith('.W')) for (const v of tensor.values) sum += v * v;
  return sum;
}

describe.each(backends)('adjusting on the %s backend', (backend) => {
  it('L2 λ: the next step’s loss gains λ/(2m)·ΣW² over an unadjusted twin, and the change is recorded', () => {
    // Full batch: every step sees the same m = 420 rows, so the twins' data losses agree.
    const plain = makeRun(backend, { batchSize: 'full' });
    const adjusted = makeRun(backend, { batchSize: 'full' });
    stepTo(plain, 3);
    stepTo(adjusted, 3);
    const weights = adjusted.trainer.exportWeights();
    expect(adjusted.adjust({ l2: 2 })).toEqual({ ok: true });
    const [dataOnly] = plain.step();
    const [withL2] = adjusted.step();
    // J = J_data + λ/(2m)·ΣW², with W the weights before step 4
    expect(withL2!.loss! - dataOnly!.loss!).toBeCloseTo((2 / (2 * 420)) * sumOfWeightSquares(weights), 5);
    expect(adjusted.interventions).toEqual([{ step: 3, changes: { l2: 2 } }]);
  });

  it('batch size: the current epoch finishes at the old size, the next ones use the new one (steps per epoch)', () => {
    const run = makeRun(backend, { epochs: 3 });
    // 420 rows in batches of 32: ⌈420/32⌉ = 14 steps per epoch, 42 in all
    expect(run.totalSteps).toBe(42);
    stepTo(run, 3);
    expect(run.adjust({ batchSize: 100 })).toEqual({ ok: true });
    // epoch 1 keeps 14 steps; epochs 2 and 3 take ⌈420/100⌉ = 5 each (above the WebAssembly trainer's first capacity of 32)
    expect(run.totalSteps).toBe(14 + 5 + 5);
    expect(run.interventions).toEqual([]);
    const reports = stepTo(run, Number.POSITIVE_INFINITY);
    const epochs = reports.filter((r) => r.kind === 'epoch');
    expect(epochs.map((r) => [r.step, r.stepsPerEpoch])).toEqual([[14, 14], [19, 5], [24, 5]]);
    expect(run.result()!.status).toBe('completed');
    expect(run.result()!.adjustments).toEqual([{ step: 14, changes: { batchSize: 100 } }]);
  });

  it("batch size between epochs applies at once; 'full' is one step per epoch", () => {
    const run = makeRun(backend, { epochs: 3 });
    stepTo(run, 14);
    expect(run.adjust({ batchSize: 'full', learningRate: 0.05 })).toEqual({ ok: true });
    expect(run.totalSteps).toBe(14 + 1 + 1);
    expect(run.interventions).toEqual([{ step: 14, changes: { batchSize: 'full', learningRate: 0.05 } }]);
    const reports = stepTo(run, Number.POSITIVE_INFINITY);
    expect(reports.filter((r) => r.kind === 'epoch').map((r) => r.stepsPerEpoch)).toEqual([1, 1]);
  });

  it('schedule: replaces the decay from the current rate, and composes with a rate given with it', () => {
    const run = makeRun(backend, { epochs: 5, learningRate: 0.1 });
    const rates = () => stepTo(run, Number.POSITIVE_INFINITY).filter((r) => r.kind === 'epoch').map((r) => r.learningRate);
    stepTo(run, 14 * 2);
    // Constant 0.1 for epochs 1–2; exponential 0.5 from epoch index 2 keeps 0.1 there: α(e) = 0.1 · 0.5^(e − 2)
    expect(run.adjust({ schedule: { kind: 'exponential', decayRate: 0.5 } })).toEqual({ ok: true });
    expect(run.learningRate).toBeCloseTo(0.1, 12);
    stepTo(run, 14 * 3);
    // With a rate: 0.2 at epoch index 3, then halved each epoch — 0.2, 0.1
    expect(run.adjust({ schedule: { kind: 'exponential', decayRate: 0.5 }, learningRate: 0.2 })).toEqual({ ok: true });
    const [fourth, fifth] = rates();
    expect(fourth).toBeCloseTo(0.2, 12);
    expect(fifth).toBeCloseTo(0.1, 12);
  });
});

describe('adjusting the keep probability', () => {
  it('changes every dropout layer’s mask from the next step (TypeScript trainer: the mask’s kept fraction ≈ p)', () => {
    const run = makeRun('ts', { batchSize: 'full' }, { layers: [2, 200, 200, 1], activation: 'relu', keepProb: 0.9 });
    const dropouts = (run.trainer as TsTrainer).model.layers.filter((layer): layer is DropoutLayer<Float32Array> => layer instanceof DropoutLayer);
    expect(dropouts).toHaveLength(2);
    run.step();
    expect(run.adjust({ keepProb: 0.25 })).toEqual({ ok: true });
    run.step();
    for (const layer of dropouts) {
      const mask = layer.mask.subarray(0, 420 * 200);
      const kept = mask.filter((m) => m !== 0);
      // 84,000 Bernoulli(0.25) draws: within 5 standard deviations of 0.25; kept units scaled by 1/0.25 = 4
      expect(Math.abs(kept.length / mask.length - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / mask.length));
      expect(kept.every((m) => m === 4)).toBe(true);
    }
    expect(run.interventions).toEqual([{ step: 1, changes: { keepProb: 0.25 } }]);
  });

  it.each(backends)('is refused without a dropout layer (%s), naming keepProb, and nothing else in the same adjustment applies', (backend) => {
    const run = makeRun(backend);
    run.step();
    const answer = run.adjust({ keepProb: 0.5, learningRate: 0.5 });
    expect(answer).toEqual({ ok: false, message: expect.stringMatching(/keepProb does not apply: this network has no dropout layer/) });
    expect(run.learningRate).toBe(0.1);
    expect(run.interventions).toEqual([]);
  });

  it('names every setting that does not apply at once', () => {
    const run = makeRun('ts');
    const answer = run.adjust({ keepProb: 0.5, beta1: 0.8 });
    expect(answer).toMatchObject({ ok: false });
    if (!answer.ok) {
      expect(answer.message).toContain('beta1 does not apply to the gd optimizer (it has no β or ε).');
      expect(answer.message).toContain('keepProb does not apply');
    }
  });
});
