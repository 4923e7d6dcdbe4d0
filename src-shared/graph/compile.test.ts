import { describe, expect, it } from 'vitest';
import { ModelSpec, layerOutputSizes, parameterCount } from '../engine/spec';
import { compileGraph } from './compile';
import { inferShapes } from './shapes';
import { chainOf, docOf, edge, node } from './test-fixtures';

describe('compileGraph', () => {
  it('turns the chain into a model spec whose layer names are the node ids', () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 10 }),
      node('activation-1', 'activation', { fn: 'leaky-relu', alpha: 0.1 }),
      node('dropout-1', 'dropout', { keepProb: 0.5 }),
      node('dense-2', 'dense', { units: 3 }),
      node('softmax-output-1', 'softmax-output'),
      node('loss-1', 'loss', { fn: 'categorical-crossentropy' }),
    );
    const result = compileGraph(doc);
    expect(result).toEqual({
      ok: true,
      spec: {
        version: 1,
        inputSize: 2,
        layers: [
          { kind: 'dense', units: 10, useBias: true, name: 'dense-1' },
          { kind: 'activation', fn: 'leaky-relu', alpha: 0.1, name: 'activation-1' },
          { kind: 'dropout', keepProb: 0.5, name: 'dropout-1' },
          { kind: 'dense', units: 3, useBias: true, name: 'dense-2' },
        ],
        output: { activation: 'softmax', loss: 'categorical-crossentropy', name: 'softmax-output-1' },
      },
      order: ['input-1', 'dense-1', 'activation-1', 'dropout-1', 'dense-2', 'softmax-output-1', 'loss-1'],
      diagnostics: [],
    });
  });

  it('follows the edges, not the order nodes are listed in', () => {
    const doc = docOf(
      [node('loss-1', 'loss', { fn: 'mse' }), node('linear-output-1', 'linear-output'), node('dense-1', 'dense', { units: 1 }), node('input-1', 'input')],
      [edge('dense-1', 'linear-output-1'), edge('input-1', 'dense-1'), edge('linear-output-1', 'loss-1')],
    );
    const result = compileGraph(doc);
    expect(result.ok && result.order).toEqual(['input-1', 'dense-1', 'linear-output-1', 'loss-1']);
    expect(result.ok && result.spec.output).toEqual({ activation: 'linear', loss: 'mse', name: 'linear-output-1' });
  });

  it('drops the bias of a Dense followed directly by batch norm, and keeps the note', () => {
    const doc = chainOf(
      node('input-1', 'input'),
      node('dense-1', 'dense', { units: 4 }),
      node('batchnorm-1', 'batchnorm', { momentum: 0.99, epsilon: 1e-3 }),
      node('activation-1', 'activation', { fn: 'tanh' }),
      node('dense-2', 'dense', { units: 1 }),
      node('sigmoid-output-1', 'sigmoid-output'),
      node('loss-1', 'loss', { fn: 'binary-crossentropy' }),
    );
    const result = compileGraph(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.spec.layers).toEqual([
      { kind: 'dense', units: 4, useBias: false, name: 'dense-1' },
      { kind: 'batchnorm', momentum: 0.99, epsilon: 1e-3, name: 'batchnorm-1' },
      { kind: 'activation', fn: 'tanh', name: 'activation-1' },
      { kind: 'dense', units: 1, useBias: true, name: 'dense-2' },
    ]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['bias-dropped']);
    // The engine's own count agrees with shape inference: 2·4 + 2·4 + 4·1 + 1 = 21.
    expect(parameterCount(result.spec)).toBe(21);
    expect(inferShapes(doc).totalParams).toBe(21);
  });

  it("uses the dataset's feature count for a 'dataset' Input", () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('sigmoid-output-1', 'sigmoid-output'), node('loss-1', 'loss', { fn: 'binary-crossentropy' }));
    const result = compileGraph(doc, { inputSize: 5 });
    expect(result.ok && result.spec.inputSize).toBe(5);
    expect(result.ok && layerOutputSizes(result.spec)).toEqual([1]);
  });

  it('refuses a design with errors and returns the diagnostics instead', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 3 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss', { fn: 'mse' }));
    const result = compileGraph(doc);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(['loss-unfit']);
  });

  it('compiles despite warnings, passing them on', () => {
    const doc = chainOf(node('input-1', 'input'), node('dense-1', 'dense', { units: 1 }), node('softmax-output-1', 'softmax-output'), node('loss-1', 'loss'));
    const result = compileGraph(doc);
    expect(result.ok && result.diagnostics.map((d) => d.code)).toEqual(['softmax-one-unit']);
  });

  it('produces specs that survive JSON and the engine schema', () => {
    const doc = chainOf(node('input-1', 'input', { source: 'fixed', size: 3 }), node('dense-1', 'dense', { units: 2, useBias: false }), node('linear-output-1', 'linear-output'), node('loss-1', 'loss', { fn: 'mse' }));
    const result = compileGraph(doc);
    if (!result.ok) throw new Error('should compile');
    expect(ModelSpec.parse(JSON.parse(JSON.stringify(result.spec)))).toEqual(result.spec);
  });
});
