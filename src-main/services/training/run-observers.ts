/**
 * In-process listeners of the training service (the search's local executor, the arena's
 * babysitter): told every state a run goes through and every batch of progress its worker posts,
 * uncoalesced, so no epoch report is ever missed however busy main is. A listener that throws is
 * reported and skipped: it must not break the run or the other listeners.
 */
import type { AppliedAdjustment, RunSummary, RunVisuals, TrainingProgress } from '@shared/api';

/**
 * A batch of a run's progress as its worker posted it. Its step points are not in it: they go to
 * the store and, coalesced, to the window; what an observer acts on is the reports.
 */
export interface ObservedProgress {
  runId: string;
  reports: readonly TrainingProgress[];
  interventions: readonly AppliedAdjustment[];
  visuals: RunVisuals | null;
}

/** What a state change says beyond the summary (the contract's summary has no room for it). */
export interface RunStateDetail {
  /** The run ended 'stopped' because it took its whole stepLimit, not because it was stopped. */
  hitStepLimit: boolean;
}

export interface RunObserver {
  /** Each state of each run, in order (queued, running, paused …, its end), with the whole summary. */
  onState?(run: RunSummary, detail: RunStateDetail): void;
  /** Each batch of a run's new points and reports, in order: every epoch report exactly once. */
  onProgress?(event: ObservedProgress): void;
}

export class RunObservers {
  /** Each subscription as its own entry, so one observer added twice is told twice and unsubscribes once each. */
  private readonly observers = new Set<{ observer: RunObserver }>();

  constructor(private readonly log: (line: string) => void) {}

  /** Starts telling `observer`; call the returned function to stop. */
  add(observer: RunObserver): () => void {
    const entry = { observer };
    this.observers.add(entry);
    return () => this.observers.delete(entry);
  }

  state(run: RunSummary, detail: RunStateDetail): void {
    for (const { observer } of [...this.observers]) this.safely(() => observer.onState?.(run, detail));
  }

  progress(event: ObservedProgress): void {
    for (const { observer } of [...this.observers]) this.safely(() => observer.onProgress?.(event));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log(`A training observer failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
