import { describe, expect, it } from 'vitest';
import { inferShapes } from '@shared/graph';
import { chain } from '../../testing/designs';
import { paramBreakdown } from './breakdown';

describe('paramBreakdown', () => {
  it('explains each kind’s parameter count from its shapes', () => {
    const { doc, ids } = chain([
      ['input', { size: 784, source: 'fixed' }],
      ['dense', { units: 128 }],
      ['batchnorm'],
      ['activation', { fn: 'relu' }],
      ['dense', { units: 10, useBias: false }],
      ['softmax-output'],
      ['loss', { fn: 'categorical-crossentropy' }],
    ]);
    const shapes = inferShapes(doc);
    const say = (i: number) => paramBreakdown(doc.nodes[i]!, shapes.nodes[ids[i]!]);
    // Feeding batch norm, the first Dense drops its bias: 784·128 = 100,352.
    expect(say(1)).toBe('784 × 128 weights, no bias = 100,352');
    // γ and β, one each per unit: 2·128 = 256.
    expect(say(2)).toBe('γ and β for 128 units: 2 × 128 = 256');
    expect(say(3)).toBe('None: this node has nothing to learn.');
    // No bias by choice: 128·10 = 1,280.
    expect(say(4)).toBe('128 × 10 weights, no bias = 1,280');
  });

  it('counts weights and biases for a Dense with its bias', () => {
    const { doc, ids } = chain([['input', { size: 2, source: 'fixed' }], ['dense', { units: 10 }]]);
    expect(paramBreakdown(doc.nodes[1]!, inferShapes(doc).nodes[ids[1]!])).toBe('2 × 10 weights + 10 biases = 30');
    expect(paramBreakdown(doc.nodes[1]!, undefined)).toBe('Unknown until a size reaches this node.');
  });
});
