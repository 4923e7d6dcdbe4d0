import { describe, expect, it } from 'vitest';
import type { TrialParams } from '../api/search-space';
import { RunSettings, type RunSettingsInput } from '../api/training-settings';
import type { LayerSpec, ModelSpec } from '../engine/spec';
import { compileGraph } from '../graph/compile';
import type { GraphDoc } from '../graph/doc';
import { addNode } from '../graph/edit';
import { instantiateTemplate } from '../graph/templates';
import { applyParams } from './apply';

function settingsWith(overrides: Partial<RunSettingsInput['settings']> = {}): RunSettings {
  return RunSettings.parse({
    data: { kind: 'moons' },
    settings: { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 32, epochs: 10, ...overrides },
    seeds: { data: 1, model: 1 },
  });
}

const design = (id: string): GraphDoc => instantiateTemplate(id)!;

/** Applies and compiles, failing the test with the refusal or the compile errors. */
function applied(designId: string, params: TrialParams, settings = settingsWith()): { spec: ModelSpec; settings: RunSettings; design: GraphDoc } {
  const result = applyParams({ design: design(designId), settings }, params, 7);
  if (!result.ok) throw new Error(result.message);
  const compiled = compileGraph(result.design);
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return { spec: compiled.spec, settings: result.settings, design: result.design };
}

function refusal(designId: string, params: TrialParams, settings = settingsWith()): string {
  const result = applyParams({ design: design(designId), settings }, params, 7);
  if (result.ok) throw new Error(`${JSON.stringify(params)} was applied`);
  return result.message;
}

const layers = (spec: ModelSpec, kind: LayerSpec['kind']) => spec.layers.filter((layer) => layer.kind === kind);

