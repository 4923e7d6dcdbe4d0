/**
 * What the charts are given of a run. The arrays grow in place while a run trains (they are plain
 * arrays, not reactive state: thousands of points must not become proxies); `version` in the
 * charts' props changes whenever any of them grew, and the charts redraw at most once per frame.
 */
import type { AppliedAdjustment, StepPoint, TrainingProgress } from '@shared/api';

export interface ChartRun {
  runId: string;
  /** Shown in legends, e.g. "run-3 · Course net on moons". */
  label: string;
  /** A CSS colour; the charts use it for every series of this run. */
  color: string;
  /** Every optimizer step, in order. */
  readonly steps: readonly StepPoint[];
  /** Epoch and evaluation reports in order (train/dev metrics, gradient norms per tensor). */
  readonly reports: readonly TrainingProgress[];
  /** Changes made while it trained; drawn as marks on the curves at their step. */
  readonly interventions: readonly AppliedAdjustment[];
  /**
   * A branch (panda's rollback) is drawn from where it branched off its source: its steps and epochs
   * are shifted by this (absent or zero for a run of its own). See run-lineage.ts.
   */
  readonly offset?: { readonly step: number; readonly epoch: number };
  /** For a branch: the epoch of its source's checkpoint it rolled back to (marked "rollback to epoch E" at offset.step). */
  readonly rollbackTo?: number | null;
}
