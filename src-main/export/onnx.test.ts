/**
 * The ONNX exporter checked against ONNX Runtime (onnxruntime-node's CPU build), not against
 * itself: each model is trained a few steps by Deepwire, exported, run by ONNX Runtime on the RAW
 * dev rows (the normalization is the graph's job) and compared with Deepwire's own predictions —
 * a fresh TS trainer loaded with the document's weights, predicting on the rows applyNormalizer
 * scaled.
 */
import onnxProto from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '@shared/data/dataset';
import { generateDataset, GeneratorConfig } from '@shared/data/generators/registry';
import { applyNormalizer, Normalizer, type NormalizationKind } from '@shared/data/normalize';
import { splitDataset } from '@shared/data/split';
import { createModelDocument, type ModelDocument } from '@shared/engine/model-document';
import { layerNames } from '@shared/engine/naming';
import { createRng } from '@shared/engine/rng';
import type { ModelSpec } from '@shared/engine/spec';
import { createTsTrainer } from '@shared/engine/ts-trainer';
import type { GraphDoc, NodeKind } from '@shared/graph/doc';
import { chainDoc, designTemplates } from '@shared/graph/templates';
import { trainedModelDocument } from '@shared/training/model-snapshot';
import { prepareRun, type LoadedData } from '@shared/training/prepare-run';
import { runStreams } from '@shared/training/seeds';
import { appVersion } from '../version';
import { exporters } from './exporters';
import { onnxMetadataKeys, onnxModel, ONNX_IR_VERSION, ONNX_OPSET } from './onnx';

const { onnx } = onnxProto;
const about = { name: 'Test design', version: '9.8.7' };
const seeds = { data: 7, model: 11 };
const fractions = { train: 0.8, dev: 0.1, test: 0.1 };

/** Generated data as a loaded (CSV-like) source, so the test holds the raw rows prepareRun split. */
function generated(config: unknown, featureNames: string[] | null = null): LoadedData {
  const all = generateDataset(GeneratorConfig.parse(config), createRng(5));
  return { name: 'generated.csv', all, test: null, featureNames, labelName: featureNames && 'label' };
}

/** A data set of `features` columns, a few of them constant (a zero range or std to guard). */
function synthetic(rows: number, features: number, classes: number, regression = false): LoadedData {
  const rng = createRng(3);
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  const values = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let f = 0; f < features; f++) {
      // Pixel-like values on a wide scale; every seventh column constant.
      const value = f % 7 === 3 ? 42 : Math.floor(rng.next() * 256);
      x[row * features + f] = value;
      sum += (f % 2 === 0 ? 1 : -1) * value;
    }
    y[row] = row % classes;
    values[row] = sum / features + 3;
  }
  const all: Dataset = { x, y, rows, features, classes, classNames: Array.from({ length: classes }, (_, i) => `class ${i}`), ...(regression && { values }) };
  return { name: 'synthetic.csv', all, test: null, featureNames: Array.from({ length: features }, (_, i) => `f${i}`), labelName: 'label' };
}

interface Trained {
  doc: ModelDocument;
  /** The dev rows as they are in the data, before normalization. */
  rawDev: Dataset;
}

/** Trains `design` for `steps` steps on the TS backend and returns its model document and raw dev rows. */
function train(design: GraphDoc, loaded: LoadedData, normalize: NormalizationKind, steps = 12, optimizer: 'adam' | 'gd' = 'adam'): Trained {
  const prepared = prepareRun(
    {
      data: { kind: 'csv', path: loaded.name },
      split: fractions,
      normalize,
      model: { kind: 'design', design },
      settings: { initializer: { kind: 'he' }, optimizer: { kind: optimizer }, learningRate: 0.01, batchSize: 16, epochs: 100 },
      seeds,
      backend: 'ts',
    },
    loaded,
  );
  if (!prepared.ok) throw new Error(`${prepared.field}: ${prepared.message}`);
  const { run } = prepared;
  for (let step = 0; step < steps; step++) run.run.step();
  const doc = trainedModelDocument(run, { epochs: 1 });
  run.trainer.dispose();
  if (!doc) throw new Error('the model diverged');
  // prepareRun split a loaded source with a fresh data stream: the same split here gives the raw dev rows.
  const rawDev = splitDataset(loaded.all, fractions, runStreams(seeds).data).dev!;
  expect(applyNormalizer(run.normalizer, rawDev.x, rawDev.features)).toEqual(run.dev!.x);
  return { doc, rawDev };
}

