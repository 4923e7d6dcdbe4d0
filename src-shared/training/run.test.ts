import { describe, expect, it } from 'vitest';
import { createRng, createTsTrainer, learningRateAt, mlpSpec, type ModelSpec } from '../engine/index';
import { fitNormalizer, generateDataset, normalizeDataset, splitDataset, type Dataset, type GeneratorConfig } from '../data/index';
import { TrainingConfig, type TrainingConfigInput } from './config';
import type { TrainingProgress } from './progress';
import { TrainingRun, TrainingSetupError } from './run';
import { runStreams } from './seeds';
import { driveTraining, train } from './train';

interface Setup {
  config: TrainingConfig;
  spec: ModelSpec;
  data: { train: Dataset; dev: Dataset | null };
  trainer: () => ReturnType<typeof createTsTrainer>;
}

/** A seeded, normalized split of a generated set and a fresh trainer factory for it. */
function setup(generator: GeneratorConfig, layers: number[], overrides: Partial<TrainingConfigInput> = {}, fractions = { train: 0.7, dev: 0.3, test: 0 }): Setup {
  const config = TrainingConfig.parse({ initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 10, seed: 5, ...overrides });
  const streams = runStreams(config.seed);
  const split = splitDataset(generateDataset(generator, streams.data), fractions, streams.data);
  const normalizer = fitNormalizer('zscore', split.train);
  const spec = mlpSpec({ layers, activation: 'tanh' });
  return {
    config,
    spec,
    data: { train: normalizeDataset(normalizer, split.train), dev: split.dev && normalizeDataset(normalizer, split.dev) },
    trainer: () => createTsTrainer(spec, { initializer: config.initializer, optimizer: config.optimizer, l2: config.l2, rng: runStreams(config.seed).model }),
  };
}

/** Whether every number anywhere inside `value` passes `test`. */
function everyNumber(value: unknown, test: (n: number) => boolean): boolean {
  if (typeof value === 'number') return test(value);
  if (value && typeof value === 'object') return Object.values(value).every((inner) => everyNumber(inner, test));
  return true;
}

const moons = { kind: 'moons', samples: 600, noise: 0.1 } as const;

