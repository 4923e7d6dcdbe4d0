/**
 * `deepwire train`: turns the options into a RunRequest, has the data service load the data and
 * prepareRun set the run up, trains with a progress bar on a terminal (Ctrl+C stops between steps
 * and still reports), then prints a summary or, with --json, exactly one JSON object.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { RunSettings } from '@shared/api';
import { epochHistory } from '@shared/training/history';
import { evaluate } from '@shared/training/metrics';
import { finalModelDocument } from '@shared/training/model-snapshot';
import type { PreparedRun } from '@shared/training/prepare-run';
import type { TrainingProgress, TrainingResult } from '@shared/training/progress';
import { backendChoices, type RunRequestInput } from '@shared/training/run-request';
import { backendLabels } from '@shared/api/training-settings';
import { driveTraining } from '@shared/training/train';
import { computeVisuals } from '@shared/training/visuals';
import { datasetName } from '../services/training/new-run-summary';
import { prepareRunWithData } from '../services/run-data';
import { DataOptions, dataSourceFrom, seedsFrom, splitFrom } from './data-options';
import { ModelOptions, modelFrom, modelSubject } from './model-options';
import { describeOptionIssues, nonEmptyText, oneOf } from './option-values';
import { ProgressBar } from './progress-bar';
import { openRecordingStore, RecordOptions } from './record-options';
import { checkModelTarget, saveModel } from './save-model';
import { TrainRecording } from './train-recording';
import { formatTrainSummary, type TrainReport } from './train-report';
import { trainingConfigFrom, TrainingOptions } from './training-options';
import { exitCodes, UsageError, usageErrorFromSetup } from './usage-error';
import { layersDesign } from '@shared/training/layers-design';

export const TrainCommandOptions = DataOptions.extend(ModelOptions.shape)
  .extend(TrainingOptions.shape)
  .extend(RecordOptions.shape)
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

  // Opened before the data loads, so a --db problem is reported before minutes of loading.
  const recording = openRecordingStore(options, 'train', output.stderr);
  const bar = new ProgressBar(options.json ? { isTTY: false, write: () => true } : output.stderr);
  const stop = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    stop.abort();
  };
  process.once('SIGINT', onInterrupt);
  let recorder: TrainRecording | null = null;
  try {
    const prepared = await prepareRunWithData(request, {
      signal: stop.signal,
      run: { onStep: (step, epoch, loss, learningRate) => recorder?.step({ step, epoch, loss, learningRate }) },
      onProgress: (progress) => bar.update({ fraction: progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 0, label: `reading ${progress.path}` }),
    });
    bar.finish();
    if (interrupted) return exitCodes.interrupted;
    if (!prepared.ok) throw usageErrorFromSetup(prepared, { model: modelSubject(options) });
    const { run, trainer, spec, config } = prepared.run;
    for (const warning of prepared.run.warnings) output.stderr.write(`deepwire train: warning: ${warning}\n`);
    // Said once, where a person reads it: which engine trains and why not a faster one.
    if (prepared.run.backendFallback && !options.json) output.stderr.write(`deepwire train: training on ${backendLabels[prepared.run.trainer.backend]} (${prepared.run.backendFallback})\n`);
    if (recording) recorder = new TrainRecording(recording.store, recordingStart(prepared.run, options.graph));

    let lastEpochLabel = '';
    const showProgress = (force = false) => bar.update({ fraction: run.stepsTaken / run.totalSteps, label: lastEpochLabel || `epoch 1/${config.epochs}` }, force);
    const started = performance.now();
    const epochReports: TrainingProgress[] = [];
    const result = await driveTraining(run, {
      signal: stop.signal,
      onProgress: (report) => {
        recorder?.report(report);
        if (report.kind !== 'epoch') return;
        epochReports.push(report);
        const dev = report.dev?.accuracy != null ? `  dev acc ${report.dev.accuracy.toFixed(3)}` : report.dev?.loss != null ? `  dev loss ${report.dev.loss.toFixed(4)}` : '';
        lastEpochLabel = `epoch ${report.epoch}/${config.epochs}  loss ${report.smoothedLoss?.toFixed(4) ?? '—'}${dev}`;
        showProgress(report.epoch === config.epochs);
      },
      // Between batches of steps: redraw the bar and let Ctrl+C through.
      yieldControl: () => {
        recorder?.handOverSteps();
        showProgress();
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    const durationMs = performance.now() - started;
    bar.finish();

    const { name, train, dev, test: testData } = prepared.run;
    const test = testData ? evaluate(trainer, spec, testData) : null;
    // What --save-model writes and the history keeps (none after a divergence).
    const model = options.saveModel !== undefined || recorder ? finalModelDocument(prepared.run, result) : null;
    recorder?.end(result, test, recordedVisuals(prepared.run, result), model);
    const saveProblem = options.saveModel === undefined ? null : saveModel(options.saveModel, model);
    const savedModel = options.saveModel !== undefined && saveProblem === null ? options.saveModel : null;

    const report: TrainReport = {
      runId: recorder?.runId ?? null,
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
    if (recorder && recording && !options.json) output.stderr.write(`deepwire train: recorded as ${recorder.runId} in ${recording.file} (deepwire show ${recorder.runId})\n`);
    if (saveProblem) output.stderr.write(`deepwire train: --save-model ${options.saveModel}: not saved: ${saveProblem}.\n`);

    trainer.dispose();
    if (interrupted) return exitCodes.interrupted;
    return result.status === 'diverged' || saveProblem ? exitCodes.failed : exitCodes.ok;
  } catch (error) {
    recorder?.fail(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    recording?.store.close();
  }
}

/** What the run list shows: the design file's name or the layer sizes, on the data set (a CSV by its file name). */
function recordingStart(run: PreparedRun, graph: string | undefined) {
  const { request, name } = run;
  const { model, ...settings } = request;
  const dataset = datasetName(request.data, name);
  const network = model.kind === 'design' ? basename(graph ?? 'design') : `layers ${model.layers.join(',')}`;
  return {
    label: `${network} on ${dataset}`,
    dataset,
    settings: RunSettings.parse(settings),
    parameters: run.parameters,
    epochs: run.config.epochs,
    totalSteps: run.run.totalSteps,
    warnings: run.warnings,
    backend: run.trainer.backend,
    // A --layers network is kept as the design it amounts to, so History can restore and continue it like an app run.
    design: model.kind === 'design' ? { name: basename(graph ?? 'design', '.json'), doc: model.design } : { name: network, doc: layersDesign(model) },
  };
}

/** The pictures the app keeps of a finished run (decision boundary, confusion matrix), as its worker draws them at the end. */
function recordedVisuals(run: PreparedRun, result: TrainingResult) {
  const { trainer, spec, normalizer, train, dev } = run;
  return computeVisuals({ trainer, spec, normalizer, train, dev, classNames: train.classNames ?? null, step: result.steps, epoch: result.epochs });
}