/** Deepwire's own answer: a fresh TS trainer with the document's weights, on the normalized rows. */
function deepwirePredict(doc: ModelDocument, rawX: Float32Array, rows: number): { outputs: Float32Array; logits: Float32Array } {
  const trainer = createTsTrainer(doc.spec, { initializer: { kind: 'zeros' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(1) });
  trainer.importWeights({ format: 'deepwire-weights', version: 1, spec: doc.spec, tensors: doc.weights });
  const x = applyNormalizer(Normalizer.parse(doc.normalization), rawX, doc.spec.inputSize);
  const result = { outputs: trainer.predict(x, rows), logits: trainer.logits(x, rows) };
  trainer.dispose();
  return result;
}

async function onnxPredict(bytes: Uint8Array, rawX: Float32Array, rows: number, features: number): Promise<Record<string, Float32Array>> {
  const session = await InferenceSession.create(bytes);
  try {
    const results = await session.run({ features: new Tensor('float32', rawX, [rows, features]) });
    const out: Record<string, Float32Array> = {};
    for (const [name, tensor] of Object.entries(results)) {
      expect(tensor.dims[0]).toBe(rows);
      out[name] = tensor.data as Float32Array;
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Largest difference, absolute — or relative to max(1, |expected|) for values that are not probabilities. */
function worstDifference(actual: Float32Array, expected: Float32Array, relative: boolean): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i]! - expected[i]!) / (relative ? Math.max(1, Math.abs(expected[i]!)) : 1);
    worst = Math.max(worst, Number.isNaN(difference) ? Infinity : difference);
  }
  return worst;
}

/** Exports `doc`, runs ONNX Runtime on the raw rows and compares every output with Deepwire's. */
async function expectSamePredictions(doc: ModelDocument, raw: Pick<Dataset, 'x' | 'rows' | 'features'>): Promise<void> {
  const bytes = onnxModel(doc, about);
  const ours = deepwirePredict(doc, raw.x, raw.rows);
  const theirs = await onnxPredict(bytes, raw.x, raw.rows, raw.features);
  const linear = doc.spec.output.activation === 'linear';
  const output = linear ? 'outputs' : 'probabilities';
  expect(Object.keys(theirs).sort()).toEqual(['logits', output].sort());
  expect(ours.outputs.every(Number.isFinite)).toBe(true);
  expect(worstDifference(theirs[output]!, ours.outputs, linear)).toBeLessThan(1e-5);
  expect(worstDifference(theirs.logits!, ours.logits, true)).toBeLessThan(1e-5);
}

type Step = [NodeKind, Record<string, unknown>?];
const classifier = (hidden: Step[], output: Step[]): GraphDoc => chainDoc([['input', { size: 2 }], ...hidden, ...output]);
const softmax = (units: number): Step[] => [['dense', { units }], ['softmax-output'], ['loss', { fn: 'categorical-crossentropy' }]];

describe('onnxModel against ONNX Runtime: every design template', () => {
  for (const template of designTemplates) {
    it(`${template.id}: the same predictions on the raw dev rows`, async () => {
      const input = template.doc.nodes.find((node) => node.kind === 'input')!;
      const size = (input.params as { size: number }).size;
      // The 2-input templates on moons; the MNIST-sized one on pixel-like synthetic rows of 784 features.
      const loaded = size === 2 ? generated({ kind: 'moons', samples: 300 }) : synthetic(150, size, 10);
      const { doc, rawDev } = train(template.doc as GraphDoc, loaded, size === 2 ? 'zscore' : 'minmax', size === 2 ? 30 : 4);
      await expectSamePredictions(doc, rawDev);
    });
  }
});

