/**
 * How a search has its trials trained: the scheduler (search-service) decides what to train and
 * when to stop; an executor only trains. The local executor trains each trial as a run of the
 * training service (its worker pool, queued beyond the core count); a distributed executor (a
 * Redis queue, issue 12) can replace it without touching the search logic.
 */
import type { MetricPair, RunSettings, RunState } from '@shared/api';

export interface TrialJob {
  /** Unique per trial: "<searchId>#<index>" (or "<arenaId>#caviar-<index>"). */
  key: string;
  /** The run's label, e.g. "search-3 · trial 7". */
  label: string;
  /** The trial's design document (GraphDoc JSON) and settings, the trial's values already in. */
  design: Record<string, unknown>;
  settings: RunSettings;
  /** Stop after this many optimizer steps in all (its budget allowance), or null for the whole run. */
  stepLimit: number | null;
}

export interface TrialEpoch {
  epoch: number;
  /** Steps taken so far. */
  steps: number;
  train: MetricPair | null;
  dev: MetricPair | null;
}

export interface TrialEnd {
  /** The run's final state (completed, stopped, diverged, failed, early-stopped, interrupted). */
  state: RunState;
  steps: number;
  epochs: number;
  train: MetricPair | null;
  dev: MetricPair | null;
  error: string | null;
  /** It ended because it used its whole stepLimit. */
  hitStepLimit: boolean;
}

export interface TrialEvents {
  onStarted(runId: string, worker: string): void;
  /** After each epoch's evaluation (train and dev metrics on the full sets). */
  onEpoch(epoch: TrialEpoch): void;
  onEnded(end: TrialEnd): void;
}

export interface TrialHandle {
  /** The run training it, once it has one. */
  readonly runId: string | null;
  /** Ends it between steps (queued: at once); resolves when it has ended (onEnded has been called). */
  stop(): Promise<void>;
}

export interface TrialExecutor {
  /** Trials it trains at once (more are queued by the executor). */
  readonly capacity: number;
  /** Refuses (throws a CommandError with a sentence) a trial that cannot start, e.g. a design that does not fit the data. */
  submit(job: TrialJob, events: TrialEvents): Promise<TrialHandle>;
}
