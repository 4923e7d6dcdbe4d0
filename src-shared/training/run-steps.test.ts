/** TrainingRun's per-step hook: one StepPoint per optimizer step, what the app's loss chart plots. */
import { describe, expect, it } from 'vitest';
import type { StepPoint } from '../api/training-runs';
import { createRng, createTsTrainer, mlpSpec } from '../engine/index';
import { fitNormalizer, generateDataset, normalizeDataset, type Dataset } from '../data/index';
import { TrainingConfig } from './config';
import type { TrainingProgress } from './progress';
import { runStreams } from './seeds';
import { train } from './train';

describe('TrainingRun onStep', () => {
  it('reports every step once, in order, with its epoch, loss and the rate the schedule gave it', async () => {
    const config = TrainingConfig.parse({
      initializer: { kind: 'xavier' },
      optimizer: { kind: 'adam' },
      learningRate: 0.04,
      schedule: { kind: 'step', decayRate: 0.5, interval: 2 },
      batchSize: 32,
      epochs: 5,
      seed: 5,
    });
    const raw = generateDataset({ kind: 'moons', samples: 100, noise: 0.1 }, runStreams(5).data);
    const data = normalizeDataset(fitNormalizer('zscore', raw), raw);
    const spec = mlpSpec({ layers: [2, 4, 1], activation: 'tanh' });
    const trainer = createTsTrainer(spec, { initializer: config.initializer, optimizer: config.optimizer, l2: 0, rng: runStreams(5).model });
    const points: StepPoint[] = [];
    const epochReports: TrainingProgress[] = [];
    const result = await train(config, { train: data }, { trainer, onStep: (step, epoch, loss, learningRate) => points.push({ step, epoch, loss, learningRate }), onProgress: (r) => epochReports.push(r) });

    // 100 rows in batches of 32 → 4 steps per epoch (32, 32, 32, 4) → 20 steps in 5 epochs.
    expect(result.steps).toBe(20);
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(points.map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => Math.floor(i / 4) + 1));
    // Step decay halves 0.04 every 2 epochs: epochs 1–2 → 0.04, 3–4 → 0.02, 5 → 0.01.
    expect(points.map((p) => p.learningRate)).toEqual([...Array(8).fill(0.04), ...Array(8).fill(0.02), ...Array(4).fill(0.01)]);
    // Each epoch report's loss is the last mini-batch loss: the loss of that epoch's last step point.
    for (const report of epochReports) expect(points[report.step - 1]!.loss).toBe(report.loss);
  });

  it('reports the diverging step with a null loss and nothing after it', async () => {
    const rows = 64;
    const rng = createRng(3);
    const x = Float32Array.from({ length: rows * 2 }, () => rng.normal() * 100);
    const data: Dataset = { x, y: new Int32Array(rows), rows, features: 2, classes: 1, values: Float32Array.from({ length: rows }, () => rng.normal() * 1000) };
    const spec = mlpSpec({ layers: [2, 8, 1], activation: 'relu', output: { activation: 'linear', loss: 'mse' } });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    const config = TrainingConfig.parse({ initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 5, batchSize: 16, epochs: 50, seed: 1 });
    const points: StepPoint[] = [];
    const result = await train(config, { train: data }, { trainer, onStep: (step, epoch, loss, learningRate) => points.push({ step, epoch, loss, learningRate }) });
    expect(result.status).toBe('diverged');
    expect(points).toHaveLength(result.steps);
    expect(points.at(-1)!.loss).toBeNull();
    expect(points.slice(0, -1).every((p) => p.loss !== null && Number.isFinite(p.loss))).toBe(true);
  });
});
