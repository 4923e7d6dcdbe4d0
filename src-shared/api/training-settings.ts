/**
 * What a training run is set up with, as runtime schemas: they cross the contract (training:start,
 * training:adjust), the worker boundary and the experiment store. The training module builds on
 * these (api imports no training code, so the schemas live here and training/ re-exports them).
 */
import { z } from 'zod';
import { GeneratorConfig } from '../data/generators/registry';
import { normalizationKinds } from '../data/normalize';
import { SplitFractions } from '../data/split';
import { InitializerConfig, OptimizerConfig, ScheduleConfig } from '../engine/config';
import { hyperparameterShape, type HyperparameterName } from '../engine/optimizers/registry';

export const BatchSizeSetting = z.union([z.number().int().min(1).max(1_000_000), z.literal('full')]);

export const EarlyStoppingConfig = z
  .object({
    /** Epochs without a better dev loss before stopping (the best weights are then restored). */
    patience: z.number().int().min(1).max(10_000),
    /** How much lower a dev loss must be to count as better. */
    minDelta: z.number().min(0).max(1e6).default(0),
  })
  .strict();
export type EarlyStoppingConfig = z.output<typeof EarlyStoppingConfig>;

const seed = z.number().int().min(0).max(0xffffffff);

export const TrainingConfig = z
  .object({
    initializer: InitializerConfig,
    optimizer: OptimizerConfig,
    schedule: ScheduleConfig.default({ kind: 'constant' }),
    /** α0, the base learning rate the schedule decays from. */
    learningRate: z.number().positive().max(100),
    /** L2 weight decay λ (0 = none). */
    l2: z.number().min(0).max(1e4).default(0),
    batchSize: BatchSizeSetting,
    epochs: z.number().int().min(1).max(1_000_000),
    /** Seeds every random choice of the model (initialization, dropout, batch order). */
    seed,
    earlyStopping: EarlyStoppingConfig.optional(),
    /** The Bayes / human-level error the bias/variance diagnosis measures against (default 0). */
    targetError: z.number().min(0).max(1).optional(),
  })
  .strict();
export type TrainingConfig = z.output<typeof TrainingConfig>;
export type TrainingConfigInput = z.input<typeof TrainingConfig>;

/** Two seeds: the data seed (generating and splitting the data) and the model seed (weights, dropout, batch order). */
export const RunSeeds = z.object({ data: seed, model: seed }).strict();
export type RunSeeds = z.infer<typeof RunSeeds>;

const path = z.string().trim().min(1).max(4096);
const labelColumn = z.string().trim().min(1).max(1000);

/** A CSV file on the machine that trains (the command line; the desktop app's file picker). */
export const CsvSource = z
  .object({
    kind: z.literal('csv'),
    path,
    /** The label column's header name; the last column when omitted. */
    label: labelColumn.optional(),
    /** A separate test set with the same columns, its labels mapped onto the training file's classes. */
    testPath: path.optional(),
  })
  .strict();

/** Characters of CSV text a page may send with training:start (the socket carries at most 8 MB a message). */
export const maxCsvTextChars = 5_000_000;

/** A CSV file the page read itself (picked or dropped in a browser), sent as its text. */
export const CsvTextSource = z
  .object({
    kind: z.literal('csv-text'),
    /** The file's name, for messages and the run list. */
    name: z.string().trim().min(1).max(255),
    text: z.string().max(maxCsvTextChars, `a CSV picked in the app can be at most ${maxCsvTextChars / 1e6} MB; train larger files with the deepwire command`),
    label: labelColumn.optional(),
  })
  .strict();
export const MnistSource = z.object({ kind: z.literal('mnist') }).strict();
export const IrisSource = z.object({ kind: z.literal('iris') }).strict();

/** A generator with its options ({kind: 'moons', samples, noise}), a CSV file or text, or a packaged data set. */
export const DataSource = z.discriminatedUnion('kind', [GeneratorConfig, CsvSource, CsvTextSource, MnistSource, IrisSource]);
export type DataSource = z.output<typeof DataSource>;
export type DataSourceInput = z.input<typeof DataSource>;

/** Who takes a run's steps, fastest first (auto tries them in this order): the native kernels, WebAssembly SIMD (both dense networks only) or the TypeScript engine (every network). */
export const backendKinds = ['native', 'wasm', 'ts'] as const;
export type BackendKind = (typeof backendKinds)[number];
/** auto: the fastest that can run the network here (native, else wasm, else ts). */
export const backendChoices = ['auto', ...backendKinds] as const;
export type BackendChoice = (typeof backendChoices)[number];
/** How a person reads each backend's name. */
export const backendLabels: Record<BackendKind, string> = { native: 'native kernels', wasm: 'WebAssembly SIMD', ts: 'TypeScript' };

/** "on the native kernels", "on WebAssembly SIMD", "on TypeScript": where a run's steps were taken. */
export function onEngine(backend: BackendKind): string {
  return `on ${backend === 'native' ? 'the ' : ''}${backendLabels[backend]}`;
}

/** Everything about a run but its model: the data, its split and normalization, the training settings, the seeds, the backend. */
export const RunSettings = z
  .object({
    data: DataSource,
    /** Default 0.8 / 0.1 / 0.1, or 0.9 / 0.1 / 0 when a CSV test file supplies the test set. */
    split: SplitFractions.optional(),
    /** Fitted on the training rows only (default zscore). */
    normalize: z.enum(normalizationKinds).default('zscore'),
    /** The training settings; their seed is seeds.model. */
    settings: TrainingConfig.omit({ seed: true }),
    seeds: RunSeeds,
    /** auto: the native kernels where they loaded and the network allows, else WebAssembly SIMD, else TypeScript. */
    backend: z.enum(backendChoices).default('auto'),
  })
  .strict();
export type RunSettings = z.output<typeof RunSettings>;
export type RunSettingsInput = z.input<typeof RunSettings>;

const optionalHyperparameters = Object.fromEntries(Object.entries(hyperparameterShape()).map(([name, schema]) => [name, schema.optional()])) as {
  [P in HyperparameterName]: z.ZodOptional<z.ZodNumber>;
};

/**
 * Changes a person can make while a run trains (the "panda" way of tuning), applied between steps
 * and recorded with the step they took effect: the learning rate, the optimizer's hyperparameters
 * (as the optimizers declare them), L2 λ, the keep probability of every dropout layer, the
 * mini-batch size (from the next epoch) and the learning-rate decay.
 */
export const AdjustmentChanges = z
  .object({
    learningRate: z.number().positive().max(100).optional(),
    ...optionalHyperparameters,
    l2: z.number().min(0).max(1e4).optional(),
    keepProb: z.number().gt(0).max(1).optional(),
    batchSize: BatchSizeSetting.optional(),
    schedule: ScheduleConfig.optional(),
  })
  .strict();
export type AdjustmentChanges = z.output<typeof AdjustmentChanges>;

export const TrainingAdjustment = AdjustmentChanges.refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: 'an adjustment must change at least one setting' });
export type TrainingAdjustment = z.output<typeof TrainingAdjustment>;
