import { describe, expect, it } from 'vitest';
import { epochHistory } from './history';
import type { TrainingProgress } from './progress';

function report(kind: 'step' | 'epoch', epoch: number, step: number, loss: number | null, dev: TrainingProgress['dev']): TrainingProgress {
  return {
    kind,
    epoch,
    step,
    stepsPerEpoch: 4,
    loss,
    smoothedLoss: loss,
    learningRate: 0.1 / epoch,
    train: { loss: 0.5, accuracy: 0.75 },
    dev,
    sampled: false,
    norms: [],
  };
}

describe('epochHistory', () => {
  it('keeps one record per epoch report, in order, with the epoch report’s loss and rate', () => {
    const reports = [
      report('step', 1, 2, 0.9, { loss: 0.8, accuracy: 0.5 }),
      report('epoch', 1, 4, 0.7, { loss: 0.6, accuracy: 0.6 }),
      report('step', 2, 6, 0.65, null),
      report('epoch', 2, 8, null, null),
    ];
    expect(epochHistory(reports)).toEqual([
      { epoch: 1, loss: 0.7, trainAccuracy: 0.75, devLoss: 0.6, devAccuracy: 0.6, learningRate: 0.1 },
      // a diverged epoch's loss and a missing dev set are null, never NaN
      { epoch: 2, loss: null, trainAccuracy: 0.75, devLoss: null, devAccuracy: null, learningRate: 0.05 },
    ]);
  });

  it('is empty without epoch reports', () => {
    expect(epochHistory([report('step', 1, 1, 1, null)])).toEqual([]);
  });
});
