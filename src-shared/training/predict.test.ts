/**
 * deepwire predict's pure part: columns found by header name (any order, the label and other
 * columns ignored), the model's normalization applied to raw values, and messages that name the
 * missing column, the bad cell's row and column, or how many numeric columns were too few.
 */
import { describe, expect, it } from 'vitest';
import { createModelDocument, type ModelDocument } from '../engine/model-document';
import type { ModelSpec } from '../engine/spec';
import { prepareRun } from './prepare-run';
import { trainedModelDocument } from './model-snapshot';
import { describePrediction, featureColumns, modelInputs, predictRaw, readPredictionRows } from './predict';

/** y = normalized x through one identity dense layer with a linear output: the normalization shows as is. */
function identityModel(featureNames: string[] | null, normalization: ModelDocument['normalization']): ModelDocument {
  const spec: ModelSpec = { version: 1, inputSize: 2, layers: [{ kind: 'dense', units: 2, useBias: true }], output: { activation: 'linear', loss: 'mse' } };
  return createModelDocument({
    weights: { spec, tensors: { 'dense1.W': { rows: 2, cols: 2, values: [1, 0, 0, 1] }, 'dense1.b': { rows: 1, cols: 2, values: [0, 0] } } },
    normalization,
    metadata: { createdAt: '2026-01-01T00:00:00.000Z', seed: 1, training: { dataset: 'points.csv', featureNames, classNames: null } },
  });
}

const zscore = { kind: 'zscore' as const, mean: [10, -2], std: [2, 0.5] };

