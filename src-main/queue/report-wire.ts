/**
 * A trial's reports as they travel over the queue (queue schema 3), in its progress and in its
 * result: the float64 records a training thread already posts to its main thread
 * (report-records.ts: each report's kind, then its record), as base64, with the tensors named once.
 *
 * Why: as JSON (an object per report, then columns in schema 2) a second-long trial's result was
 * 0.39 MB of numbers written out as text by its worker (~14 ms of its main thread a trial: a
 * fifth of what the queue spent beside the training), kept by Redis, then parsed back and checked
 * value by value with zod by the coordinator. As records it is one string: copied, not formatted.
 *
 * Checked on arrival all the same: the base64, the length against the count and the tensors, each
 * record's kind, and each record's values by the contract's rules (reportRecordProblem); a
 * damaged record is refused by its place. The bytes are in the platform's order, as the
 * experiment database keeps them: every platform Deepwire builds for is little-endian.
 */
import { z } from 'zod';
import type { TrainingProgress } from '@shared/api';
import { epochMetricsOfBatch, reportBatchProblem, ReportBatchBuilder, reportRecordWidth, reportsOfBatch, type ReportBatch, type ReportMetrics } from '@shared/training/report-records';
import { float64Blob, float64sOf } from '../services/history/float64-blob';

const Tensor = z.object({ name: z.string().max(200), layer: z.string().max(200) }).strict();

/** The wire form: `count` reports of the `tensors`, their records' bytes in base64. */
export const WireReports = z
  .object({
    count: z.number().int().min(0),
    /** The tensors every report's norms are of, in order. */
    tensors: z.array(Tensor).max(10_000),
    records: z.base64(),
  })
  .strict();
export type WireReports = z.infer<typeof WireReports>;

/** The wire form checked and read back: the reports, exactly as they were encoded. */
export const ReceivedReports = WireReports.transform((wire, context): TrainingProgress[] => {
  const batch = checkedBatch(wire);
  return typeof batch === 'string' ? refused(context, batch) : reportsOfBatch(batch);
});

/**
 * The wire form checked as wholly, but read back as its epoch reports' metrics only: what a
 * trial's progress is followed by (its norms, a dozen objects a report, are not needed there).
 */
export const ReceivedEpochs = WireReports.transform((wire, context): ReportMetrics[] => {
  const batch = checkedBatch(wire);
  return typeof batch === 'string' ? refused(context, batch) : epochMetricsOfBatch(batch);
});

function refused(context: z.core.$RefinementCtx, message: string): never {
  context.addIssue({ code: 'custom', path: ['records'], message });
  return z.NEVER;
}

/** The reports (all of the same tensors: one run's are) in the wire form. Throws for reports of different tensors. */
export function encodeWireReports(reports: readonly TrainingProgress[]): WireReports {
  const builder = new ReportBatchBuilder();
  for (const report of reports) builder.add(report);
  const batch = builder.take();
  if (!batch) return { count: 0, tensors: [], records: '' };
  return { count: batch.count, tensors: batch.tensors, records: float64Blob(batch.values).toString('base64') };
}

/** The records as a batch, each checked, or what is wrong with the wire form (a sentence naming the first damaged place). */
function checkedBatch(wire: WireReports): ReportBatch | string {
  const bytes = Buffer.from(wire.records, 'base64');
  const width = 1 + reportRecordWidth(wire.tensors.length);
  if (bytes.byteLength !== wire.count * width * 8) return `${bytes.byteLength} bytes of records do not hold ${wire.count} reports of ${wire.tensors.length} tensors (${wire.count * width * 8} bytes)`;
  const batch = { count: wire.count, tensors: wire.tensors, values: float64sOf(bytes) };
  return reportBatchProblem(batch) ?? batch;
}
