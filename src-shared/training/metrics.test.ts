import { describe, expect, it } from 'vitest';
import { createTsTrainer, mlpSpec, createRng } from '../engine/index';
import type { Dataset } from '../data/dataset';
import { evaluate, predictionAccuracy, predictionLoss } from './metrics';
import { describeShapeMismatch, targetsFor } from './targets';

describe('predictionLoss (hand-worked)', () => {
  it('softmax: −mean log p of the true class', () => {
    // rows: p = [0.5, 0.25, 0.25] with class 0, p = [0.1, 0.8, 0.1] with class 1 → (−ln 0.5 − ln 0.8)/2
    const loss = predictionLoss('softmax', Float32Array.from([0.5, 0.25, 0.25, 0.1, 0.8, 0.1]), Float32Array.from([1, 0, 0, 0, 1, 0]), 2);
    expect(loss).toBeCloseTo((-Math.log(0.5) - Math.log(Math.fround(0.8))) / 2, 7);
  });

  it('sigmoid: binary cross-entropy; a confident mistake is large but finite', () => {
    // y=1, p=0.9 → −ln 0.9; y=0, p=0.2 → −ln 0.8
    expect(predictionLoss('sigmoid', Float32Array.from([0.9, 0.2]), Float32Array.from([1, 0]), 2)).toBeCloseTo((-Math.log(Math.fround(0.9)) - Math.log(1 - Math.fround(0.2))) / 2, 7);
    const wrong = predictionLoss('sigmoid', Float32Array.from([0]), Float32Array.from([1]), 1);
    expect(wrong).toBeCloseTo(-Math.log(1e-12), 6);
  });

  it("linear: mean of ½(ŷ − y)², the course's convention", () => {
    // ½(3 − 1)² + ½(0 − 1)² = 2 + 0.5, over 2 rows = 1.25
    expect(predictionLoss('linear', Float32Array.from([3, 0]), Float32Array.from([1, 1]), 2)).toBe(1.25);
  });
});

describe('predictionAccuracy', () => {
  it('argmax for several units, 0.5 threshold for one, null for linear', () => {
    expect(predictionAccuracy('softmax', Float32Array.from([0.1, 0.7, 0.2, 0.6, 0.3, 0.1]), Int32Array.from([1, 2]), 3)).toBe(0.5);
    expect(predictionAccuracy('sigmoid', Float32Array.from([0.5, 0.49, 0.9, 0.1]), Int32Array.from([1, 0, 0, 0]), 1)).toBe(0.75);
    expect(predictionAccuracy('linear', Float32Array.from([1]), Int32Array.from([1]), 1)).toBeNull();
  });
});

describe('targets and shapes', () => {
  const data: Dataset = { x: new Float32Array(6), y: Int32Array.from([0, 2, 1]), rows: 3, features: 2, classes: 3, values: Float32Array.from([1.5, 7, 3]) };

  it('one-hot for softmax, the numeric values for one linear unit', () => {
    expect(Array.from(targetsFor(mlpSpec({ layers: [2, 3], activation: 'relu' }), data))).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(Array.from(targetsFor(mlpSpec({ layers: [2, 1], activation: 'relu', output: { activation: 'linear', loss: 'mse' } }), data))).toEqual([1.5, 7, 3]);
  });

  it('names the mismatch: inputs vs features, softmax units vs classes, one sigmoid for three classes', () => {
    expect(describeShapeMismatch(mlpSpec({ layers: [3, 3], activation: 'relu' }), data)).toMatch(/takes 3 inputs but the data set has 2 features/);
    expect(describeShapeMismatch(mlpSpec({ layers: [2, 4, 2], activation: 'relu', output: { activation: 'softmax', loss: 'categorical-crossentropy' } }), data)).toMatch(/3 classes but the output layer has 2 units/);
    expect(describeShapeMismatch(mlpSpec({ layers: [2, 1], activation: 'relu' }), data)).toMatch(/single sigmoid unit separates two classes/);
    expect(describeShapeMismatch(mlpSpec({ layers: [2, 3], activation: 'relu' }), data)).toBeNull();
  });
});

describe('evaluate', () => {
  it('agrees with the predictions it is built from, in chunks larger sets need', () => {
    const spec = mlpSpec({ layers: [2, 4, 3], activation: 'tanh' });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-in' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    const rows = 5000;
    const rng = createRng(2);
    const data: Dataset = { x: Float32Array.from({ length: rows * 2 }, () => rng.normal()), y: Int32Array.from({ length: rows }, () => rng.int(3)), rows, features: 2, classes: 3 };
    const predictions = trainer.predict(data.x, rows);
    const metrics = evaluate(trainer, spec, data);
    expect(metrics.loss).toBeCloseTo(predictionLoss('softmax', predictions, targetsFor(spec, data), rows), 10);
    expect(metrics.accuracy).toBe(predictionAccuracy('softmax', predictions, data.y, 3));
    // The first 10 rows only:
    expect(evaluate(trainer, spec, data, undefined, 10).accuracy).toBe(predictionAccuracy('softmax', predictions.subarray(0, 30), data.y.subarray(0, 10), 3));
  });
});
