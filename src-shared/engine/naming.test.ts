import { describe, expect, it } from 'vitest';
import { layerNames, tensorLayout } from './naming';
import type { ModelSpec } from './spec';

const spec: ModelSpec = {
  version: 1,
  inputSize: 3,
  layers: [
    { kind: 'dense', units: 4, useBias: false },
    { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
    { kind: 'activation', fn: 'relu' },
    { kind: 'dropout', keepProb: 0.8 },
    { kind: 'dense', units: 2, useBias: true, name: 'node-7' },
  ],
  output: { activation: 'softmax', loss: 'categorical-crossentropy' },
};

describe('layer and tensor names', () => {
  it('uses the spec name when given, else kind and position', () => {
    expect(layerNames(spec)).toEqual(['dense1', 'bn1', 'act1', 'dropout1', 'node-7']);
  });

  it('lays out every tensor with its shape (W is fan_in × fan_out)', () => {
    expect(tensorLayout(spec)).toEqual([
      { name: 'dense1.W', layer: 'dense1', role: 'weight', rows: 3, cols: 4 },
      { name: 'bn1.gamma', layer: 'bn1', role: 'gamma', rows: 1, cols: 4 },
      { name: 'bn1.beta', layer: 'bn1', role: 'beta', rows: 1, cols: 4 },
      { name: 'bn1.runningMean', layer: 'bn1', role: 'running-stat', rows: 1, cols: 4 },
      { name: 'bn1.runningVar', layer: 'bn1', role: 'running-stat', rows: 1, cols: 4 },
      { name: 'node-7.W', layer: 'node-7', role: 'weight', rows: 4, cols: 2 },
      { name: 'node-7.b', layer: 'node-7', role: 'bias', rows: 1, cols: 2 },
    ]);
  });

  it('refuses two layers with one name', () => {
    const clash: ModelSpec = { ...spec, layers: [{ kind: 'dense', units: 2, useBias: true, name: 'dense2' }, { kind: 'dense', units: 2, useBias: true }] };
    expect(() => layerNames(clash)).toThrow('Two layers are both named "dense2"; layer names must be unique.');
  });
});
