/**
 * The exported PyTorch script against real PyTorch (Debian's python3-torch at /usr/bin/python3):
 * its predictions match Deepwire's own for every layer kind, output and normalization, and — from
 * the same weights, full batch — its loss curve under each optimizer follows Deepwire's TypeScript
 * engine step by step, which checks the engine's forward, backward and updates against torch's
 * autograd. Skips, saying why, where Python or torch is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { applyNormalizer, type Normalizer } from '@shared/data/normalize';
import type { InitializerConfig, OptimizerConfig, ScheduleConfig } from '@shared/engine/config';
import { createModelDocument, type ModelDocument } from '@shared/engine/model-document';
import { createRng } from '@shared/engine/rng';
import { learningRateAt } from '@shared/engine/schedules';
import type { ModelSpec } from '@shared/engine/spec';
import { createTsTrainer } from '@shared/engine/ts-trainer';
import { pytorchScript } from '@shared/export/pytorch';

const PYTHON = '/usr/bin/python3';

/** Why the torch checks cannot run here, or null when they can. */
function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch (install python3-torch): ${probe.stderr.trim().split('\n').at(-1) ?? ''}`;
  return null;
}

const missing = torchMissing();
if (missing) console.warn(`Skipping the PyTorch export checks: ${missing}.`);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Design {
  title: string;
  spec: ModelSpec;
  normalization: Normalizer;
  featureNames: string[] | null;
  optimizer?: z.input<typeof OptimizerConfig>;
  schedule?: ScheduleConfig;
  initializer?: InitializerConfig;
  l2?: number;
}

/** A trained-looking model: random weights, and batch norm with γ, β and running statistics far from their start. */
function documentOf(design: Design, seed: number): ModelDocument {
  const trainer = createTsTrainer(design.spec, { initializer: design.initializer ?? { kind: 'he' }, optimizer: design.optimizer ?? { kind: 'gd' }, l2: design.l2 ?? 0, rng: createRng(seed) });
  const weights = trainer.exportWeights();
  const rng = createRng(seed + 1);
  for (const [name, tensor] of Object.entries(weights.tensors)) {
    if (name.endsWith('.runningVar')) tensor.values = tensor.values.map(() => 0.2 + 2 * rng.next());
    else if (name.endsWith('.runningMean') || name.endsWith('.beta')) tensor.values = tensor.values.map(() => rng.normal());
    else if (name.endsWith('.gamma')) tensor.values = tensor.values.map(() => 0.5 + rng.next());
    else if (name.endsWith('.b')) tensor.values = tensor.values.map(() => 0.3 * rng.normal());
  }
  return createModelDocument({
    weights,
    normalization: design.normalization,
    metadata: {
      createdAt: '2025-01-01T00:00:00.000Z',
      seed,
      training: {
        initializer: design.initializer ?? { kind: 'he' },
        optimizer: design.optimizer ?? { kind: 'gd' },
        schedule: design.schedule ?? { kind: 'constant' },
        learningRate: 0.1,
        l2: design.l2 ?? 0,
        batchSize: 'full',
        epochs: 20,
        seed,
        dataset: 'test',
        classNames: null,
        featureNames: design.featureNames,
      },
    },
  });
}

/** Writes the script and its sidecar into a fresh folder; returns the script's path. */
function exportTo(doc: ModelDocument, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deepwire-torch-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'model.py'), pytorchScript(doc, { name, version: '0.0.0-test', sidecar: 'model.model.json' }));
  writeFileSync(join(dir, 'model.model.json'), JSON.stringify(doc));
  return join(dir, 'model.py');
}

function runScript(script: string, args: string[]): unknown {
  const result = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Raw feature rows: features of very different scales, so the normalization matters. */
function rawRows(rows: number, features: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: features }, (_, f) => (f + 1) * 3 * rng.normal() + 5 * f - 2));
}

function deepwirePredictions(doc: ModelDocument, raw: number[][]): number[][] {
  const trainer = createTsTrainer(doc.spec, { initializer: { kind: 'zeros' }, optimizer: { kind: 'gd' }, l2: 0, rng: createRng(0) });
  trainer.importWeights({ format: 'deepwire-weights', version: 1, spec: doc.spec, tensors: doc.weights });
  const n = doc.spec.inputSize;
  const x = applyNormalizer(doc.normalization as Normalizer, Float32Array.from(raw.flat()), n);
  const out = trainer.predict(x, raw.length);
  const units = out.length / raw.length;
  return raw.map((_, i) => Array.from(out.subarray(i * units, (i + 1) * units)));
}

function fitZscore(raw: number[][]): Normalizer {
  const n = raw[0]!.length;
  const mean = Array.from({ length: n }, (_, f) => raw.reduce((s, r) => s + r[f]!, 0) / raw.length);
  const std = mean.map((m, f) => Math.sqrt(raw.reduce((s, r) => s + (r[f]! - m) ** 2, 0) / raw.length));
  return { kind: 'zscore', mean, std };
}

function fitMinmax(raw: number[][]): Normalizer {
  const n = raw[0]!.length;
  return { kind: 'minmax', min: Array.from({ length: n }, (_, f) => Math.min(...raw.map((r) => r[f]!))), max: Array.from({ length: n }, (_, f) => Math.max(...raw.map((r) => r[f]!))) };
}

const sample = rawRows(64, 3, 7);
const sample4 = rawRows(64, 4, 8);

const designs: Design[] = [
  {
    title: 'dense with bias, ReLU, softmax over 3 classes, z-score, CSV columns by header name',
    spec: {
      version: 1,
      inputSize: 3,
      layers: [{ kind: 'dense', units: 8, useBias: true }, { kind: 'activation', fn: 'relu' }, { kind: 'dense', units: 3, useBias: true }],
      output: { activation: 'softmax', loss: 'categorical-crossentropy' },
    },
    normalization: fitZscore(sample),
    featureNames: ['petal length', 'width', 'z'],
  },
  {
    title: 'dense without bias, batch norm with running statistics, leaky ReLU, dropout, one sigmoid unit, min-max, generated data',
    spec: {
      version: 1,
      inputSize: 3,
      layers: [
        { kind: 'dense', units: 6, useBias: false },
        { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-3 },
        { kind: 'activation', fn: 'leaky-relu', alpha: 0.2 },
        { kind: 'dropout', keepProb: 0.7 },
        { kind: 'dense', units: 1, useBias: true },
      ],
      output: { activation: 'sigmoid', loss: 'binary-crossentropy' },
    },
    normalization: fitMinmax(sample),
    featureNames: null,
  },
  {
    title: 'tanh, sigmoid and linear activations, layers named like editor nodes, two linear outputs, no normalization',
    spec: {
      version: 1,
      inputSize: 4,
      layers: [
        { kind: 'dense', units: 5, useBias: true, name: 'n-1 hidden' },
        { kind: 'activation', fn: 'tanh', name: 'forward' },
        { kind: 'dense', units: 5, useBias: false, name: '2nd' },
        { kind: 'activation', fn: 'sigmoid', name: 'class' },
        { kind: 'dense', units: 4, useBias: true },
        { kind: 'activation', fn: 'linear' },
        { kind: 'batchnorm', momentum: 0.99, epsilon: 1e-5 },
        { kind: 'dense', units: 2, useBias: true },
      ],
      output: { activation: 'linear', loss: 'mse' },
    },
    normalization: { kind: 'none' },
    featureNames: ['a', 'b', 'c', 'd'],
  },
  {
    title: 'leaky ReLU with the default slope, three sigmoid units with mean squared error',
    spec: {
      version: 1,
      inputSize: 4,
      layers: [{ kind: 'dense', units: 7, useBias: true }, { kind: 'activation', fn: 'leaky-relu' }, { kind: 'dense', units: 3, useBias: true }],
      output: { activation: 'sigmoid', loss: 'mse' },
    },
    normalization: fitZscore(sample4),
    featureNames: null,
  },
];

function csvOf(design: Design, raw: number[][]): string {
  const n = design.spec.inputSize;
  // Named features: in another order than the model reads them, with a label column in between.
  if (design.featureNames) {
    const order = [...design.featureNames.keys()].reverse();
    const header = [...order.map((f) => design.featureNames![f]!), 'label'];
    return [header.join(','), ...raw.map((r, i) => [...order.map((f) => r[f]), `class${i % 3}`].join(','))].join('\n') + '\n';
  }
  // Generated data: feature columns first, the label column anywhere among them is skipped.
  const header = ['label', ...Array.from({ length: n }, (_, f) => `x${f + 1}`)];
  return [header.join(','), ...raw.map((r, i) => [i % 2, ...r].join(','))].join('\n') + '\n';
}

describe.skipIf(missing !== null)('the PyTorch export, run by PyTorch', () => {
  it.each(designs.map((design, index) => [design.title, design, index] as const))('predicts what Deepwire predicts: %s', (_title, design, index) => {
    const doc = documentOf(design, 100 + index);
    const script = exportTo(doc, `Design ${index}`);
    const raw = design.spec.inputSize === 3 ? sample : sample4;
    const csvPath = join(script, '..', 'rows.csv');
    writeFileSync(csvPath, csvOf(design, raw));
    const printed = runScript(script, ['--predict', csvPath]) as { predictions: number[][] };
    const expected = deepwirePredictions(doc, raw);
    expect(printed.predictions).toHaveLength(raw.length);
    let worst = 0;
    printed.predictions.forEach((row, i) => {
      expect(row).toHaveLength(expected[i]!.length);
      row.forEach((value, j) => (worst = Math.max(worst, Math.abs(value - expected[i]![j]!))));
    });
    expect(worst).toBeLessThan(1e-5);
  });

  it('says which column is missing', () => {
    const doc = documentOf(designs[0]!, 1);
    const script = exportTo(doc, 'missing');
    const csvPath = join(script, '..', 'rows.csv');
    writeFileSync(csvPath, 'width,z\n1,2\n');
    const result = spawnSync(PYTHON, [script, '--predict', csvPath], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no column petal length');
  });

  it('trains from fresh weights in mini-batches with a partial last batch, and the trained model predicts probabilities', () => {
    const doc = documentOf({ ...designs[1]!, optimizer: { kind: 'adam' }, initializer: { kind: 'xavier', form: 'fan-avg' }, schedule: { kind: 'step', decayRate: 0.5, interval: 2 }, l2: 0.1 }, 11);
    const script = exportTo(doc, 'fresh start');
    const program = [
      'import json, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(join(script, '..'))})`,
      'import model as exported',
      'torch.manual_seed(0)',
      'net = exported.initialize(exported.FreshStart())',
      `x = torch.tensor(${JSON.stringify(sample)})`,
      'y = (x[:, :1] > x[:, 1:2]).float()',
      'net.input_normalization.fit(x)',
      'losses = exported.train(net, x, y, epochs=4, batch_size=10)',
      'p = net.predict(x)',
      'print(json.dumps({"losses": losses, "low": p.min().item(), "high": p.max().item(), "shape": list(p.shape), "training": net.training}))',
    ].join('\n');
    const result = spawnSync(PYTHON, ['-c', program], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { losses: number[]; low: number; high: number; shape: number[]; training: boolean };
    // 64 rows in batches of 10: 7 steps an epoch, the last of 4 rows.
    expect(out.losses).toHaveLength(28);
    expect(out.losses.every(Number.isFinite)).toBe(true);
    expect(out.shape).toEqual([64, 1]);
    expect(out.low).toBeGreaterThanOrEqual(0);
    expect(out.high).toBeLessThanOrEqual(1);
    // predict() leaves the model in the mode it found it in.
    expect(out.training).toBe(true);
  });

  it('compiles (py_compile)', () => {
    for (const [index, design] of designs.entries()) {
      const script = exportTo(documentOf(design, index), `Design ${index}`);
      execFileSync(PYTHON, ['-m', 'py_compile', script]);
    }
    // A document without training settings (a file from elsewhere): the defaults, said in the header.
    const bare = { ...documentOf(designs[1]!, 9), metadata: { createdAt: '2025-01-01T00:00:00.000Z', seed: 9, training: {} } };
    const script = exportTo(bare, '');
    execFileSync(PYTHON, ['-m', 'py_compile', script]);
    expect(pytorchScript(bare, { name: '', version: '1', sidecar: 'm.model.json' })).toContain('did not record optimizer (gradient descent)');
    // Every optimizer and initializer writes valid Python.
    for (const optimizer of [{ kind: 'momentum' }, { kind: 'rmsprop' }, { kind: 'adam' }] as const) {
      for (const initializer of [{ kind: 'zeros' }, { kind: 'random', scale: 0.01 }, { kind: 'xavier', form: 'fan-in' }] as const) {
        execFileSync(PYTHON, ['-m', 'py_compile', exportTo(documentOf({ ...designs[0]!, optimizer, initializer }, 5), 'Variant')]);
      }
    }
  });
});

