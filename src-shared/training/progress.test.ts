/**
 * The contract's training schemas (api/training.ts) against what a real TrainingRun reports: every
 * progress report and the result of a completed, an early-stopped and a diverged run must parse, and
 * non-finite numbers must not.
 */
import { describe, expect, it } from 'vitest';
import { TrainingProgress as ProgressSchema, TrainingResult as ResultSchema } from '../api/training';
import { createRng, createTsTrainer, mlpSpec } from '../engine/index';
import { fitNormalizer, generateDataset, normalizeDataset, splitDataset } from '../data/index';
import { TrainingConfig, type TrainingConfigInput } from './config';
import type { TrainingProgress } from './progress';
import { runStreams } from './seeds';
import { train } from './train';

async function realRun(overrides: Partial<TrainingConfigInput>, output: 'sigmoid' | 'linear' = 'sigmoid') {
  const config = TrainingConfig.parse({ initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 4, seed: 2, ...overrides });
  const streams = runStreams(config.seed);
  const split = splitDataset(generateDataset({ kind: 'moons', samples: 300, noise: 0.2 }, streams.data), { train: 0.7, dev: 0.3, test: 0 }, streams.data);
  const normalizer = fitNormalizer('zscore', split.train);
  const spec = mlpSpec({ layers: [2, 16, 16, 1], activation: 'relu', output: output === 'linear' ? { activation: 'linear', loss: 'mse' } : { activation: 'sigmoid', loss: 'binary-crossentropy' } });
  const trainer = createTsTrainer(spec, { initializer: config.initializer, optimizer: config.optimizer, l2: 0, rng: createRng(1) });
  const reports: TrainingProgress[] = [];
  const result = await train(config, { train: normalizeDataset(normalizer, split.train), dev: normalizeDataset(normalizer, split.dev!) }, { trainer, reportEverySteps: 3, onProgress: (p) => reports.push(p) });
  return { reports, result };
}

describe('training schemas against real runs', () => {
  it('every step and epoch report and the result of a completed run parse unchanged', async () => {
    const { reports, result } = await realRun({});
    expect(reports.some((r) => r.kind === 'step') && reports.some((r) => r.kind === 'epoch')).toBe(true);
    for (const report of reports) expect(ProgressSchema.parse(report)).toEqual(report);
    expect(result.status).toBe('completed');
    expect(ResultSchema.parse(result)).toEqual(result);
    // JSON round trip (how it travels): still valid and equal.
    expect(ResultSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('an early-stopped run and a diverged run parse, the latter with its last finite metrics', async () => {
    const early = await realRun({ epochs: 300, earlyStopping: { patience: 2 } });
    expect(early.result.status).toBe('early-stopped');
    expect(ResultSchema.parse(early.result)).toEqual(early.result);
    const diverged = await realRun({ optimizer: { kind: 'gd' }, learningRate: 3, batchSize: 'full', epochs: 300 }, 'linear');
    expect(diverged.result.status).toBe('diverged');
    expect(ResultSchema.parse(diverged.result)).toEqual(diverged.result);
    expect(diverged.result.lastFinite?.train.loss).toBeGreaterThan(0);
  });

  it('refuses NaN and Infinity where a number is expected', async () => {
    const { reports, result } = await realRun({ epochs: 1 });
    expect(ResultSchema.safeParse({ ...result, train: { loss: Number.NaN, accuracy: 0.5 } }).success).toBe(false);
    expect(ProgressSchema.safeParse({ ...reports[0]!, smoothedLoss: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(ResultSchema.safeParse({ ...result, surprise: 1 }).success).toBe(false);
  });
});
