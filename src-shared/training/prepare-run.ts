/**
 * Run setup, the pure part: from a RunRequest and the data it names (already loaded, for files and
 * packages; generated here from the data seed otherwise) to everything a run needs — the split,
 * normalized data, the compiled model, the settings, the trainer on the chosen backend and the
 * TrainingRun. Problems come back as data naming the request field to change, never as exceptions.
 * The CLI, the training workers and search trials all start runs through here.
 */
import type { z } from 'zod';
import type { Dataset } from '../data/dataset';
import { generateDataset } from '../data/generators/registry';
import { applyNormalizer, fitNormalizer, type Normalizer } from '../data/normalize';
import { splitDataset, type SplitFractions } from '../data/split';
import { mlpSpec } from '../engine/mlp';
import { DenseSpec, lossesForOutput, parameterCount, type ModelSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';
import { compileGraph } from '../graph/compile';
import { defaultMaxParameters, maxLayers, modelSizeProblem } from '../graph/limits';
import { createTrainer } from './backend';
import { classProblem, unseenClassWarnings } from './class-checks';
import type { TrainingConfig } from './config';
import { TrainingRun, TrainingSetupError, type TrainingRunOptions } from './run';
import { isFileSource, RunRequest, type DataSource, type ModelDescription, type RunRequestInput } from './run-request';
import { runStreams, type RunStreams } from './seeds';
import { describeShapeMismatch } from './targets';

/** The request field a problem is about (what a caller highlights, or which CLI option it names). */
export type RunSetupField = 'data' | 'test' | 'split' | 'normalize' | 'model' | 'settings' | 'seeds' | 'backend';

/**
 * A run that cannot start. For field 'model' and 'backend' the message continues a subject naming
 * the model or backend ("The network" / "--layers" + "starts with 3 inputs …"; "--backend" +
 * "wasm cannot run …"); for the other fields it stands alone.
 */
export interface RunSetupError {
  ok: false;
  field: RunSetupField;
  message: string;
}

/** A data set loaded from a file or package (src-main's data service builds it). */
export interface LoadedData {
  /** What the source is called in messages: mnist, iris or the CSV path. */
  name: string;
  all: Dataset;
  /** A separate test set (a CSV test file), already mapped onto `all`'s classes. */
  test: Dataset | null;
  featureNames: string[] | null;
  /** The label column's header (CSV), for messages. */
  labelName: string | null;
}

export interface PrepareRunOptions {
  /** A stricter limit than training's (e.g. for a gradient check), with what it is for ("a gradient check"). */
  parameterLimit?: { maxParameters: number; purpose: string };
  /** Reporting options of the TrainingRun (the trainer and batch order come from the request). */
  run?: Omit<TrainingRunOptions, 'trainer' | 'rng'>;
}

export interface PreparedRun {
  request: RunRequest;
  /** mnist, iris, the generator's kind or the CSV path. */
  name: string;
  /** Normalized with statistics of the training rows only. */
  train: Dataset;
  dev: Dataset | null;
  test: Dataset | null;
  normalizer: Normalizer;
  featureNames: string[] | null;
  spec: ModelSpec;
  parameters: number;
  /** The request's settings with seed = seeds.model. */
  config: TrainingConfig;
  streams: RunStreams;
  /** The caller owns it: dispose() when done. */
  trainer: Trainer;
  /** For backend 'auto': why a faster backend did not take the run (the native kernels not built, say); null when the fastest did. */
  backendFallback: string | null;
  run: TrainingRun;
  /** Things a person should know that do not stop the run (a class missing from the training rows). */
  warnings: string[];
}

export type PrepareRunResult = { ok: true; run: PreparedRun } | RunSetupError;

const fail = (field: RunSetupField, message: string): RunSetupError => ({ ok: false, field, message });

/** The request's problems as one error naming the first field (zod issues joined). */
export function requestProblem(error: z.ZodError): RunSetupError {
  const first = error.issues[0]!;
  const field = String(first.path[0] ?? 'settings');
  const known: readonly string[] = ['data', 'split', 'normalize', 'model', 'settings', 'seeds', 'backend'];
  const where = (issue: z.core.$ZodIssue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '');
  return fail((known.includes(field) ? field : 'settings') as RunSetupField, error.issues.map((issue) => `${where(issue)}${issue.message}`).join('; '));
}

/** Everything a run needs, or the first problem. `loaded` is required for file and package sources. */
export function prepareRun(input: RunRequestInput, loaded: LoadedData | null, options: PrepareRunOptions = {}): PrepareRunResult {
  const parsed = RunRequest.safeParse(input);
  if (!parsed.success) return requestProblem(parsed.error);
  const request = parsed.data;
  const streams = runStreams(request.seeds);

  const data = dataOf(request.data, loaded, streams);
  if (!data.ok) return data;
  const { all, name } = data.loaded;
  const model = buildSpec(request.model, all, name);
  if (!model.ok) return model;
  const { spec } = model;

  // Classes before output sizes, so 100,000 labels get one message however the network ends.
  // (A separate test file takes the training file's classes, so only the data set itself is counted.)
  const tooFewOrMany = spec.output.activation === 'linear' ? null : classProblem(all, data.loaded.labelName);
  if (tooFewOrMany) return fail('data', tooFewOrMany);
  const outputProblem = outputSizeProblem(request.model, spec, all, name);
  if (outputProblem) return fail('model', outputProblem);
  const limit = options.parameterLimit ?? { maxParameters: defaultMaxParameters, purpose: '' };
  const tooLarge = modelSizeProblem(spec, limit.maxParameters);
  if (tooLarge) return fail('model', `${tooLarge}${limit.purpose ? ` for ${limit.purpose}` : ''}; use fewer or smaller layers`);

  const parts = splitParts(request, data.loaded, streams);
  if (!parts.ok) return parts;
  const warnings = spec.output.activation === 'linear' ? [] : unseenClassWarnings(parts);

  // Fitted on the training rows only, then applied unchanged to dev and test.
  const normalizer = fitNormalizer(request.normalize, parts.train);
  const scale = (part: Dataset | null) => part && { ...part, x: applyNormalizer(normalizer, part.x, part.features) };
  const train = scale(parts.train)!;
  const dev = scale(parts.dev);

  const config: TrainingConfig = { ...request.settings, seed: request.seeds.model };
  const batchCapacity = config.batchSize === 'full' ? train.rows : Math.min(config.batchSize, train.rows);
  const trainerSettings = { initializer: config.initializer, optimizer: config.optimizer, l2: config.l2, rng: streams.model, batchCapacity };
  const created = createTrainer(spec, trainerSettings, request.backend);
  if (!created.ok) return fail('backend', created.message);
  let run: TrainingRun;
  try {
    run = new TrainingRun(config, { train, dev }, { ...options.run, trainer: created.trainer, rng: streams.batches });
  } catch (error) {
    created.trainer.dispose();
    if (error instanceof TrainingSetupError) return fail('settings', error.message);
    throw error;
  }
  return {
    ok: true,
    run: {
      request,
      name,
      train,
      dev,
      test: scale(parts.test),
      normalizer,
      featureNames: data.loaded.featureNames,
      spec,
      parameters: parameterCount(spec),
      config,
      streams,
      trainer: created.trainer,
      backendFallback: created.fallback,
      run,
      warnings,
    },
  };
}

function dataOf(source: DataSource, loaded: LoadedData | null, streams: RunStreams): { ok: true; loaded: LoadedData } | RunSetupError {
  if (!isFileSource(source)) {
    return { ok: true, loaded: { name: source.kind, all: generateDataset(source, streams.data), test: null, featureNames: null, labelName: null } };
  }
  if (!loaded) return fail('data', `the ${source.kind === 'csv' ? `CSV file ${source.path}` : `${source.kind} data`} has not been loaded; load it with the data service first`);
  return { ok: true, loaded };
}

const maxUnits = DenseSpec.shape.units.maxValue ?? 4096;

function buildSpec(model: ModelDescription, data: Dataset, name: string): { ok: true; spec: ModelSpec } | RunSetupError {
  if (model.kind === 'design') {
    const compiled = compileGraph(model.design, { inputSize: data.features });
    if (!compiled.ok) {
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `  - ${d.message}${d.nodeId ? ` (node ${d.nodeId})` : ''}`);
      return fail('model', `cannot be trained yet:\n${errors.join('\n')}`);
    }
    return { ok: true, spec: compiled.spec };
  }
  const [inputs] = model.layers;
  if (inputs !== data.features) return fail('model', `starts with ${inputs} inputs but the ${name} data has ${data.features} features; start it with ${data.features}`);
  const output = model.output ?? (model.layers.at(-1) === 1 ? 'sigmoid' : 'softmax');
  return {
    ok: true,
    spec: mlpSpec({
      layers: model.layers,
      activation: model.activation ?? 'relu',
      output: { activation: output, loss: lossesForOutput[output][0]! },
      ...(model.keepProb !== undefined && { keepProb: model.keepProb }),
      ...(model.batchNorm && { batchNorm: true }),
    }),
  };
}

