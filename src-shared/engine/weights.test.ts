import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { mlpSpec } from './mlp';
import { createRng } from './rng';
import { exportModelWeights, importModelWeights, weightProblems } from './weights';

const spec = mlpSpec({ layers: [2, 3, 1], activation: 'relu' });

describe('weights documents', () => {
  it('export every tensor with its shape and row-major values (W is fan_in × fan_out)', () => {
    const model = buildModel(spec, { initializer: { kind: 'he' }, rng: createRng(1) });
    const document = exportModelWeights(model);
    expect(document.format).toBe('deepwire-weights');
    expect(Object.entries(document.tensors).map(([name, t]) => [name, t.rows, t.cols, t.values.length])).toEqual([
      ['dense1.W', 2, 3, 6],
      ['dense1.b', 1, 3, 3],
      ['dense2.W', 3, 1, 3],
      ['dense2.b', 1, 1, 1],
    ]);
    expect(document.tensors['dense1.W']!.values).toEqual(Array.from(model.parameters[0]!.value));
  });

  it('list every problem: missing, extra, wrong shape, wrong count, not finite', () => {
    const model = buildModel(spec, { initializer: { kind: 'he' }, rng: createRng(2) });
    const tensors = structuredClone(exportModelWeights(model).tensors);
    delete tensors['dense2.b'];
    tensors['dense1.W'] = { rows: 2, cols: 3, values: [1, 2, 3] };
    tensors['dense1.b']!.values[1] = Number.POSITIVE_INFINITY;
    tensors['dense2.W'] = { rows: 1, cols: 3, values: [0, 0, 0] };
    tensors['extra.W'] = { rows: 1, cols: 1, values: [0] };
    expect(weightProblems(spec, tensors)).toEqual([
      '"dense1.W" should hold 6 values but holds 3.',
      '"dense1.b" contains values that are not finite numbers.',
      '"dense2.W" is 1×3 but the model needs 3×1.',
      '"dense2.b" is missing (expected 1×1).',
      '"extra.W" is not a tensor of this model.',
    ]);
  });

  it('leave the model untouched when an import is refused', () => {
    const model = buildModel(spec, { initializer: { kind: 'he' }, rng: createRng(3) });
    const before = exportModelWeights(model);
    const broken = structuredClone(before);
    broken.tensors['dense1.W']!.values = [0];
    broken.tensors['dense2.W']!.values = [9, 9, 9];
    expect(() => importModelWeights(model, broken)).toThrow(/"dense1.W" should hold 6 values but holds 1/);
    expect(exportModelWeights(model)).toEqual(before);
  });
});