describe('applyParams', () => {
  it('sets the epochs and leaves the base alone', () => {
    const base = { design: design('three-layer'), settings: settingsWith() };
    const before = JSON.stringify(base);
    const result = applyParams(base, { learningRate: 0.003, hiddenLayers: 3, batchNorm: true }, 7);
    expect(result.ok && result.settings.settings.epochs).toBe(7);
    expect(JSON.stringify(base)).toBe(before);
  });

  it('puts in the training settings: α, batch size, λ, initializer, decay', () => {
    const { settings } = applied('three-layer', { learningRate: 0.003, batchSize: 64, l2: 1e-3, initializer: 'xavier', decayRate: 0.5 });
    expect(settings.settings).toMatchObject({ learningRate: 0.003, batchSize: 64, l2: 1e-3, initializer: { kind: 'xavier' }, schedule: { kind: 'inverse-time', decayRate: 0.5 } });
    const scheduled = applied('three-layer', { decayRate: 0.2 }, settingsWith({ schedule: { kind: 'scheduled', decayRate: 1, interval: 5 } }));
    expect(scheduled.settings.settings.schedule).toEqual({ kind: 'scheduled', decayRate: 0.2, interval: 5 });
  });

  it('puts in the optimizer and its β’s and ε', () => {
    expect(applied('three-layer', { beta1: 0.95, beta2: 0.9995, epsilon: 1e-7 }).settings.settings.optimizer).toEqual({ kind: 'adam', beta1: 0.95, beta2: 0.9995, epsilon: 1e-7 });
    expect(applied('three-layer', { optimizer: 'momentum', beta: 0.99 }).settings.settings.optimizer).toEqual({ kind: 'momentum', beta: 0.99 });
    expect(applied('three-layer', { optimizer: 'rmsprop' }).settings.settings.optimizer).toEqual({ kind: 'rmsprop', beta2: 0.999, epsilon: 1e-8 });
    // β1 matters only for Adam: with the optimizer also searched, a gd trial simply ignores it.
    expect(applied('three-layer', { optimizer: 'gd', beta1: 0.8 }).settings.settings.optimizer).toEqual({ kind: 'gd' });
  });

  it('sets the units of every hidden Dense, not the output layer’s', () => {
    const { spec } = applied('three-layer', { hiddenUnits: 7 });
    expect(layers(spec, 'dense').map((layer) => (layer as { units: number }).units)).toEqual([7, 7, 1]);
  });

  it('sets the hidden activation and every dropout’s keep probability', () => {
    expect(layers(applied('three-layer', { activation: 'tanh' }).spec, 'activation').map((layer) => (layer as { fn: string }).fn)).toEqual(['tanh', 'tanh']);
    expect(layers(applied('batchnorm-dropout', { keepProb: 0.6 }).spec, 'dropout').map((layer) => (layer as { keepProb: number }).keepProb)).toEqual([0.6, 0.6]);
  });

  it('repeats the first hidden block or trims blocks for the number of hidden layers', () => {
    const four = applied('three-layer', { hiddenLayers: 4 });
    expect(layers(four.spec, 'dense').map((layer) => (layer as { units: number }).units)).toEqual([10, 10, 10, 5, 1]);
    expect(layers(four.spec, 'activation')).toHaveLength(4);
    expect(four.spec.output).toMatchObject({ activation: 'sigmoid', loss: 'binary-crossentropy' });
    const one = applied('batchnorm-dropout', { hiddenLayers: 1 });
    expect(one.spec.layers.map((layer) => layer.kind)).toEqual(['dense', 'batchnorm', 'activation', 'dropout', 'dense']);
    const wide = applied('three-layer', { hiddenLayers: 3, hiddenUnits: 16, activation: 'leaky-relu' });
    expect(layers(wide.spec, 'dense').map((layer) => (layer as { units: number }).units)).toEqual([16, 16, 16, 1]);
  });

  it('puts batch norm after every hidden Dense, or takes it out', () => {
    const on = applied('three-layer', { batchNorm: true });
    expect(on.spec.layers.map((layer) => layer.kind)).toEqual(['dense', 'batchnorm', 'activation', 'dense', 'batchnorm', 'activation', 'dense']);
    const off = applied('batchnorm-dropout', { batchNorm: false });
    expect(layers(off.spec, 'batchnorm')).toHaveLength(0);
    expect(layers(off.spec, 'dropout')).toHaveLength(2);
    const grown = applied('three-layer', { hiddenLayers: 3, batchNorm: true });
    expect(layers(grown.spec, 'batchnorm')).toHaveLength(3);
  });

  it('refuses what cannot apply, saying why', () => {
    expect(refusal('three-layer', { keepProb: 0.5 })).toMatch(/Dropout keep probability \(keep\) cannot apply: the design has no Dropout node/);
    expect(refusal('logistic-regression', { hiddenLayers: 2 })).toMatch(/no hidden layer/);
    expect(refusal('logistic-regression', { hiddenUnits: 8 })).toMatch(/no hidden Dense layer/);
    expect(refusal('three-layer', { beta1: 0.9 }, settingsWith({ optimizer: { kind: 'gd' } }))).toMatch(/Adam β1 \(beta1\) does nothing for the gd optimizer \(only adam read it\)/);
    expect(refusal('three-layer', { decayRate: 2 }, settingsWith({ schedule: { kind: 'exponential', decayRate: 0.9 } }))).toMatch(/does not suit the exponential schedule/);
    expect(refusal('three-layer', { hiddenUnits: 5000 })).toMatch(/Hidden units \(units\) cannot be 5000/);
    expect(refusal('three-layer', { optimizer: 'lbfgs' })).toMatch(/Optimizer \(optimizer\) cannot be lbfgs/);
    expect(refusal('three-layer', { learningRate: 'fast' })).toMatch(/cannot be fast/);
  });

  it('reshapes only a simple chain', () => {
    const stray = addNode(design('three-layer'), 'dense', { x: 0, y: 400 });
    if (!stray.ok) throw new Error(stray.reason);
    const result = applyParams({ design: stray.doc, settings: settingsWith() }, { hiddenLayers: 3 }, 5);
    expect(result.ok ? '' : result.message).toMatch(/one chain from Input to Loss; this one has 1 node\(s\)/);
    // Parameters of existing nodes still apply off a simple chain.
    expect(applyParams({ design: stray.doc, settings: settingsWith() }, { hiddenUnits: 3 }, 5).ok).toBe(true);
  });
});