/** Designs trained in the loss-curve check: no dropout (torch's masks are not Deepwire's), every optimizer and output. */
const trainingDesigns: Design[] = [
  {
    title: 'gradient descent, softmax, ReLU, L2',
    spec: designs[0]!.spec,
    normalization: fitZscore(sample),
    featureNames: null,
    optimizer: { kind: 'gd' },
    l2: 0.5,
  },
  {
    title: 'momentum, batch norm, tanh, one sigmoid unit, L2, exponential decay',
    spec: {
      version: 1,
      inputSize: 3,
      layers: [
        { kind: 'dense', units: 6, useBias: false },
        { kind: 'batchnorm', momentum: 0.9, epsilon: 1e-3 },
        { kind: 'activation', fn: 'tanh' },
        { kind: 'dense', units: 1, useBias: true },
      ],
      output: { activation: 'sigmoid', loss: 'binary-crossentropy' },
    },
    normalization: fitMinmax(sample),
    featureNames: null,
    optimizer: { kind: 'momentum', beta: 0.9 },
    schedule: { kind: 'exponential', decayRate: 0.97 },
    l2: 0.2,
  },
  {
    title: 'Adam, leaky ReLU and sigmoid activations, two linear outputs with mean squared error',
    spec: {
      version: 1,
      inputSize: 4,
      layers: [
        { kind: 'dense', units: 8, useBias: true },
        { kind: 'activation', fn: 'leaky-relu', alpha: 0.1 },
        { kind: 'dense', units: 5, useBias: true },
        { kind: 'activation', fn: 'sigmoid' },
        { kind: 'dense', units: 2, useBias: true },
      ],
      output: { activation: 'linear', loss: 'mse' },
    },
    normalization: fitZscore(sample4),
    featureNames: null,
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    l2: 0.1,
  },
  {
    title: 'RMSprop, batch norm then ReLU, three sigmoid units with mean squared error, inverse-time decay',
    spec: {
      version: 1,
      inputSize: 4,
      layers: [
        { kind: 'dense', units: 7, useBias: false },
        { kind: 'batchnorm', momentum: 0.99, epsilon: 1e-5 },
        { kind: 'activation', fn: 'relu' },
        { kind: 'dense', units: 3, useBias: true },
      ],
      output: { activation: 'sigmoid', loss: 'mse' },
    },
    normalization: { kind: 'none' },
    featureNames: null,
    optimizer: { kind: 'rmsprop', beta2: 0.9, epsilon: 1e-6 },
    schedule: { kind: 'inverse-time', decayRate: 0.05 },
  },
];

