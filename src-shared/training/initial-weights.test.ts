import { describe, expect, it } from 'vitest';
import { instantiateTemplate } from '../graph/templates';
import { importInitialWeights, initialWeightsProblem } from './initial-weights';
import { evaluate } from './metrics';
import { trainedModelDocument } from './model-snapshot';
import { prepareRun, type PreparedRun } from './prepare-run';
import type { RunRequestInput } from './run-request';
import { driveTraining } from './train';

const request = (samples: number, normalize: 'zscore' | 'minmax' = 'zscore'): RunRequestInput => ({
  data: { kind: 'moons', samples, noise: 0.1 },
  normalize,
  model: { kind: 'design', design: instantiateTemplate('three-layer')! },
  settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.05, batchSize: 16, epochs: 3 },
  seeds: { data: 1, model: 2 },
  backend: 'ts',
});

function prepared(input: RunRequestInput): PreparedRun {
  const setup = prepareRun(input, null);
  if (!setup.ok) throw new Error(setup.message);
  return setup.run;
}

describe('initialWeightsProblem and importInitialWeights', () => {
  it('accepts the model of the same network on the same data (whatever its key order) and loads it', async () => {
    const source = prepared(request(200));
    await driveTraining(source.run, { onProgress: () => {} });
    const model = trainedModelDocument(source, {})!;
    const reordered = JSON.parse(JSON.stringify({ ...model, spec: Object.fromEntries(Object.entries(model.spec).reverse()) })) as typeof model;
    const target = prepared(request(200));
    expect(initialWeightsProblem(target, reordered)).toBeNull();
    importInitialWeights(target, reordered);
    expect(evaluate(target.trainer, target.spec, target.train)).toEqual(evaluate(source.trainer, source.spec, source.train));
  });

  it('names a different network, and data scaled differently', () => {
    const model = trainedModelDocument(prepared(request(200)), {})!;
    const otherNetwork = { ...model, spec: { ...model.spec, inputSize: 3 } };
    expect(initialWeightsProblem(prepared(request(200)), otherNetwork)).toMatch(/^the kept model is a different network \(3 inputs, .*\) from the one this run builds \(2 inputs, /);
    expect(initialWeightsProblem(prepared(request(300)), model)).toMatch(/^the data is not scaled as it was when the model was trained \(its zscore normalization differs from this run's zscore/);
    expect(initialWeightsProblem(prepared(request(200, 'minmax')), model)).toMatch(/zscore normalization differs from this run's minmax/);
  });
});
