/**
 * A trial's reports as its result carries them over the queue (queue schema 2): one array per
 * field, each key once, and the tensors' names once, instead of an object per report: a trial of
 * 1,100 epochs returned 0.95 MB of JSON that its worker wrote, Redis kept and its coordinator
 * parsed; as columns it is 0.39 MB. Each column is checked by the contract's own schema of that
 * field; decodeReports gives back exactly the reports that were encoded.
 */
import { z } from 'zod';
import { LayerNorms, Metrics, TrainingProgress } from '@shared/api';
import { sameTensors, tensorsOf } from '@shared/training/report-records';

const field = TrainingProgress.shape;

export const ReportColumns = z
  .object({
    kind: z.array(field.kind),
    epoch: z.array(field.epoch),
    step: z.array(field.step),
    stepsPerEpoch: z.array(field.stepsPerEpoch),
    loss: z.array(field.loss),
    smoothedLoss: z.array(field.smoothedLoss),
    learningRate: z.array(field.learningRate),
    trainLoss: z.array(Metrics.shape.loss),
    trainAccuracy: z.array(Metrics.shape.accuracy),
    /** false: the report has no dev set (devLoss and devAccuracy are null there). */
    hasDev: z.array(z.boolean()),
    devLoss: z.array(Metrics.shape.loss),
    devAccuracy: z.array(Metrics.shape.accuracy),
    sampled: z.array(field.sampled),
    /** The tensors every report's norms are of, in order. */
    tensors: z.array(z.object({ name: z.string().max(200), layer: z.string().max(200) }).strict()).max(10_000),
    /** Per report, per tensor. */
    gradNorm: z.array(z.array(LayerNorms.shape.gradNorm)),
    weightNorm: z.array(z.array(LayerNorms.shape.weightNorm)),
  })
  .strict()
  .superRefine((columns, context) => {
    const reports = columns.kind.length;
    for (const [key, value] of Object.entries(columns)) {
      if (key !== 'tensors' && Array.isArray(value) && value.length !== reports) context.addIssue({ code: 'custom', path: [key], message: `has ${value.length} values for ${reports} reports` });
    }
    const tensors = columns.tensors.length;
    for (const key of ['gradNorm', 'weightNorm'] as const) {
      const index = columns[key].findIndex((row) => row.length !== tensors);
      if (index >= 0) context.addIssue({ code: 'custom', path: [key, index], message: `has ${columns[key][index]!.length} norms for ${tensors} tensors` });
    }
  });
export type ReportColumns = z.infer<typeof ReportColumns>;

/**
 * The reports as columns. Throws when they are not all of the same tensors (one run's reports always are).
 * One plain loop filling arrays of the final length: it runs once a trial over a thousand reports,
 * and as sixteen push()es and two map()s a report V8 spent ~75 ms compiling it, again after every deopt.
 */
export function encodeReports(reports: readonly TrainingProgress[]): ReportColumns {
  const count = reports.length;
  const tensors = reports[0] ? tensorsOf(reports[0]) : [];
  const column = <T>() => new Array<T>(count);
  const columns: ReportColumns = {
    kind: column(),
    epoch: column(),
    step: column(),
    stepsPerEpoch: column(),
    loss: column(),
    smoothedLoss: column(),
    learningRate: column(),
    trainLoss: column(),
    trainAccuracy: column(),
    hasDev: column(),
    devLoss: column(),
    devAccuracy: column(),
    sampled: column(),
    tensors,
    gradNorm: column(),
    weightNorm: column(),
  };
  for (let i = 0; i < count; i++) {
    const report = reports[i]!;
    if (!sameTensors(report.norms, tensors)) throw new Error(`the report of step ${report.step} has norms of other tensors than the first report's`);
    columns.kind[i] = report.kind;
    columns.epoch[i] = report.epoch;
    columns.step[i] = report.step;
    columns.stepsPerEpoch[i] = report.stepsPerEpoch;
    columns.loss[i] = report.loss;
    columns.smoothedLoss[i] = report.smoothedLoss;
    columns.learningRate[i] = report.learningRate;
    columns.trainLoss[i] = report.train.loss;
    columns.trainAccuracy[i] = report.train.accuracy;
    columns.hasDev[i] = report.dev !== null;
    columns.devLoss[i] = report.dev ? report.dev.loss : null;
    columns.devAccuracy[i] = report.dev ? report.dev.accuracy : null;
    columns.sampled[i] = report.sampled;
    const gradNorm = new Array<number | null>(tensors.length);
    const weightNorm = new Array<number | null>(tensors.length);
    for (let t = 0; t < tensors.length; t++) {
      gradNorm[t] = report.norms[t]!.gradNorm;
      weightNorm[t] = report.norms[t]!.weightNorm;
    }
    columns.gradNorm[i] = gradNorm;
    columns.weightNorm[i] = weightNorm;
  }
  return columns;
}

/** The reports the columns hold (checked columns: ReportColumns.parse first). */
export function decodeReports(columns: ReportColumns): TrainingProgress[] {
  return columns.kind.map((kind, i) => ({
    kind,
    epoch: columns.epoch[i]!,
    step: columns.step[i]!,
    stepsPerEpoch: columns.stepsPerEpoch[i]!,
    loss: columns.loss[i] ?? null,
    smoothedLoss: columns.smoothedLoss[i] ?? null,
    learningRate: columns.learningRate[i]!,
    train: { loss: columns.trainLoss[i] ?? null, accuracy: columns.trainAccuracy[i] ?? null },
    dev: columns.hasDev[i] ? { loss: columns.devLoss[i] ?? null, accuracy: columns.devAccuracy[i] ?? null } : null,
    sampled: columns.sampled[i]!,
    norms: columns.tensors.map(({ name, layer }, t) => ({ name, layer, gradNorm: columns.gradNorm[i]![t] ?? null, weightNorm: columns.weightNorm[i]![t] ?? null })),
  }));
}
