/**
 * A `deepwire train` run recorded the way the app's TrainingService records one: the same
 * RunStore calls (saveSummary, saveDesign, appendSteps, appendReports, saveVisuals, saveModel) in
 * the same order, so the History view cannot tell a command-line run from an app run (and either
 * can be continued). The store buffers
 * and flushes once a second; ending the run (completed, diverged, stopped by Ctrl+C or failed)
 * writes everything at once.
 */
import type { Metrics, RunSettings, RunSummary, RunVisuals, StepPoint, TrainingProgress, TrainingResult } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import type { BackendKind } from '@shared/api/training-settings';
import { StepColumnsBuilder } from '@shared/training/step-columns';
import { newRunSummary } from '../services/training/new-run-summary';
import type { RunStore } from '../services/training/run-store';

export interface TrainRecordingStart {
  label: string;
  dataset: string;
  settings: RunSettings;
  parameters: number;
  epochs: number;
  totalSteps: number;
  warnings: string[];
  /** The engine that takes the steps. */
  backend: BackendKind;
  /** The design trained: a --graph file's, or the chain a --layers network amounts to (null only for callers that have none). */
  design: { name: string; doc: unknown } | null;
}

export class TrainRecording {
  readonly runId: string;
  private summary: RunSummary;
  /** Steps not yet handed to the store: they go in one call per report or yield, not one per step. */
  private readonly steps = new StepColumnsBuilder();

  constructor(
    private readonly store: RunStore,
    start: TrainRecordingStart,
    createdAt = new Date(),
  ) {
    this.runId = store.newRunId();
    this.summary = newRunSummary({
      runId: this.runId,
      label: start.label,
      // The command line starts at once: no queue.
      state: 'running',
      createdAt: createdAt.toISOString(),
      dataset: start.dataset,
      settings: start.settings,
      parameters: start.parameters,
      epochs: start.epochs,
      totalSteps: start.totalSteps,
      warnings: start.warnings,
      backend: start.backend,
    });
    store.saveSummary(this.summary);
    if (start.design) store.saveDesign(this.runId, start.design.name, start.design.doc);
  }

  step(point: StepPoint): void {
    this.steps.add(point);
  }

  report(report: TrainingProgress): void {
    this.handOverSteps();
    this.store.appendReports(this.runId, [report]);
    if (report.kind !== 'epoch') return;
    this.summary = { ...this.summary, epoch: report.epoch, step: report.step, train: report.train, dev: report.dev };
    this.store.saveSummary(this.summary);
  }

  /**
   * The run's end as the result says (a Ctrl+C ends it 'stopped'); the store writes it at once.
   * The trained model (null after a divergence) is kept before the final state, as the app does.
   */
  end(result: TrainingResult, test: Metrics | null, visuals: RunVisuals | null, model: ModelDocument | null): void {
    this.handOverSteps();
    if (visuals) this.store.saveVisuals(this.runId, visuals);
    if (model) this.store.saveModel(this.runId, model);
    this.summary = { ...this.summary, state: result.status, epoch: result.epochs, step: result.steps, train: result.train, dev: result.dev, result, test };
    this.store.saveSummary(this.summary);
  }

  /** Something threw mid-run: what was recorded stays, the run ends failed with the reason. */
  fail(message: string): void {
    this.handOverSteps();
    this.summary = { ...this.summary, state: 'failed', error: message };
    this.store.saveSummary(this.summary);
  }

  /** Between batches of steps (the store's once-a-second flush then has them, so a crash loses at most about a second). */
  handOverSteps(): void {
    const steps = this.steps.take();
    if (steps) this.store.appendSteps(this.runId, steps);
  }
}
