/**
 * Where the service keeps every run's full-resolution history: summaries, every step point,
 * epoch and evaluation reports, interventions, the latest visuals, the design, the trained model
 * and checkpoints. MemoryRunStore keeps them for one launch; SqliteRunStore (services/history)
 * keeps them in the experiment database.
 */
import { maxHistoryPage, type AppliedAdjustment, type GradientCheckResult, type RunHistory, type RunSummary, type RunVisuals, type TrainingProgress } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import type { CheckpointDocument } from '@shared/training/model-snapshot';
import { StepColumnParts, type StepColumns } from '@shared/training/step-columns';

/** Told when the store could not record some runs (a full disk) and ended them as failed with `error`. */
export type RunsFailedListener = (runIds: readonly string[], error: string) => void;

export interface RecordedGradcheck {
  runId: string | null;
  design: unknown;
  settings: unknown;
  result: GradientCheckResult;
}

export interface RunStore {
  /** A run id not used before in this store (across launches, for a store that outlives one). */
  newRunId(): string;
  /** Adds a new run, or replaces its summary (state, metrics, result). */
  saveSummary(summary: RunSummary): void;
  /** Steps arrive contiguous and in order (as columns: step-columns.ts): the first is one past the last stored. */
  appendSteps(runId: string, steps: StepColumns): void;
  appendReports(runId: string, reports: readonly TrainingProgress[]): void;
  appendInterventions(runId: string, interventions: readonly AppliedAdjustment[]): void;
  saveVisuals(runId: string, visuals: RunVisuals): void;
  /** The design the run trains, under the name the person gave it (the editor's document). */
  saveDesign(runId: string, name: string, design: unknown): void;
  /** The design a run trained and its name, or null when none was recorded (a --layers run of the command line). */
  design(runId: string): { name: string; doc: unknown } | null;
  /** The trained model of an ended run (saved before its final state), replacing any earlier one. */
  saveModel(runId: string, doc: ModelDocument): void;
  /** As saved; read back unchecked (a database can hold anything): check it with storedModelDocument. */
  model(runId: string): unknown;
  /** A checkpoint after `step`, in `epoch`; one per epoch (a later one of the same epoch replaces it). */
  saveCheckpoint(runId: string, epoch: number, step: number, doc: CheckpointDocument): void;
  /** Oldest first. */
  checkpoints(runId: string): StoredCheckpoint[];
  /** Records a gradient check of a design (runId null: checked before any run), with the settings it used; returns its id. */
  saveGradcheck(check: RecordedGradcheck): number;
  onRunsFailed(listener: RunsFailedListener): void;
  /** Writes what is buffered and releases the store (the service's dispose() calls it last). */
  close(): void;
  /** Newest first. */
  list(): RunSummary[];
  summary(runId: string): RunSummary | null;
  /** From `fromStep` (default 1), at most `limit` steps (default maxHistoryPage), with the reports of those steps. */
  get(runId: string, fromStep?: number, limit?: number): RunHistory | null;
}

export interface StoredCheckpoint {
  epoch: number;
  step: number;
  /** A CheckpointDocument as saved (unchecked when read from a database). */
  doc: unknown;
}

interface StoredRun {
  summary: RunSummary;
  design: { name: string; doc: unknown } | null;
  model: ModelDocument | null;
  checkpoints: StoredCheckpoint[];
  steps: StepColumnParts;
  reports: TrainingProgress[];
  interventions: AppliedAdjustment[];
  visuals: RunVisuals | null;
}

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, StoredRun>();
  private nextRun = 1;

  newRunId(): string {
    return `run-${this.nextRun++}`;
  }

  saveDesign(runId: string, name: string, design: unknown): void {
    this.mustGet(runId).design = { name, doc: design };
  }

  design(runId: string): { name: string; doc: unknown } | null {
    return this.runs.get(runId)?.design ?? null;
  }

  saveModel(runId: string, doc: ModelDocument): void {
    this.mustGet(runId).model = doc;
  }

  model(runId: string): unknown {
    return this.runs.get(runId)?.model ?? null;
  }

  saveCheckpoint(runId: string, epoch: number, step: number, doc: CheckpointDocument): void {
    const stored = this.mustGet(runId);
    // As the database's (run, epoch) key: a later checkpoint of the same epoch replaces the earlier one.
    stored.checkpoints = [...stored.checkpoints.filter((checkpoint) => checkpoint.epoch !== epoch), { epoch, step, doc }].sort((a, b) => a.epoch - b.epoch);
  }

  checkpoints(runId: string): StoredCheckpoint[] {
    return [...(this.runs.get(runId)?.checkpoints ?? [])];
  }

  /** Kept for this launch only, like everything in memory. */
  readonly gradchecks: RecordedGradcheck[] = [];

  saveGradcheck(check: RecordedGradcheck): number {
    this.gradchecks.push(check);
    return this.gradchecks.length;
  }

  /** Memory writes cannot fail the way a full disk does. */
  onRunsFailed(_listener: RunsFailedListener): void {}

  close(): void {}

  saveSummary(summary: RunSummary): void {
    const stored = this.runs.get(summary.runId);
    if (stored) stored.summary = summary;
    else this.runs.set(summary.runId, { summary, design: null, model: null, checkpoints: [], steps: new StepColumnParts(), reports: [], interventions: [], visuals: null });
  }

  appendSteps(runId: string, steps: StepColumns): void {
    this.mustGet(runId).steps.append(steps, `run store: ${runId}`);
  }

  appendReports(runId: string, reports: readonly TrainingProgress[]): void {
    this.mustGet(runId).reports.push(...reports);
  }

  appendInterventions(runId: string, interventions: readonly AppliedAdjustment[]): void {
    this.mustGet(runId).interventions.push(...interventions);
  }

  saveVisuals(runId: string, visuals: RunVisuals): void {
    this.mustGet(runId).visuals = visuals;
  }

  list(): RunSummary[] {
    return [...this.runs.values()].map((run) => run.summary).reverse();
  }

  summary(runId: string): RunSummary | null {
    return this.runs.get(runId)?.summary ?? null;
  }

  get(runId: string, fromStep = 1, limit = maxHistoryPage): RunHistory | null {
    const stored = this.runs.get(runId);
    if (!stored) return null;
    // One more than a page says whether there is more.
    const steps = stored.steps.points(fromStep, limit + 1);
    const more = steps.length > limit;
    if (more) steps.length = limit;
    // The reports of the steps in this page (a report belongs to the step it was made after).
    const lastStep = more ? steps.at(-1)!.step : Number.POSITIVE_INFINITY;
    const reports = stored.reports.filter((report) => report.step >= fromStep && report.step <= lastStep);
    return { run: stored.summary, steps, reports, visuals: stored.visuals, nextStep: more ? lastStep + 1 : null };
  }

  private mustGet(runId: string): StoredRun {
    const stored = this.runs.get(runId);
    if (!stored) throw new Error(`run store: no run ${runId}`);
    return stored;
  }
}
