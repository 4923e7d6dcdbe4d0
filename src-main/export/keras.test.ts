/**
 * The exported Keras script: Keras is not installable here, so this checks that Python compiles it
 * (py_compile, /usr/bin/python3) and that it holds every layer of the design with its settings and
 * sets every tensor of the model document. Skips the compile, saying why, where Python is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelDocument, type ModelDocument } from '@shared/engine/model-document';
import { createRng } from '@shared/engine/rng';
import type { ModelSpec } from '@shared/engine/spec';
import { createTsTrainer } from '@shared/engine/ts-trainer';
import { kerasScript } from '@shared/export/keras';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
const pythonMissing = probe.error ? `${PYTHON} is not available (${probe.error.message})` : null;
if (pythonMissing) console.warn(`Skipping the Keras script's compile check: ${pythonMissing}.`);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const spec: ModelSpec = {
  version: 1,
  inputSize: 3,
  layers: [
    { kind: 'dense', units: 6, useBias: false, name: 'hidden 1' },
    { kind: 'batchnorm', momentum: 0.95, epsilon: 1e-3 },
    { kind: 'activation', fn: 'leaky-relu', alpha: 0.2 },
    { kind: 'dropout', keepProb: 0.75 },
    { kind: 'dense', units: 5, useBias: true },
    { kind: 'activation', fn: 'tanh' },
    { kind: 'dense', units: 4, useBias: true },
    { kind: 'activation', fn: 'sigmoid' },
    { kind: 'dense', units: 4, useBias: true },
    { kind: 'activation', fn: 'relu' },
    { kind: 'dense', units: 3, useBias: true },
    { kind: 'activation', fn: 'linear' },
    { kind: 'dense', units: 3, useBias: true },
  ],
  output: { activation: 'softmax', loss: 'categorical-crossentropy' },
};

function documentWith(overrides: { spec?: ModelSpec; normalization?: ModelDocument['normalization']; training?: Record<string, unknown> }): ModelDocument {
  const modelSpec = overrides.spec ?? spec;
  const trainer = createTsTrainer(modelSpec, { initializer: { kind: 'he' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(3) });
  return createModelDocument({
    weights: trainer.exportWeights(),
    normalization: overrides.normalization ?? { kind: 'zscore', mean: [0, 1, 2], std: [1, 2, 3] },
    metadata: {
      createdAt: '2025-01-01T00:00:00.000Z',
      seed: 3,
      training: {
        initializer: { kind: 'xavier', form: 'fan-avg' },
        optimizer: { kind: 'momentum', beta: 0.8 },
        schedule: { kind: 'step', decayRate: 0.5, interval: 10 },
        learningRate: 0.05,
        l2: 0.01,
        batchSize: 32,
        epochs: 40,
        featureNames: ['a', 'b', 'c'],
        classNames: ['x', 'y', 'z'],
        ...overrides.training,
      },
    },
  });
}

function compiles(script: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'deepwire-keras-'));
  dirs.push(dir);
  const path = join(dir, 'model.py');
  writeFileSync(path, script);
  const result = spawnSync(PYTHON, ['-m', 'py_compile', path], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

describe('the Keras export', () => {
  const script = kerasScript(documentWith({}), { name: 'Iris "net"\n', version: '1.2.3', sidecar: 'iris.model.json' });

  it('holds every layer of the design, in order, with its settings', () => {
    const expected = [
      'layers.Normalization(mean=offset, variance=[s * s for s in scale], name="input_normalization")',
      'layers.Dense(6, use_bias=False, kernel_initializer=keras.initializers.RandomNormal(stddev=math.sqrt(2.0 / (3 + 6))), kernel_regularizer=regularizer, name="hidden_1")',
      'layers.BatchNormalization(momentum=0.95, epsilon=0.001, name="bn1")',
      'layers.LeakyReLU(0.2, name="act1")',
      'layers.Dropout(1 - 0.75, name="dropout1")',
      'layers.Dense(5, use_bias=True',
      'layers.Activation("tanh", name="act2")',
      'layers.Activation("sigmoid", name="act3")',
      'layers.Activation("relu", name="act4")',
      'layers.Activation("linear", name="act5")',
      'layers.Dense(3, use_bias=True, kernel_initializer=keras.initializers.RandomNormal(stddev=math.sqrt(2.0 / (3 + 3))), kernel_regularizer=regularizer, name="dense6")',
      'layers.Activation("softmax", name="output")',
    ];
    let from = 0;
    for (const line of expected) {
      const at = script.indexOf(line, from);
      expect(at, line).toBeGreaterThan(from);
      from = at;
    }
  });

  it('sets every tensor of the model document, kernels untransposed', () => {
    for (const name of ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'dense6']) expect(script).toContain(name === 'dense1' ? 'array("hidden 1.W")' : `array("${name}.W"), array("${name}.b")`);
    expect(script).toContain('model.get_layer("bn1").set_weights([array("bn1.gamma").reshape(-1), array("bn1.beta").reshape(-1), array("bn1.runningMean").reshape(-1), array("bn1.runningVar").reshape(-1)])');
    expect(script).toContain('SIDECAR = Path(__file__).with_name("iris.model.json")');
    expect(script).toContain('FEATURE_NAMES = ["a", "b", "c"]');
  });

  it('writes the run’s optimizer, schedule, L2 and batch size', () => {
    expect(script).toContain('keras.optimizers.SGD(learning_rate=lambda: schedule() * (1 - beta), momentum=beta)');
    expect(script).toContain('beta = 0.8');
    expect(script).toContain('return base * (0.5 ** (epoch // 10))');
    expect(script).toContain('L2 = 0.01');
    expect(script).toContain('BATCH_SIZE = 32');
    expect(script).toContain('loss=keras.losses.CategoricalCrossentropy()');
  });

  it.skipIf(pythonMissing !== null)('compiles for every optimizer, output and normalization (py_compile)', () => {
    compiles(script);
    const sigmoidSpec: ModelSpec = { version: 1, inputSize: 3, layers: [{ kind: 'dense', units: 2, useBias: true }], output: { activation: 'sigmoid', loss: 'binary-crossentropy' } };
    const linearSpec: ModelSpec = { version: 1, inputSize: 3, layers: [{ kind: 'dense', units: 2, useBias: true }], output: { activation: 'linear', loss: 'mse' } };
    const variants = [
      documentWith({ spec: sigmoidSpec, normalization: { kind: 'minmax', min: [0, 0, 0], max: [1, 2, 3] }, training: { optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, batchSize: 'full' } }),
      documentWith({ spec: linearSpec, normalization: { kind: 'none' }, training: { optimizer: { kind: 'rmsprop', beta2: 0.9, epsilon: 1e-8 }, initializer: { kind: 'zeros' } } }),
      documentWith({ training: { optimizer: { kind: 'gd' }, featureNames: null, initializer: { kind: 'random', scale: 0.01 } } }),
      // A document from elsewhere, without training settings: the defaults, said in the header.
      documentWith({ training: { optimizer: undefined, learningRate: undefined, schedule: undefined, initializer: undefined, batchSize: undefined, epochs: undefined, l2: undefined } }),
    ];
    for (const doc of variants) compiles(kerasScript(doc, { name: '', version: '1.2.3', sidecar: 'm.model.json' }));
    expect(kerasScript(variants[3]!, { name: 'x', version: '1', sidecar: 'm.model.json' })).toContain('did not record optimizer (gradient descent)');
  });
});
