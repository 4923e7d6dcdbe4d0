import { describe, expect, it } from 'vitest';
import type { LayerNorms, StepPoint, TrainingProgress } from '@shared/api';
import { LOG_FLOOR, RunSeries, ewaSeries, layerNorms, logScaleValue } from './series';

const step = (s: number, loss: number | null, learningRate = 0.1): StepPoint => ({ step: s, epoch: 1, loss, learningRate });

function report(kind: 'step' | 'epoch', s: number, epoch: number, norms: LayerNorms[], train = { loss: 1, accuracy: 0.5 }, dev: { loss: number; accuracy: number } | null = null): TrainingProgress {
  return { kind, epoch, step: s, stepsPerEpoch: 10, loss: 1, smoothedLoss: 1, learningRate: 0.1, train, dev, sampled: kind === 'step', norms };
}
const norm = (name: string, layer: string, gradNorm: number | null): LayerNorms => ({ name, layer, gradNorm, weightNorm: 1 });

describe('ewaSeries (bias-corrected)', () => {
  it('matches hand-worked values', () => {
    // β = 0.5, losses 4, 2, 1:
    //   v1 = 0.5·0 + 0.5·4 = 2    v̂1 = 2 / (1 − 0.5)   = 4
    //   v2 = 0.5·2 + 0.5·2 = 2    v̂2 = 2 / (1 − 0.25)  = 2.6667
    //   v3 = 0.5·2 + 0.5·1 = 1.5  v̂3 = 1.5 / (1 − 0.125) = 1.7143
    const out = ewaSeries([{ x: 1, y: 4 }, { x: 2, y: 2 }, { x: 3, y: 1 }], 0.5);
    expect(out.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(out[0]!.y).toBe(4);
    expect(out[1]!.y).toBeCloseTo(8 / 3, 12);
    expect(out[2]!.y).toBeCloseTo(1.5 / 0.875, 12);
  });

  it('without the correction the first value would be pulled to 0; with it a constant stays constant', () => {
    // β = 0.98: v1 = 0.02·3 = 0.06 uncorrected; corrected 3 at every step.
    const out = ewaSeries(Array.from({ length: 50 }, (_, i) => ({ x: i, y: 3 })), 0.98);
    for (const p of out) expect(p.y).toBeCloseTo(3, 12);
  });

  it('leaves a gap at a non-finite loss without disturbing the average', () => {
    const out = ewaSeries([{ x: 1, y: 4 }, { x: 2, y: null }, { x: 3, y: 2 }], 0.5);
    expect(out[1]!.y).toBeNull();
    // The null is skipped: the third value is the average's second, 2.6667 as above.
    expect(out[2]!.y).toBeCloseTo(8 / 3, 12);
  });
});

describe('log-scale data', () => {
  it('keeps positive values, floors an exact zero, and makes gaps of the rest', () => {
    expect(logScaleValue(3e-7)).toBe(3e-7);
    expect(logScaleValue(0)).toBe(LOG_FLOOR);
    expect(logScaleValue(null)).toBeNull();
    expect(logScaleValue(Number.POSITIVE_INFINITY)).toBeNull();
    expect(logScaleValue(Number.NaN)).toBeNull();
    expect(logScaleValue(-1)).toBeNull();
  });

  it('combines a layer’s tensors as √(Σ‖g‖²)', () => {
    // dense1: √(3² + 4²) = 5; dense2 has a non-finite tensor, so its norm is unknown.
    expect(layerNorms([norm('dense1.W', 'dense1', 3), norm('dense1.b', 'dense1', 4), norm('dense2.W', 'dense2', null), norm('dense2.b', 'dense2', 1)])).toEqual([
      { name: 'dense1', value: 5 },
      { name: 'dense2', value: null },
    ]);
  });
});

describe('RunSeries', () => {
  it('takes in only what the arrays gained, and continues the EWA across updates', () => {
    const steps: StepPoint[] = [step(1, 4), step(2, 2)];
    const reports: TrainingProgress[] = [];
    const series = new RunSeries(0.5, 'layer');
    expect(series.update({ steps, reports })).toBe(true);
    expect(series.update({ steps, reports })).toBe(false);
    steps.push(step(3, 1, 0.05));
    reports.push(report('step', 3, 1, [norm('d1.W', 'd1', 3), norm('d1.b', 'd1', 4)]));
    reports.push(report('epoch', 3, 1, [norm('d1.W', 'd1', 0), norm('d1.b', 'd1', 0)], { loss: 0.9, accuracy: 0.6 }, { loss: 1.1, accuracy: 0.55 }));
    expect(series.update({ steps, reports })).toBe(true);
    expect(series.loss.map((p) => p.y)).toEqual([4, 2, 1]);
    expect(series.ewa[2]!.y).toBeCloseTo(1.5 / 0.875, 12); // the hand-worked v̂3 above
    expect(series.learningRate.map((p) => p.y)).toEqual([0.1, 0.1, 0.05]);
    expect(series.epochTrainLoss).toEqual([{ x: 1, y: 0.9 }]);
    expect(series.epochDevLoss).toEqual([{ x: 1, y: 1.1 }]);
    expect(series.trainAccuracy).toEqual([{ x: 1, y: 0.6 }]);
    expect(series.devAccuracy).toEqual([{ x: 1, y: 0.55 }]);
    // The step and epoch reports share step 3: one point, the later (a vanished gradient on the floor).
    expect(series.norms.get('d1')).toEqual([{ x: 3, y: LOG_FLOOR }]);
  });

  it('starts over when the arrays are replaced (a backfill after a reload)', () => {
    const series = new RunSeries(0.5, 'tensor');
    series.update({ steps: [step(1, 9), step(2, 9)], reports: [report('step', 2, 1, [norm('d1.W', 'd1', 2)])] });
    series.update({ steps: [step(1, 4)], reports: [] });
    expect(series.loss).toEqual([{ x: 1, y: 4 }]);
    expect(series.ewa).toEqual([{ x: 1, y: 4 }]);
    expect(series.norms.size).toBe(0);
  });
});
