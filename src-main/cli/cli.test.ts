/**
 * The built command (out/main/cli.js), run as a user would: exit codes, the option named in each
 * error, --json printing exactly one JSON object, a real training run and a gradient check.
 * Needs `npx electron-vite build` first (npm test builds before it tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Normalizer } from '@shared/data/normalize';
import { parseModelDocument } from '@shared/engine/model-document';
import { serializeDesign, templateById } from '@shared/graph';
import { storedStepCount } from '../services/history/step-chunks';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
const launcher = join(root, 'bin/deepwire.js');
let scratch = '';

beforeAll(() => {
  // A failure, not a skip: a missing build must not pass silently.
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` before this test.`);
  scratch = mkdtempSync(join(tmpdir(), 'deepwire-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The data folder (and so the default database) is the test's own, never the user's. */
const environment = () => ({ ...process.env, DEEPWIRE_DATA: join(scratch, 'data') });

function deepwire(args: string[], script = cli, extraEnv: Record<string, string> = {}) {
  // A run's --json history can pass spawnSync's 1 MiB default: on the native kernels a second of training is thousands of epochs.
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...environment(), ...extraEnv } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The whole of stdout must be one JSON object (one line, nothing before or after). */
function onlyJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const value = JSON.parse(lines[0]!) as unknown;
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Record<string, unknown>;
}

const moons = ['--dataset', 'moons', '--layers', '2,4,1'];

