// Invariants of the fast path's memory plan: tensors named and shaped as the engine names them,
// every region aligned and disjoint from every other (except the deliberate aliases of a linear
// activation), and the plan's refusals.
import { describe, expect, it } from 'vitest';
import { mlpSpec } from '../mlp';
import { tensorLayout } from '../naming';
import type { ModelSpec } from '../spec';
import { Arena } from './arena';
import { planNetwork, type NetworkPlan } from './network-plan';
import { layoutScratch, packedASize, packedBSize, SPARSE_MAX_DENSITY } from './scratch-layout';

const mixed: ModelSpec = {
  version: 1,
  inputSize: 7,
  layers: [
    { kind: 'activation', fn: 'linear' },
    { kind: 'dense', units: 5, useBias: false, name: 'first' },
    { kind: 'activation', fn: 'relu' },
    { kind: 'dense', units: 3, useBias: true },
    { kind: 'activation', fn: 'linear' },
    { kind: 'activation', fn: 'linear' },
    { kind: 'dense', units: 2, useBias: true },
  ],
  output: { activation: 'sigmoid', loss: 'binary-crossentropy' },
};

function plan(spec: ModelSpec): NetworkPlan {
  const planned = planNetwork(spec);
  if ('unsupported' in planned) throw new Error(planned.unsupported);
  return planned;
}

describe('network plan', () => {
  it('places every tensor the engine names, with its shape, 64-byte aligned and without overlap', () => {
    for (const spec of [mixed, mlpSpec({ layers: [784, 128, 64, 10], activation: 'relu' })]) {
      const p = plan(spec);
      expect(p.tensors.map(({ name, layer, role, rows, cols }) => ({ name, layer, role, rows, cols }))).toEqual(tensorLayout(spec));
      let end = 0;
      for (const t of p.tensors) {
        expect(t.offset % 16).toBe(0);
        expect(t.offset).toBeGreaterThanOrEqual(end);
        end = t.offset + t.length;
      }
      expect(p.parameterFloats).toBeGreaterThanOrEqual(end);
    }
  });

  it('knows which dense layer reads the raw input (only linear activations before it)', () => {
    expect(plan(mixed).inputDense).toBe(1);
    const afterRelu: ModelSpec = { ...mixed, layers: [{ kind: 'activation', fn: 'relu' }, ...mixed.layers.slice(1)] };
    expect(plan(afterRelu).inputDense).toBe(-1);
  });

  it('refuses batch norm and dropout, naming the layer', () => {
    expect(planNetwork(mlpSpec({ layers: [2, 3, 1], activation: 'relu', batchNorm: true }))).toEqual({ unsupported: 'the fast path has no batchnorm layer ("bn1")' });
    expect(planNetwork(mlpSpec({ layers: [2, 3, 1], activation: 'relu', keepProb: 0.5 }))).toEqual({ unsupported: 'the fast path has no dropout layer ("dropout1")' });
  });
});

describe('scratch layout', () => {
  for (const capacity of [1, 5, 64]) {
    it(`gives every buffer its own aligned bytes at capacity ${capacity}, linear activations aliased`, () => {
      const p = plan(mixed);
      const start = new Arena(1000).end;
      const s = layoutScratch(p, capacity, start);
      const width = (i: number): number => {
        const layer = p.layers[i]!;
        return layer.kind === 'dense' ? layer.outputSize : layer.size;
      };
      const sp = s.sparse!;
      const regions: [string, number, number][] = [
        ['input', s.input, capacity * p.inputSize * 4],
        ['targets', s.targets, capacity * p.outputSize * 4],
        ['predictions', s.predictions, capacity * p.outputSize * 4],
        ['packA', s.packA, Math.max(packedASize(capacity, 7), packedASize(7, capacity), packedASize(capacity, 5))],
        ['packB', s.packB, Math.max(packedBSize(7, 5), packedBSize(capacity, 5), packedBSize(5, 7))],
        ['rowStarts', sp.rowStarts, (capacity + 1) * 4],
        ['columns', sp.columns, sp.limit * 4],
        ['values', sp.values, sp.limit * 4],
        ['colStarts', sp.colStarts, (p.inputSize + 1) * 4],
        ['rowIndex', sp.rowIndex, sp.limit * 4],
        ['colValues', sp.colValues, sp.limit * 4],
        ['cursor', sp.cursor, (p.inputSize + 1) * 4],
      ];
      // outputs: layer 0 (linear) is the input itself, layers 4 and 5 (linear) are layer 3's output
      expect(s.outputs[0]).toBe(s.input);
      expect(s.outputs[4]).toBe(s.outputs[3]);
      expect(s.outputs[5]).toBe(s.outputs[3]);
      for (const i of [1, 2, 3, 6]) regions.push([`output ${i}`, s.outputs[i]!, capacity * width(i) * 4]);
      // gradients: the buffer before a linear activation is the one after it
      expect(s.gradients[3]).toBe(s.gradients[5]);
      expect(s.gradients[4]).toBe(s.gradients[5]);
      for (const i of [1, 2, 5, 6]) regions.push([`gradient ${i}`, s.gradients[i]!, capacity * width(i) * 4]);

      expect(sp.limit).toBeGreaterThanOrEqual(Math.floor(capacity * p.inputSize * SPARSE_MAX_DENSITY));
      for (const [name, at, bytes] of regions) {
        expect(at % 64, name).toBe(0);
        expect(at, name).toBeGreaterThanOrEqual(start);
        expect(at + bytes, name).toBeLessThanOrEqual(s.end);
      }
      const sorted = [...regions].sort((a, b) => a[1] - b[1]);
      for (let i = 1; i < sorted.length; i++) {
        const [previous, at, bytes] = sorted[i - 1]!;
        expect(at + bytes, `${previous} overlaps ${sorted[i]![0]}`).toBeLessThanOrEqual(sorted[i]![1]);
      }
    });
  }
});