/** Why the model's output does not fit the data's classes (or a layer is too wide), or null. */
function outputSizeProblem(model: ModelDescription, spec: ModelSpec, data: Dataset, name: string): string | null {
  if (model.kind === 'layers') {
    const units = model.layers.at(-1)!;
    const output = spec.output.activation;
    if (output !== 'linear' && units !== data.classes && !(units === 1 && output === 'sigmoid' && data.classes === 2)) {
      const fitting = output === 'sigmoid' && data.classes === 2 ? `1 (or ${data.classes})` : String(data.classes);
      return `ends with ${units} output unit${units === 1 ? '' : 's'} but the ${name} data has ${data.classes} classes; end it with ${fitting}`;
    }
    const widest = Math.max(...model.layers.slice(1));
    if (widest > maxUnits) return `has a layer of ${widest} units; a layer can have at most ${maxUnits}`;
    if (spec.layers.length > maxLayers) {
      return `makes ${spec.layers.length} layers (each dense, activation, batch norm and dropout layer counts); a network can have at most ${maxLayers}`;
    }
  }
  const mismatch = describeShapeMismatch(spec, data);
  return mismatch && `does not fit the ${name} data: ${mismatch}`;
}

function splitParts(request: RunRequest, loaded: LoadedData, streams: RunStreams): { ok: true; train: Dataset; dev: Dataset | null; test: Dataset | null } | RunSetupError {
  const separateTest = loaded.test !== null;
  const fractions: SplitFractions = request.split ?? (separateTest ? { train: 0.9, dev: 0.1, test: 0 } : { train: 0.8, dev: 0.1, test: 0.1 });
  if (separateTest && fractions.test > 0) {
    return fail('split', `a test fraction (${fractions.test}) is given but the test file already supplies the test set; use ${fractions.train},${fractions.dev},0`);
  }
  try {
    const parts = splitDataset(loaded.all, fractions, streams.data);
    return { ok: true, train: parts.train, dev: parts.dev, test: separateTest ? loaded.test : parts.test };
  } catch (error) {
    return fail('split', (error as Error).message);
  }
}
