/**
 * Read-only queries for browsing the experiment history: a page of runs with their latest metrics,
 * and one run in full. They read the database directly with plain SQL (no run summary is
 * rebuilt and checked per row), so a page of 10,000 runs stays fast; the indexes of schema.ts
 * serve the filters and the newest-first order (bench/history.mjs shows the query plans).
 */
import type { AdjustmentChanges, RunState } from '@shared/api';
import type { SqliteDatabase } from './database';

/** How a page is ordered; each maps to one ORDER BY (newest first uses the created_at indexes). */
export type RunSort = 'newest' | 'oldest' | 'best-dev-accuracy' | 'lowest-dev-loss' | 'lowest-train-loss';

const orderBy: Record<RunSort, string> = {
  newest: 'r.created_at DESC, r.seq DESC',
  oldest: 'r.created_at ASC, r.seq ASC',
  // Runs without the metric (NULL) go last whatever the direction.
  'best-dev-accuracy': 'r.dev_accuracy IS NULL, r.dev_accuracy DESC, r.created_at DESC',
  'lowest-dev-loss': 'r.dev_loss IS NULL, r.dev_loss ASC, r.created_at DESC',
  'lowest-train-loss': 'r.train_loss IS NULL, r.train_loss ASC, r.created_at DESC',
};
export const runSorts = Object.keys(orderBy) as RunSort[];

export interface RunListQuery {
  status?: RunState | undefined;
  dataset?: string | undefined;
  optimizer?: string | undefined;
  tag?: string | undefined;
  /** Matched anywhere in the run's id, label or data set (case-insensitive for ASCII). */
  text?: string | undefined;
  sort?: RunSort | undefined;
  limit: number;
  offset: number;
}

export interface MetricPair {
  loss: number | null;
  accuracy: number | null;
}

export interface RunListRow {
  id: string;
  label: string;
  status: RunState;
  /** Epochs whose end-of-epoch report is recorded (not the epochs planned). */
  epochs: number;
  plannedEpochs: number;
  dataset: string;
  optimizer: string;
  createdAt: string;
  train: MetricPair | null;
  dev: MetricPair | null;
}

export interface RunListPage {
  runs: RunListRow[];
  /** Runs matching the filters (all pages). */
  total: number;
}

interface ListRow {
  id: string;
  label: string;
  status: RunState;
  recorded: number;
  epochs: number;
  dataset: string;
  optimizer: string;
  created_at: string;
  train_loss: number | null;
  train_accuracy: number | null;
  dev_loss: number | null;
  dev_accuracy: number | null;
}

