/**
 * Read-only queries for browsing the experiment history: a page of runs with their latest metrics,
 * one run in full, and the filters' values. They read the database directly with plain SQL (no run summary is
 * rebuilt and checked per row), so a page of 10,000 runs stays fast; the indexes of schema.ts
 * serve the filters and the newest-first order (bench/history.mjs shows the query plans).
 */
import type { AdjustmentChanges, HistorySort, HistorySortKey, RunState } from '@shared/api';
import type { BackendKind } from '@shared/api/training-settings';
import type { SqliteDatabase } from './database';
import { readReports } from './report-chunks';
import { storedBackend } from './run-rows';

/**
 * The expression each sort key orders by, all columns of the runs_browse index. Epochs sort by the
 * epoch the run reached (runs.epoch): the count of recorded epochs shown in the row, except for a
 * run a crash cut between its epoch report and the next flush; counting every run's epoch rows
 * to sort would read a million rows for 10,000 runs.
 */
const sortExpression: Record<HistorySortKey, string> = {
  createdAt: 'r.created_at',
  label: 'r.label COLLATE NOCASE',
  status: 'r.status',
  dataset: 'r.dataset COLLATE NOCASE',
  optimizer: 'r.optimizer',
  epochs: 'r.epoch',
  trainLoss: 'r.train_loss',
  trainAccuracy: 'r.train_accuracy',
  devLoss: 'r.dev_loss',
  devAccuracy: 'r.dev_accuracy',
  durationMs: 'r.duration_ms',
};

export const newestFirst: HistorySort = { key: 'createdAt', direction: 'desc' };

/** ORDER BY for a sort: runs without the value (NULL) last in either direction, ties newest first. */
export function orderBy(sort: HistorySort): string {
  const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
  // created_at and seq are never NULL: this form lets the created_at indexes give the order.
  if (sort.key === 'createdAt') return `r.created_at ${direction}, r.seq ${direction}`;
  const expression = sortExpression[sort.key];
  return `${expression} IS NULL, ${expression} ${direction}, r.created_at DESC, r.seq DESC`;
}

export type RunFilters = Pick<RunListQuery, 'status' | 'dataset' | 'optimizer' | 'tag' | 'text'>;

export interface RunListQuery {
  status?: RunState | undefined;
  dataset?: string | undefined;
  optimizer?: string | undefined;
  tag?: string | undefined;
  /** Matched anywhere in the run's id, label, data set or notes (case-insensitive for ASCII). */
  text?: string | undefined;
  /** Default: newest first. */
  sort?: HistorySort | undefined;
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
  durationMs: number | null;
  tags: string[];
  continuedFrom: string | null;
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
  duration_ms: number | null;
  continued_from: string | null;
}

/** The WHERE clause of a list query and its named parameters; runs deleted in History are never listed. */
export function listConditions(query: RunFilters): { where: string; params: Record<string, unknown> } {
  const conditions = ['r.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  // Each filter given adds one condition with its own named parameter.
  const equal: [keyof RunFilters, string][] = [['status', 'r.status = @status'], ['dataset', 'r.dataset = @dataset'], ['optimizer', 'r.optimizer = @optimizer'], ['tag', 'r.id IN (SELECT run_id FROM run_tags WHERE tag = @tag)']];
  for (const [key, condition] of equal) {
    if (query[key] === undefined) continue;
    conditions.push(condition);
    params[key] = query[key];
  }
  if (query.text !== undefined && query.text !== '') {
    conditions.push("(r.label LIKE @text ESCAPE '\\' OR r.dataset LIKE @text ESCAPE '\\' OR r.id LIKE @text ESCAPE '\\' OR r.notes LIKE @text ESCAPE '\\')");
    params.text = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { where: `WHERE ${conditions.join(' AND ')}`, params };
}

/**
 * A page in two steps: the page's ids are chosen (filtered, sorted, counted) in the runs_browse
 * index without reading any run's row (the planner, guessing rows are small, would scan the table
 * otherwise), then only those rows are read. The free-text filter also reads the notes, in the rows.
 */
export function listRuns(db: SqliteDatabase, query: RunListQuery): RunListPage {
  const { where, params } = listConditions(query);
  const pageIds = db
    .prepare(`SELECT r.id FROM runs r INDEXED BY runs_browse ${where} ORDER BY ${orderBy(query.sort ?? newestFirst)} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: query.limit, offset: query.offset }) as string[];
  const total = db.prepare(`SELECT count(*) FROM runs r INDEXED BY runs_browse ${where}`).pluck().get(params) as number;
  const byId = new Map(
    (
      db
        .prepare(
          `SELECT r.id, r.label, r.status, r.epochs, r.dataset, r.optimizer, r.created_at, r.train_loss, r.train_accuracy, r.dev_loss, r.dev_accuracy, r.duration_ms, r.continued_from,
             (SELECT coalesce(sum(c.report_count), 0) FROM report_chunks c WHERE c.run_id = r.id AND c.kind = 'epoch') AS recorded
           FROM runs r WHERE r.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(pageIds)) as ListRow[]
    ).map((row) => [row.id, row]),
  );
  const rows = pageIds.map((id) => byId.get(id)!);
  const tags = tagsOf(db, pageIds);
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
      // Whole milliseconds (an imported file may carry fractions).
      durationMs: row.duration_ms === null ? null : Math.round(row.duration_ms),
      tags: tags.get(row.id) ?? [],
      continuedFrom: row.continued_from,
    })),
  };
}

