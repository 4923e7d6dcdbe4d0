/**
 * Trains one trial job on this machine: a run of the training service (its own worker thread,
 * the WebAssembly path where the network allows), honouring the job's step limit. Every epoch
 * report is batched to the coordinator through `send` at most every progressIntervalMs, and a
 * stop the coordinator asks for (stopKey) is checked as often and applied between steps. The
 * result carries every epoch report and the trained model. A run that failed throws, so BullMQ
 * tries it again (the coordinator sets the attempts); a trial that cannot start at all (its
 * design does not fit the data) fails without retries.
 */
import { UnrecoverableError } from 'bullmq';
import { endedRunStates, type MetricPair, type Metrics, type RunSettings, type RunSummary, type TrainingProgress } from '@shared/api';
import type { TrainingService } from '../services/training/training-service';
import { queueSchemaVersion, type TrialJobData, type TrialProgress, type WireTrialResult } from './protocol';
import { encodeWireReports } from './report-wire';
import type { TrialRunStore } from './trial-run-store';

export interface TrialChannel {
  /** Sends a batch of epochs to the coordinator (job.updateProgress). */
  send(progress: TrialProgress): Promise<void>;
  /** Whether the coordinator asked to stop this trial (stopKey). */
  stopRequested(): Promise<boolean>;
}

export interface TrialRunnerDeps {
  training: TrainingService;
  store: TrialRunStore;
  /** This worker's name (what TrialProgress and TrialResult carry). */
  worker: string;
  /** Progress and stop checks at most this often (default 250 ms: ~4 a second). */
  progressIntervalMs?: number;
}

export interface TrialToTrain {
  job: TrialJobData;
  /** The job's settings with data this worker loads itself (DatasetCache.settingsFor). */
  settings: RunSettings;
  /** Which try this is, from 1. */
  attempt: number;
  channel: TrialChannel;
  /** Told once the run exists (for the worker's own line). */
  onRunStarted?(runId: string): void;
}

export async function trainTrial(deps: TrialRunnerDeps, trial: TrialToTrain): Promise<WireTrialResult> {
  const { training, store, worker } = deps;
  const reports: TrainingProgress[] = [];
  /** Epoch reports not sent yet. */
  const pending: TrainingProgress[] = [];
  let runId: string | null = null;
  let hitStepLimit = false;
  let resolveEnded: (run: RunSummary) => void = () => {};
  const ended = new Promise<RunSummary>((resolve) => (resolveEnded = resolve));

  // Observing before the run exists so nothing it says is missed (its worker's messages come after start() answers).
  const unsubscribe = training.observe({
    onState: (run, detail) => {
      if (run.runId !== runId || !endedRunStates.includes(run.state)) return;
      hitStepLimit = detail.hitStepLimit;
      resolveEnded(run);
    },
    onProgress: (event) => {
      if (event.runId !== runId) return;
      for (const report of event.reports) {
        if (report.kind !== 'epoch') continue;
        reports.push(report);
        pending.push(report);
      }
    },
  });

  let started: RunSummary;
  try {
    started = await training.start({ design: trial.job.design, settings: trial.settings }, { label: trial.job.label, stepLimit: trial.job.stepLimit, epochsOnly: true });
  } catch (error) {
    unsubscribe();
    // The design or settings do not fit: every try would be refused the same way.
    throw new UnrecoverableError(`The trial cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  runId = started.runId;
  trial.onRunStarted?.(runId);
  if (endedRunStates.includes(started.state)) resolveEnded(started);

  let stopAsked = false;
  let flushing: Promise<void> | null = null;
  const flush = async (checkStop: boolean) => {
    if (pending.length > 0) {
      const batch = pending.splice(0);
      try {
        await trial.channel.send({ worker, attempt: trial.attempt, reports: encodeWireReports(batch) });
      } catch {
        // Redis is away: the epochs go with the next batch (the result carries them all anyway).
        pending.unshift(...batch);
      }
    }
    if (checkStop && !stopAsked) {
      const stop = await trial.channel.stopRequested().catch(() => false);
      if (stop && !stopAsked) {
        stopAsked = true;
        await training.stop({ runId: runId! }).catch(() => undefined);
      }
    }
  };
  const ticker = setInterval(() => {
    flushing ??= flush(true).finally(() => (flushing = null));
  }, deps.progressIntervalMs ?? 250);

  let run: RunSummary;
  try {
    run = await ended;
  } finally {
    clearInterval(ticker);
    unsubscribe();
  }
  await flushing;
  // The last epochs before the result, so progress listeners see every one.
  await flush(false);

  const kept = store.model(run.runId);
  store.forget(run.runId);
  if (run.state === 'failed' || run.state === 'interrupted') throw new Error(run.error ?? `The trial's run ended ${run.state}.`);
  // Built, not parsed: every part is this worker's own, typed; the coordinator checks the whole
  // result when it arrives (TrialResult), and checking it here too cost a copy of every column.
  return {
    schemaVersion: queueSchemaVersion,
    worker,
    state: run.state,
    steps: run.step,
    epochs: run.result?.epochs ?? run.epoch,
    train: pair(run.result?.train ?? run.train),
    dev: pair(run.result?.dev ?? run.dev),
    test: pair(run.test),
    error: run.error,
    hitStepLimit,
    reports: encodeWireReports(reports),
    model: run.state === 'diverged' ? null : kept,
  };
}

function pair(metrics: Metrics | null | undefined): MetricPair | null {
  return metrics ? { loss: metrics.loss, accuracy: metrics.accuracy } : null;
}
