/**
 * A run's reports (end-of-epoch and every-n-steps evaluations) as the experiment database keeps
 * them (schema v6): runs of reports of one kind packed into one BLOB each, not a row per report.
 * A two-worker search records a couple of thousand epochs a second; a row each (with its norms as
 * JSON) cost the coordinator's thread ~20 µs an epoch, taken from the cores that train. A chunk
 * costs a copy.
 *
 * A chunk holds reports of one kind whose norms are of the same tensors (named once, in
 * `tensors`). Its BLOB is float64s (float64-blob.ts), one record per report in step order, laid
 * out as report-records.ts says (the layout a worker's batches use too).
 */
import { z } from 'zod';
import type { TrainingProgress } from '@shared/api';
import { readReportRecord, reportKinds, reportRecordWidth, sameTensors, tensorsOf, writeReportRecord, type ReportKind } from '@shared/training/report-records';
import type { SqliteDatabase } from './database';
import { float64Blob, float64sOf } from './float64-blob';

/** At most this many reports in one chunk (~150 KB for three layers), so one run is a few BLOBs, none huge. */
export const maxReportsPerChunk = 1024;


const Tensors = z.array(z.object({ name: z.string(), layer: z.string() }).strict());
type Tensors = z.infer<typeof Tensors>;

/** What one chunk row holds, ready to insert. */
export interface ReportChunk {
  kind: ReportKind;
  firstStep: number;
  lastStep: number;
  count: number;
  tensors: Tensors;
  values: Float64Array;
}

/** Reports of one kind and the same tensors as one chunk's values. */
export function encodeReportChunk(reports: readonly TrainingProgress[]): ReportChunk {
  const first = reports[0];
  if (!first) throw new Error('a report chunk needs at least one report');
  const tensors = tensorsOf(first);
  const values = new Float64Array(reportRecordWidth(tensors.length) * reports.length);
  let at = 0;
  for (const report of reports) {
    if (report.kind !== first.kind || !sameTensors(report.norms, tensors)) throw new Error(`the report of step ${report.step} does not belong in a chunk of ${first.kind} reports of the first report's tensors`);
    at = writeReportRecord(values, at, report);
  }
  return { kind: first.kind, firstStep: first.step, lastStep: reports.at(-1)!.step, count: reports.length, tensors, values };
}

/** A chunk row's reports; throws naming the chunk when its BLOB or tensors are damaged. */
export function decodeReportChunk(kind: ReportKind, firstStep: number, tensorsJson: string, blob: Uint8Array): TrainingProgress[] {
  const where = `the ${kind} reports' chunk from step ${firstStep}`;
  let tensors: Tensors;
  try {
    tensors = Tensors.parse(JSON.parse(tensorsJson));
  } catch {
    throw new Error(`${where} is damaged: its tensors are not a list of names`);
  }
  const width = reportRecordWidth(tensors.length);
  if (blob.byteLength % (8 * width) !== 0) throw new Error(`${where} is damaged: ${blob.byteLength} bytes is not a whole number of reports`);
  const values = float64sOf(blob);
  const reports: TrainingProgress[] = [];
  for (let at = 0; at < values.length; at += width) reports.push(readReportRecord(values, at, kind, tensors));
  return reports;
}

/** The reports split where a stored chunk must end: at a change of kind or tensors, and every maxReportsPerChunk; each part in step order. */
export function reportChunks(reports: readonly TrainingProgress[]): ReportChunk[] {
  const chunks: ReportChunk[] = [];
  for (const kind of reportKinds) {
    const ofKind = reports.filter((report) => report.kind === kind).sort((a, b) => a.step - b.step);
    let start = 0;
    for (let i = 1; i <= ofKind.length; i++) {
      if (i === ofKind.length || i - start === maxReportsPerChunk || !sameTensors(ofKind[i]!.norms, ofKind[start]!.norms)) {
        chunks.push(encodeReportChunk(ofKind.slice(start, i)));
        start = i;
      }
    }
  }
  return chunks;
}

/**
 * Writes the reports as chunks of the run. A report replaces one already stored of the same kind
 * at the same step (a restarted coordinator may record a queue trial's result twice), as the
 * row tables' keys made it do: a stored chunk the new reports overlap is read, merged and written again.
 */
export function insertReports(db: SqliteDatabase, runId: string, reports: readonly TrainingProgress[]): void {
  if (reports.length === 0) return;
  const insert = db.prepare('INSERT INTO report_chunks (run_id, kind, first_step, last_step, report_count, tensors, reports) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const overlapping = db.prepare('SELECT first_step, tensors, reports FROM report_chunks WHERE run_id = ? AND kind = ? AND last_step >= ? AND first_step <= ?');
  const remove = db.prepare('DELETE FROM report_chunks WHERE run_id = ? AND kind = ? AND first_step = ?');
  for (const kind of reportKinds) {
    // The last of two reports at one step wins, as it did in the rows.
    const byStep = new Map(reports.filter((report) => report.kind === kind).map((report) => [report.step, report]));
    if (byStep.size === 0) continue;
    const incoming = [...byStep.values()];
    const replaced = new Set(byStep.keys());
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const step of replaced) [first, last] = [Math.min(first, step), Math.max(last, step)];
    const stored = overlapping.all(runId, kind, first, last) as { first_step: number; tensors: string; reports: Uint8Array }[];
    const kept: TrainingProgress[] = [];
    for (const row of stored) {
      for (const report of decodeReportChunk(kind, row.first_step, row.tensors, row.reports)) if (!replaced.has(report.step)) kept.push(report);
      remove.run(runId, kind, row.first_step);
    }
    for (const chunk of reportChunks([...kept, ...incoming])) {
      insert.run(runId, chunk.kind, chunk.firstStep, chunk.lastStep, chunk.count, JSON.stringify(chunk.tensors), float64Blob(chunk.values));
    }
  }
}

/** A run's stored reports (evaluations every n steps and epoch ends) with steps from `fromStep` to `toStep`, in order. */
export function readReports(db: SqliteDatabase, runId: string, fromStep = 1, toStep = Number.MAX_SAFE_INTEGER, kinds: readonly ReportKind[] = reportKinds): TrainingProgress[] {
  const rows = db
    .prepare('SELECT kind, first_step, tensors, reports FROM report_chunks WHERE run_id = ? AND last_step >= ? AND first_step <= ? ORDER BY kind, first_step')
    .all(runId, fromStep, toStep) as { kind: ReportKind; first_step: number; tensors: string; reports: Uint8Array }[];
  const reports: TrainingProgress[] = [];
  for (const row of rows) {
    if (!kinds.includes(row.kind)) continue;
    for (const report of decodeReportChunk(row.kind, row.first_step, row.tensors, row.reports)) if (report.step >= fromStep && report.step <= toStep) reports.push(report);
  }
  return reports.sort(byReportOrder);
}

/** How many reports of a kind the run (or every run) has stored. */
export function storedReportCount(db: SqliteDatabase, kind: ReportKind, runId?: string): number {
  const sql = 'SELECT coalesce(sum(report_count), 0) FROM report_chunks WHERE kind = ?';
  return (runId === undefined ? db.prepare(sql).pluck().get(kind) : db.prepare(`${sql} AND run_id = ?`).pluck().get(kind, runId)) as number;
}

/** In the order a run made them: by step, a step's evaluation before the end-of-epoch report at the same step. */
export function byReportOrder(a: TrainingProgress, b: TrainingProgress): number {
  return a.step - b.step || reportKindOrder[a.kind] - reportKindOrder[b.kind];
}
const reportKindOrder: Record<ReportKind, number> = { step: 0, epoch: 1 };