/** The tags of these runs, each run's sorted, in one query. */
function tagsOf(db: SqliteDatabase, ids: readonly string[]): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  if (ids.length === 0) return tags;
  const rows = db.prepare('SELECT run_id, tag FROM run_tags WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, tag').all(JSON.stringify(ids)) as { run_id: string; tag: string }[];
  for (const row of rows) tags.set(row.run_id, [...(tags.get(row.run_id) ?? []), row.tag]);
  return tags;
}

export interface RunFacets {
  datasets: string[];
  optimizers: string[];
  tags: string[];
}

/** The values the list's filters can take, from runs that are not deleted. */
export function runFacets(db: SqliteDatabase): RunFacets {
  const distinct = (column: 'dataset' | 'optimizer') => db.prepare(`SELECT DISTINCT ${column} FROM runs WHERE deleted_at IS NULL ORDER BY ${column}`).pluck().all() as string[];
  return {
    datasets: distinct('dataset'),
    optimizers: distinct('optimizer'),
    tags: db.prepare('SELECT DISTINCT t.tag FROM run_tags t JOIN runs r ON r.id = t.run_id WHERE r.deleted_at IS NULL ORDER BY t.tag').pluck().all() as string[],
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
  /** The engine that took its steps (null before it started, and for runs recorded before schema v5). */
  backend: BackendKind | null;
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
  backend: string | null;
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

/** One run with its settings, interventions and per-epoch metrics; null when there is no such run (or it was deleted). */
export function showRun(db: SqliteDatabase, id: string): RunDetail | null {
  const row = db
    .prepare(
      `SELECT r.id, r.label, r.status, r.dataset, r.created_at, r.started_at, r.ended_at, r.duration_ms, r.backend, r.settings, d.name AS design_name, v.version AS design_version,
         r.parameters, r.epochs, r.train_loss, r.train_accuracy, r.dev_loss, r.dev_accuracy, r.test_loss, r.test_accuracy, r.diagnosis, r.error, r.notes, r.continued_from
       FROM runs r LEFT JOIN design_versions v ON v.id = r.design_version_id LEFT JOIN designs d ON d.id = v.design_id WHERE r.id = ? AND r.deleted_at IS NULL`,
    )
    .get(id) as DetailRow | undefined;
  if (!row) return null;
  const interventions = (db.prepare('SELECT step, changes, previous FROM interventions WHERE run_id = ? ORDER BY seq').all(id) as { step: number; changes: string; previous: string }[]).map((intervention) => ({
    step: intervention.step,
    changes: JSON.parse(intervention.changes) as AdjustmentChanges,
    previous: JSON.parse(intervention.previous) as Record<string, unknown>,
  }));
  const metrics = readReports(db, id, 1, Number.MAX_SAFE_INTEGER, ['epoch']).map((report): EpochMetricsRow => ({
    epoch: report.epoch,
    step: report.step,
    loss: report.loss,
    smoothedLoss: report.smoothedLoss,
    learningRate: report.learningRate,
    trainLoss: report.train.loss,
    trainAccuracy: report.train.accuracy,
    devLoss: report.dev?.loss ?? null,
    devAccuracy: report.dev?.accuracy ?? null,
  }));
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
    backend: storedBackend(row.backend),
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

export interface RunLinks {
  /** Runs (not deleted) that continued from this one, oldest first. */
  continuations: string[];
  hasModel: boolean;
  /** Checkpoints without their documents, oldest first. */
  checkpoints: { epoch: number; step: number }[];
  dataFingerprint: string;
}

/** What the History detail shows beyond showRun: links, the kept weights and checkpoints. Null for an unknown or deleted run. */
export function runLinks(db: SqliteDatabase, id: string): RunLinks | null {
  const fingerprint = db.prepare('SELECT dataset_fingerprint FROM runs WHERE id = ? AND deleted_at IS NULL').pluck().get(id) as string | undefined;
  if (fingerprint === undefined) return null;
  return {
    continuations: db.prepare('SELECT id FROM runs WHERE continued_from = ? AND deleted_at IS NULL ORDER BY created_at, seq').pluck().all(id) as string[],
    hasModel: db.prepare('SELECT 1 FROM models WHERE run_id = ?').get(id) !== undefined,
    checkpoints: db.prepare('SELECT epoch, step FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(id) as { epoch: number; step: number }[],
    dataFingerprint: fingerprint,
  };
}
