import { describe, expect, it } from 'vitest';
import { createTsTrainer, mlpSpec, createRng } from '../engine/index';
import { expectClose } from '../engine/testing/tolerance';
import { INFERENCE } from '../engine/types';
import { lossesForOutput, outputKinds } from '../engine/spec';
import { createWasmTrainer } from '../engine/fast/fast-trainer';
import type { Dataset } from '../data/dataset';
import { evaluate, predictionAccuracy } from './metrics';
import { describeShapeMismatch, targetsFor } from './targets';

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
  it("reports the engine's own loss for a sigmoid output trained with mean squared error (not BCE)", () => {
    const spec = mlpSpec({ layers: [2, 3, 1], activation: 'tanh', output: { activation: 'sigmoid', loss: 'mse' } });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'random', scale: 3 }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(4) });
    const rows = 40;
    const rng = createRng(5);
    const data: Dataset = { x: Float32Array.from({ length: rows * 2 }, () => rng.normal()), y: Int32Array.from({ length: rows }, () => rng.int(2)), rows, features: 2, classes: 2 };
    const targets = targetsFor(spec, data);
    // The engine's loss, 1/(2m) Σ (σ(z) − y)², from the model's own forward pass in inference mode
    const engineLoss = trainer.model.loss(data.x, targets, rows, INFERENCE, 0);
    // and the same by hand from the predictions, as an independent reference
    const predictions = trainer.predict(data.x, rows);
    let squared = 0;
    for (let i = 0; i < rows; i++) squared += (predictions[i]! - targets[i]!) ** 2;
    expectClose(engineLoss, squared / (2 * rows), { rtol: 1e-6 });
    expectClose(evaluate(trainer, spec, data).loss!, engineLoss, { rtol: 1e-6 });
  });


  it('agrees with the engine and the predictions it is built from, in chunks larger sets need', () => {
    const spec = mlpSpec({ layers: [2, 4, 3], activation: 'tanh' });
    const trainer = createTsTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-in' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
    const rows = 5000;
    const rng = createRng(2);
    const data: Dataset = { x: Float32Array.from({ length: rows * 2 }, () => rng.normal()), y: Int32Array.from({ length: rows }, () => rng.int(3)), rows, features: 2, classes: 3 };
    const predictions = trainer.predict(data.x, rows);
    const metrics = evaluate(trainer, spec, data);
    expectClose(metrics.loss!, trainer.model.loss(data.x, targetsFor(spec, data), rows, INFERENCE, 0), { rtol: 1e-6 });
    expect(metrics.accuracy).toBe(predictionAccuracy('softmax', predictions, data.y, 3));
    // The first 10 rows only:
    expect(evaluate(trainer, spec, data, undefined, 10).accuracy).toBe(predictionAccuracy('softmax', predictions.subarray(0, 30), data.y.subarray(0, 10), 3));
  });

  it.each(outputKinds.flatMap((activation) => lossesForOutput[activation].map((loss) => [activation, loss] as const)))(
    "%s output with %s: the engine's loss, on both backends",
    (activation, loss) => {
      const units = activation === 'softmax' ? 3 : 1;
      const spec = mlpSpec({ layers: [2, 5, units], activation: 'relu', output: { activation, loss } });
      const rows = 70;
      const rng = createRng(6);
      const data: Dataset = { x: Float32Array.from({ length: rows * 2 }, () => rng.normal()), y: Int32Array.from({ length: rows }, () => rng.int(units === 1 ? 2 : 3)), rows, features: 2, classes: units === 1 ? 2 : 3 };
      const options = { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0 } as const;
      const ts = createTsTrainer(spec, { ...options, rng: createRng(7) });
      const engineLoss = ts.model.loss(data.x, targetsFor(spec, data), rows, INFERENCE, 0);
      expectClose(evaluate(ts, spec, data).loss!, engineLoss, { rtol: 1e-6 });
      // the fast path starts from the same weights for the same seed
      const wasm = createWasmTrainer(spec, { ...options, rng: createRng(7) });
      if (wasm) expectClose(evaluate(wasm, spec, data).loss!, engineLoss, { rtol: 1e-5 });
    },
  );
});
