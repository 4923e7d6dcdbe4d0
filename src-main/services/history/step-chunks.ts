/**
 * A run's step points as the experiment database keeps them (schema v5): runs of contiguous steps
 * packed into one BLOB each, not a row per step. A search's trials take tens of thousands of steps
 * a second between them; a row each cost the coordinator's thread ~4 µs of SQLite a step (a third
 * of its time in a two-worker search, taken from the cores that train), a chunk costs a copy.
 *
 * A chunk's BLOB is its StepColumns' values as little-endian float64s (step-columns.ts): the
 * epochs, the losses (NaN where not finite: read back as null), the learning rates, from `first_step`.
 */
import type { StepPoint } from '@shared/api';
import { sliceStepColumns, stepColumnCount, stepColumnsOf, stepPointsOf, type StepColumns } from '@shared/training/step-columns';
import type { SqliteDatabase } from './database';
import { float64Blob, float64sOf } from './float64-blob';

/** At most this many steps in one chunk (~96 KB), so a page of history decodes a few chunks, not a whole run. */
export const maxStepsPerChunk = 4096;

/** The columns' bytes, as stored (float64-blob.ts). */
export function encodeStepChunk(columns: StepColumns): Buffer {
  return float64Blob(columns.values, stepColumnCount * columns.count);
}

/** A chunk's BLOB as the columns of the steps from `firstStep`; throws on one that is not whole steps (a damaged database names itself). */
export function decodeStepChunk(firstStep: number, blob: Uint8Array): StepColumns {
  const bytesPerStep = 8 * stepColumnCount;
  if (blob.byteLength % bytesPerStep !== 0) throw new Error(`a step chunk from step ${firstStep} is damaged: ${blob.byteLength} bytes is not a whole number of steps`);
  return { fromStep: firstStep, count: blob.byteLength / bytesPerStep, values: float64sOf(blob) };
}

/** The points split where a stored chunk must end: at any gap in the step numbers (an old database's rows), each part as columns. */
export function contiguousColumns(points: readonly StepPoint[]): StepColumns[] {
  const parts: StepColumns[] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i === points.length || points[i]!.step !== points[i - 1]!.step + 1) {
      parts.push(stepColumnsOf(points.slice(start, i)));
      start = i;
    }
  }
  return parts;
}

/** Writes the steps as chunks of the run, maxStepsPerChunk steps at most each. */
export function insertSteps(db: SqliteDatabase, runId: string, steps: StepColumns): void {
  if (steps.count === 0) return;
  const insert = db.prepare('INSERT INTO step_chunks (run_id, first_step, last_step, points) VALUES (?, ?, ?, ?)');
  for (let start = 0; start < steps.count; start += maxStepsPerChunk) {
    const chunk = steps.count <= maxStepsPerChunk ? steps : sliceStepColumns(steps, start, Math.min(maxStepsPerChunk, steps.count - start));
    insert.run(runId, chunk.fromStep, chunk.fromStep + chunk.count - 1, encodeStepChunk(chunk));
  }
}

/** The run's stored points from `fromStep`, at most `limit` of them, in order. */
export function readSteps(db: SqliteDatabase, runId: string, fromStep = 1, limit = Number.POSITIVE_INFINITY): StepPoint[] {
  const points: StepPoint[] = [];
  if (limit <= 0) return points;
  const rows = db.prepare('SELECT first_step, points FROM step_chunks WHERE run_id = ? AND last_step >= ? ORDER BY first_step').iterate(runId, fromStep) as IterableIterator<{ first_step: number; points: Uint8Array }>;
  for (const row of rows) {
    for (const point of stepPointsOf(decodeStepChunk(row.first_step, row.points), fromStep, limit - points.length)) points.push(point);
    // Leaving the loop early ends the statement (the iterator's return()).
    if (points.length >= limit) break;
  }
  return points;
}

/** The last stored step of the run, 0 when it has none. */
export function lastStoredStep(db: SqliteDatabase, runId: string): number {
  return db.prepare('SELECT coalesce(max(last_step), 0) FROM step_chunks WHERE run_id = ?').pluck().get(runId) as number;
}

/** How many steps the run (or every run) has stored. */
export function storedStepCount(db: SqliteDatabase, runId?: string): number {
  const sql = 'SELECT coalesce(sum(last_step - first_step + 1), 0) FROM step_chunks';
  return (runId === undefined ? db.prepare(sql).pluck().get() : db.prepare(`${sql} WHERE run_id = ?`).pluck().get(runId)) as number;
}