describe('train: a full run', () => {
  it('learns the moons (dev accuracy ≥ 0.95), reports each epoch, and finishes completed', async () => {
    const s = setup(moons, [2, 16, 16, 1], { epochs: 25 });
    const reports: TrainingProgress[] = [];
    const result = await train(s.config, s.data, { trainer: s.trainer(), onProgress: (p) => reports.push(p) });
    expect(result.status).toBe('completed');
    expect(result.epochs).toBe(25);
    // 420 training rows in batches of 32 → ⌈420/32⌉ = 14 steps per epoch
    expect(result.steps).toBe(25 * 14);
    expect(result.dev!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(reports.every((r) => r.kind === 'epoch' && r.step === r.epoch * 14)).toBe(true);
    // The last epoch report measured the same weights the result did.
    expect(reports.at(-1)!.train).toEqual(result.train);
    // Learning shows in the loss: the smoothed batch loss fell a lot.
    expect(reports.at(-1)!.smoothedLoss!).toBeLessThan(reports[0]!.smoothedLoss! / 3);
    expect(reports[0]!.norms.map((n) => n.name)).toContain('dense1.W');
    expect(result.diagnosis!.verdict).toBe('fine');
  });

  it('is deterministic: the same seed gives identical reports and results', async () => {
    const run = async () => {
      const s = setup(moons, [2, 8, 1], { epochs: 3 });
      const reports: TrainingProgress[] = [];
      const result = await train(s.config, s.data, { trainer: s.trainer(), onProgress: (p) => reports.push(p), reportEverySteps: 5 });
      return { reports, result };
    };
    expect(await run()).toEqual(await run());
  });

  it('reports every n steps too, on the first evaluationRows rows, marked sampled', async () => {
    const s = setup(moons, [2, 8, 1], { epochs: 2 });
    const reports: TrainingProgress[] = [];
    await train(s.config, s.data, { trainer: s.trainer(), reportEverySteps: 5, evaluationRows: 100, onProgress: (p) => reports.push(p) });
    const steps = reports.filter((r) => r.kind === 'step');
    // 14 steps per epoch: step reports at 5, 10, 15, 20, 25 (14 and 28 are epoch ends)
    expect(steps.map((r) => r.step)).toEqual([5, 10, 15, 20, 25]);
    expect(steps.map((r) => r.epoch)).toEqual([1, 1, 2, 2, 2]);
    expect(steps.every((r) => r.sampled)).toBe(true);
    expect(reports.filter((r) => r.kind === 'epoch').every((r) => !r.sampled)).toBe(true);
  });

  it("batch 'full' takes one step per epoch", async () => {
    const s = setup(moons, [2, 4, 1], { epochs: 3, batchSize: 'full' });
    const result = await train(s.config, s.data, { trainer: s.trainer() });
    expect(result.steps).toBe(3);
  });

  it('follows the schedule: step decay halves the rate every 2 epochs', async () => {
    const schedule = { kind: 'step', decayRate: 0.5, interval: 2 } as const;
    const s = setup(moons, [2, 4, 1], { epochs: 5, schedule, learningRate: 0.04 });
    const rates: number[] = [];
    await train(s.config, s.data, { trainer: s.trainer(), onProgress: (p) => rates.push(p.learningRate) });
    // epochs 0..4 → 0.04, 0.04, 0.02, 0.02, 0.01
    expect(rates).toEqual([0.04, 0.04, 0.02, 0.02, 0.01]);
    expect(rates).toEqual([0, 1, 2, 3, 4].map((e) => learningRateAt(schedule, 0.04, e)));
  });

  it('gives null accuracy for a linear output and diagnoses on the loss', async () => {
    const s = setup(moons, [2, 8, 1], { epochs: 2 });
    const spec = mlpSpec({ layers: [2, 8, 1], activation: 'tanh', output: { activation: 'linear', loss: 'mse' } });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-in' }, optimizer: { kind: 'adam' }, l2: 0, rng: createRng(1) });
    const result = await train(s.config, s.data, { trainer });
    expect(result.train.accuracy).toBeNull();
    expect(result.train.loss).toBeGreaterThan(0);
    expect(result.diagnosis!.basis).toBe('loss');
  });
});

describe('train: how runs end', () => {
  it("diverges with a hint when the loss blows up (linear output, raw large targets, lr 5 with plain GD)", async () => {
    const rows = 64;
    const rng = createRng(3);
    const x = Float32Array.from({ length: rows * 2 }, () => rng.normal() * 100);
    const data: Dataset = { x, y: new Int32Array(rows), rows, features: 2, classes: 1, values: Float32Array.from({ length: rows }, () => rng.normal() * 1000) };
    const spec = mlpSpec({ layers: [2, 8, 1], activation: 'relu', output: { activation: 'linear', loss: 'mse' } });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    const config = TrainingConfig.parse({ initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, learningRate: 5, batchSize: 16, epochs: 50, seed: 1 });
    const result = await train(config, { train: data }, { trainer });
    expect(result.status).toBe('diverged');
    expect(result.epochs).toBeLessThan(50);
    expect(result.hint).toMatch(/lower the learning rate/i);
    expect(result.hint).toMatch(/normalized/);
    expect(result.diagnosis).toBeNull();
    expect(result.train).toEqual({ loss: null, accuracy: null });
    // NaN and Infinity never leave the loop as numbers.
    expect(everyNumber(result, Number.isFinite)).toBe(true);
  });

  it('keeps the last finite metrics of a diverging run, with the epoch they were measured at', async () => {
    // The moons with a linear output, full-batch GD at α 0.76: finite for a few epochs, then Infinity.
    const s = setup(moons, [2, 64, 64, 1], { optimizer: { kind: 'gd' }, learningRate: 0.76, batchSize: 'full', epochs: 500, seed: 1 });
    const spec = mlpSpec({ layers: [2, 64, 64, 1], activation: 'relu', output: { activation: 'linear', loss: 'mse' } });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    const reports: TrainingProgress[] = [];
    const result = await train(s.config, s.data, { trainer, onProgress: (p) => reports.push(p) });
    expect(result.status).toBe('diverged');
    expect(result.train.loss).toBeNull();
    // The last epoch report whose training loss was finite is what the result keeps.
    const lastFinite = reports.filter((r) => r.kind === 'epoch' && r.train.loss !== null).at(-1)!;
    expect(lastFinite).toBeDefined();
    expect(result.lastFinite).toEqual({ epoch: lastFinite.epoch, train: lastFinite.train, dev: lastFinite.dev });
    expect(result.lastFinite!.train.loss).toBeGreaterThan(0);
  });

  it('stops early on the dev loss and restores the best weights', async () => {
    const s = setup({ kind: 'football', samples: 300, noise: 0.08 }, [2, 64, 64, 1], { epochs: 400, earlyStopping: { patience: 5 }, seed: 3 }, { train: 0.6, dev: 0.4, test: 0 });
    const reports: TrainingProgress[] = [];
    const result = await train(s.config, s.data, { trainer: s.trainer(), onProgress: (p) => reports.push(p) });
    expect(result.status).toBe('early-stopped');
    expect(result.epochs).toBeLessThan(400);
    // Patience 5: it ran exactly 5 epochs past the best one.
    expect(result.epochs).toBe(result.bestEpoch! + 5);
    const devLosses = reports.map((r) => r.dev!.loss!);
    const best = reports[result.bestEpoch! - 1]!;
    expect(Math.min(...devLosses)).toBe(best.dev!.loss);
    // The restored weights are the best epoch's: same metrics to the last bit.
    expect(result.dev).toEqual(best.dev);
    expect(result.train).toEqual(best.train);
  });

  it('stops when the signal aborts, between steps, keeping the epochs done', async () => {
    const s = setup(moons, [2, 8, 1], { epochs: 50 });
    const controller = new AbortController();
    const result = await train(s.config, s.data, {
      trainer: s.trainer(),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2) controller.abort();
      },
    });
    expect(result.status).toBe('stopped');
    expect(result.epochs).toBe(2);
    expect(result.steps).toBe(28);
  });

  it('an already-aborted signal stops before the first step', async () => {
    const s = setup(moons, [2, 8, 1]);
    const result = await train(s.config, s.data, { trainer: s.trainer(), signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: 'stopped', steps: 0, epochs: 0 });
  });
});

