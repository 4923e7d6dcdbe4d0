/**
 * A report (an end-of-epoch or every-n-steps evaluation) as a record of float64s: the one layout
 * both the experiment database's report chunks (history schema v6) and a training worker's
 * batches to main use. A record is: epoch, step, stepsPerEpoch, loss, smoothedLoss, learningRate,
 * train loss, train accuracy, has dev (1/0), dev loss, dev accuracy, sampled (1/0), then per
 * tensor its gradient and weight norms, the tensors named once beside the records. NaN stands for
 * null, and a value that is not finite becomes null (the contract's values are finite or null;
 * a diverged run's are not); a learning rate that is not finite becomes 0.
 *
 * Why records: a two-worker search makes a couple of thousand reports a second. As objects each
 * crossed from its thread by structured clone — a dozen objects and a dozen strings (the
 * tensors' names) rebuilt on main's thread, taken from the cores that train — and was stored as
 * JSON. As records a batch crosses by transfer, and reading it back shares the names.
 */
import type { LayerNorms, TrainingProgress } from '../api';

export type ReportKind = TrainingProgress['kind'];
export const reportKinds: readonly ReportKind[] = ['step', 'epoch'];

/** What the norms are of, in order: one run's reports are all of the same tensors. */
export type ReportTensor = Pick<LayerNorms, 'name' | 'layer'>;

/** The values of a record before its norms. */
export const reportRecordFixedFields = 12;

/** How many float64s one record of `tensors` tensors takes. */
export function reportRecordWidth(tensors: number): number {
  return reportRecordFixedFields + 2 * tensors;
}

/** NaN for null and for any number that is not finite. */
const orNaN = (value: number | null | undefined): number => (value !== null && value !== undefined && Number.isFinite(value) ? value : Number.NaN);
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** Writes the report's record at `at` (its norms must be of the record's tensors); returns where the next starts. */
export function writeReportRecord(values: Float64Array, at: number, report: TrainingProgress): number {
  values[at++] = report.epoch;
  values[at++] = report.step;
  values[at++] = report.stepsPerEpoch;
  values[at++] = orNaN(report.loss);
  values[at++] = orNaN(report.smoothedLoss);
  values[at++] = Number.isFinite(report.learningRate) ? report.learningRate : 0;
  values[at++] = orNaN(report.train.loss);
  values[at++] = orNaN(report.train.accuracy);
  values[at++] = report.dev ? 1 : 0;
  values[at++] = orNaN(report.dev?.loss ?? null);
  values[at++] = orNaN(report.dev?.accuracy ?? null);
  values[at++] = report.sampled ? 1 : 0;
  for (const norm of report.norms) {
    values[at++] = orNaN(norm.gradNorm);
    values[at++] = orNaN(norm.weightNorm);
  }
  return at;
}

/** The report whose record starts at `at`; its norms name the `tensors` (shared, not copied). */
export function readReportRecord(values: Float64Array, at: number, kind: ReportKind, tensors: readonly ReportTensor[]): TrainingProgress {
  const epoch = values[at++]!;
  const step = values[at++]!;
  const stepsPerEpoch = values[at++]!;
  const loss = orNull(values[at++]!);
  const smoothedLoss = orNull(values[at++]!);
  const learningRate = values[at++]!;
  const train = { loss: orNull(values[at++]!), accuracy: orNull(values[at++]!) };
  const hasDev = values[at++] === 1;
  const dev = { loss: orNull(values[at++]!), accuracy: orNull(values[at++]!) };
  const sampled = values[at++] === 1;
  const norms: LayerNorms[] = new Array(tensors.length);
  for (let t = 0; t < tensors.length; t++) {
    const { name, layer } = tensors[t]!;
    norms[t] = { name, layer, gradNorm: orNull(values[at++]!), weightNorm: orNull(values[at++]!) };
  }
  return { kind, epoch, step, stepsPerEpoch, loss, smoothedLoss, learningRate, train, dev: hasDev ? dev : null, sampled, norms };
}

