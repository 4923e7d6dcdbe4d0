/**
 * `deepwire train`: turns the options into a RunRequest, has the data service load the data and
 * prepareRun set the run up, trains with a progress bar on a terminal (Ctrl+C stops between steps
 * and still reports), then prints a summary or, with --json, exactly one JSON object.
 */
import { z } from 'zod';
import { epochHistory } from '@shared/training/history';
import { evaluate } from '@shared/training/metrics';
import type { TrainingProgress } from '@shared/training/progress';
import { backendChoices, type RunRequestInput } from '@shared/training/run-request';
import { driveTraining } from '@shared/training/train';
import { prepareRunWithData } from '../services/run-data';
import { DataOptions, dataSourceFrom, seedsFrom, splitFrom } from './data-options';
import { ModelOptions, modelFrom, modelSubject } from './model-options';
import { describeOptionIssues, nonEmptyText, oneOf } from './option-values';
import { ProgressBar } from './progress-bar';
import { checkModelTarget, saveModel } from './save-model';
import { formatTrainSummary, type TrainReport } from './train-report';
import { trainingConfigFrom, TrainingOptions } from './training-options';
import { exitCodes, UsageError, usageErrorFromSetup } from './usage-error';

export const TrainCommandOptions = DataOptions.extend(ModelOptions.shape)
  .extend(TrainingOptions.shape)
  .extend({
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
  const seeds = seedsFrom(options);
  // Settings first: they are cheap to check, loading MNIST is not.
  const { seed: _modelSeed, ...settings } = trainingConfigFrom(options, seeds.model);
  if (options.saveModel !== undefined) checkModelTarget(options.saveModel);
  const split = splitFrom(options);
  const request: RunRequestInput = {
    data: dataSourceFrom(options),
    ...(split && { split }),
    normalize: options.normalize ?? 'zscore',
    model: modelFrom(options),
    settings,
    seeds,
    backend: options.backend ?? 'auto',
  };

  const bar = new ProgressBar(options.json ? { isTTY: false, write: () => true } : output.stderr);
  const stop = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    stop.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    const prepared = await prepareRunWithData(request, {
      signal: stop.signal,
      onProgress: (progress) => bar.update({ fraction: progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 0, label: `reading ${progress.path}` }),
    });
    bar.finish();
    if (interrupted) return exitCodes.interrupted;
    if (!prepared.ok) throw usageErrorFromSetup(prepared, { model: modelSubject(options) });
    const { run, trainer, spec, config } = prepared.run;
    for (const warning of prepared.run.warnings) output.stderr.write(`deepwire train: warning: ${warning}\n`);

    let lastEpochLabel = '';
    const showProgress = (force = false) => bar.update({ fraction: run.stepsTaken / run.totalSteps, label: lastEpochLabel || `epoch 1/${config.epochs}` }, force);
    const started = performance.now();
    const epochReports: TrainingProgress[] = [];
    const result = await driveTraining(run, {
      signal: stop.signal,
      onProgress: (report) => {
        if (report.kind !== 'epoch') return;
        epochReports.push(report);
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
    bar.finish();

    const { name, train, dev, test: testData, normalizer, featureNames } = prepared.run;
    const test = testData ? evaluate(trainer, spec, testData) : null;
    const saveProblem =
      options.saveModel === undefined
        ? null
        : saveModel(options.saveModel, { trainer, normalizer, config, result, dataset: { name, classNames: train.classNames ?? null, featureNames } });
    const savedModel = options.saveModel !== undefined && saveProblem === null ? options.saveModel : null;

    const report: TrainReport = {
      status: result.status,
      epochs: result.epochs,
      steps: result.steps,
      train: result.train,
      dev: result.dev,
      test,
      lastFinite: result.lastFinite,
      diagnosis: result.diagnosis,
      durationMs: Math.round(durationMs),
      bestEpoch: result.bestEpoch,
      hint: result.hint,
      learningRate: result.learningRate,
      seed: seeds.model,
      seeds,
      backend: trainer.backend,
      model: { inputSize: spec.inputSize, layers: spec.layers, output: spec.output, parameters: prepared.run.parameters },
      dataset: { name, features: train.features, classes: train.classes, rows: { train: train.rows, dev: dev?.rows ?? 0, test: testData?.rows ?? 0 } },
      warnings: prepared.run.warnings,
      savedModel,
      history: epochHistory(epochReports),
    };
    if (options.json) output.stdout(`${JSON.stringify(report)}\n`);
    else output.stdout(formatTrainSummary(report, config.epochs));
    if (saveProblem) output.stderr.write(`deepwire train: --save-model ${options.saveModel}: not saved: ${saveProblem}.\n`);

    trainer.dispose();
    if (interrupted) return exitCodes.interrupted;
    return result.status === 'diverged' || saveProblem ? exitCodes.failed : exitCodes.ok;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
