/**
 * The messages between the training service (main) and a training worker. The job travels as
 * workerData; its data sets are SharedArrayBuffer-backed, so the worker reads main's copy.
 */
import type { AdjustmentChanges, AppliedAdjustment, GradientCheckResult, Metrics, RunVisuals, TrainingAdjustment, TrainingResult } from '@shared/api';
import type { BackendKind } from '@shared/api/training-settings';
import type { ModelDocument } from '@shared/engine/model-document';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import type { LoadedData } from '@shared/training/prepare-run';
import type { ReportBatch } from '@shared/training/report-records';
import type { StepColumns } from '@shared/training/step-columns';
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
  /** Ends the run ('stopped', hitStepLimit) after exactly this many optimizer steps; null: no limit. */
  stepLimit: number | null;
  /** A branch from a checkpoint (panda's rollback): what it restores after initialWeights; null for other runs. */
  branch: BranchStart | null;
  /**
   * A babysitter drives the run: after each epoch report (but the last) the worker holds, between
   * steps, until main sends 'release', so a change decided on that epoch applies from the next
   * epoch's first step however fast the run trains.
   */
  holdEachEpoch: boolean;
  /**
   * Report epochs only: no step points, no live visuals, no checkpoints (a queue worker's trial: its
   * coordinator keeps the epochs and the final model, and the steps would only cost the cores).
   */
  epochsOnly: boolean;
  hooks: WorkerHooks;
}

/** How a branch picks up where its parent's checkpoint was. */
export interface BranchStart {
  /** The checkpoint's optimizer state (Adam's moments and step count, the β's then in force). */
  optimizerState: unknown;
  /** The checkpoint's epoch: the learning-rate schedule goes on from there. */
  scheduleStartEpoch: number;
  /** Applied before the first step as one adjustment (recorded at step 0): the parent's changes until the checkpoint and the person's. */
  changes: AdjustmentChanges | null;
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

export type ToWorker =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'adjust'; id: number; changes: TrainingAdjustment }
  /** Ends a hold after an epoch (holdEachEpoch); a run a person paused stays paused. */
  | { type: 'release' };

export type FromWorker =
  /** Loaded (a new idle thread: 'load') or done with its job (after 'ended' or 'gradcheck': 'job'); it waits for the next. */
  | { type: 'idle'; after: 'load' | 'job' }
  | { type: 'started'; totalSteps: number; stepsPerEpoch: number; backend: BackendKind }
  /**
   * Everything since the last batch: every step point in order (as columns, their buffer
   * transferred; null when none), every report in order (as records, their buffer transferred;
   * null when none), and the latest visuals (or null).
   */
  | { type: 'progress'; steps: StepColumns | null; reports: ReportBatch | null; visuals: RunVisuals | null; interventions: AppliedAdjustment[] }
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
  /** hitStepLimit: it ended 'stopped' because it took its whole stepLimit (not stopped by a person). */
  | { type: 'ended'; result: TrainingResult; test: Metrics | null; hitStepLimit: boolean }
  /** The run could not be set up in the worker (main validated it first, so this is rare). */
  | { type: 'setup-failed'; message: string }
  | { type: 'gradcheck'; result: GradientCheckResult };
