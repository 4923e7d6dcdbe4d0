/**
 * The run store of a `deepwire worker`: it keeps only what a trial's result needs (the summary and
 * the trained model) and forgets a run once its result is sent. Step points, visuals and
 * checkpoints are not kept: the coordinator records the history, and a worker that trains
 * thousands of trials must not grow with them.
 */
import { type AppliedAdjustment, type RunHistory, type RunSummary, type RunVisuals, type TrainingProgress } from '@shared/api';
import type { StepColumns } from '@shared/training/step-columns';
import type { ModelDocument } from '@shared/engine/model-document';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import type { RecordedGradcheck, RunsFailedListener, RunStore, StoredCheckpoint } from '../services/training/run-store';

interface KeptRun {
  summary: RunSummary;
  design: { name: string; doc: unknown } | null;
  model: ModelDocument | null;
}

export class TrialRunStore implements RunStore {
  private readonly runs = new Map<string, KeptRun>();
  private nextRun = 1;

  newRunId(): string {
    return `run-${this.nextRun++}`;
  }

  /** Drops everything kept of a run (its result has been taken). */
  forget(runId: string): void {
    this.runs.delete(runId);
  }

  /** Runs kept now (what a test checks stays bounded). */
  get size(): number {
    return this.runs.size;
  }

  saveSummary(summary: RunSummary): void {
    const kept = this.runs.get(summary.runId);
    if (kept) kept.summary = summary;
    else this.runs.set(summary.runId, { summary, design: null, model: null });
  }

  saveDesign(runId: string, name: string, design: unknown): void {
    const kept = this.runs.get(runId);
    if (kept) kept.design = { name, doc: design };
  }

  design(runId: string): { name: string; doc: unknown } | null {
    return this.runs.get(runId)?.design ?? null;
  }

  saveModel(runId: string, doc: ModelDocument): void {
    const kept = this.runs.get(runId);
    if (kept) kept.model = doc;
  }

  model(runId: string): ModelDocument | null {
    return this.runs.get(runId)?.model ?? null;
  }

  // What the coordinator records from the trial's reports instead: nothing to keep here.
  appendSteps(_runId: string, _steps: StepColumns): void {}
  appendReports(_runId: string, _reports: readonly TrainingProgress[]): void {}
  appendInterventions(_runId: string, _interventions: readonly AppliedAdjustment[]): void {}
  saveVisuals(_runId: string, _visuals: RunVisuals): void {}
  saveCheckpoint(_runId: string, _epoch: number, _step: number, _doc: CheckpointDocument): void {}

  checkpoints(_runId: string): StoredCheckpoint[] {
    return [];
  }

  saveGradcheck(_check: RecordedGradcheck): number {
    return 0;
  }

  /** Memory writes cannot fail the way a full disk does. */
  onRunsFailed(_listener: RunsFailedListener): void {}

  close(): void {}

  list(): RunSummary[] {
    return [...this.runs.values()].map((run) => run.summary).reverse();
  }

  summary(runId: string): RunSummary | null {
    return this.runs.get(runId)?.summary ?? null;
  }

  get(runId: string): RunHistory | null {
    const kept = this.runs.get(runId);
    return kept ? { run: kept.summary, steps: [], reports: [], visuals: null, nextStep: null } : null;
  }
}
