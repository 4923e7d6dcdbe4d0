/**
 * Conversions between the contract's records and the database's rows: numbers that are not finite
 * become NULL, a page's CSV text is kept once (by fingerprint) instead of inside every run's
 * settings, and an intervention is stored with the values it replaced where the settings say.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { AdjustmentChanges, AppliedAdjustment, RunSettings, RunState, TrainingProgress } from '@shared/api';
import { backendKinds, type BackendKind } from '@shared/api/training-settings';
import type { SqliteDatabase } from './database';

/** NaN and ±Infinity never reach a numeric column. */
/** A run's stored engine; a name this version does not know (another version wrote it) reads as unknown, not as an error. */
export function storedBackend(value: string | null): BackendKind | null {
  return (backendKinds as readonly string[]).includes(value ?? '') ? (value as BackendKind) : null;
}

export function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The number for the next new run id (run-<n>): after every run there is and every run ever purged. */
export function nextRunSeq(db: SqliteDatabase): number {
  const inRuns = (db.prepare('SELECT max(seq) FROM runs').pluck().get() as number | null) ?? 0;
  const purged = (db.prepare('SELECT highest FROM run_numbers WHERE id = 1').pluck().get() as number | undefined) ?? 0;
  return Math.max(inRuns, purged) + 1;
}

/** A row of the runs table as `SELECT *` reads it (the columns the store and the archive read). */
export interface RunsRow {
  id: string;
  label: string;
  status: RunState;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  settings: string;
  design: string | null;
  dataset: string;
  dataset_description: string;
  dataset_fingerprint: string;
  parameters: number;
  epochs: number;
  total_steps: number;
  epoch: number;
  step: number;
  train_loss: number | null;
  train_accuracy: number | null;
  dev_loss: number | null;
  dev_accuracy: number | null;
  test_loss: number | null;
  test_accuracy: number | null;
  result: string | null;
  warnings: string;
  notes: string;
  error: string | null;
  continued_from: string | null;
  /** A branch's checkpoint of continued_from (panda's rollback), or null. */
  branched_epoch: number | null;
  branched_step: number | null;
  visuals: string | null;
  /** The engine that took the run's steps; NULL before it started and for runs recorded before schema v5. */
  backend: string | null;
}

export interface DatasetIdentity {
  /** The data source as JSON, without a page's CSV text (its length instead). */
  description: string;
  /**
   * Equal fingerprints mean the same training rows: the text's hash for a page's CSV; for a file,
   * its path, size and modification time (reading a large file again in main would stall it); for
   * generated and packaged data, the source with the data seed and split that produce the rows.
   */
  fingerprint: string;
  /** A page's CSV text, kept once in dataset_texts. */
  text: string | null;
}

export function datasetIdentity(settings: RunSettings): DatasetIdentity {
  const { data } = settings;
  if (data.kind === 'csv-text') {
    return { description: JSON.stringify({ kind: data.kind, name: data.name, label: data.label ?? null, chars: data.text.length }), fingerprint: sha256(data.text), text: data.text };
  }
  const description = JSON.stringify(data);
  if (data.kind === 'csv') {
    const file = statOrNull(data.path);
    return { description, fingerprint: sha256(JSON.stringify({ data, size: file?.size ?? null, modified: file?.mtimeMs ?? null, split: settings.split ?? null })), text: null };
  }
  return { description, fingerprint: sha256(JSON.stringify({ data, dataSeed: settings.seeds.data, split: settings.split ?? null })), text: null };
}

/** The settings as stored: a page's CSV text is replaced by "" (it is in dataset_texts). */
export function storedSettings(settings: RunSettings): string {
  return JSON.stringify(settings.data.kind === 'csv-text' ? { ...settings, data: { ...settings.data, text: '' } } : settings);
}

/** Settings read back, with a page's CSV text put back from dataset_texts. */
export function restoredSettings(json: string, text: string | null): unknown {
  const settings = JSON.parse(json) as { data: { kind: string; text?: string } };
  return settings.data.kind === 'csv-text' && text !== null ? { ...settings, data: { ...settings.data, text } } : settings;
}

/**
 * What each change replaced: the latest earlier change of that setting, else the run's settings
 * (learning rate, l2, batch size, schedule, the optimizer's hyperparameters). The keep probability
 * belongs to each dropout layer of the design, so it has no single previous value and is left out.
 */
export function previousValues(settings: RunSettings, earlier: readonly AppliedAdjustment[], changes: AdjustmentChanges): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const fromSettings: Record<string, unknown> = { ...(settings.settings.optimizer as Record<string, unknown>), ...settings.settings };
  for (const key of Object.keys(changes) as (keyof AdjustmentChanges)[]) {
    if (changes[key] === undefined || key === 'keepProb') continue;
    const last = [...earlier].reverse().find((adjustment) => adjustment.changes[key] !== undefined);
    const value = last ? last.changes[key] : fromSettings[key];
    if (value !== undefined) previous[key] = value;
  }
  return previous;
}

/** A report's row as schemas v1–v5 kept it (epoch_metrics and step_evaluations share the columns); read only by the v6 migration. */
export interface LegacyReportRow {
  epoch: number;
  step: number;
  steps_per_epoch: number;
  loss: number | null;
  smoothed_loss: number | null;
  learning_rate: number;
  train_loss: number | null;
  train_accuracy: number | null;
  dev_loss: number | null;
  dev_accuracy: number | null;
  has_dev: number;
  sampled: number;
  norms: string;
}

export function reportFromLegacyRow(kind: TrainingProgress['kind'], row: LegacyReportRow): TrainingProgress {
  return {
    kind,
    epoch: row.epoch,
    step: row.step,
    stepsPerEpoch: row.steps_per_epoch,
    loss: row.loss,
    smoothedLoss: row.smoothed_loss,
    learningRate: row.learning_rate,
    train: { loss: row.train_loss, accuracy: row.train_accuracy },
    dev: row.has_dev === 1 ? { loss: row.dev_loss, accuracy: row.dev_accuracy } : null,
    sampled: row.sampled === 1,
    norms: JSON.parse(row.norms) as TrainingProgress['norms'],
  };
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
