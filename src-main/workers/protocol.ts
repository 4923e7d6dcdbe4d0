/**
 * The messages between the training service (main) and a training worker. The job travels as
 * workerData; its data sets are SharedArrayBuffer-backed, so the worker reads main's copy.
 */
import type { AppliedAdjustment, GradientCheckResult, Metrics, RunVisuals, StepPoint, TrainingAdjustment, TrainingProgress, TrainingResult } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import type { LoadedData } from '@shared/training/prepare-run';
import type { RunRequest } from '@shared/training/run-request';

/**
 * Test-only misbehaviour, so the service's containment is tested with real workers: throw at a
 * step, spin forever at a step (deaf to stop), or allocate until the heap limit ends the worker.
 */
export interface WorkerHooks {
  throwAtStep?: number;
  hangAtStep?: number;
  exhaustMemory?: boolean;
}

export interface TrainJob {
  kind: 'train';
  request: RunRequest;
  loaded: LoadedData | null;
  /** Step points are posted in batches, at most one batch per this many milliseconds. */
  flushEveryMs: number;
  /** Visuals are computed at most once per this many milliseconds (and at the end). */
  visualsEveryMs: number;
  /** A kept model to start from ("Continue"): loaded before the first step, after checking it fits the run. */
  initialWeights: ModelDocument | null;
  hooks: WorkerHooks;
}

export interface GradcheckJob {
  kind: 'gradcheck';
  request: RunRequest;
  loaded: LoadedData | null;
  rows: number;
  maxPerTensor: number;
  parameterLimit: { maxParameters: number; purpose: string };
  hooks: WorkerHooks;
}

export type WorkerJob = TrainJob | GradcheckJob;

export type ToWorker = { type: 'pause' } | { type: 'resume' } | { type: 'stop' } | { type: 'adjust'; id: number; changes: TrainingAdjustment };

export type FromWorker =
  /** A warm spare has loaded and waits for its job. */
  | { type: 'idle' }
  | { type: 'started'; totalSteps: number; stepsPerEpoch: number }
  /** Everything since the last batch: every step point in order, reports, and the latest visuals (or null). */
  | { type: 'progress'; steps: StepPoint[]; reports: TrainingProgress[]; visuals: RunVisuals | null; interventions: AppliedAdjustment[] }
  /** ok: the run took the changes (recorded in `interventions` when they apply: a batch size from the next epoch). */
  | { type: 'adjusted'; id: number; ok: true }
  | { type: 'adjusted'; id: number; ok: false; message: string }
  /**
   * Every checkpointEvery(epochs) epochs and at the end (not after a divergence): the model and the
   * optimizer's state after `step`; `epoch` is the epoch that step belongs to.
   */
  | { type: 'checkpoint'; epoch: number; step: number; checkpoint: CheckpointDocument }
  /** The trained model, just before 'ended' (none for a diverged run: its weights are not finite). */
  | { type: 'model'; model: ModelDocument }
  | { type: 'ended'; result: TrainingResult; test: Metrics | null }
  /** The run could not be set up in the worker (main validated it first, so this is rare). */
  | { type: 'setup-failed'; message: string }
  | { type: 'gradcheck'; result: GradientCheckResult };
