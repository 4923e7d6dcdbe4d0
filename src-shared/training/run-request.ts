/**
 * What a run is, as one JSON-safe, validated object: where the data comes from, how it is split and
 * normalized, the model (layer sizes or a design), the training settings, the seeds and the backend.
 * The CLI builds one from its options; training workers and search trials receive one.
 */
import { z } from 'zod';
import { backendChoices, CsvSource, CsvTextSource, DataSource, IrisSource, MnistSource, RunSettings, type BackendChoice } from '../api/training-settings';
import { isGeneratorKind, type GeneratorConfig } from '../data/generators/registry';
import { hiddenActivationKinds } from '../engine/activations';
import { activationKinds, outputKinds } from '../engine/spec';
import { GraphDoc } from '../graph/doc';

export { backendChoices, CsvSource, CsvTextSource, DataSource, IrisSource, MnistSource, type BackendChoice };

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

/** A run: its settings (the contract's RunSettings) and its model. */
export const RunRequest = RunSettings.extend({ model: ModelDescription }).strict();
export type RunRequest = z.output<typeof RunRequest>;
export type RunRequestInput = z.input<typeof RunRequest>;
