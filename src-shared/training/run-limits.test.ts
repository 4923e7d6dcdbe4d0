/** TrainingRun's seams for search and panda: a step limit (a trial's budget) and a schedule that starts later (a branch). */
import { describe, expect, it } from 'vitest';
import type { StepPoint } from '../api/training-runs';
import { createTsTrainer, mlpSpec } from '../engine/index';
import { fitNormalizer, generateDataset, normalizeDataset } from '../data/index';
import { TrainingConfig, type TrainingConfigInput } from './config';
import type { TrainingProgress } from './progress';
import { runStreams } from './seeds';
import { driveTraining } from './train';
import { TrainingRun, type TrainingRunOptions } from './run';

const raw = generateDataset({ kind: 'moons', samples: 100, noise: 0.1 }, runStreams(5).data);
const data = normalizeDataset(fitNormalizer('zscore', raw), raw);

/** 100 rows in batches of 32: 4 steps an epoch. */
async function trainWith(options: Partial<TrainingRunOptions>, config: Partial<TrainingConfigInput> = {}) {
  const parsed = TrainingConfig.parse({ initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.04, batchSize: 32, epochs: 5, seed: 5, ...config });
  const trainer = createTsTrainer(mlpSpec({ layers: [2, 4, 1], activation: 'tanh' }), { initializer: parsed.initializer, optimizer: parsed.optimizer, l2: 0, rng: runStreams(5).model });
  const points: StepPoint[] = [];
  const reports: TrainingProgress[] = [];
  const run = new TrainingRun(parsed, { train: data, dev: data }, { trainer, onStep: (step, epoch, loss, learningRate) => points.push({ step, epoch, loss, learningRate }), ...options });
  const totalSteps = run.totalSteps;
  const result = await driveTraining(run, { onProgress: (r) => reports.push(r) });
  return { run, result, points, reports, totalSteps };
}

describe('TrainingRun stepLimit', () => {
  it('stops after exactly that many steps, mid-epoch, and says it hit its limit', async () => {
    const { run, result, points, totalSteps } = await trainWith({ stepLimit: 7 });
    expect(totalSteps).toBe(7);
    expect(result).toMatchObject({ status: 'stopped', steps: 7, epochs: 1 });
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(run.hitStepLimit).toBe(true);
  });

  it('still makes the epoch report of the step that reaches the limit at an epoch end', async () => {
    const { result, reports, run } = await trainWith({ stepLimit: 8 });
    expect(result).toMatchObject({ status: 'stopped', steps: 8, epochs: 2 });
    expect(reports.filter((r) => r.kind === 'epoch').map((r) => r.epoch)).toEqual([1, 2]);
    expect(run.hitStepLimit).toBe(true);
  });

  it('a run that completes within its limit has not hit it', async () => {
    const { result, run } = await trainWith({ stepLimit: 20 });
    expect(result).toMatchObject({ status: 'completed', steps: 20 });
    expect(run.hitStepLimit).toBe(false);
    const unlimited = await trainWith({});
    expect(unlimited.result.steps).toBe(20);
    expect(unlimited.run.hitStepLimit).toBe(false);
  });
});

describe('TrainingRun scheduleStartEpoch', () => {
  it('continues a decaying schedule from that epoch, and a manual rate lands at it', async () => {
    const schedule = { kind: 'step', decayRate: 0.5, interval: 2 } as const;
    const { points } = await trainWith({ scheduleStartEpoch: 3 }, { schedule, epochs: 2 });
    // Epochs 3 and 4 of the schedule (0-based) are 0.04 · 0.5^1 and 0.04 · 0.5^2.
    expect(points.map((p) => p.learningRate)).toEqual([...Array(4).fill(0.02), ...Array(4).fill(0.01)]);

    const parsed = TrainingConfig.parse({ initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.04, schedule, batchSize: 32, epochs: 2, seed: 5 });
    const trainer = createTsTrainer(mlpSpec({ layers: [2, 4, 1], activation: 'tanh' }), { initializer: parsed.initializer, optimizer: parsed.optimizer, l2: 0, rng: runStreams(5).model });
    const steered: StepPoint[] = [];
    const run = new TrainingRun(parsed, { train: data }, { trainer, scheduleStartEpoch: 3, onStep: (step, epoch, loss, learningRate) => steered.push({ step, epoch, loss, learningRate }) });
    expect(run.adjust({ learningRate: 0.1 })).toEqual({ ok: true });
    await driveTraining(run);
    // 0.1 at schedule epoch 3, then the schedule halves it at epoch 4.
    expect(steered.map((p) => p.learningRate)).toEqual([...Array(4).fill(0.1), ...Array(4).fill(0.05)]);
  });
});