describe('featureColumns', () => {
  const inputs = modelInputs(identityModel(['width', 'height'], zscore));

  it('finds the model’s columns by name, in the model’s order, whatever else the file has', () => {
    expect(featureColumns(['kind', 'height', 'note', ' width '], inputs, null)).toEqual({ ok: true, columns: [3, 1], names: ['width', 'height'], note: null });
  });

  it('names the missing columns and lists the file’s', () => {
    const result = featureColumns(['kind', 'height'], inputs, null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('the CSV has no column "width": the model takes "width", "height" (matched by header name); the file\'s columns are "kind", "height".');
  });

  it('refuses a feature column that is there twice', () => {
    const result = featureColumns(['width', 'height', 'width'], inputs, null);
    expect(!result.ok && result.message).toMatch(/2 columns named "width"/);
  });

  it('takes the first numeric columns of a model without names, skipping the label, and says so', () => {
    const unnamed = modelInputs({ ...identityModel(null, zscore), metadata: { createdAt: 'x', seed: 1, training: { dataset: 'moons', featureNames: null } } });
    const result = featureColumns(['label', 'name', 'a', 'b', 'c'], unnamed, ['1', 'left', '0.5', '2', '3']);
    expect(result).toMatchObject({ ok: true, columns: [2, 3], names: ['a', 'b'] });
    if (result.ok) expect(result.note).toBe('the model records no column names (it was trained on generated data (moons)), so its 2 inputs are taken from the first 2 numeric columns: "a", "b" ("label" skipped as the label).');
  });

  it('says how many numeric columns there are when too few', () => {
    const unnamed = modelInputs({ ...identityModel(null, zscore), metadata: { createdAt: 'x', seed: 1, training: { dataset: 'moons', featureNames: null } } });
    const result = featureColumns(['x', 'class'], unnamed, ['0.5', '1']);
    expect(!result.ok && result.message).toBe('the model takes 2 inputs but the CSV has only 1 numeric column ("x") besides the label "class"; the model was trained on generated data (moons), so it takes the first 2 numeric columns.');
    // x and y are a point's coordinates, not a feature and a label.
    expect(featureColumns(['x', 'y'], unnamed, ['0.5', '1'])).toMatchObject({ ok: true, columns: [0, 1] });
  });

  it('asks for a header when the first row is numbers', () => {
    const unnamed = modelInputs(identityModel(null, zscore));
    const result = featureColumns(['0.5', '1.5'], unnamed, ['0.1', '0.2']);
    expect(!result.ok && result.message).toMatch(/needs a header row/);
  });
});

describe('readPredictionRows', () => {
  const inputs = modelInputs(identityModel(['width', 'height'], zscore));

  it('reads the model’s columns of each data row as raw numbers, skipping blank rows', () => {
    const result = readPredictionRows('height,label,width\n1,a,2\n\n-3.5,b,4e1\n', inputs);
    expect(result).toMatchObject({ ok: true, rows: 2, sourceRows: [2, 4], columns: ['width', 'height'] });
    if (result.ok) expect([...result.x]).toEqual([2, 1, 40, -3.5]);
  });

  it('names the row and column of a cell that is not a number', () => {
    const result = readPredictionRows('width,height\n1,2\n3,abc\n,4\n', inputs);
    expect(!result.ok && result.message).toBe('CSV: row 3, column "height": "abc" is not a number (the model\'s feature columns must be numeric). row 4, column "width": the cell is empty; every feature cell needs a number.');
  });

  it('refuses a row with too few cells, an empty file and a header alone', () => {
    expect(readPredictionRows('width,height\n1\n', inputs)).toEqual({ ok: false, message: 'CSV: row 2 has 1 cells but the header names 2 columns.' });
    expect(readPredictionRows('', inputs)).toMatchObject({ ok: false, message: expect.stringMatching(/empty/) as unknown });
    expect(readPredictionRows('width,height\n', inputs)).toEqual({ ok: false, message: 'CSV: the file has a header but no data rows.' });
  });
});

describe('predictRaw', () => {
  it('applies the model’s own normalization to the raw values (z-score and min-max)', () => {
    const x = Float32Array.from([12, -1, 10, -2.5]);
    const z = predictRaw(identityModel(['a', 'b'], zscore), x, 2);
    expect(z.flat()).toEqual([1, 2, 0, -1]);
    const minmax = predictRaw(identityModel(['a', 'b'], { kind: 'minmax', min: [10, -3], max: [14, -1] }), x, 2);
    expect(minmax.flat()).toEqual([0.5, 1, 0, 0.25]);
    expect(predictRaw(identityModel(['a', 'b'], { kind: 'none' }), x, 2).flat()).toEqual([12, -1, 10, -2.5]);
  });

  it('gives the model’s predictions on its own raw rows, as the run computes them on normalized rows', () => {
    const settings = { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 2 } as const;
    const prepared = prepareRun({ data: { kind: 'moons', samples: 120 }, normalize: 'zscore', model: { kind: 'layers', layers: [2, 6, 2], activation: 'tanh' }, settings, seeds: { data: 3, model: 4 }, backend: 'ts' }, null);
    if (!prepared.ok) throw new Error(prepared.message);
    const { trainer, train } = prepared.run;
    for (let step = 0; step < 3; step++) prepared.run.run.step();
    const doc = trainedModelDocument(prepared.run, {})!;
    // The raw rows back from the normalized training rows: x = x'·std + mean.
    const norm = doc.normalization as unknown as { mean: number[]; std: number[] };
    const raw = Float32Array.from(train.x, (value, i) => value * norm.std[i % 2]! + norm.mean[i % 2]!);
    const expected = trainer.predict(train.x, train.rows);
    const got = predictRaw(doc, raw, train.rows);
    expect(got).toHaveLength(train.rows);
    got.flat().forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));
    trainer.dispose();
  });
});

describe('describePrediction', () => {
  const softmax = { spec: { output: { activation: 'softmax' } } } as unknown as ModelDocument;
  const sigmoid = { spec: { output: { activation: 'sigmoid' } } } as unknown as ModelDocument;
  it('names the most probable class, or the sigmoid’s side of 0.5', () => {
    expect(describePrediction(softmax, ['setosa', 'versicolor', 'virginica'], [0.1, 0.7, 0.2])).toBe('1 (versicolor)');
    expect(describePrediction(sigmoid, ['0', '1'], [0.8])).toBe('1');
    expect(describePrediction(sigmoid, null, [0.2])).toBe('0');
  });
});