export function listRuns(db: SqliteDatabase, query: RunListQuery): RunListPage {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  // Each filter given adds one condition with its own named parameter.
  const equal: [keyof RunListQuery & string, string][] = [['status', 'r.status = @status'], ['dataset', 'r.dataset = @dataset'], ['optimizer', 'r.optimizer = @optimizer'], ['tag', 'r.id IN (SELECT run_id FROM run_tags WHERE tag = @tag)']];
  for (const [key, condition] of equal) {
    if (query[key] === undefined) continue;
    conditions.push(condition);
    params[key] = query[key];
  }
  if (query.text !== undefined && query.text !== '') {
    conditions.push("(r.label LIKE @text ESCAPE '\\' OR r.dataset LIKE @text ESCAPE '\\' OR r.id LIKE @text ESCAPE '\\')");
    params.text = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = db
    .prepare(
      `SELECT r.id, r.label, r.status, r.epochs, r.dataset, r.optimizer, r.created_at, r.train_loss, r.train_accuracy, r.dev_loss, r.dev_accuracy,
         (SELECT count(*) FROM epoch_metrics e WHERE e.run_id = r.id) AS recorded
       FROM runs r ${where} ORDER BY ${orderBy[query.sort ?? 'newest']} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as ListRow[];
  const total = db.prepare(`SELECT count(*) FROM runs r ${where}`).pluck().get(params) as number;
  return {
    total,
    runs: rows.map((row) => ({
      id: row.id,
      label: row.label,
      status: row.status,
      epochs: row.recorded,
      plannedEpochs: row.epochs,
      dataset: row.dataset,
      optimizer: row.optimizer,
      createdAt: row.created_at,
      train: pair(row.train_loss, row.train_accuracy),
      dev: pair(row.dev_loss, row.dev_accuracy),
    })),
  };
}

export interface EpochMetricsRow {
  epoch: number;
  step: number;
  /** The last mini-batch's loss and its EWA, then the full train and dev sets' metrics. */
  loss: number | null;
  smoothedLoss: number | null;
  learningRate: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  devLoss: number | null;
  devAccuracy: number | null;
}

export interface RecordedIntervention {
  step: number;
  changes: AdjustmentChanges;
  /** The values the changes replaced, where the settings say (see run-rows.ts previousValues). */
  previous: Record<string, unknown>;
}

export interface RunDetail {
  id: string;
  label: string;
  status: RunState;
  dataset: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  /** The run's settings as stored: a page's CSV text is "" here (it is kept once, by fingerprint). */
  settings: unknown;
  design: { name: string; version: number } | null;
  parameters: number;
  plannedEpochs: number;
  train: MetricPair | null;
  dev: MetricPair | null;
  test: MetricPair | null;
  diagnosis: unknown;
  error: string | null;
  notes: string;
  tags: string[];
  continuedFrom: string | null;
  interventions: RecordedIntervention[];
  metrics: EpochMetricsRow[];
}

interface DetailRow {
  id: string;
  label: string;
  status: RunState;
  dataset: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  settings: string;
  design_name: string | null;
  design_version: number | null;
  parameters: number;
  epochs: number;
  train_loss: number | null;
  train_accuracy: number | null;
  dev_loss: number | null;
  dev_accuracy: number | null;
  test_loss: number | null;
  test_accuracy: number | null;
  diagnosis: string | null;
  error: string | null;
  notes: string;
  continued_from: string | null;
}

/** One run with its settings, interventions and per-epoch metrics; null when there is no such run. */
export function showRun(db: SqliteDatabase, id: string): RunDetail | null {
  const row = db
    .prepare(
      `SELECT r.id, r.label, r.status, r.dataset, r.created_at, r.started_at, r.ended_at, r.duration_ms, r.settings, d.name AS design_name, v.version AS design_version,
         r.parameters, r.epochs, r.train_loss, r.train_accuracy, r.dev_loss, r.dev_accuracy, r.test_loss, r.test_accuracy, r.diagnosis, r.error, r.notes, r.continued_from
       FROM runs r LEFT JOIN design_versions v ON v.id = r.design_version_id LEFT JOIN designs d ON d.id = v.design_id WHERE r.id = ?`,
    )
    .get(id) as DetailRow | undefined;
  if (!row) return null;
  const interventions = (db.prepare('SELECT step, changes, previous FROM interventions WHERE run_id = ? ORDER BY seq').all(id) as { step: number; changes: string; previous: string }[]).map((intervention) => ({
    step: intervention.step,
    changes: JSON.parse(intervention.changes) as AdjustmentChanges,
    previous: JSON.parse(intervention.previous) as Record<string, unknown>,
  }));
  const metrics = db
    .prepare(
      `SELECT epoch, step, loss, smoothed_loss AS smoothedLoss, learning_rate AS learningRate, train_loss AS trainLoss, train_accuracy AS trainAccuracy, dev_loss AS devLoss, dev_accuracy AS devAccuracy
       FROM epoch_metrics WHERE run_id = ? ORDER BY epoch`,
    )
    .all(id) as EpochMetricsRow[];
  const tags = db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').pluck().all(id) as string[];
  return {
    id: row.id,
    label: row.label,
    status: row.status,
    dataset: row.dataset,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    settings: JSON.parse(row.settings) as unknown,
    design: row.design_name !== null && row.design_version !== null ? { name: row.design_name, version: row.design_version } : null,
    parameters: row.parameters,
    plannedEpochs: row.epochs,
    train: pair(row.train_loss, row.train_accuracy),
    dev: pair(row.dev_loss, row.dev_accuracy),
    test: pair(row.test_loss, row.test_accuracy),
    diagnosis: row.diagnosis === null ? null : (JSON.parse(row.diagnosis) as unknown),
    error: row.error,
    notes: row.notes,
    tags,
    continuedFrom: row.continued_from,
    interventions,
    metrics,
  };
}

function pair(loss: number | null, accuracy: number | null): MetricPair | null {
  return loss === null && accuracy === null ? null : { loss, accuracy };
}
