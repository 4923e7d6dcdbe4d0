/**
 * `deepwire predict` and `deepwire export` run as a user would (the built out/main/cli.js; run
 * `npx electron-vite build` first): a run trained on a CSV and recorded in a --db, then predicted
 * by run id and by its --save-model file, each giving the JSON the model gives in this process;
 * export's refusals (a missing folder, a diverged run, an unknown run, a wrong --format) leave no
 * file. The files themselves are the exporters' (their own tests check them against the runtimes):
 * here only that some are written, under --out's name, and nothing else beside them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelDocument } from '@shared/engine/model-document';
import { modelInputs, predictRaw, readPredictionRows } from '@shared/training/predict';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
let scratch = '';
let db = '';
let modelFile = '';
let runId = '';
let divergedId = '';

function deepwire(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DEEPWIRE_DATA: join(scratch, 'data') } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function onlyJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Three classes of points in four named columns (the label in the middle). */
function trainingCsv(): string {
  const lines = ['alpha,beta,kind,gamma,delta'];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    const v = (k: number) => (c * 2 + Math.sin(i * (k + 1)) * 0.7 + k * 10).toFixed(3);
    lines.push(`${v(0)},${v(1)},${['red', 'green', 'blue'][c]},${v(2)},${v(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` before this test.`);
  scratch = mkdtempSync(join(tmpdir(), 'deepwire-predict-'));
  db = join(scratch, 'runs.db');
  modelFile = join(scratch, 'points.json');
  const data = join(scratch, 'points.csv');
  writeFileSync(data, trainingCsv());
  const trained = deepwire(['train', '--dataset', data, '--label', 'kind', '--layers', '4,6,3', '--epochs', '5', '--db', db, '--save-model', modelFile, '--json']);
  expect(trained.status, trained.stderr).toBe(0);
  runId = (onlyJson(trained.stdout) as { runId: string }).runId;
  const diverged = deepwire(['train', '--dataset', 'moons', '--layers', '2,16,1', '--output', 'linear', '--optimizer', 'gd', '--lr', '50', '--epochs', '5', '--db', db, '--json']);
  divergedId = (onlyJson(diverged.stdout) as { runId: string; status: string }).runId;
  expect((onlyJson(diverged.stdout) as { status: string }).status).toBe('diverged');
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('deepwire predict', () => {
  // The columns in another order, an extra column and no label: matched by header name.
  const newRows = 'delta,note,gamma,alpha,beta\n30.5,x,20.1,0.2,10.4\n34.1,y,24.0,4.3,14.2\n32,z,22,2,12\n';

  it('gives, by run id and by --model, the predictions the saved model gives in this process', () => {
    const file = join(scratch, 'new.csv');
    writeFileSync(file, newRows);
    const byRun = deepwire(['predict', runId, '--db', db, '--data', file, '--json']);
    const byModel = deepwire(['predict', '--model', modelFile, '--data', file, '--json']);
    expect(byRun.status, byRun.stderr).toBe(0);
    expect(byModel.status, byModel.stderr).toBe(0);

    const parsed = parseModelDocument(readFileSync(modelFile, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const rows = readPredictionRows(newRows, modelInputs(parsed.document));
    if (!rows.ok) throw new Error(rows.message);
    expect(rows.columns).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    const expected = { predictions: predictRaw(parsed.document, rows.x, rows.rows) };
    expect(onlyJson(byModel.stdout)).toEqual(expected);
    expect(onlyJson(byRun.stdout)).toEqual(expected);
    const predictions = expected.predictions;
    expect(predictions).toHaveLength(3);
    for (const p of predictions) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('prints a table with each row’s class by name', () => {
    const file = join(scratch, 'table.csv');
    writeFileSync(file, newRows);
    const result = deepwire(['predict', runId, '--db', db, '--data', file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/row\s+class\s+p0\s+p1\s+p2/);
    expect(result.stdout).toMatch(/^2\s+\d \((red|green|blue)\)\s+0\.\d{4}/m);
  });

  it('names a missing feature column, and a cell that is not a number', () => {
    const missing = join(scratch, 'missing.csv');
    writeFileSync(missing, 'alpha,beta,gamma\n1,2,3\n');
    const noColumn = deepwire(['predict', '--model', modelFile, '--data', missing]);
    expect(noColumn.status).toBe(2);
    expect(noColumn.stderr).toMatch(/the CSV has no column "delta"/);
    const bad = join(scratch, 'bad.csv');
    writeFileSync(bad, 'alpha,beta,gamma,delta\n1,2,3,4\n1,two,3,4\n');
    const notNumber = deepwire(['predict', '--model', modelFile, '--data', bad, '--json']);
    expect(notNumber.status).toBe(2);
    expect(notNumber.stderr).toMatch(/row 3, column "beta": "two" is not a number/);
    expect(onlyJson(notNumber.stdout)).toMatchObject({ error: { exitCode: 2 } });
  });

  it('refuses an unknown run, a diverged run, both a run and --model, and a missing --data', () => {
    const data = join(scratch, 'new.csv');
    expect(deepwire(['predict', 'run-999', '--db', db, '--data', data]).stderr).toMatch(/There is no run run-999 in the history/);
    const diverged = deepwire(['predict', divergedId, '--db', db, '--data', data]);
    expect(diverged.status).toBe(2);
    expect(diverged.stderr).toMatch(/diverged: its weights are not finite numbers/);
    expect(deepwire(['predict', runId, '--model', modelFile, '--data', data]).stderr).toMatch(/either a RUN_ID or --model FILE, not both/);
    expect(deepwire(['predict', runId, '--db', db]).stderr).toMatch(/--data FILE\.csv is required/);
  });
});

describe('deepwire export', () => {
  it('refuses a wrong --format and a missing --out, naming the option', () => {
    const wrong = deepwire(['export', runId, '--db', db, '--format', 'tflite', '--out', join(scratch, 'm.onnx')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--format must be one of onnx, pytorch, keras, got 'tflite'/);
    expect(deepwire(['export', runId, '--db', db, '--format', 'onnx']).stderr).toMatch(/--out PATH is required/);
    expect(deepwire(['export', runId, '--db', db, '--format', 'onnx', '--out', join(scratch, 'm.py')]).stderr).toMatch(/the ONNX export is a \.onnx file/);
  });

  it('into a folder that does not exist: a message, exit 2, and no file anywhere', () => {
    const target = join(scratch, 'no-such-folder', 'model.py');
    const result = deepwire(['export', runId, '--db', db, '--format', 'pytorch', '--out', target, '--json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the folder '.*no-such-folder' does not exist; nothing was written/);
    expect(onlyJson(result.stdout)).toMatchObject({ error: { exitCode: 2 } });
    expect(existsSync(join(scratch, 'no-such-folder'))).toBe(false);
  });

  it('a diverged run or an unknown run: the reason, exit 2, no file', () => {
    const folder = join(scratch, 'refused');
    mkdirSync(folder);
    const diverged = deepwire(['export', divergedId, '--db', db, '--format', 'onnx', '--out', join(folder, 'm.onnx')]);
    expect(diverged.status).toBe(2);
    expect(diverged.stderr).toMatch(new RegExp(`${divergedId} diverged: its weights are not finite numbers, so there is no model to export`));
    const unknown = deepwire(['export', 'run-999', '--db', db, '--format', 'keras', '--out', join(folder, 'm.py')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/There is no run run-999/);
    const damaged = join(scratch, 'damaged.json');
    writeFileSync(damaged, '{"format": "deepwire-model", "version": 1}');
    expect(deepwire(['export', '--model', damaged, '--format', 'onnx', '--out', join(folder, 'm.onnx')]).stderr).toMatch(/damaged or incomplete/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('where a file’s place is a folder: refused before anything is written', () => {
    const folder = join(scratch, 'blocked');
    mkdirSync(join(folder, 'net.model.json'), { recursive: true });
    const result = deepwire(['export', runId, '--db', db, '--format', 'pytorch', '--out', join(folder, 'net.py')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/is a folder/);
    expect(readdirSync(folder)).toEqual(['net.model.json']);
  });

  // Whatever each exporter writes (they are tested against ONNX Runtime and torch on their own), the
  // command writes it under --out's name, names every path it wrote, and leaves no temporary file.
  it.each([
    ['onnx', 'net.onnx'],
    ['pytorch', 'net.py'],
    ['keras', 'net.py'],
  ])('--format %s writes its files beside --out and lists them', (format, name) => {
    const folder = join(scratch, `out-${format}`);
    mkdirSync(folder);
    const out = join(folder, name);
    const result = deepwire(['export', runId, '--db', db, '--format', format, '--out', out, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const printed = onlyJson(result.stdout) as { files: string[]; format: string };
    expect(printed.format).toBe(format);
    expect(printed.files[0]).toBe(out);
    expect(readdirSync(folder).sort()).toEqual(printed.files.map((path) => path.slice(folder.length + 1)).sort());
    if (format !== 'onnx') expect(printed.files).toEqual([out, join(folder, 'net.model.json')]);
    const byModel = deepwire(['export', '--model', modelFile, '--format', format, '--out', out]);
    expect(byModel.status, byModel.stderr).toBe(0);
    expect(byModel.stdout).toContain(out);
  });
});

const python = '/usr/bin/python3';
const torchMissing = !existsSync(python) ? `${python} is not installed` : spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0 ? `PyTorch is not installed for ${python} (apt-get install python3-torch)` : null;
if (torchMissing) console.log(`The exported script's --predict check against deepwire predict is skipped: ${torchMissing}.`);

describe.skipIf(torchMissing !== null)('the exported PyTorch script and deepwire predict', () => {
  it('print the same predictions for the same CSV (columns found by name in both)', () => {
    const folder = join(scratch, 'script');
    mkdirSync(folder);
    const script = join(folder, 'points.py');
    const exported = deepwire(['export', runId, '--db', db, '--format', 'pytorch', '--out', script]);
    expect(exported.status, exported.stderr).toBe(0);
    const rows = join(folder, 'rows.csv');
    writeFileSync(rows, 'gamma,kind,delta,beta,alpha\n20.1,red,30.5,10.4,0.2\n24.0,blue,34.1,14.2,4.3\n22,green,32,12,2\n21.7,red,31.1,11.5,1.1\n');
    const fromPython = spawnSync(python, [script, '--predict', rows], { encoding: 'utf8', timeout: 120_000 });
    expect(fromPython.status, fromPython.stderr).toBe(0);
    const fromDeepwire = deepwire(['predict', runId, '--db', db, '--data', rows, '--json']);
    expect(fromDeepwire.status, fromDeepwire.stderr).toBe(0);
    const ours = (onlyJson(fromDeepwire.stdout) as { predictions: number[][] }).predictions;
    const theirs = (onlyJson(fromPython.stdout) as { predictions: number[][] }).predictions;
    expect(theirs.map((row) => row.length)).toEqual(ours.map((row) => row.length));
    theirs.flat().forEach((p, i) => expect(Math.abs(p - ours.flat()[i]!)).toBeLessThan(1e-5));
  });
});
