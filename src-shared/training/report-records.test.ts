/**
 * Reports as float64 records in a worker's batch: every value comes back exactly and in order,
 * kinds and all; a value that is not finite as null (the contract's values are finite or null);
 * the tensors' names are shared, not copied per report; a report of other tensors waits for the next batch.
 */
import { describe, expect, it } from 'vitest';
import type { LayerNorms, TrainingProgress } from '../api';
import { ReportBatchBuilder, reportRecordWidth, reportsOfBatch } from './report-records';

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
