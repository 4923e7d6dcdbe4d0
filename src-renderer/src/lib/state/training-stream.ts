/**
 * One run's chart data as it streams in: plain arrays grown in place (thousands of points must not
 * become reactive proxies), fed by progress messages and backfills that may overlap or leave gaps.
 * Steps are numbered from 1 and contiguous, so "the next step expected" decides everything:
 * points before it are duplicates, a message starting after it means some were missed.
 */
import type { AppliedAdjustment, RunHistory, RunVisuals, StepPoint, TrainingProgress } from '@shared/api';
import type { ChartRun } from '../charts/chart-run';

export class StreamedRun implements ChartRun {
  readonly runId: string;
  label: string;
  color: string;
  readonly steps: StepPoint[] = [];
  readonly reports: TrainingProgress[] = [];
  readonly interventions: AppliedAdjustment[] = [];
  visuals: RunVisuals | null = null;
  /** Set for a branch (panda's rollback) from its lineage: where it is drawn on its source's axis. */
  offset = { step: 0, epoch: 0 };
  rollbackTo: number | null = null;

  constructor(runId: string, label: string, color: string) {
    this.runId = runId;
    this.label = label;
    this.color = color;
  }

  /** The step the next point must have for the series to stay contiguous (steps count from 1). */
  get nextStep(): number {
    return (this.steps.at(-1)?.step ?? 0) + 1;
  }

  /** Whether points starting at `fromStep` would leave steps out. */
  gapBefore(fromStep: number): boolean {
    return fromStep > this.nextStep;
  }

  /** Appends the points not yet held (a message may repeat what a backfill brought); returns how many. */
  appendSteps(points: readonly StepPoint[]): number {
    let added = 0;
    for (const point of points) {
      if (point.step !== this.nextStep) continue;
      this.steps.push(point);
      added++;
    }
    return added;
  }

  /** Reports carry their step, one per step at most (a step report is never also an epoch report). */
  appendReports(reports: readonly TrainingProgress[]): void {
    for (const report of reports) {
      const last = this.reports.at(-1);
      if (last && (report.step < last.step || (report.step === last.step && report.kind === last.kind))) continue;
      this.reports.push(report);
    }
  }

  /** Changes not held yet: one that came in the history fetched for a gap can come again in the message after it. */
  appendInterventions(interventions: readonly AppliedAdjustment[]): void {
    for (const change of interventions) {
      if (!this.interventions.some((held) => sameChange(held, change))) this.interventions.push(change);
    }
  }

  /** The summary's list is the whole truth about interventions: take it over. */
  setInterventions(interventions: readonly AppliedAdjustment[]): void {
    this.interventions.length = 0;
    this.interventions.push(...interventions);
  }

  /** Merges a training:get answer (points from some step on) without duplicating what is held. */
  absorb(history: RunHistory): void {
    this.appendSteps(history.steps);
    this.appendReports(history.reports);
    this.setInterventions(history.run.interventions);
    if (history.visuals && (!this.visuals || history.visuals.step >= this.visuals.step)) this.visuals = history.visuals;
  }
}

function sameChange(a: AppliedAdjustment, b: AppliedAdjustment): boolean {
  return a.step === b.step && JSON.stringify(a.changes) === JSON.stringify(b.changes);
}
