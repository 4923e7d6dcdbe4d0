/**
 * Conversions between the search domain's records and the database's rows. Numbers that are not
 * finite are stored as NULL; JSON columns are parsed back through the contract's schemas, so a row
 * a newer or damaged writer left behind fails loudly here rather than deep in the scheduler.
 */
import { RunOn, RunSettings, SearchPlan, SearchSpace, TrialParams, type MetricPair, type SearchMetric, type SearchStatus, type Trial, type TrialStatus } from '@shared/api';
import { finite } from '../history/run-rows';

export interface SearchRow {
  id: string;
  name: string;
  strategy: string;
  space: string;
  status: string;
  created_at: string;
  ended_at: string | null;
  parent_id: string | null;
  plan: string | null;
  metric: string | null;
  design: string | null;
  settings: string | null;
  error: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  /** The RunOn JSON (a queue's URL, password included: never sent anywhere), NULL for this machine. */
  run_on: string | null;
}

export interface TrialRow {
  search_id: string;
  trial: number;
  run_id: string | null;
  params: string;
  status: string;
  objective: number | null;
  epochs: number;
  steps: number;
  train_loss: number | null;
  train_accuracy: number | null;
  dev_loss: number | null;
  dev_accuracy: number | null;
  rung: number;
  rung_values: string;
  worker: string | null;
  error: string | null;
}

/** A trial as the scheduler keeps it: the contract's record plus the metric at each rung it reached (to rebuild halving on resume). */
export interface TrialRecord extends Trial {
  rungValues: [epoch: number, value: number | null][];
}

/** What a search was started with, as stored. */
export interface SearchRecord {
  searchId: string;
  name: string;
  status: SearchStatus;
  createdAt: string;
  endedAt: string | null;
  metric: SearchMetric;
  plan: SearchPlan;
  space: SearchSpace;
  design: Record<string, unknown>;
  settings: RunSettings;
  parentId: string | null;
  error: string | null;
  /** Where its trials train; a queue's URL is kept whole (to reattach) and only ever shown redacted. */
  runOn: RunOn;
}

export function searchRecordOf(row: SearchRow): SearchRecord | null {
  // A search row from before v3 (no plan) cannot be shown or resumed.
  if (row.plan === null || row.metric === null || row.design === null || row.settings === null) return null;
  return {
    searchId: row.id,
    name: row.name,
    status: row.status as SearchStatus,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    metric: row.metric as SearchMetric,
    plan: SearchPlan.parse(JSON.parse(row.plan)),
    space: SearchSpace.parse(JSON.parse(row.space)),
    design: JSON.parse(row.design) as Record<string, unknown>,
    settings: RunSettings.parse(JSON.parse(row.settings)),
    parentId: row.parent_id,
    error: row.error,
    runOn: row.run_on === null ? { kind: 'local' } : RunOn.parse(JSON.parse(row.run_on)),
  };
}

export function trialOf(row: TrialRow): TrialRecord {
  return {
    index: row.trial,
    runId: row.run_id,
    params: TrialParams.parse(JSON.parse(row.params)),
    status: row.status as TrialStatus,
    epochs: row.epochs,
    steps: row.steps,
    train: pairOf(row.train_loss, row.train_accuracy),
    dev: pairOf(row.dev_loss, row.dev_accuracy),
    metric: row.objective,
    rung: row.rung,
    worker: row.worker,
    error: row.error,
    rungValues: JSON.parse(row.rung_values) as [number, number | null][],
  };
}

/** The columns a trial's progress updates. */
export function trialColumns(trial: TrialRecord) {
  return {
    run_id: trial.runId,
    status: trial.status,
    objective: finite(trial.metric),
    epochs: trial.epochs,
    steps: trial.steps,
    train_loss: finite(trial.train?.loss),
    train_accuracy: finite(trial.train?.accuracy),
    dev_loss: finite(trial.dev?.loss),
    dev_accuracy: finite(trial.dev?.accuracy),
    rung: trial.rung,
    rung_values: JSON.stringify(trial.rungValues.map(([epoch, value]) => [epoch, finite(value)])),
    worker: trial.worker,
    error: trial.error,
  };
}

/** The contract's Trial (without the scheduler's bookkeeping). */
export function publicTrial(trial: TrialRecord): Trial {
  const { rungValues: _rungValues, ...rest } = trial;
  return rest;
}

function pairOf(loss: number | null, accuracy: number | null): MetricPair | null {
  return loss === null && accuracy === null ? null : { loss, accuracy };
}