describe('onnxModel against ONNX Runtime: every layer kind', () => {
  it('dense with and without bias; relu, leaky-relu (α 0.2), tanh, sigmoid and linear activations; dropout; softmax output; min-max inputs', async () => {
    const design = classifier(
      [
        ['dense', { units: 8 }],
        ['activation', { fn: 'relu' }],
        ['dense', { units: 8, useBias: false }],
        ['activation', { fn: 'leaky-relu', alpha: 0.2 }],
        ['dense', { units: 8 }],
        ['activation', { fn: 'tanh' }],
        ['dense', { units: 6 }],
        ['activation', { fn: 'sigmoid' }],
        ['dense', { units: 6 }],
        ['activation', { fn: 'linear' }],
        ['dropout', { keepProb: 0.7 }],
      ],
      softmax(3),
    );
    const { doc, rawDev } = train(design, generated({ kind: 'blobs', samples: 300, classes: 3 }), 'minmax', 40);
    expect(doc.spec.layers.filter((layer) => layer.kind === 'dense' && !layer.useBias)).toHaveLength(1);
    expect(doc.spec.layers.find((layer) => layer.kind === 'activation' && layer.fn === 'leaky-relu')).toMatchObject({ alpha: 0.2 });
    await expectSamePredictions(doc, rawDev);
  });

  it('batch norm with trained running statistics (and its own ε), after dense layers without bias; no input normalization', async () => {
    const design = classifier(
      [
        ['dense', { units: 12, useBias: false }],
        ['batchnorm', { momentum: 0.6, epsilon: 0.01 }],
        ['activation', { fn: 'relu' }],
        ['dense', { units: 6, useBias: false }],
        ['batchnorm', { momentum: 0.9, epsilon: 1e-5 }],
        ['activation', { fn: 'tanh' }],
      ],
      softmax(2),
    );
    const { doc, rawDev } = train(design, generated({ kind: 'circles', samples: 300 }), 'none', 25);
    // Raw circles features have mean ≈ 0 and variance ≈ 0.3, so the statistics have moved from their start (0, 1).
    const [bn1, bn2] = layerNames(doc.spec).filter((_, index) => doc.spec.layers[index]!.kind === 'batchnorm');
    for (const [stat, start] of [[`${bn1}.runningMean`, 0], [`${bn1}.runningVar`, 1], [`${bn2}.runningVar`, 1], [`${bn1}.gamma`, 1]] as const) {
      expect(Math.max(...doc.weights[stat]!.values.map((value) => Math.abs(value - start))), stat).toBeGreaterThan(1e-3);
    }
    expect(doc.normalization.kind).toBe('none');
    await expectSamePredictions(doc, rawDev);
  });

  it('a sigmoid output of one unit per class (mean squared error), z-score inputs', async () => {
    const design = classifier([['dense', { units: 10 }], ['activation', { fn: 'leaky-relu', alpha: 0.05 }]], [['dense', { units: 3 }], ['sigmoid-output'], ['loss', { fn: 'mse' }]]);
    const { doc, rawDev } = train(design, generated({ kind: 'blobs', samples: 300, classes: 3 }), 'zscore', 30);
    await expectSamePredictions(doc, rawDev);
  });

  it('a linear output (regression, mean squared error): values within 1e-5 relative', async () => {
    const loaded = synthetic(200, 5, 2, true);
    const design = chainDoc([['input', { size: 5 }], ['dense', { units: 8 }], ['activation', { fn: 'tanh' }], ['dense', { units: 1 }], ['linear-output'], ['loss', { fn: 'mse' }]]);
    const { doc, rawDev } = train(design, loaded, 'zscore', 30, 'gd');
    expect(doc.spec.output.activation).toBe('linear');
    await expectSamePredictions(doc, rawDev);
  });

  it('every layer kind and output exports, in any order the spec allows — even ending on batch norm or dropout (there is no spec it cannot express)', async () => {
    const layers: ModelSpec['layers'] = [
      { kind: 'dropout', keepProb: 0.5 },
      { kind: 'dense', units: 7, useBias: true },
      { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-3 },
      { kind: 'activation', fn: 'leaky-relu' },
      { kind: 'dense', units: 5, useBias: false },
      { kind: 'activation', fn: 'sigmoid' },
      { kind: 'dense', units: 3, useBias: true },
      { kind: 'activation', fn: 'tanh' },
      { kind: 'activation', fn: 'relu' },
      { kind: 'activation', fn: 'linear' },
      { kind: 'dense', units: 3, useBias: true },
    ];
    const endings: ModelSpec['layers'][] = [[], [{ kind: 'batchnorm', momentum: 0.5, epsilon: 0.1 }], [{ kind: 'dropout', keepProb: 0.9 }]];
    const outputs = [
      { activation: 'softmax', loss: 'categorical-crossentropy' },
      { activation: 'sigmoid', loss: 'binary-crossentropy' },
      { activation: 'sigmoid', loss: 'mse' },
      { activation: 'linear', loss: 'mse' },
    ] as const;
    const raw = generated({ kind: 'blobs', samples: 40, classes: 3 }).all;
    for (const ending of endings) {
      for (const output of outputs) {
        const spec: ModelSpec = { version: 1, inputSize: 2, layers: [...layers, ...ending], output };
        const trainer = createTsTrainer(spec, { initializer: { kind: 'xavier', form: 'fan-avg' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(2) });
        const weights = trainer.exportWeights();
        trainer.dispose();
        // Non-trivial running statistics without training: set by hand.
        for (const [name, tensor] of Object.entries(weights.tensors)) {
          if (name.endsWith('.runningMean')) tensor.values = tensor.values.map((_, i) => 0.3 * i - 0.4);
          if (name.endsWith('.runningVar')) tensor.values = tensor.values.map((_, i) => 0.2 + 0.7 * i);
          if (name.endsWith('.beta')) tensor.values = tensor.values.map((_, i) => 0.1 * i);
        }
        const doc = createModelDocument({ weights, normalization: { kind: 'zscore', mean: [1, -2], std: [2, 0.5] }, metadata: { createdAt: '2025-01-01T00:00:00Z', seed: 2, training: {} } });
        await expectSamePredictions(doc, raw);
      }
    }
  });
});

describe('onnxModel: names, shapes and metadata', () => {
  const trained = train(
    classifier([['dense', { units: 6 }], ['activation', { fn: 'relu' }]], softmax(2)),
    generated({ kind: 'moons', samples: 200 }, ['width', 'height']),
    'zscore',
    5,
  );

  it('takes "features" [batch, inputs] with a free batch dimension and gives "probabilities" and "logits" [batch, units]', async () => {
    const bytes = onnxModel(trained.doc, about);
    const session = await InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['features']);
    expect(session.outputNames).toEqual(['probabilities', 'logits']);
    await session.release();
    const graph = onnx.ModelProto.decode(bytes).graph!;
    const dims = (info: onnxProto.onnx.IValueInfoProto) => info.type!.tensorType!.shape!.dim!.map((dim) => dim.dimParam || Number(dim.dimValue));
    expect(dims(graph.input![0]!)).toEqual(['batch', 2]);
    expect(graph.output!.map(dims)).toEqual([
      ['batch', 2],
      ['batch', 2],
    ]);
    // One row, then 37 (more than the dev set: rows repeated), through the same file.
    for (const rows of [1, 37]) {
      const x = Float32Array.from({ length: rows * 2 }, (_, i) => trained.rawDev.x[i % trained.rawDev.x.length]!);
      await expectSamePredictions(trained.doc, { x, rows, features: 2 });
    }
  });

  it('says who made it, from which design and data: producer, opset, feature and class names, normalization', () => {
    const model = onnx.ModelProto.decode(onnxModel(trained.doc, about));
    expect(model.producerName).toBe('Deepwire');
    expect(model.producerVersion).toBe('9.8.7');
    expect(Number(model.irVersion)).toBe(ONNX_IR_VERSION);
    expect(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', ONNX_OPSET]]);
    expect(model.graph!.name).toBe('Test design');
    const props = Object.fromEntries(model.metadataProps.map((entry) => [entry.key, entry.value]));
    expect(props).toEqual({
      [onnxMetadataKeys.name]: 'Test design',
      [onnxMetadataKeys.version]: '9.8.7',
      [onnxMetadataKeys.normalization]: 'zscore',
      [onnxMetadataKeys.output]: 'softmax',
      [onnxMetadataKeys.featureNames]: JSON.stringify(['width', 'height']),
      [onnxMetadataKeys.classNames]: JSON.stringify(trained.doc.metadata.training.classNames),
    });
    expect(trained.doc.metadata.training.classNames).toHaveLength(2);
    // The weights keep Deepwire's tensor names.
    const [dense1, , dense2] = layerNames(trained.doc.spec);
    expect(model.graph!.initializer!.map((tensor) => tensor.name)).toEqual(['normalization.offset', 'normalization.scale', `${dense1}.W`, `${dense1}.b`, `${dense2}.W`, `${dense2}.b`]);
  });

  it('is what the exporters give for the onnx format: one <stem>.onnx file carrying this Deepwire\'s version', async () => {
    const files = exporters.onnx(trained.doc, { name: 'Moons classifier', stem: 'moons-classifier' });
    expect(files.map((file) => [file.fileName, file.mediaType])).toEqual([['moons-classifier.onnx', 'application/octet-stream']]);
    const model = onnx.ModelProto.decode(files[0]!.bytes);
    expect([model.producerVersion, model.graph!.name]).toEqual([appVersion, 'Moons classifier']);
    const session = await InferenceSession.create(files[0]!.bytes);
    await session.release();
  });

  it('leaves feature and class names out when the data had none (generated data sets)', () => {
    const doc: ModelDocument = { ...trained.doc, metadata: { ...trained.doc.metadata, training: { ...trained.doc.metadata.training, featureNames: null, classNames: null } } };
    const keys = onnx.ModelProto.decode(onnxModel(doc, about)).metadataProps.map((entry) => entry.key);
    expect(keys).not.toContain(onnxMetadataKeys.featureNames);
    expect(keys).not.toContain(onnxMetadataKeys.classNames);
  });
});

describe('onnxModel: documents it cannot export, and a zero min-max range', () => {
  const spec: ModelSpec = { version: 1, inputSize: 2, layers: [{ kind: 'dense', units: 2, useBias: true }], output: { activation: 'softmax', loss: 'categorical-crossentropy' } };
  const weights = { 'dense1.W': { rows: 2, cols: 2, values: [1, -1, 0.5, 2] }, 'dense1.b': { rows: 1, cols: 2, values: [0.1, -0.1] } };
  const document = (normalization: ModelDocument['normalization'], tensors: ModelDocument['weights'] = weights): ModelDocument =>
    createModelDocument({ weights: { spec, tensors }, normalization, metadata: { createdAt: '2025-01-01T00:00:00Z', seed: 1, training: {} } });

  it('refuses weights that do not fit the network, and a normalization of another width or a damaged one, saying why', () => {
    expect(() => onnxModel(document({ kind: 'none' }, { 'dense1.W': weights['dense1.W'] }), about)).toThrow(/cannot be exported to ONNX: its weights do not match its network: "dense1.b" is missing/);
    expect(() => onnxModel(document({ kind: 'zscore', mean: [0, 0, 0], std: [1, 1, 1] }), about)).toThrow(/zscore normalization covers 3\/3 features but the network takes 2/);
    expect(() => onnxModel(document({ kind: 'minmax', min: [0, 0] }), about)).toThrow(/input normalization is damaged \(max:/);
  });

  it('divides by a zero range as applyNormalizer does (fitNormalizer never writes one): the same non-finite outputs', async () => {
    const doc = document({ kind: 'minmax', min: [0, 1], max: [2, 1] });
    const x = Float32Array.from([1, 1, 1, 3]);
    const ours = deepwirePredict(doc, x, 2).outputs;
    const theirs = (await onnxPredict(onnxModel(doc, about), x, 2, 2)).probabilities!;
    expect(Array.from(theirs).map(Number.isFinite)).toEqual(Array.from(ours).map(Number.isFinite));
    expect(ours.some((value) => !Number.isFinite(value))).toBe(true);
  });
});
