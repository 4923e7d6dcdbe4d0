/**
 * Reports as float64 records in a worker's batch: every value comes back exactly and in order,
 * kinds and all; a value that is not finite as null (the contract's values are finite or null);
 * the tensors' names are shared, not copied per report; a report of other tensors waits for the next batch.
 */
import { describe, expect, it } from 'vitest';
import { TrainingProgress, type LayerNorms } from '../api';
import { createRng } from '../engine/rng';
import { readReportRecord, ReportBatchBuilder, reportRecordFixedFields, reportRecordProblem, reportRecordWidth, reportsOfBatch, writeReportRecord } from './report-records';

const norms = (scale: number, names = ['dense1.W', 'dense1.b']): LayerNorms[] => names.map((name, i) => ({ name, layer: name.split('.')[0]!, gradNorm: scale * (i + 1), weightNorm: 1 + scale / (i + 1) }));

function report(kind: TrainingProgress['kind'], step: number, overrides: Partial<TrainingProgress> = {}): TrainingProgress {
  return {
    kind,
    epoch: Math.ceil(step / 4),
    step,
    stepsPerEpoch: 4,
    loss: 1 / step,
    smoothedLoss: 1.1 / step,
    learningRate: 0.01 * 0.9 ** step,
    train: { loss: 0.9 / step, accuracy: 0.5 + step / 1000 },
    dev: { loss: 1.2 / step, accuracy: 0.4 + step / 1000 },
    sampled: kind === 'step',
    norms: norms(1 / step),
    ...overrides,
  };
}

function batchOf(reports: TrainingProgress[]) {
  const builder = new ReportBatchBuilder();
  for (const r of reports) builder.add(r);
  return builder.take()!;
}

describe('report batches', () => {
  it('give back every report exactly, in the order made, a step evaluation and an epoch end at one step included', () => {
    // 300 reports: past the builder's first buffer (64 records) and two growths.
    const reports = Array.from({ length: 300 }, (_, i) => report(i % 3 === 2 ? 'step' : 'epoch', 4 * Math.floor(i / 2) + 4, i === 7 ? { dev: null, sampled: true } : {}));
    const batch = batchOf(reports);
    expect(batch.count).toBe(300);
    // Exactly the records, each with its kind before it (the buffer goes whole when transferred).
    expect(batch.values.length).toBe(300 * (1 + reportRecordWidth(2)));
    expect(reportsOfBatch(batch)).toEqual(reports);
  });

  it('keep −0 and the smallest numbers, and turn a value that is not finite into null (a rate into 0)', () => {
    const odd = report('epoch', 8, {
      loss: Number.NaN,
      smoothedLoss: Number.POSITIVE_INFINITY,
      learningRate: Number.NaN,
      train: { loss: -0, accuracy: 5e-324 },
      dev: { loss: Number.NEGATIVE_INFINITY, accuracy: null },
      norms: [
        { name: 'dense1.W', layer: 'dense1', gradNorm: Number.NaN, weightNorm: 1e-300 },
        { name: 'dense1.b', layer: 'dense1', gradNorm: null, weightNorm: 2 },
      ],
    });
    const [back] = reportsOfBatch(batchOf([odd]));
    expect(back).toEqual({
      ...odd,
      loss: null,
      smoothedLoss: null,
      learningRate: 0,
      dev: { loss: null, accuracy: null },
      norms: [
        { name: 'dense1.W', layer: 'dense1', gradNorm: null, weightNorm: 1e-300 },
        { name: 'dense1.b', layer: 'dense1', gradNorm: null, weightNorm: 2 },
      ],
    });
    expect(Object.is(back!.train.loss, -0)).toBe(true);
    expect(back!.train.accuracy).toBe(5e-324);
  });

  it('name the tensors once: every report read back shares the batch’s strings', () => {
    const batch = batchOf([report('epoch', 4), report('epoch', 8)]);
    const [a, b] = reportsOfBatch(batch);
    expect(a!.norms[0]!.name).toBe(batch.tensors[0]!.name);
    expect(a!.norms.map((n) => n.layer)).toEqual(b!.norms.map((n) => n.layer));
    expect(batch.tensors).toEqual([
      { name: 'dense1.W', layer: 'dense1' },
      { name: 'dense1.b', layer: 'dense1' },
    ]);
  });

  it('take a report of other tensors only into a new batch, and start afresh after take', () => {
    const builder = new ReportBatchBuilder();
    builder.add(report('epoch', 4));
    const other = report('epoch', 8, { norms: norms(0.5, ['dense2.W']) });
    expect(builder.fits(other)).toBe(false);
    expect(() => builder.add(other)).toThrow(/step 8 has norms of other tensors/);
    const first = builder.take()!;
    expect(builder.size).toBe(0);
    expect(builder.take()).toBeNull();
    expect(builder.fits(other)).toBe(true);
    builder.add(other);
    const second = builder.take()!;
    expect(reportsOfBatch(first)).toEqual([report('epoch', 4)]);
    expect(reportsOfBatch(second)).toEqual([other]);
    // Each batch has a buffer of its own: the builder writing on does not touch one taken.
    builder.add(report('epoch', 12, { norms: norms(0.5, ['dense2.W']) }));
    expect(reportsOfBatch(second)).toEqual([other]);
  });
});

