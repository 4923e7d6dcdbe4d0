import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset';
import { templateById } from '../graph/templates';
import { prepareRun, type LoadedData, type PreparedRun } from './prepare-run';
import type { RunRequestInput } from './run-request';

const settings = { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 2 } as const;

function request(overrides: Partial<RunRequestInput> = {}): RunRequestInput {
  return { data: { kind: 'moons', samples: 200 }, model: { kind: 'layers', layers: [2, 8, 1] }, settings, seeds: { data: 1, model: 1 }, backend: 'ts', ...overrides };
}

function prepared(input: RunRequestInput, loaded: LoadedData | null = null): PreparedRun {
  const result = prepareRun(input, loaded);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.run;
}

/** A data set of one feature whose label is given per row (class names "a", "b", …). */
function labelled(labels: number[], classes: number): LoadedData {
  const all: Dataset = {
    x: Float32Array.from(labels, (_, i) => i),
    y: Int32Array.from(labels),
    rows: labels.length,
    features: 1,
    classes,
    classNames: Array.from({ length: classes }, (_, i) => String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(i) : '')),
  };
  return { name: 'labels.csv', all, test: null, featureNames: ['x'], labelName: 'kind' };
}

const csv = { kind: 'csv', path: 'labels.csv' } as const;

describe('prepareRun', () => {
  it('generates, splits 80/10/10, normalizes with the training rows and builds the network and the run', () => {
    const run = prepared(request());
    expect([run.train.rows, run.dev!.rows, run.test!.rows]).toEqual([160, 20, 20]);
    expect(run.normalizer.kind).toBe('zscore');
    let mean = 0;
    for (let row = 0; row < run.train.rows; row++) mean += run.train.x[row * 2]! / run.train.rows;
    expect(mean).toBeCloseTo(0, 5);
    // (2·8 + 8) + (8·1 + 1) = 33
    expect(run.parameters).toBe(33);
    expect(run.config.seed).toBe(1);
    expect(run.trainer.backend).toBe('ts');
    expect(run.run.totalSteps).toBe(2 * Math.ceil(160 / 32));
    expect(run.warnings).toEqual([]);
    run.trainer.dispose();
  });

  it('changing the model seed leaves the split identical; changing the data seed leaves the initial weights identical', () => {
    const base = prepared(request({ seeds: { data: 3, model: 4 } }));
    const otherModel = prepared(request({ seeds: { data: 3, model: 5 } }));
    const otherData = prepared(request({ seeds: { data: 6, model: 4 } }));
    const weights = (run: PreparedRun) => run.trainer.exportWeights().tensors;
    expect(otherModel.train.x).toEqual(base.train.x);
    expect(otherModel.dev!.y).toEqual(base.dev!.y);
    expect(weights(otherModel)).not.toEqual(weights(base));
    expect(weights(otherData)).toEqual(weights(base));
    expect(otherData.train.x).not.toEqual(base.train.x);
  });

  it('takes a request that went through JSON (what workers and search trials receive)', () => {
    const direct = prepared(request({ model: { kind: 'design', design: templateById('three-layer')!.doc } }));
    const viaJson = prepared(JSON.parse(JSON.stringify(request({ model: { kind: 'design', design: templateById('three-layer')!.doc } }))) as RunRequestInput);
    expect(viaJson.request).toEqual(direct.request);
    expect(viaJson.train.x).toEqual(direct.train.x);
    expect(viaJson.trainer.exportWeights()).toEqual(direct.trainer.exportWeights());
  });

  it('builds a model from a design, fitted to the data', () => {
    const run = prepared(request({ model: { kind: 'design', design: templateById('three-layer')!.doc } }));
    // (2·10 + 10) + (10·5 + 5) + (5·1 + 1) = 91
    expect(run.parameters).toBe(91);
  });

  it.each([
    [{ model: { kind: 'layers', layers: [3, 4, 1] } }, 'model', 'starts with 3 inputs but the moons data has 2 features; start it with 2'],
    [{ data: { kind: 'iris' } }, 'data', 'the iris data has not been loaded; load it with the data service first'],
    [{ model: { kind: 'layers', layers: [2, 4, 3] } }, 'model', 'ends with 3 output units but the moons data has 2 classes; end it with 2'],
    [{ model: { kind: 'layers', layers: [2, 5000, 1] } }, 'model', 'has a layer of 5000 units; a layer can have at most 4096'],
    // 99 hidden layers × (dense, batch norm, activation, dropout) + the output layer = 397 layers
    [{ model: { kind: 'layers', layers: [2, ...new Array<number>(99).fill(2), 1], batchNorm: true, keepProb: 0.5 } }, 'model', /^makes 397 layers .* at most 256$/],
    [{ split: { train: 0.01, dev: 0.5, test: 0.49 }, data: { kind: 'moons', samples: 4 } }, 'split', /leaves none for training/],
    [{ model: { kind: 'layers', layers: [2, 4, 1], batchNorm: true }, backend: 'wasm' }, 'backend', /^wasm cannot run this network: .*; choose ts or auto$/],
    [{ settings: { ...settings, earlyStopping: { patience: 2 } }, split: { train: 0.9, dev: 0, test: 0.1 } }, 'settings', /Early stopping watches the dev loss/],
    [{ settings: { ...settings, learningRate: -1 } }, 'settings', /^settings\.learningRate: /],
    [{ seeds: { data: -1, model: 0 } }, 'seeds', /^seeds\.data: /],
  ] as const)('%j is refused as data naming the field', (overrides, field, message) => {
    const result = prepareRun(request(overrides as Partial<RunRequestInput>), null);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    expect(result.message).toMatch(message);
  });

  it('checks the parameter limit before allocating anything, with the numbers', () => {
    const result = prepareRun(request({ model: { kind: 'layers', layers: [2, 4096, 4096, 4096, 4096, 1] } }), null);
    expect(result).toMatchObject({ ok: false, field: 'model' });
    // (2·4096 + 4096) + 3·(4096² + 4096) + (4096 + 1) = 50,360,321
    expect(!result.ok && result.message).toMatch(/^has 50,360,321 parameters \(about 768\.4 MB .*over the limit of 50,000,000; use fewer or smaller layers$/);
    const strict = prepareRun(request({ model: { kind: 'layers', layers: [2, 300, 1] } }), null, { parameterLimit: { maxParameters: 500, purpose: 'a gradient check' } });
    expect(!strict.ok && strict.message).toMatch(/^has 1,201 parameters .* over the limit of 500 for a gradient check/);
  });
});

describe('prepareRun: the classes of a classification data set', () => {
  it('refuses a label column with one class, naming the column and the class', () => {
    const result = prepareRun(request({ data: csv, model: { kind: 'layers', layers: [1, 1] } }), labelled([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1));
    expect(result).toEqual({
      ok: false,
      field: 'data',
      message: 'the label column "kind" has only one class ("a") in its 10 rows; a classifier needs at least two classes: choose another label column or add rows of the other classes',
    });
  });

  it('refuses more classes than a network can output with one message, however the network ends', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => i);
    for (const layers of [[1, 16, 1], [1, 16, 5000]]) {
      const result = prepareRun(request({ data: csv, model: { kind: 'layers', layers } }), labelled(labels, 5000));
      expect(result).toMatchObject({ ok: false, field: 'data' });
      expect(!result.ok && result.message).toMatch(/^the label column "kind" has 5,000 distinct values, more classes than a network can output \(at most 4,096 output units/);
    }
  });

  it('does not count classes for a linear (regression) output', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => i);
    const data = labelled(labels, 5000);
    data.all.values = Float32Array.from(labels);
    expect(prepareRun(request({ data: csv, model: { kind: 'layers', layers: [1, 4, 1], output: 'linear' } }), data).ok).toBe(true);
  });

  it('warns about a class that only dev or test holds', () => {
    // 40 rows of "a" and "b", and one row of "c": with 80/10/10 it lands in dev or test, or in train.
    const labels = [...Array.from({ length: 40 }, (_, i) => i % 2), 2];
    const warned = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => prepared(request({ data: csv, model: { kind: 'layers', layers: [1, 3] }, seeds: { data: seed, model: 1 } }), labelled(labels, 3)));
    const inTrain = (run: PreparedRun) => run.train.y.includes(2);
    const missing = warned.find((run) => !inTrain(run))!;
    expect(missing).toBeDefined();
    expect(missing.warnings).toEqual([expect.stringMatching(/^class "c" appears in the (dev|test) set \(1 row\) but not in the training set, so the network cannot learn it/)]);
    expect(warned.filter(inTrain).every((run) => run.warnings.length === 0)).toBe(true);
  });
});
