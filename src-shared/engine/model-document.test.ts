import { describe, expect, it } from 'vitest';
import { mlpSpec } from './mlp';
import { parseModelDocument, serializeModel, type SerializeModelInput } from './model-document';
import { createRng } from './rng';
import { createTsTrainer } from './ts-trainer';

function savedModel(): { input: SerializeModelInput; trainer: ReturnType<typeof createTsTrainer> } {
  const spec = mlpSpec({ layers: [2, 4, 3], activation: 'relu', batchNorm: true });
  const trainer = createTsTrainer(spec, { initializer: { kind: 'he' }, optimizer: { kind: 'adam' }, l2: 0, rng: createRng(1) });
  trainer.step(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0, 0, 0, 0, 1), 2, 0.01);
  return {
    trainer,
    input: {
      weights: trainer.exportWeights(),
      normalization: { kind: 'zscore', mean: [2, 3], std: [1, 1] },
      metadata: { createdAt: '2025-01-02T03:04:05.000Z', seed: 1, training: { optimizer: { kind: 'adam' }, batchSize: 2, epochs: 1 } },
    },
  };
}

describe('model document', () => {
  it('round-trips spec, weights, running statistics, normalization and metadata', () => {
    const { input, trainer } = savedModel();
    const parsed = parseModelDocument(serializeModel(input));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.document.format).toBe('deepwire-model');
    expect(parsed.document.version).toBe(1);
    expect(parsed.document.spec).toEqual(input.weights.spec);
    expect(parsed.document.weights).toEqual(input.weights.tensors);
    expect(Object.keys(parsed.document.weights)).toContain('bn1.runningVar');
    expect(parsed.document.normalization).toEqual({ kind: 'zscore', mean: [2, 3], std: [1, 1] });
    expect(parsed.document.metadata).toEqual(input.metadata);

    // the loaded weights reproduce the trainer's predictions exactly
    const copy = createTsTrainer(parsed.document.spec, { initializer: { kind: 'zeros' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(2) });
    copy.importWeights({ format: 'deepwire-weights', version: 1, spec: parsed.document.spec, tensors: parsed.document.weights });
    const x = Float32Array.of(0.5, -1, 2, 0.25);
    expect(Array.from(copy.predict(x, 2))).toEqual(Array.from(trainer.predict(x, 2)));
  });

  it('explains a file that is not JSON, not a model, or bare weights', () => {
    expect(parseModelDocument('{oops')).toMatchObject({ ok: false, error: expect.stringMatching(/^The file is not valid JSON/) });
    expect(parseModelDocument('[1, 2]')).toEqual({ ok: false, error: 'The file is not a Deepwire model: expected a JSON object.' });
    expect(parseModelDocument('{"hello": 1}')).toEqual({ ok: false, error: 'The file is not a Deepwire model (no format field; expected "deepwire-model").' });
    const { input } = savedModel();
    const weightsOnly = parseModelDocument(JSON.stringify(input.weights));
    expect(weightsOnly.ok).toBe(false);
    if (!weightsOnly.ok) expect(weightsOnly.error).toMatch(/format "deepwire-weights".*importWeights/);
  });

  it('asks for a newer Deepwire when the file is from one', () => {
    const { input } = savedModel();
    const newer = { ...(JSON.parse(serializeModel(input)) as object), version: 3 };
    expect(parseModelDocument(JSON.stringify(newer))).toEqual({
      ok: false,
      error: 'This model was saved by a newer Deepwire (model format version 3; this one reads version 1). Update Deepwire to open it.',
    });
  });

  it('names the weights that do not match the network', () => {
    const { input } = savedModel();
    const document = JSON.parse(serializeModel(input)) as { weights: Record<string, { rows: number; cols: number; values: number[] }> };
    document.weights['dense2.W'] = { rows: 3, cols: 3, values: new Array(9).fill(0) };
    delete document.weights['bn1.beta'];
    const parsed = parseModelDocument(JSON.stringify(document));
    expect(parsed).toEqual({
      ok: false,
      error: 'The weights in the model file do not match its network: "bn1.beta" is missing (expected 1×4). "dense2.W" is 3×3 but the model needs 4×3.',
    });
  });

  it('points at the damaged field of an incomplete file', () => {
    const { input } = savedModel();
    const document = JSON.parse(serializeModel(input)) as { metadata: { seed: unknown } };
    document.metadata.seed = 'one';
    const parsed = parseModelDocument(JSON.stringify(document));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^The model file is damaged or incomplete: metadata\.seed:/);
  });

  it('refuses to save weights that do not fit or are not finite', () => {
    const { input } = savedModel();
    const broken = structuredClone(input);
    broken.weights.tensors['dense1.W']!.values[0] = Number.NaN;
    expect(() => serializeModel(broken)).toThrow('Cannot save this model: "dense1.W" contains values that are not finite numbers.');
  });
});