describe('a record from another process', () => {
  // Values a damaged or hand-made record could hold: fine ones, and each way one can be wrong.
  const pool = [0, -0, 1, 0.25, 0.999, 3, 1e-300, 7.5, -1, -1e-9, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, 1e300];

  it('is refused by reportRecordProblem exactly when the report it reads as breaks the contract’s schema (or a flag is neither 0 nor 1)', () => {
    const rng = createRng(12);
    const tensors = [{ name: 'dense1.W', layer: 'dense1' }, { name: 'dense1.b', layer: 'dense1' }];
    const width = reportRecordWidth(tensors.length);
    let refused = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      // A good record, then one to three of its values replaced from the pool.
      const values = new Float64Array(width);
      writeReportRecord(values, 0, { kind: 'epoch', epoch: 3, step: 30, stepsPerEpoch: 10, loss: 0.5, smoothedLoss: 0.6, learningRate: 0.01, train: { loss: 0.4, accuracy: 0.9 }, dev: rng.next() < 0.5 ? { loss: 0.45, accuracy: 0.8 } : null, sampled: false, norms: tensors.map((t) => ({ ...t, gradNorm: 0.1, weightNorm: 2 })) });
      for (let k = 1 + rng.int(3); k > 0; k--) values[rng.int(width)] = pool[rng.int(pool.length)]!;
      const problem = reportRecordProblem(values, 0, tensors.length);
      const valid = TrainingProgress.safeParse(readReportRecord(values, 0, 'epoch', tensors)).success;
      // A flag reads as true only when it is 1, so the schema never sees a flag of 1.5: damage all the same, which the check refuses too.
      const agree = valid ? problem === null || /flag is/.test(problem) : problem !== null;
      if (!agree) throw new Error(`record ${Array.from(values).join(', ')}: the schema says ${valid ? 'valid' : 'invalid'}, the check says ${problem ?? 'nothing'}`);
      if (problem) refused++;
    }
    // Both outcomes were tried many times.
    expect(refused).toBeGreaterThan(5000);
    expect(refused).toBeLessThan(19_000);
  });

  it('names what is wrong and where', () => {
    const tensors = 2;
    const values = new Float64Array(reportRecordWidth(tensors));
    writeReportRecord(values, 0, report('epoch', 8, { norms: norms(0.5) }));
    expect(reportRecordProblem(values, 0, tensors)).toBeNull();
    const broken = (at: number, value: number) => {
      const copy = values.slice();
      copy[at] = value;
      return reportRecordProblem(copy, 0, tensors);
    };
    expect(broken(1, 2.5)).toBe('its step is 2.5, not a count');
    expect(broken(7, 1.5)).toBe('its train accuracy is 1.5, outside 0–1');
    expect(broken(11, 2)).toBe('its sampled flag is 2, not 0 or 1');
    expect(broken(reportRecordFixedFields + 3, -1)).toBe('its weight norm of tensor 2 is negative');
    expect(broken(reportRecordFixedFields, Number.POSITIVE_INFINITY)).toBe('its gradient norm of tensor 1 is infinite');
    expect(broken(5, Number.NaN)).toBe('its learning rate is NaN');
  });
});

