import { describe, expect, it } from 'vitest';
import type { WeightsDocument } from '../engine/trainer';
import { EarlyStopping } from './early-stopping';

/** A stand-in snapshot that records which epoch it was taken at (the real one is trainer.exportWeights()). */
const snapshotOf = (epoch: number) => () => ({ epoch }) as unknown as WeightsDocument;

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a better dev loss, keeping the best epoch', () => {
    const stopping = new EarlyStopping({ patience: 2, minDelta: 0 });
    // dev losses 0.5, 0.4, 0.45, 0.41 → best at epoch 2, two epochs without improvement → stop at 4
    expect([0.5, 0.4, 0.45, 0.41].map((loss, i) => stopping.observe(i + 1, loss, snapshotOf(i + 1)))).toEqual([false, false, false, true]);
    expect(stopping.bestEpoch!.epoch).toBe(2);
    expect(stopping.bestEpoch!.weights).toEqual({ epoch: 2 });
  });

  it('an improvement resets the count; smaller than minDelta does not count', () => {
    const stopping = new EarlyStopping({ patience: 2, minDelta: 0.05 });
    // 1.0 best; 0.97 is not 0.05 better (1 epoch); 0.9 is (reset); 0.88, 0.87 not → stop
    expect([1.0, 0.97, 0.9, 0.88, 0.87].map((loss, i) => stopping.observe(i + 1, loss, snapshotOf(i + 1)))).toEqual([false, false, false, false, true]);
    expect(stopping.bestEpoch!.epoch).toBe(3);
  });

  it('takes a snapshot only for a new best', () => {
    const stopping = new EarlyStopping({ patience: 5, minDelta: 0 });
    let snapshots = 0;
    const count = () => {
      snapshots++;
      return {} as WeightsDocument;
    };
    for (const loss of [3, 2, 2.5, 1, 1.5]) stopping.observe(0, loss, count);
    expect(snapshots).toBe(3);
  });
});
