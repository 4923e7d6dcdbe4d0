import { describe, expect, it } from 'vitest';
import { nodeKinds, type NodeKind } from './doc';
import { defaultParams, DenseParams, describeNode, nodeKindInfo, nodeRegistry, readParams } from './registry';
import { DenseSpec } from '../engine/spec';

const labels: Record<NodeKind, string> = {
  input: 'Input',
  dense: 'Dense',
  activation: 'Activation',
  batchnorm: 'Batch norm',
  dropout: 'Dropout',
  'softmax-output': 'Softmax output',
  'sigmoid-output': 'Sigmoid output',
  'linear-output': 'Linear output',
  loss: 'Loss',
};

describe('node registry', () => {
  it('has one entry per node kind, keyed by its own stable string, with the agreed label', () => {
    expect(Object.keys(nodeRegistry).sort()).toEqual([...nodeKinds].sort());
    for (const kind of nodeKinds) {
      expect(nodeRegistry[kind].kind).toBe(kind);
      expect(nodeRegistry[kind].label).toBe(labels[kind]);
      expect(nodeRegistry[kind].doc.length).toBeGreaterThan(20);
      expect(nodeRegistry[kind].doc).not.toContain('\n');
    }
  });

  it.each(nodeKinds)('round-trips the defaults of %s through JSON and its schema', (kind) => {
    const defaults = defaultParams(kind);
    const back = JSON.parse(JSON.stringify(defaults)) as unknown;
    const read = readParams(kind, back);
    expect(read).toEqual({ ok: true, params: defaults });
  });

  it('gives a fresh copy of the defaults, so editing one does not change the registry', () => {
    const params = defaultParams('dense');
    params.units = 99;
    expect(nodeRegistry.dense.defaults.units).toBe(10);
  });

  it('has the arity of a chain: Input has no input, Loss no output, every other kind one of each', () => {
    for (const kind of nodeKinds) {
      const { inputs, outputs } = nodeRegistry[kind];
      const expected = kind === 'input' ? [0, 1] : kind === 'loss' ? [1, 0] : [1, 1];
      expect([inputs, outputs]).toEqual(expected);
    }
  });

  it('has the documented defaults', () => {
    expect(defaultParams('input')).toEqual({ source: 'dataset', size: 2 });
    expect(defaultParams('activation')).toEqual({ fn: 'relu', alpha: 0.01 });
    expect(defaultParams('batchnorm')).toEqual({ momentum: 0.9, epsilon: 1e-5 });
    expect(defaultParams('dropout')).toEqual({ keepProb: 0.8 });
    expect(defaultParams('softmax-output')).toEqual({});
  });

  it('summarizes nodes for cards and accessible labels', () => {
    expect(nodeRegistry.dense.summary({ units: 10, useBias: true })).toBe('Dense, 10 units');
    expect(nodeRegistry.dense.summary({ units: 1, useBias: false })).toBe('Dense, 1 unit, no bias');
    expect(nodeRegistry.activation.summary({ fn: 'relu', alpha: 0.01 })).toBe('Activation, ReLU');
    expect(nodeRegistry.activation.summary({ fn: 'leaky-relu', alpha: 0.2 })).toBe('Activation, Leaky ReLU (α 0.2)');
    expect(nodeRegistry.dropout.summary({ keepProb: 0.8 })).toBe('Dropout, keep 0.8');
    expect(nodeRegistry.input.summary(defaultParams('input'))).toBe('Input, 2 features');
    expect(nodeRegistry.input.summary({ source: 'fixed', size: 1 })).toBe('Input, 1 feature, fixed');
    expect(nodeRegistry.loss.summary({ fn: 'mse' })).toBe('Loss, mean squared error');
    expect(nodeRegistry['softmax-output'].summary({})).toBe('Softmax output');
  });

  it('names the field of each parameter problem', () => {
    expect(readParams('dense', { units: 5000, useBias: true })).toEqual({ ok: false, issues: [{ field: 'units', message: 'units can be at most 4096' }] });
    expect(readParams('dense', { units: 2.5, useBias: true })).toMatchObject({ ok: false, issues: [{ field: 'units' }] });
    expect(readParams('dense', { useBias: true })).toEqual({ ok: false, issues: [{ field: 'units', message: 'units is missing' }] });
    expect(readParams('dropout', { keepProb: 0 })).toEqual({ ok: false, issues: [{ field: 'keepProb', message: 'keepProb must be above 0' }] });
    expect(readParams('batchnorm', { momentum: 1, epsilon: 1e-5 })).toMatchObject({ ok: false, issues: [{ field: 'momentum', message: 'momentum must be below 1' }] });
    expect(readParams('activation', { fn: 'swish', alpha: 0.01 })).toEqual({
      ok: false,
      issues: [{ field: 'fn', message: 'fn must be one of relu, leaky-relu, tanh, sigmoid, linear' }],
    });
    expect(readParams('dense', { units: 'ten', useBias: 1 })).toEqual({
      ok: false,
      issues: [
        { field: 'units', message: 'units must be a number' },
        { field: 'useBias', message: 'useBias must be true or false' },
      ],
    });
    expect(readParams('input', { source: 'dataset', size: 100_001 })).toMatchObject({ ok: false, issues: [{ field: 'size' }] });
    expect(readParams('softmax-output', { units: 3 })).toEqual({ ok: false, issues: [{ field: 'units', message: 'units is not a parameter of Softmax output' }] });
  });

  it('accepts the edges of each range', () => {
    expect(readParams('dense', { units: 1, useBias: false }).ok).toBe(true);
    expect(readParams('dense', { units: 4096, useBias: false }).ok).toBe(true);
    expect(readParams('dropout', { keepProb: 1 }).ok).toBe(true);
    expect(readParams('activation', { fn: 'leaky-relu', alpha: 0 }).ok).toBe(true);
    expect(readParams('input', { source: 'fixed', size: 100_000 }).ok).toBe(true);
  });

  it('describes a node with invalid parameters by its label alone', () => {
    expect(describeNode({ kind: 'dense', params: { units: 3, useBias: true } })).toBe('Dense, 3 units');
    expect(describeNode({ kind: 'dense', params: { units: -3, useBias: true } })).toBe('Dense');
    expect(nodeKindInfo('dropout').label).toBe('Dropout');
  });
});

describe('bounds shared with the engine', () => {
  it('are the same limits in the engine’s spec and the editor’s registry', () => {
    for (const units of [0, 1, 4096, 4097]) {
      expect(DenseSpec.safeParse({ kind: 'dense', units, useBias: true }).success).toBe(DenseParams.safeParse({ units, useBias: true }).success);
    }
  });
});
