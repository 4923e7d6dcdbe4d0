/**
 * A queue trial's run in the coordinator's history. Workers never touch the database: the
 * coordinator records each trial as a run of its own RunStore — its summary (label, settings,
 * data set, size), its design, its epoch reports and its trained model from the worker's result —
 * so the winner opens as a run like a local trial's. Such a run has per-epoch reports but no
 * per-step points (a worker reports epochs only: the loss chart of every mini-batch stays on the
 * worker). A trial's job key is tied to its run (queue_runs), so a coordinator that restarted and
 * reattached ends the trial in the run it started in instead of recording a second one.
 */
import { CommandError, type Metrics, type RunSettings, type RunSummary, type TrainingResult } from '@shared/api';
import type { ModelDocument } from '@shared/engine/model-document';
import { diagnoseMetrics } from '@shared/training/run';
import type { SqliteDatabase } from '../history/database';
import { prepareRunWithData } from '../run-data';
import { datasetName, newRunSummary } from '../training/new-run-summary';
import type { RunStore } from '../training/run-store';
import type { TrialJob } from './trial-executor';
import type { TrialResult } from '../../queue/protocol';

/** What a run's summary says about the trial before it trains, found by preparing it here (as a local run is). */
export interface TrialFacts {
  dataset: string;
  parameters: number;
  epochs: number;
  totalSteps: number;
  warnings: string[];
}

/** Prepares the trial on this machine, only to refuse what cannot train and to describe it: its workers prepare their own. */
export async function trialFacts(job: TrialJob): Promise<TrialFacts> {
  const prepared = await prepareRunWithData({ ...job.settings, model: { kind: 'design', design: job.design } });
  if (!prepared.ok) throw new CommandError('invalid_request', `${job.label} cannot train (${prepared.field}): ${prepared.message}`);
  const { run } = prepared;
  run.trainer.dispose();
  return { dataset: datasetName(job.settings.data, run.name), parameters: run.parameters, epochs: run.config.epochs, totalSteps: run.run.totalSteps, warnings: run.warnings };
}

export class RemoteRuns {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: RunStore,
  ) {}

  /** The run a trial trains as: the one recorded for its job before (a reattached coordinator), else a new one. */
  begin(job: TrialJob, facts: TrialFacts): RunSummary {
    const known = this.db.prepare('SELECT run_id FROM queue_runs WHERE job_key = ?').pluck().get(job.key) as string | undefined;
    const earlier = known === undefined ? null : this.store.summary(known);
    if (earlier) {
      const summary: RunSummary = { ...earlier, state: 'running', error: null };
      this.store.saveSummary(summary);
      return summary;
    }
    const summary = runningSummary(this.store.newRunId(), job, facts);
    this.store.saveSummary(summary);
    this.store.saveDesign(summary.runId, 'Untitled', job.design);
    this.db.prepare('INSERT OR REPLACE INTO queue_runs (job_key, run_id) VALUES (?, ?)').run(job.key, summary.runId);
    return summary;
  }

  /** The worker's result: its epoch reports, its model, then its final state (the model is kept before the state, as a local run's). */
  finish(run: RunSummary, result: TrialResult): RunSummary {
    const { runId } = run;
    const epochReports = result.reports.filter((report) => report.kind === 'epoch');
    // A run reattached after a restart may already hold some epochs: the result replaces them (same epochs, same rows).
    this.store.appendReports(runId, result.reports);
    if (result.model) this.store.saveModel(runId, result.model as ModelDocument);
    const last = epochReports.at(-1);
    const train = metrics(result.train);
    const dev = metrics(result.dev);
    const ended: RunSummary = {
      ...run,
      state: result.state,
      epoch: result.epochs,
      step: result.steps,
      train,
      dev,
      test: metrics(result.test),
      error: result.error,
      result: trainingResult(result, run.settings, train, dev, last?.learningRate ?? run.settings.settings.learningRate),
    };
    this.store.saveSummary(ended);
    return ended;
  }

  /** A trial that ended without a result (failed three times, or left behind when this coordinator closed). */
  end(run: RunSummary, state: 'failed' | 'interrupted' | 'stopped', error: string | null): RunSummary {
    const ended: RunSummary = { ...run, state, error };
    this.store.saveSummary(ended);
    return ended;
  }
}

function runningSummary(runId: string, job: TrialJob, facts: TrialFacts): RunSummary {
  return newRunSummary({
    runId,
    label: job.label,
    state: 'running',
    createdAt: new Date().toISOString(),
    dataset: facts.dataset,
    settings: job.settings,
    parameters: facts.parameters,
    epochs: facts.epochs,
    totalSteps: job.stepLimit === null ? facts.totalSteps : Math.min(job.stepLimit, facts.totalSteps),
    warnings: facts.warnings,
  });
}

function metrics(pair: TrialResult['train']): Metrics | null {
  return pair && { loss: pair.loss, accuracy: pair.accuracy };
}

/** The run's result as the history shows it; a failed or interrupted run has none. */
function trainingResult(result: TrialResult, settings: RunSettings, train: Metrics | null, dev: Metrics | null, learningRate: number): TrainingResult | null {
  if (train === null || (result.state !== 'completed' && result.state !== 'stopped' && result.state !== 'diverged' && result.state !== 'early-stopped')) return null;
  return {
    status: result.state,
    epochs: result.epochs,
    steps: result.steps,
    train,
    dev,
    bestEpoch: null,
    learningRate,
    hint: null,
    diagnosis: result.state === 'diverged' ? null : diagnoseMetrics(train, dev, settings.settings.targetError ?? 0),
    adjustments: [],
    lastFinite: null,
  };
}