describe('deepwire train: bad or missing arguments exit with 2 and name the option', () => {
  it.each([
    [[...moons, '--lr', 'abc'], /--lr must be a positive number, got 'abc'/],
    [[...moons, '--lr'], /--lr/],
    [['--layers', '2,4,1'], /--dataset is required/],
    [['--dataset', 'moons'], /--layers .*--graph/],
    [[...moons, '--epochs', '1.5'], /--epochs must be a whole number/],
    [[...moons, '--batch', '0'], /--batch must be a whole number ≥ 1 or 'full', got '0'/],
    [[...moons, '--optimizer', 'sgd'], /--optimizer must be one of gd, momentum, rmsprop, adam, got 'sgd'/],
    [[...moons, '--optimizer', 'momentum', '--beta1', '0.9'], /--beta1 applies to --optimizer adam/],
    [[...moons, '--beta', '1'], /--beta must be a number from 0 up to \(not including\) 1, got '1'/],
    [[...moons, '--split', '0.8,0.3,0.1'], /--split must be three fractions .* add up to 1, got '0.8,0.3,0.1'/],
    [[...moons, '--decay-interval', '3'], /--decay-interval needs --decay scheduled or step/],
    [[...moons, '--activation', 'swish'], /--activation must be one of relu, leaky-relu, tanh, sigmoid, got 'swish'/],
    [[...moons, '--keep-prob', '0'], /--keep-prob must be a probability in \(0, 1\], got '0'/],
    [[...moons, '--frobnicate'], /unknown option '--frobnicate'/],
    [['--dataset', 'marbles', '--layers', '2,1'], /--dataset must be one of .*'marbles' is neither/],
    [['--dataset', 'missing.csv', '--layers', '2,1'], /--dataset: there is no file 'missing.csv'/],
    [['--dataset', 'moons', '--layers', '3,4,1'], /--layers starts with 3 inputs but the moons data has 2 features; start it with 2/],
    [['--dataset', 'iris', '--layers', '4,4,1'], /--layers ends with 1 output unit but the iris data has 3 classes; end it with 3/],
    [['--dataset', 'moons', '--layers', '2,4,1', '--label', 'y'], /--label names a column of a CSV file/],
    [[...moons, '--save-model', '/no/such/folder/model.json'], /--save-model: the folder '\/no\/such\/folder' does not exist/],
    [[...moons, '--batch-norm', '--backend', 'wasm'], /--backend wasm cannot run this network/],
  ])('%j', (args, message) => {
    const run = deepwire(['train', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('with --json an error is still exactly one JSON object on stdout', () => {
    const run = deepwire(['train', ...moons, '--lr', '-1', '--json']);
    expect(run.status).toBe(2);
    expect(onlyJson(run.stdout)).toEqual({ error: { message: "--lr must be a positive number, got '-1'", exitCode: 2 } });
  });

  it('a CSV with a bad cell names its row and column', () => {
    const file = join(scratch, 'bad.csv');
    writeFileSync(file, 'width,height,kind\n1,2,a\n3,tall,b\n');
    const run = deepwire(['train', '--dataset', file, '--layers', '2,1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/row 3, column "height": "tall" is not a number/);
  });
});

describe('deepwire train --json', () => {
  it('learns the moons (test accuracy ≥ 0.9) and prints exactly one JSON object', () => {
    const run = deepwire(['train', '--dataset', 'moons', '--layers', '2,16,16,1', '--activation', 'tanh', '--epochs', '30', '--seed', '7', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as {
      status: string;
      epochs: number;
      train: { loss: number; accuracy: number };
      dev: { accuracy: number };
      test: { accuracy: number };
      diagnosis: { verdict: string };
      durationMs: number;
      dataset: { rows: { train: number; dev: number; test: number } };
    };
    expect(report.status).toBe('completed');
    expect(report.epochs).toBe(30);
    expect(report.test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.dev.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.train.loss).toBeGreaterThan(0);
    expect(report.dataset.rows).toEqual({ train: 800, dev: 100, test: 100 });
    expect(['fine', 'high-bias', 'high-variance', 'high-bias-and-variance']).toContain(report.diagnosis.verdict);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('has a "history" with one record per epoch, each number finite or null, the last matching the result', () => {
    const run = deepwire(['train', '--dataset', 'moons', '--layers', '2,8,1', '--epochs', '4', '--seed', '5', '--json']);
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as { train: { accuracy: number }; dev: { loss: number; accuracy: number }; history: Record<string, unknown>[] };
    expect(report.history.map((entry) => entry.epoch)).toEqual([1, 2, 3, 4]);
    for (const entry of report.history) {
      expect(Object.keys(entry).sort()).toEqual(['devAccuracy', 'devLoss', 'epoch', 'learningRate', 'loss', 'trainAccuracy']);
      for (const value of Object.values(entry)) expect(value === null || (typeof value === 'number' && Number.isFinite(value))).toBe(true);
    }
    // The last epoch's full-set metrics are the final weights' metrics (no early stopping here).
    expect(report.history[3]).toMatchObject({ trainAccuracy: report.train.accuracy, devLoss: report.dev.loss, devAccuracy: report.dev.accuracy });
  });

  it('is reproducible: the same seed gives the same numbers', () => {
    const args = ['train', '--dataset', 'circles', '--layers', '2,8,1', '--epochs', '3', '--seed', '3', '--json'];
    // Each run is recorded under a new id.
    const strip = (stdout: string) => ({ ...onlyJson(stdout), durationMs: 0, runId: null });
    expect(strip(deepwire(args).stdout)).toEqual(strip(deepwire(args).stdout));
  });

  it('a diverging run exits with 1, status diverged, a hint, and nulls instead of NaN', () => {
    const run = deepwire(['train', '--dataset', 'moons', '--layers', '2,16,1', '--output', 'linear', '--optimizer', 'gd', '--lr', '50', '--epochs', '5', '--json']);
    expect(run.status).toBe(1);
    const report = onlyJson(run.stdout) as { status: string; hint: string; train: { loss: number | null }; diagnosis: unknown };
    expect(report.status).toBe('diverged');
    expect(report.hint).toMatch(/Lower the learning rate/);
    expect(report.train.loss).toBeNull();
    expect(report.diagnosis).toBeNull();
  });

  it('--backend ts and wasm train to the same numbers (same initial weights, same math)', () => {
    const args = ['train', '--dataset', 'blobs', '--layers', '2,8,3', '--epochs', '3', '--json'];
    const ts = onlyJson(deepwire([...args, '--backend', 'ts']).stdout) as { backend: string; train: { loss: number; accuracy: number } };
    const wasm = onlyJson(deepwire([...args, '--backend', 'wasm']).stdout) as { backend: string; train: { loss: number; accuracy: number } };
    expect([ts.backend, wasm.backend]).toEqual(['ts', 'wasm']);
    expect(wasm.train.accuracy).toBe(ts.train.accuracy);
    // float32 sums in a different order: equal to about 5 significant digits
    expect(wasm.train.loss).toBeCloseTo(ts.train.loss, 4);
  });

  it('--backend native trains to the numbers of ts and wasm where the native kernels built; auto says once why it falls back', () => {
    const args = ['train', '--dataset', 'blobs', '--layers', '2,8,3', '--epochs', '3'];
    const wasm = onlyJson(deepwire([...args, '--json', '--backend', 'wasm']).stdout) as { train: { loss: number; accuracy: number } };
    const native = deepwire([...args, '--json', '--backend', 'native']);
    if (native.status === 0) {
      const report = onlyJson(native.stdout) as { backend: string; train: { loss: number; accuracy: number } };
      expect(report.backend).toBe('native');
      expect(report.train.accuracy).toBe(wasm.train.accuracy);
      expect(report.train.loss).toBeCloseTo(wasm.train.loss, 4);
    } else {
      // Not built here: refused with the reason and what to choose instead.
      expect(native.stderr).toMatch(/--backend native cannot run this network: the native kernels .*; choose wasm, ts or auto/);
    }
    const off = deepwire(args, cli, { DEEPWIRE_NATIVE: 'off' });
    expect(off.status).toBe(0);
    expect(off.stderr).toContain('deepwire train: training on WebAssembly SIMD (native: the native kernels are turned off (DEEPWIRE_NATIVE=off))');
    expect(off.stdout).toMatch(/Training \(WebAssembly SIMD\)/);
  });

  it('--split 1,0,0 trains on everything and reports no dev or test set', () => {
    const report = onlyJson(deepwire(['train', ...moons, '--epochs', '1', '--split', '1,0,0', '--json']).stdout);
    expect(report.dev).toBeNull();
    expect(report.test).toBeNull();
  });

  it('--save-model writes a model file with the training-set normalization', () => {
    const file = join(scratch, 'model.json');
    const run = deepwire(['train', '--dataset', 'iris', '--layers', '4,6,3', '--epochs', '5', '--save-model', file, '--json']);
    expect(run.status).toBe(0);
    expect(onlyJson(run.stdout).savedModel).toBe(file);
    const parsed = parseModelDocument(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.document.spec.inputSize).toBe(4);
    // The saved normalization is a valid Normalizer: z-score statistics for the 4 features.
    const normalizer = Normalizer.parse(parsed.document.normalization);
    expect(normalizer.kind === 'zscore' && normalizer.mean.length).toBe(4);
    expect(parsed.document.metadata.training.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('trains on a CSV with a separate --test file mapped to the training classes', () => {
    const header = 'x1,x2,label\n';
    const rows = (n: number, offset: number) => Array.from({ length: n }, (_, i) => `${i % 2 === 0 ? 1 + (i + offset) / 100 : -1 - (i + offset) / 100},${(i % 5) / 10},${i % 2 === 0 ? 'pos' : 'neg'}`).join('\n');
    writeFileSync(join(scratch, 'train.csv'), `${header}${rows(60, 0)}\n`);
    writeFileSync(join(scratch, 'test.csv'), `${header}${rows(10, 7)}\n`);
    const run = deepwire(['train', '--dataset', join(scratch, 'train.csv'), '--test', join(scratch, 'test.csv'), '--layers', '2,1', '--epochs', '40', '--lr', '0.1', '--json']);
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as { test: { accuracy: number }; dataset: { rows: { train: number; dev: number; test: number } } };
    // --test given: the default split becomes 0.9 / 0.1 / 0 of the 60 rows
    expect(report.dataset.rows).toEqual({ train: 54, dev: 6, test: 10 });
    expect(report.test.accuracy).toBe(1);
  });
});

describe('deepwire train: limits, classes and messages', () => {
  it('refuses a --layers network over the parameter limit before allocating it, naming parameters and MB', () => {
    const run = deepwire(['train', '--dataset', 'moons', '--layers', '2,4096,4096,4096,4096,1', '--epochs', '1']);
    expect(run.status).toBe(2);
    // (2·4096 + 4096) + 3·(4096² + 4096) + (4096 + 1) = 50,360,321 parameters × 16 bytes ≈ 768.4 MB
    expect(run.stderr).toMatch(/--layers has 50,360,321 parameters \(about 768\.4 MB for weights, gradients and Adam's state\), over the limit of 50,000,000/);
  });

  it('a decimal comma gets a hint', () => {
    const run = deepwire(['train', ...moons, '--lr', '1,5']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--lr must be a positive number, got '1,5' \(use a decimal point: 1\.5\)/);
  });

  it('refuses a label column with only one class, naming the column and the class', () => {
    const file = join(scratch, 'one-class.csv');
    writeFileSync(file, `width,height,label\n${Array.from({ length: 16 }, (_, i) => `${i},${i % 3},1`).join('\n')}\n`);
    const run = deepwire(['train', '--dataset', file, '--layers', '2,4,1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--dataset: the label column "label" has only one class \("1"\)/);
  });

  it('refuses 100,000 distinct labels with one message, whatever --layers ends with', () => {
    const file = join(scratch, 'ids.csv');
    writeFileSync(file, `a,b,id\n${Array.from({ length: 100_000 }, (_, i) => `${i % 7},${i % 5},id${i}`).join('\n')}\n`);
    for (const layers of ['2,16,1', '2,16,100000']) {
      const run = deepwire(['train', '--dataset', file, '--layers', layers]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/--dataset: the label column "id" has 100,000 distinct values, more classes than a network can output \(at most 4,096 output units/);
      expect(run.stderr).not.toMatch(/end it with|at most 4096 units/);
    }
  });

  it('warns on stderr about a class that only dev or test holds, and still trains', () => {
    const file = join(scratch, 'rare.csv');
    // 60 rows of a and b, one row of c: for some seeds the split puts c in dev or test only.
    writeFileSync(file, `x1,x2,kind\n${Array.from({ length: 60 }, (_, i) => `${i % 2 ? 1 : -1},${(i % 5) / 10},${i % 2 ? 'a' : 'b'}`).join('\n')}\n0,0,c\n`);
    const runs = ['1', '2', '3', '4', '5', '6'].map((seed) => deepwire(['train', '--dataset', file, '--layers', '2,3', '--epochs', '1', '--split', '0.5,0.25,0.25', '--seed', seed, '--json']));
    const warned = runs.filter((run) => run.stderr !== '');
    expect(warned.length).toBeGreaterThan(0);
    for (const run of warned) {
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/^deepwire train: warning: class "c" appears in the (dev|test) set \(1 row\) but not in the training set/);
      expect((onlyJson(run.stdout) as { warnings: string[] }).warnings).toHaveLength(1);
    }
  });

  it('names a design parameter that is null and what it expects', () => {
    const template = templateById('three-layer')!;
    const doc = structuredClone(template.doc);
    const dense = doc.nodes.find((node) => node.kind === 'dense')!;
    (dense.params as Record<string, unknown>).units = null;
    const file = join(scratch, 'null-units.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = deepwire(['train', '--dataset', 'moons', '--graph', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/params\.units: a parameter must be a number, text or true\/false, not null/);
  });
});

describe('deepwire train: a diverging run keeps its last finite metrics', () => {
  const diverging = ['train', '--dataset', 'moons', '--layers', '2,64,64,1', '--output', 'linear', '--lr', '0.76', '--optimizer', 'gd', '--batch', 'full', '--epochs', '500'];

  it('prints them with their epoch in text', () => {
    const run = deepwire(diverging);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/DIVERGED after 4\/500 epochs/);
    // Epoch 4's own measurement already overflowed; epoch 3 is the last with finite losses.
    expect(run.stdout).toMatch(/Before it diverged, at epoch 3:\n {2}train {3}\d\.\d{3}e\+\d+ .*\n {2}dev {5}\d\.\d{3}e\+\d+/);
  });

  it('reports them as lastFinite in JSON', () => {
    const report = onlyJson(deepwire([...diverging, '--json']).stdout) as { status: string; train: { loss: number | null }; lastFinite: { epoch: number; train: { loss: number }; dev: { loss: number } } };
    expect(report.status).toBe('diverged');
    expect(report.train.loss).toBeNull();
    expect(report.lastFinite.epoch).toBe(3);
    expect(report.lastFinite.train.loss).toBeGreaterThan(0);
    expect(report.lastFinite.dev.loss).toBeGreaterThan(0);
  });
});

describe('deepwire train --graph', () => {
  function designFile(templateId: string): string {
    const template = templateById(templateId);
    if (!template) throw new Error(`no template ${templateId}`);
    const file = join(scratch, `${templateId}.json`);
    writeFileSync(file, serializeDesign(template.doc));
    return file;
  }

  it("trains the course's 2 → 10 → 5 → 1 design from a canvas file", () => {
    const run = deepwire(['train', '--dataset', 'moons', '--graph', designFile('three-layer'), '--epochs', '5', '--json']);
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as { status: string; model: { parameters: number } };
    expect(report.status).toBe('completed');
    // (2·10 + 10) + (10·5 + 5) + (5·1 + 1) = 91
    expect(report.model.parameters).toBe(91);
  });

  it('names --graph when the design does not fit the data, and refuses --layers-only options with it', () => {
    const file = designFile('three-layer');
    const iris = deepwire(['train', '--dataset', 'iris', '--graph', file]);
    expect(iris.status).toBe(2);
    expect(iris.stderr).toMatch(/--graph .* does not fit the iris data/);
    const mixed = deepwire(['train', '--dataset', 'moons', '--graph', file, '--activation', 'tanh']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--activation shapes a --layers network/);
  });

  it('takes a design saved with a UTF-8 byte order mark, and refuses one over the design limit the app uses, in plain units', () => {
    const withBom = join(scratch, 'bom.json');
    writeFileSync(withBom, `\uFEFF${serializeDesign(templateById('three-layer')!.doc)}`);
    const bom = deepwire(['train', '--dataset', 'moons', '--graph', withBom, '--epochs', '1', '--json']);
    expect(bom.status).toBe(0);
    // 5,000,001 bytes: one byte over the limit that import, autosave and the design store share.
    const huge = join(scratch, 'huge.json');
    writeFileSync(huge, `{"pad":"${'x'.repeat(5_000_001 - 10)}"}`);
    const refused = deepwire(['train', '--dataset', 'moons', '--graph', huge]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('a design file can be at most 5 MB');
  });
});

describe('deepwire gradcheck', () => {
  it('--json: verdict good on a small tanh network, with per-layer differences', () => {
    const run = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,5,3,1', '--activation', 'tanh', '--json']);
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as { relativeDifference: number; verdict: string; layers: { name: string; relativeDifference: number }[]; worst: { tensor: string } };
    expect(report.verdict).toBe('good');
    expect(report.relativeDifference).toBeLessThan(1e-7);
    expect(report.layers.map((layer) => layer.name)).toEqual(['dense1', 'dense2', 'dense3']);
    expect(report.worst.tensor).toMatch(/^dense\d\.(W|b)$/);
  });

  it('checks a seeded sample of each large tensor, says so, and ends in seconds (2,256,256,1)', () => {
    const run = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,256,256,1', '--activation', 'tanh', '--json']);
    expect(run.status).toBe(0);
    const report = onlyJson(run.stdout) as { verdict: string; sampling: { maxPerTensor: number; sampled: { tensor: string; checked: number; size: number }[] }; tensors: { name: string; checked: number; size: number }[] };
    expect(report.verdict).not.toBe('wrong');
    // dense1.W is 2×256 = 512 entries, dense2.W 256×256 = 65,536, dense1.b and dense2.b 256 each; the rest are ≤ 200.
    expect(report.sampling).toEqual({
      maxPerTensor: 200,
      sampled: [
        { tensor: 'dense1.W', checked: 200, size: 512 },
        { tensor: 'dense1.b', checked: 200, size: 256 },
        { tensor: 'dense2.W', checked: 200, size: 65_536 },
        { tensor: 'dense2.b', checked: 200, size: 256 },
        { tensor: 'dense3.W', checked: 200, size: 256 },
      ],
    });
    const text = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,256,256,1', '--activation', 'tanh', '--sample', '50']);
    expect(text.stdout).toMatch(/random sample \(seeded by --seed\) of 50 entries in each tensor larger than that: dense1\.W 50 of 512, .*dense2\.W 50 of 65,536/);
  });

  it('refuses networks above its size limit (2,4096,4096,1), naming the numbers', () => {
    const run = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,4096,4096,1']);
    expect(run.status).toBe(2);
    // (2·4096 + 4096) + (4096² + 4096) + (4096 + 1) = 16,797,697
    expect(run.stderr).toMatch(/--layers has 16,797,697 parameters .* over the limit of 200,000 for a gradient check of 200 entries per tensor on 8 rows/);
    // 256 rows cost 32 times 8 rows: the limit is 200,000 / 32 = 6,250 parameters.
    const rows = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,100,100,1', '--rows', '256']);
    expect(rows.status).toBe(2);
    expect(rows.stderr).toMatch(/--layers has 10,501 parameters .* over the limit of 6,250 for a gradient check of 200 entries per tensor on 256 rows/);
  });

  it('refuses bad options the same way as train', () => {
    const run = deepwire(['gradcheck', '--dataset', 'moons', '--layers', '2,1', '--rows', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rows must be a whole number from 1 to 256, got '0'/);
  });
});

describe('recording into the experiment database: train, gradcheck, history and show', () => {
  const moonsRun = (db: string, epochs: string, seed: string) => ['train', '--dataset', 'moons', '--layers', '2,6,1', '--epochs', epochs, '--seed', seed, '--db', db, '--json'];

  it('records two trained runs; history lists both newest first with their recorded epochs, show returns settings, interventions and the same metrics train printed', () => {
    const db = join(scratch, 'two-runs.db');
    const first = onlyJson(deepwire(moonsRun(db, '3', '4')).stdout) as { runId: string; steps: number; backend: string; history: Record<string, number>[]; train: unknown; dev: unknown };
    const second = onlyJson(deepwire(moonsRun(db, '2', '5')).stdout) as typeof first;
    expect([first.runId, second.runId]).toEqual(['run-1', 'run-2']);

    const history = deepwire(['history', '--db', db, '--json']);
    expect(history.status).toBe(0);
    const listed = onlyJson(history.stdout) as { runs: Record<string, unknown>[] };
    expect(Object.keys(listed)).toEqual(['runs']);
    expect(listed.runs.map((run) => [run.id, run.status, run.epochs, run.dataset])).toEqual([
      ['run-2', 'completed', 2, 'moons'],
      ['run-1', 'completed', 3, 'moons'],
    ]);
    for (const run of listed.runs) expect(Object.keys(run)).toEqual(['id', 'status', 'epochs', 'dataset', 'createdAt', 'train', 'dev']);
    expect(listed.runs[1]).toMatchObject({ train: first.train, dev: first.dev });
    expect(onlyJson(deepwire(['history', '--db', db, '--limit', '1', '--json']).stdout)).toEqual({ runs: [listed.runs[0]] });
    expect(onlyJson(deepwire(['history', '--db', db, '--status', 'stopped', '--json']).stdout)).toEqual({ runs: [] });

    const show = deepwire(['show', 'run-1', '--db', db, '--json']);
    expect(show.status).toBe(0);
    const run = onlyJson(show.stdout) as { id: string; status: string; backend: string | null; settings: { seeds: unknown; settings: { epochs: number } }; interventions: unknown[]; metrics: Record<string, number>[] };
    expect(run).toMatchObject({ id: 'run-1', status: 'completed', interventions: [], settings: { seeds: { data: 4, model: 4 }, settings: { epochs: 3 } } });
    // The engine train said it took the steps on is the one recorded.
    expect(run.backend).toBe(first.backend);
    expect(['native', 'wasm', 'ts']).toContain(run.backend);
    // The database's per-epoch rows are the ones train printed as its history.
    expect(run.metrics.map((m) => ({ epoch: m.epoch, loss: m.loss, learningRate: m.learningRate, trainAccuracy: m.trainAccuracy, devLoss: m.devLoss, devAccuracy: m.devAccuracy }))).toEqual(first.history);
    // Every optimizer step is there too (the app's full-resolution loss curve).
    const file = new Database(db, { readonly: true });
    expect(storedStepCount(file, 'run-1')).toBe(first.steps);
    file.close();

    const text = deepwire(['show', 'run-2', '--db', db]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/run-2 {2}layers 2,6,1 on moons\n {2}status completed, 2 of 2 epochs recorded/);
    expect(text.stdout).toMatch(/took [\d.]+ s on (the native kernels|WebAssembly SIMD|TypeScript)/);
  });

  it('a run id that is not there exits 2 and says where the ids are; so does a bad option', () => {
    const db = join(scratch, 'missing.db');
    deepwire(moonsRun(db, '1', '1'));
    const missing = deepwire(['show', 'run-7', '--db', db]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`there is no run run-7 in ${db}; 'deepwire history' lists the runs there are`);
    const badStatus = deepwire(['history', '--db', db, '--status', 'done']);
    expect(badStatus.status).toBe(2);
    expect(badStatus.stderr).toMatch(/--status must be one of queued, running, .*interrupted, got 'done'/);
    expect(deepwire(['history', '--db', db, '--limit', '0']).stderr).toMatch(/--limit must be a whole number from 1 to 10000, got '0'/);
  });

  it('--no-record writes no database; without --db the run goes to deepwire.db in the data folder', () => {
    const db = join(scratch, 'not-written.db');
    const run = onlyJson(deepwire(['train', ...moons, '--epochs', '1', '--no-record', '--db', db, '--json']).stdout);
    expect(run.runId).toBeNull();
    expect(existsSync(db)).toBe(false);
    const check = onlyJson(deepwire(['gradcheck', ...moons, '--no-record', '--db', db, '--json']).stdout);
    expect(check.gradcheckId).toBeNull();
    expect(existsSync(db)).toBe(false);

    const recorded = onlyJson(deepwire(['train', ...moons, '--epochs', '1', '--json']).stdout) as { runId: string };
    const listed = onlyJson(deepwire(['history', '--db', join(scratch, 'data', 'deepwire.db'), '--json']).stdout) as { runs: { id: string }[] };
    expect(listed.runs.map((entry) => entry.id)).toContain(recorded.runId);
  });

  it('gradcheck keeps its result in the gradchecks table (no run: a check is not a training run)', () => {
    const db = join(scratch, 'gradcheck.db');
    const report = onlyJson(deepwire(['gradcheck', ...moons, '--db', db, '--json']).stdout) as { gradcheckId: number; runId: null; verdict: string; relativeDifference: number };
    expect(report).toMatchObject({ gradcheckId: 1, runId: null });
    const file = new Database(db, { readonly: true });
    const row = file.prepare('SELECT run_id, verdict, relative_difference, design FROM gradchecks WHERE id = 1').get() as { run_id: null; verdict: string; relative_difference: number; design: string };
    file.close();
    expect(row).toEqual({ run_id: null, verdict: report.verdict, relative_difference: report.relativeDifference, design: JSON.stringify({ kind: 'layers', layers: [2, 4, 1] }) });
  });

  it('history --export writes the selected runs; --import adds them to another database; a broken file exits 2 and changes nothing', () => {
    const source = join(scratch, 'export-source.db');
    const target = join(scratch, 'export-target.db');
    const file = join(scratch, 'runs.json');
    deepwire(moonsRun(source, '2', '1'));
    deepwire(moonsRun(source, '1', '2'));
    const exported = deepwire(['history', '--db', source, '--limit', '1', '--export', file, '--json']);
    expect(exported.status).toBe(0);
    expect(onlyJson(exported.stdout)).toEqual({ exported: ['run-2'], file });
    deepwire(moonsRun(target, '3', '3'));
    const imported = deepwire(['history', '--db', target, '--import', file, '--json']);
    expect(imported.status).toBe(0);
    expect(onlyJson(imported.stdout)).toEqual({ imported: [{ from: 'run-2', to: 'run-2' }], skipped: [] });
    const original = onlyJson(deepwire(['show', 'run-2', '--db', source, '--json']).stdout);
    expect(onlyJson(deepwire(['show', 'run-2', '--db', target, '--json']).stdout)).toEqual(original);

    const before = deepwire(['history', '--db', target, '--json']).stdout;
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('"status":"completed"', '"status":"hacked"'));
    const refused = deepwire(['history', '--db', target, '--import', broken]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--import .*broken\.json: it does not read as a runs file: runs\.0\.status.*Nothing was imported\./);
    expect(deepwire(['history', '--db', target, '--json']).stdout).toBe(before);
    expect(deepwire(['history', '--db', target, '--import', file, '--status', 'completed']).stderr).toContain('--status selects runs to list or export');
  });

  it('Ctrl+C ends the recorded run as stopped with every epoch it reported', async () => {
    const db = join(scratch, 'interrupted.db');
    const child = spawn(process.execPath, [cli, 'train', '--dataset', 'moons', '--layers', '2,32,32,1', '--epochs', '100000', '--db', db, '--json'], { cwd: root, env: environment() });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // 'close', not 'exit': the report may still be in the pipe when the process has exited.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupt once the first flush has put the run on disk (it flushes every second).
    const onDisk = () => {
      if (!existsSync(db)) return false;
      const file = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (file.prepare("SELECT count(*) FROM report_chunks WHERE kind = 'epoch'").pluck().get() as number) > 0;
      } catch {
        return false;
      } finally {
        file.close();
      }
    };
    while (!onDisk()) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const report = onlyJson(stdout) as { runId: string; status: string; epochs: number };
    expect(report.status).toBe('stopped');
    const shown = onlyJson(deepwire(['show', report.runId, '--db', db, '--json']).stdout) as { status: string; metrics: { epoch: number }[] };
    expect(shown.status).toBe('stopped');
    expect(shown.metrics.map((m) => m.epoch)).toEqual(Array.from({ length: report.epochs }, (_, i) => i + 1));
  });
});

describe('help and the launcher', () => {
  it('--help for each command lists its options and exits 0', () => {
    const train = deepwire(['train', '--help']);
    expect(train.status).toBe(0);
    for (const option of ['--dataset', '--layers', '--graph', '--optimizer', '--decay', '--keep-prob', '--batch-norm', '--save-model', '--json']) expect(train.stdout).toContain(option);
    const gradcheck = deepwire(['gradcheck', '--help']);
    expect(gradcheck.status).toBe(0);
    expect(gradcheck.stdout).toContain('--rows');
  });

  it('bin/deepwire.js runs the built command', () => {
    const run = deepwire(['train', ...moons, '--epochs', '1', '--json'], launcher);
    expect(run.status).toBe(0);
    expect(onlyJson(run.stdout).status).toBe('completed');
  });
});