/** Where each fixed value sits in a record (the order writeReportRecord writes them). */
const recordField = { epoch: 0, step: 1, stepsPerEpoch: 2, loss: 3, smoothedLoss: 4, learningRate: 5, trainLoss: 6, trainAccuracy: 7, hasDev: 8, devLoss: 9, devAccuracy: 10, sampled: 11 } as const;
type RecordField = keyof typeof recordField;

/** The fixed values' names, as a damaged record's message says them. */
const recordFieldNames: Record<RecordField, string> = {
  epoch: 'epoch',
  step: 'step',
  stepsPerEpoch: 'steps per epoch',
  loss: 'loss',
  smoothedLoss: 'smoothed loss',
  learningRate: 'learning rate',
  trainLoss: 'train loss',
  trainAccuracy: 'train accuracy',
  hasDev: 'has dev',
  devLoss: 'dev loss',
  devAccuracy: 'dev accuracy',
  sampled: 'sampled',
};

/**
 * What is wrong with the record at `at` of `tensors` tensors, as the contract would say of the
 * report it reads as (TrainingProgress's schema), or null: for records from another process (a
 * queue worker's result). The same rules, on the float64s: a tight loop instead of zod over a
 * thousand report objects a trial (~1 µs a value). NaN reads as null; ±∞ is never written (the
 * writer makes it NaN), so it is damage. A test holds this to the schema on random records.
 */
export function reportRecordProblem(values: Float64Array, at: number, tensors: number): string | null {
  for (const field of ['hasDev', 'sampled'] as const) {
    const flag = values[at + recordField[field]]!;
    if (flag !== 0 && flag !== 1) return `its ${recordFieldNames[field]} flag is ${flag}, not 0 or 1`;
  }
  // A record without a dev set reads as dev: null, whatever its dev values hold.
  const hasDev = values[at + recordField.hasDev] === 1;
  const unread = (offset: number) => !hasDev && (offset === recordField.devLoss || offset === recordField.devAccuracy);
  const end = at + reportRecordWidth(tensors);
  for (let i = at; i < end; i++) {
    const value = values[i]!;
    if ((value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) && !unread(i - at)) return `its ${valueName(i - at)} is infinite`;
  }
  for (const field of ['epoch', 'step', 'stepsPerEpoch'] as const) {
    const value = values[at + recordField[field]]!;
    if (!Number.isSafeInteger(value) || value < 0) return `its ${recordFieldNames[field]} is ${value}, not a count`;
  }
  const learningRate = values[at + recordField.learningRate]!;
  if (!(learningRate >= 0)) return `its learning rate is ${learningRate}`;
  for (const field of hasDev ? (['trainAccuracy', 'devAccuracy'] as const) : (['trainAccuracy'] as const)) {
    const accuracy = values[at + recordField[field]]!;
    if (accuracy < 0 || accuracy > 1) return `its ${recordFieldNames[field]} is ${accuracy}, outside 0–1`;
  }
  for (let i = at + reportRecordFixedFields; i < end; i++) if (values[i]! < 0) return `its ${valueName(i - at)} is negative`;
  return null;
}

function valueName(offset: number): string {
  const fixed = (Object.keys(recordField) as RecordField[]).find((field) => recordField[field] === offset);
  if (fixed) return recordFieldNames[fixed];
  const norm = offset - reportRecordFixedFields;
  return `${norm % 2 === 0 ? 'gradient' : 'weight'} norm of tensor ${Math.floor(norm / 2) + 1}`;
}

/** Where a report was taken and its metrics: what follows a run's progress without its norms. */
export type ReportMetrics = Pick<TrainingProgress, 'epoch' | 'step' | 'train' | 'dev'>;

/** The metrics of the record at `at`, as readReportRecord reads them, without making the report's norms. */
export function readReportMetrics(values: Float64Array, at: number): ReportMetrics {
  const hasDev = values[at + recordField.hasDev] === 1;
  return {
    epoch: values[at + recordField.epoch]!,
    step: values[at + recordField.step]!,
    train: { loss: orNull(values[at + recordField.trainLoss]!), accuracy: orNull(values[at + recordField.trainAccuracy]!) },
    dev: hasDev ? { loss: orNull(values[at + recordField.devLoss]!), accuracy: orNull(values[at + recordField.devAccuracy]!) } : null,
  };
}