/** Targets for the design's output: one-hot classes, 0/1 per sigmoid unit, or values. */
function targetsFor(spec: ModelSpec, raw: number[][], seed: number): number[][] {
  const rng = createRng(seed);
  const units = spec.layers.filter((l) => l.kind === 'dense').at(-1)!.units;
  return raw.map((r) => {
    if (spec.output.activation === 'softmax') {
      const k = Math.abs(Math.floor(r[0]! + r[1]!)) % units;
      return Array.from({ length: units }, (_, j) => (j === k ? 1 : 0));
    }
    if (spec.output.activation === 'sigmoid') return Array.from({ length: units }, (_, j) => (r[j % r.length]! + 0.5 * rng.normal() > 0 ? 1 : 0));
    return Array.from({ length: units }, (_, j) => r[0]! * (j + 1) - r[1]! + 0.1 * rng.normal());
  });
}

const STEPS = 50;

describe.skipIf(missing !== null)('the PyTorch export trains as Deepwire does (an independent check of the engine against autograd)', () => {
  it.each(trainingDesigns.map((design, index) => [design.title, design, index] as const))('follows Deepwire’s loss curve for 50 full-batch steps: %s', (_title, design, index) => {
    const doc = documentOf(design, 300 + index);
    const script = exportTo(doc, `Training ${index}`);
    const raw = design.spec.inputSize === 3 ? sample : sample4;
    const y = targetsFor(design.spec, raw, 400 + index);
    const learningRate = design.optimizer?.kind === 'adam' || design.optimizer?.kind === 'rmsprop' ? 0.01 : 0.3;
    const checkPath = join(script, '..', 'check.json');
    writeFileSync(checkPath, JSON.stringify({ x: raw, y, steps: STEPS, learningRate }));
    const { losses, predictions } = runScript(script, ['--train-check', checkPath]) as { losses: number[]; predictions: number[][] };

    const trainer = createTsTrainer(doc.spec, { initializer: { kind: 'zeros' }, optimizer: design.optimizer ?? { kind: 'gd' }, l2: design.l2 ?? 0, rng: createRng(0) });
    trainer.importWeights({ format: 'deepwire-weights', version: 1, spec: doc.spec, tensors: doc.weights });
    const x = applyNormalizer(doc.normalization as Normalizer, Float32Array.from(raw.flat()), doc.spec.inputSize);
    const targets = Float32Array.from(y.flat());
    const schedule = design.schedule ?? { kind: 'constant' };
    // Full batch: every step is an epoch, so the schedule moves each step.
    const deepwire = Array.from({ length: STEPS }, (_, step) => trainer.step(x, targets, raw.length, learningRateAt(schedule, learningRate, step)));

    expect(losses).toHaveLength(STEPS);
    const relative = losses.map((loss, step) => Math.abs(loss - deepwire[step]!) / Math.abs(deepwire[step]!));
    const worst = Math.max(...relative);
    if (worst >= 1e-4) console.error(`${design.title}: first steps torch ${losses.slice(0, 4).join(', ')} vs Deepwire ${deepwire.slice(0, 4).join(', ')}`);
    expect(worst).toBeLessThan(1e-4);
    // The curve moves: a check of 50 identical losses would prove nothing.
    expect(Math.abs(deepwire[STEPS - 1]! - deepwire[0]!)).toBeGreaterThan(1e-3 * Math.abs(deepwire[0]!));
    // Then both predict in inference mode: batch norm on the running statistics each kept over the 50 steps.
    const predicted = trainer.predict(x, raw.length);
    const flat = predictions.flat();
    expect(flat).toHaveLength(predicted.length);
    const worstPrediction = Math.max(...flat.map((p, i) => Math.abs(p - predicted[i]!) / Math.max(1, Math.abs(predicted[i]!))));
    expect(worstPrediction).toBeLessThan(1e-4);
  });
});
