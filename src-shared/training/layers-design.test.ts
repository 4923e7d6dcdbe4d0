import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAKY_ALPHA } from '../engine/activations';
import { mlpSpec } from '../engine/mlp';
import { lossesForOutput, type ModelSpec } from '../engine/spec';
import { compileGraph } from '../graph/compile';
import { layersDesign } from './layers-design';
import { LayersModel } from './run-request';

/** The spec without the editor's node names (the shorthand's layers have none), a leaky slope left out read as the engine's default. */
function unnamed(spec: ModelSpec): unknown {
  const { name: _outputName, ...output } = spec.output;
  const layers = spec.layers.map(({ name: _name, ...layer }) => (layer.kind === 'activation' && layer.fn === 'leaky-relu' ? { ...layer, alpha: layer.alpha ?? DEFAULT_LEAKY_ALPHA } : layer));
  return { ...spec, layers, output };
}

/** What prepare-run's buildSpec makes of the shorthand: the reference. */
function shorthandSpec(model: LayersModel): ModelSpec {
  const output = model.output ?? (model.layers.at(-1) === 1 ? 'sigmoid' : 'softmax');
  return mlpSpec({
    layers: model.layers,
    activation: model.activation ?? 'relu',
    output: { activation: output, loss: lossesForOutput[output][0]! },
    ...(model.keepProb !== undefined && { keepProb: model.keepProb }),
    ...(model.batchNorm && { batchNorm: true }),
  });
}

type LayersModel = import('zod').z.output<typeof LayersModel>;

describe('layersDesign', () => {
  const cases: LayersModel[] = [
    { kind: 'layers', layers: [2, 8, 1] },
    { kind: 'layers', layers: [2, 1] },
    { kind: 'layers', layers: [4, 16, 16, 3], activation: 'tanh' },
    { kind: 'layers', layers: [784, 64, 10], batchNorm: true, keepProb: 0.8 },
    { kind: 'layers', layers: [3, 5, 1], output: 'linear', activation: 'leaky-relu' },
  ];
  for (const model of cases) {
    it(`compiles ${model.layers.join(',')}${model.batchNorm ? ' with batch norm' : ''}${model.keepProb ? ' and dropout' : ''}${model.output ? ` (${model.output})` : ''} to the shorthand's own network`, () => {
      const compiled = compileGraph(layersDesign(LayersModel.parse(model)));
      expect(compiled.ok && compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      if (!compiled.ok) return;
      expect(unnamed(compiled.spec)).toEqual(unnamed(shorthandSpec(model)));
    });
  }
});