/** The tensors a report's norms are of. */
export function tensorsOf(report: TrainingProgress): ReportTensor[] {
  return report.norms.map(({ name, layer }) => ({ name, layer }));
}

/** Whether the norms are of exactly these tensors, in this order. */
export function sameTensors(norms: readonly ReportTensor[], tensors: readonly ReportTensor[]): boolean {
  return norms.length === tensors.length && norms.every((norm, i) => norm.name === tensors[i]!.name && norm.layer === tensors[i]!.layer);
}

/**
 * Reports in the order a worker made them, as it posts them to main: each record preceded by its
 * kind (0 step, 1 epoch), all of the same tensors; `values` is the batch's own buffer, transferred.
 */
export interface ReportBatch {
  count: number;
  tensors: ReportTensor[];
  values: Float64Array;
}

/** A batch record's first value: its report's kind. */
export const reportKindCodes: Record<ReportKind, number> = { step: 0, epoch: 1 };

/** The reports a batch holds, in order. */
export function reportsOfBatch(batch: ReportBatch): TrainingProgress[] {
  const width = 1 + reportRecordWidth(batch.tensors.length);
  const reports: TrainingProgress[] = new Array(batch.count);
  for (let i = 0; i < batch.count; i++) {
    const at = i * width;
    reports[i] = readReportRecord(batch.values, at + 1, batch.values[at] === reportKindCodes.epoch ? 'epoch' : 'step', batch.tensors);
  }
  return reports;
}

/** What is wrong with a batch from another process (its first record of no known kind, or damaged), or null. */
export function reportBatchProblem(batch: ReportBatch): string | null {
  const width = 1 + reportRecordWidth(batch.tensors.length);
  for (let i = 0; i < batch.count; i++) {
    const at = i * width;
    const kind = batch.values[at]!;
    if (kind !== reportKindCodes.step && kind !== reportKindCodes.epoch) return `report ${i + 1} of ${batch.count} is of no known kind (${kind})`;
    const problem = reportRecordProblem(batch.values, at + 1, batch.tensors.length);
    if (problem) return `report ${i + 1} of ${batch.count} is damaged: ${problem}`;
  }
  return null;
}

/** The metrics of a batch's epoch reports, in order, without making their norms. */
export function epochMetricsOfBatch(batch: ReportBatch): ReportMetrics[] {
  const width = 1 + reportRecordWidth(batch.tensors.length);
  const epochs: ReportMetrics[] = [];
  for (let at = 0; at < batch.count * width; at += width) if (batch.values[at] === reportKindCodes.epoch) epochs.push(readReportMetrics(batch.values, at + 1));
  return epochs;
}

/** Collects reports into a batch; a report of other tensors than the batch's must wait for the next (`fits`). */
export class ReportBatchBuilder {
  private values = new Float64Array(0);
  private tensors: ReportTensor[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether the report can join this batch: it is empty, or the report's norms are of its tensors. */
  fits(report: TrainingProgress): boolean {
    return this.count === 0 || sameTensors(report.norms, this.tensors);
  }

  add(report: TrainingProgress): void {
    if (!this.fits(report)) throw new Error(`the report of step ${report.step} has norms of other tensors than its batch`);
    if (this.count === 0) this.tensors = tensorsOf(report);
    const width = 1 + reportRecordWidth(this.tensors.length);
    const at = this.count * width;
    if (at + width > this.values.length) {
      const grown = new Float64Array(Math.max(2 * this.values.length, 64 * width));
      grown.set(this.values.subarray(0, at));
      this.values = grown;
    }
    this.values[at] = reportKindCodes[report.kind];
    writeReportRecord(this.values, at + 1, report);
    this.count++;
  }

  /** The batch so far (null when empty), in a buffer of its own (it may be transferred); the builder starts a new one. */
  take(): ReportBatch | null {
    if (this.count === 0) return null;
    const width = 1 + reportRecordWidth(this.tensors.length);
    // A copy of exactly the records (a transferred buffer goes whole); the builder keeps its buffer for the next.
    const batch = { count: this.count, tensors: this.tensors, values: this.values.slice(0, this.count * width) };
    this.tensors = [];
    this.count = 0;
    return batch;
  }
}
