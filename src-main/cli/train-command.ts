/**
 * `deepwire train`: builds the data, the network and the training settings from the options,
 * trains with a progress bar on a terminal (Ctrl+C stops between steps and still reports), then
 * prints a summary or, with --json, exactly one JSON object.
 */
import { z } from 'zod';
import { parameterCount } from '@shared/engine/spec';
import { evaluate } from '@shared/training/metrics';
import { TrainingRun, TrainingSetupError } from '@shared/training/run';
import { runStreams } from '@shared/training/seeds';
import { driveTraining } from '@shared/training/train';
import { DataOptions, prepareData } from './data-options';
import { ModelOptions, resolveModel } from './model-options';
import { describeOptionIssues, nonEmptyText, oneOf, wholeNumber } from './option-values';
import { ProgressBar } from './progress-bar';
import { checkModelTarget, saveModel } from './save-model';
import { formatTrainSummary, type TrainReport } from './train-report';
import { backendChoices, createTrainer } from './trainer-choice';
import { trainingConfigFrom, trainingDefaults, TrainingOptions } from './training-options';
import { exitCodes, UsageError } from './usage-error';

export const TrainCommandOptions = DataOptions.extend(ModelOptions.shape)
  .extend(TrainingOptions.shape)
  .extend({
    seed: wholeNumber('--seed', 0, 4_294_967_295).optional(),
    saveModel: nonEmptyText('--save-model').optional(),
    backend: oneOf('--backend', backendChoices).optional(),
    json: z.boolean().optional(),
  });

export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: NodeJS.WriteStream;
}

export async function trainCommand(raw: Record<string, unknown>, output: CommandOutput): Promise<number> {
  const parsed = TrainCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const seed = options.seed ?? trainingDefaults.seed;
  // Settings first: they are cheap to check, loading MNIST is not.
  const config = trainingConfigFrom(options, seed);
  if (options.saveModel !== undefined) checkModelTarget(options.saveModel);
  const streams = runStreams(seed);
  const data = prepareData(options, streams.data, { split: [0.8, 0.1, 0.1] });
  const spec = resolveModel(options, { features: data.train.features, classes: data.train.classes, name: data.name });

  const batchCapacity = config.batchSize === 'full' ? data.train.rows : Math.min(config.batchSize, data.train.rows);
  const trainer = createTrainer(spec, { initializer: config.initializer, optimizer: config.optimizer, l2: config.l2, rng: streams.model, batchCapacity }, options.backend ?? 'auto');
  let run: TrainingRun;
  try {
    run = new TrainingRun(config, { train: data.train, dev: data.dev }, { trainer, rng: streams.batches });
  } catch (error) {
    if (error instanceof TrainingSetupError) throw new UsageError(error.message);
    throw error;
  }

  const bar = new ProgressBar(options.json ? { isTTY: false, write: () => true } : output.stderr);
  let lastEpochLabel = '';
  const showProgress = (force = false) =>
    bar.update({ fraction: run.stepsTaken / run.totalSteps, label: lastEpochLabel || `epoch 1/${config.epochs}` }, force);

  const stop = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    stop.abort();
  };
  process.once('SIGINT', onInterrupt);
  const started = performance.now();
  const result = await driveTraining(run, {
    signal: stop.signal,
    onProgress: (report) => {
      if (report.kind !== 'epoch') return;
      const dev = report.dev?.accuracy != null ? `  dev acc ${report.dev.accuracy.toFixed(3)}` : report.dev?.loss != null ? `  dev loss ${report.dev.loss.toFixed(4)}` : '';
      lastEpochLabel = `epoch ${report.epoch}/${config.epochs}  loss ${report.smoothedLoss?.toFixed(4) ?? '—'}${dev}`;
      showProgress(report.epoch === config.epochs);
    },
    // Between batches of steps: redraw the bar and let Ctrl+C through.
    yieldControl: () => {
      showProgress();
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const durationMs = performance.now() - started;
  process.removeListener('SIGINT', onInterrupt);
  bar.finish();

  const test = data.test ? evaluate(trainer, spec, data.test) : null;
  const saveProblem =
    options.saveModel === undefined
      ? null
      : saveModel(options.saveModel, {
          trainer,
          normalizer: data.normalizer,
          config,
          result,
          dataset: { name: data.name, classNames: data.train.classNames ?? null, featureNames: data.featureNames },
        });
  const savedModel = options.saveModel !== undefined && saveProblem === null ? options.saveModel : null;

  const report: TrainReport = {
    status: result.status,
    epochs: result.epochs,
    steps: result.steps,
    train: result.train,
    dev: result.dev,
    test,
    diagnosis: result.diagnosis,
    durationMs: Math.round(durationMs),
    bestEpoch: result.bestEpoch,
    hint: result.hint,
    learningRate: result.learningRate,
    seed,
    backend: trainer.backend,
    model: { inputSize: spec.inputSize, layers: spec.layers, output: spec.output, parameters: parameterCount(spec) },
    dataset: { name: data.name, features: data.train.features, classes: data.train.classes, rows: { train: data.train.rows, dev: data.dev?.rows ?? 0, test: data.test?.rows ?? 0 } },
    savedModel,
  };
  if (options.json) output.stdout(`${JSON.stringify(report)}\n`);
  else output.stdout(formatTrainSummary(report, config.epochs));
  if (saveProblem) output.stderr.write(`deepwire train: --save-model ${options.saveModel}: not saved: ${saveProblem}.\n`);

  trainer.dispose();
  if (interrupted) return exitCodes.interrupted;
  return result.status === 'diverged' || saveProblem ? exitCodes.failed : exitCodes.ok;
}