describe('TrainingRun: pause, resume, adjust', () => {
  it('takes no step while paused; a paused-then-resumed run ends exactly like an uninterrupted one', async () => {
    const plain = setup(moons, [2, 8, 1], { epochs: 4 });
    const expected = await train(plain.config, plain.data, { trainer: plain.trainer() });

    const s = setup(moons, [2, 8, 1], { epochs: 4 });
    const run = new TrainingRun(s.config, s.data, { trainer: s.trainer() });
    for (let i = 0; i < 10; i++) run.step();
    run.pause();
    expect(run.status).toBe('paused');
    expect(run.step()).toEqual([]);
    expect(run.stepsTaken).toBe(10);
    setTimeout(() => run.resume(), 5);
    const result = await driveTraining(run);
    expect(result).toEqual(expected);
  });

  it('a pause from onProgress holds the driver until resume', async () => {
    const s = setup(moons, [2, 8, 1], { epochs: 3 });
    const run = new TrainingRun(s.config, s.data, { trainer: s.trainer() });
    let stepsWhenPaused = -1;
    const done = driveTraining(run, {
      onProgress: (p) => {
        if (p.epoch === 1) {
          run.pause();
          stepsWhenPaused = run.stepsTaken;
        }
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(run.status).toBe('paused');
    expect(run.stepsTaken).toBe(stepsWhenPaused);
    run.resume();
    expect((await done).status).toBe('completed');
  });

  it('adjusting the learning rate rescales the schedule from that epoch on, and is recorded', async () => {
    const s = setup(moons, [2, 4, 1], { epochs: 4, learningRate: 0.1, schedule: { kind: 'inverse-time', decayRate: 1 } });
    const run = new TrainingRun(s.config, s.data, { trainer: s.trainer() });
    const rates: number[] = [];
    await driveTraining(run, {
      onProgress: (p) => {
        rates.push(p.learningRate);
        if (p.epoch === 2) expect(run.adjust({ learningRate: 0.09 })).toEqual({ ok: true });
      },
    });
    // α = α0/(1 + e): epochs 0, 1 at α0 = 0.1 → 0.1, 0.05; at epoch 2 the rate is set to 0.09
    // (α0' = 0.09·3 = 0.27), so epoch 3 gets 0.27/4 = 0.0675.
    expect(rates[0]).toBeCloseTo(0.1, 12);
    expect(rates[1]).toBeCloseTo(0.05, 12);
    expect(rates[2]).toBeCloseTo(0.09, 12);
    expect(rates[3]).toBeCloseTo(0.0675, 12);
    expect(run.result()!.adjustments).toEqual([{ step: 28, changes: { learningRate: 0.09 } }]);
  });

  it("changes the optimizer's β between steps, and refuses a β the optimizer does not have", () => {
    const s = setup(moons, [2, 4, 1], { optimizer: { kind: 'momentum', beta: 0.9 } });
    const trainer = s.trainer();
    const run = new TrainingRun(s.config, s.data, { trainer });
    run.step();
    expect(run.adjust({ beta: 0.5 })).toEqual({ ok: true });
    expect((trainer.optimizerState() as { hyperparameters: { beta: number } }).hyperparameters.beta).toBe(0.5);
    expect(run.adjust({ beta1: 0.8 })).toEqual({ ok: false, message: expect.stringMatching(/beta1 does not apply to the momentum optimizer/) });
    expect(run.adjust({ learningRate: -1 })).toMatchObject({ ok: false, message: expect.stringMatching(/learningRate/) });
    expect(run.adjust({})).toMatchObject({ ok: false });
  });
});

describe('driveTraining: yielding to the event loop', () => {
  it('yields through yieldControl whenever yieldEveryMs have passed on its clock', async () => {
    const s = setup(moons, [2, 4, 1], { epochs: 2 });
    const run = new TrainingRun(s.config, s.data, { trainer: s.trainer() });
    const yieldedAt: number[] = [];
    // A clock that reads the step count: "4 ms" are 4 steps, so the yields are predictable.
    await driveTraining(run, { now: () => run.stepsTaken, yieldEveryMs: 4, yieldControl: async () => void yieldedAt.push(run.stepsTaken) });
    // 2 epochs × 14 steps = 28 steps: a yield after every 4th
    expect(yieldedAt).toEqual([4, 8, 12, 16, 20, 24, 28]);
  });
});

describe('TrainingRun: setup errors a person can act on', () => {
  it('refuses a model whose sizes do not fit the data, and early stopping without a dev set', () => {
    const s = setup(moons, [2, 4, 1]);
    const wrongInput = createTsTrainer(mlpSpec({ layers: [3, 4, 1], activation: 'relu' }), { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    expect(() => new TrainingRun(s.config, s.data, { trainer: wrongInput })).toThrow(TrainingSetupError);
    expect(() => new TrainingRun(s.config, s.data, { trainer: wrongInput })).toThrow(/3 inputs but the data set has 2 features/);
    expect(() => new TrainingRun({ ...s.config, earlyStopping: { patience: 2 } }, { train: s.data.train }, { trainer: s.trainer() })).toThrow(/no dev set/);
  });
});

describe('TrainingConfig', () => {
  it('round-trips through JSON with defaults filled, and refuses unknown keys and bad values', () => {
    const config = TrainingConfig.parse({ initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.001, batchSize: 'full', epochs: 5, seed: 9, earlyStopping: { patience: 3 } });
    expect(config.schedule).toEqual({ kind: 'constant' });
    expect(config.l2).toBe(0);
    expect(config.optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(TrainingConfig.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
    expect(TrainingConfig.safeParse({ ...config, learningRate: 0 }).success).toBe(false);
    expect(TrainingConfig.safeParse({ ...config, batchSize: 0 }).success).toBe(false);
    expect(TrainingConfig.safeParse({ ...config, optimizer: { kind: 'adagrad' } }).success).toBe(false);
    expect(TrainingConfig.safeParse({ ...config, momentum: 0.9 }).success).toBe(false);
  });
});
