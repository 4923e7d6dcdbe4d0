/**
 * What the arena needs of the training service (TrainingService has all of it): start a run with
 * a step limit (held after each epoch for its babysitter, then released), adjust it, continue an ended one, list its checkpoints, branch it from one (panda's rollback), and observe
 * every run's epoch reports and states in process. Written as an interface so the arena states
 * exactly the seams it relies on.
 */
import type { ParsedRequestOf, RunSummary, TrainingAdjustment } from '@shared/api';
import type { ObservedProgress } from '../training/run-observers';

export interface StepLimitOption {
  /** The run ends after exactly this many optimizer steps (the arena's budget). */
  stepLimit?: number;
  /** The run waits after each epoch report until release(): the babysitter acts between epochs, never late. */
  holdEachEpoch?: boolean;
}

export interface TrainingObserver {
  onState?(run: RunSummary): void;
  onProgress?(event: ObservedProgress): void;
}

export interface ArenaTraining {
  start(request: ParsedRequestOf<'training:start'>, options?: StepLimitOption): Promise<RunSummary>;
  adjust(request: { runId: string; changes: TrainingAdjustment }): Promise<RunSummary>;
  checkpoints(request: { runId: string }): { checkpoints: { epoch: number; step: number }[] } | Promise<{ checkpoints: { epoch: number; step: number }[] }>;
  rollback(request: ParsedRequestOf<'training:rollback'>, options?: StepLimitOption): Promise<RunSummary>;
  stop(request: { runId: string }): Promise<RunSummary>;
  /** Trains an ended run further from its kept model, as a new run (caviar's winner, with the steps its pruned rivals gave back). */
  continueRun(request: { runId: string; epochs?: number }, options?: StepLimitOption): Promise<RunSummary>;
  /** Lets a run started with holdEachEpoch go on after the epoch it waits at. */
  release(request: { runId: string }): void;
  observe(listener: TrainingObserver): () => void;
}
