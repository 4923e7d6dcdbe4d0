/**
 * What a run is, as one JSON-safe, validated object: where the data comes from, how it is split and
 * normalized, the model (layer sizes or a design), the training settings, the seeds and the backend.
 * The CLI builds one from its options; training workers and search trials receive one.
 */
import { z } from 'zod';
import { GeneratorConfig, isGeneratorKind } from '../data/generators/registry';
import { normalizationKinds } from '../data/normalize';
import { SplitFractions } from '../data/split';
import { hiddenActivationKinds } from '../engine/activations';
import { activationKinds, outputKinds } from '../engine/spec';
import { GraphDoc } from '../graph/doc';
import { TrainingConfig } from './config';
import { RunSeeds } from './seeds';

const path = z.string().trim().min(1).max(4096);

export const CsvSource = z
  .object({
    kind: z.literal('csv'),
    path,
    /** The label column's header name; the last column when omitted. */
    label: z.string().trim().min(1).max(1000).optional(),
    /** A separate test set with the same columns, its labels mapped onto the training file's classes. */
    testPath: path.optional(),
  })
  .strict();
export const MnistSource = z.object({ kind: z.literal('mnist') }).strict();
export const IrisSource = z.object({ kind: z.literal('iris') }).strict();

/** A generator with its options ({kind: 'moons', samples, noise}), a CSV file, or a packaged data set. */
export const DataSource = z.discriminatedUnion('kind', [GeneratorConfig, CsvSource, MnistSource, IrisSource]);
export type DataSource = z.output<typeof DataSource>;
export type FileDataSource = Exclude<DataSource, GeneratorConfig>;

/** A source read from a file or a package (the data service loads it), as opposed to a seeded generator. */
export function isFileSource(source: DataSource): source is FileDataSource {
  return !isGeneratorKind(source.kind);
}

/** The activations offered between layers (the descriptor of each kind says whether it is one). */
export const hiddenActivations = hiddenActivationKinds;
export const HiddenActivation = z
  .enum(activationKinds)
  .refine((kind) => hiddenActivationKinds.includes(kind), { message: `a hidden activation is one of ${hiddenActivationKinds.join(', ')}` });

/** The MLP shorthand: sizes from the input to the output units, like 2,10,5,1. */
export const LayersModel = z
  .object({
    kind: z.literal('layers'),
    layers: z.array(z.number().int().min(1).max(100_000)).min(2, 'give at least an input size and an output size, like [2, 1]').max(129),
    /** Hidden activation (default relu). */
    activation: HiddenActivation.optional(),
    /** Default: sigmoid for one output unit, softmax for more. */
    output: z.enum(outputKinds).optional(),
    /** Dropout after each hidden activation, keeping units with this probability. */
    keepProb: z.number().gt(0).max(1).optional(),
    batchNorm: z.boolean().optional(),
  })
  .strict();
export const DesignModel = z.object({ kind: z.literal('design'), design: GraphDoc }).strict();
export const ModelDescription = z.discriminatedUnion('kind', [LayersModel, DesignModel]);
export type ModelDescription = z.output<typeof ModelDescription>;

export const backendChoices = ['auto', 'ts', 'wasm'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export const RunRequest = z
  .object({
    data: DataSource,
    /** Default 0.8 / 0.1 / 0.1, or 0.9 / 0.1 / 0 when a CSV test file supplies the test set. */
    split: SplitFractions.optional(),
    /** Fitted on the training rows only (default zscore). */
    normalize: z.enum(normalizationKinds).default('zscore'),
    model: ModelDescription,
    /** The training settings; their seed is seeds.model. */
    settings: TrainingConfig.omit({ seed: true }),
    seeds: RunSeeds,
    /** auto: the WebAssembly SIMD fast path where the network allows, else TypeScript. */
    backend: z.enum(backendChoices).default('auto'),
  })
  .strict();
export type RunRequest = z.output<typeof RunRequest>;
export type RunRequestInput = z.input<typeof RunRequest>;
