/**
 * `deepwire sweep` and `deepwire arena` run as a user would (the built out/main/cli.js, training in
 * its built worker threads, a scratch database): --json shapes, trials best first, the same seed
 * drawing the same trials, a coarse-to-fine child inside its parent's box around its best trials,
 * Ctrl+C ending a sweep 'stopped' with exit 130, and argument errors that exit 2 naming the option.
 * Needs `npx electron-vite build` first (npm test builds before it tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
let scratch = '';

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` before this test.`);
  scratch = mkdtempSync(join(tmpdir(), 'deepwire-search-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const environment = () => ({ ...process.env, DEEPWIRE_DATA: join(scratch, 'data') });

function deepwire(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: environment() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function onlyJson<T = Record<string, unknown>>(stdout: string): T {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as T;
}

interface SweepTrial {
  id: number;
  runId: string | null;
  params: Record<string, number | string | boolean>;
  status: string;
  dev: { loss: number | null; accuracy: number | null } | null;
  train: { loss: number | null; accuracy: number | null } | null;
  metric: number | null;
}
interface SweepJson {
  sweepId: string;
  status: string;
  metric: string;
  parentId: string | null;
  space: Record<string, { kind: string; min?: number; max?: number }>;
  trials: SweepTrial[];
  best: SweepTrial | null;
}

const moons = ['--dataset', 'moons', '--samples', '300', '--layers', '2,8,1', '--epochs', '5'];
const space = ['--param', 'lr=log:1e-3:1e-1', '--param', 'units=int:4:16'];

describe('deepwire sweep', () => {
  let first: SweepJson;
  const db = () => join(scratch, 'sweeps.db');

  it('--json prints one object with every trial, best first by dev accuracy', () => {
    const run = deepwire(['sweep', ...moons, ...space, '--trials', '6', '--parallel', '2', '--seed', '4', '--db', db(), '--json']);
    expect(run.status, run.stderr).toBe(0);
    first = onlyJson<SweepJson>(run.stdout);
    expect(first.sweepId).toMatch(/^search-\d+$/);
    expect(first.status).toBe('completed');
    expect(first.metric).toBe('dev-accuracy');
    expect(first.trials).toHaveLength(6);
    for (const trial of first.trials) {
      expect(Object.keys(trial)).toEqual(expect.arrayContaining(['id', 'params', 'status', 'dev', 'train']));
      expect(trial.status).toBe('completed');
      expect(trial.runId).toMatch(/^run-/);
      expect(Object.keys(trial.params).sort()).toEqual(['hiddenUnits', 'learningRate']);
      expect(trial.params.learningRate).toBeGreaterThanOrEqual(1e-3);
      expect(trial.params.learningRate).toBeLessThanOrEqual(1e-1);
      expect(trial.metric).toBe(trial.dev!.accuracy);
    }
    const accuracies = first.trials.map((trial) => trial.dev!.accuracy!);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    expect(first.best).toEqual(first.trials[0]);
  }, 120_000);

  it('the same seed draws the same trials; another seed others', () => {
    const again = onlyJson<SweepJson>(deepwire(['sweep', ...moons, ...space, '--trials', '6', '--seed', '4', '--no-record', '--json']).stdout);
    const other = onlyJson<SweepJson>(deepwire(['sweep', ...moons, ...space, '--trials', '6', '--seed', '5', '--no-record', '--json']).stdout);
    const byIndex = (json: SweepJson) => [...json.trials].sort((a, b) => a.id - b.id).map((trial) => trial.params);
    expect(byIndex(again)).toEqual(byIndex(first));
    expect(byIndex(other)).not.toEqual(byIndex(first));
    // Same trials, same seeds of data and weights: the same results.
    expect(again.trials.map((trial) => [trial.id, trial.dev])).toEqual(first.trials.map((trial) => [trial.id, trial.dev]));
  }, 120_000);

  it('--parent --top narrows around the parent’s best trials, inside its space, and records the lineage', () => {
    const run = deepwire(['sweep', '--parent', first.sweepId, '--top', '2', '--trials', '4', '--db', db(), '--json']);
    expect(run.status, run.stderr).toBe(0);
    const child = onlyJson<SweepJson>(run.stdout);
    expect(child.parentId).toBe(first.sweepId);
    expect(child.sweepId).not.toBe(first.sweepId);
    const top = first.trials.slice(0, 2);
    for (const name of ['learningRate', 'hiddenUnits'] as const) {
      const parent = first.space[name]!;
      const narrowed = child.space[name]!;
      expect(narrowed.min!).toBeGreaterThanOrEqual(parent.min!);
      expect(narrowed.max!).toBeLessThanOrEqual(parent.max!);
      for (const trial of top) {
        expect(trial.params[name] as number).toBeGreaterThanOrEqual(narrowed.min! - 1e-12);
        expect(trial.params[name] as number).toBeLessThanOrEqual(narrowed.max! + 1e-12);
      }
    }
    // Narrower on the learning rate's own (log) axis.
    const span = (scale: { min?: number; max?: number }) => Math.log10(scale.max!) - Math.log10(scale.min!);
    expect(span(child.space.learningRate!)).toBeLessThan(span(first.space.learningRate!));
    for (const trial of child.trials) {
      expect(trial.params.learningRate as number).toBeGreaterThanOrEqual(child.space.learningRate!.min!);
      expect(trial.params.learningRate as number).toBeLessThanOrEqual(child.space.learningRate!.max!);
    }
  }, 120_000);

  it('prints a leaderboard as text without --json', () => {
    const run = deepwire(['sweep', ...moons, '--param', 'lr=log:1e-3:1e-1', '--trials', '2', '--no-record']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^search-\d+ completed: 2 of 2 trials done/);
    expect(run.stdout).toMatch(/ rank {2}trial {2}status/);
    expect(run.stdout).toMatch(/Best: trial \d \(learningRate [\d.e-]+\), dev accuracy [\d.]+/);
  }, 120_000);

  it('Ctrl+C stops the trials: the search ends stopped, what it found is printed, exit 130', async () => {
    const child = spawn(process.execPath, [cli, 'sweep', '--dataset', 'moons', '--samples', '2000', '--layers', '2,32,32,1', '--epochs', '2000', ...space, '--trials', '4', '--no-record'], { cwd: root, env: environment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Off a terminal it says so once its trials are under way: then Ctrl+C.
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/search-\d+: 4 trial\(s\), 2 at once/.test(stderr)) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/^search-\d+ stopped: /);
    const statuses = stdout.split('\n').filter((line) => /^ +\d+ +\d+ +\w/.test(line)).map((line) => line.trim().split(/ +/)[2]);
    expect(statuses).toHaveLength(4);
    expect(statuses.filter((status) => status === 'running' || status === 'pending')).toEqual([]);
    expect(statuses).toContain('stopped');
  }, 60_000);
});

describe('deepwire arena', () => {
  it('--json prints both sides with their curves and the winner', () => {
    const run = deepwire(['arena', '--dataset', 'moons', '--samples', '300', '--layers', '2,8,1', '--budget-steps', '120', '--parallel', '2', '--trials', '3', '--no-record', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const arena = onlyJson<Record<string, unknown> & { panda: Record<string, unknown>; caviar: Record<string, unknown> }>(run.stdout);
    for (const side of [arena.panda, arena.caviar]) {
      expect(Object.keys(side)).toEqual(expect.arrayContaining(['bestDev', 'steps', 'curve']));
      expect(side.steps, JSON.stringify(side.log)).toBe(120);
      expect((side.curve as { steps: number }[]).at(-1)!.steps).toBe(120);
      expect(typeof side.bestDev).toBe('number');
    }
    expect(['panda', 'caviar', 'tie']).toContain(arena.winner);
    expect(arena.verdict).toEqual(expect.stringContaining('of 120 steps'));
    expect(arena.status).toBe('completed');
  }, 120_000);
});

describe('bad or missing arguments exit with 2 and name the option', () => {
  const spaceFile = () => {
    const file = join(scratch, 'bad-space.json');
    writeFileSync(file, JSON.stringify({ space: { learningRate: { kind: 'log', min: 0, max: 1 } } }));
    return file;
  };
  it.each([
    [['sweep', ...moons], /give what the search varies with --param/],
    [['sweep', ...moons, '--param', 'lr=log:abc:1'], /--param lr=log:abc:1: /],
    [['sweep', ...moons, '--param', 'speed=log:1:2'], /--param speed=log:1:2: /],
    [['sweep', ...moons, ...space, '--param', 'lr=log:1e-2:1e-1'], /learningRate is already given/],
    [['sweep', ...moons, ...space, '--trials', '0'], /--trials must be a whole number from 1 to 1000, got '0'/],
    [['sweep', ...moons, ...space, '--strategy', 'bayes'], /--strategy must be one of random, grid, got 'bayes'/],
    [['sweep', ...moons, ...space, '--top', '3'], /--top picks the best trials of a --parent search/],
    [['sweep', '--parent', 'search-404', '--db', join('/tmp', 'deepwire-s5-none.db')], /--parent search-404: /],
    [['sweep', '--parent', 'search-1', '--layers', '2,4,1'], /--parent narrows its parent's space .* drop --layers/],
    [['sweep', ...moons, ...space, '--save-model', 'm.json'], /--save-model saves one run's model/],
    [['sweep', '--space', 'no-such-space.json'], /--space: there is no file 'no-such-space.json'/],
    [['sweep', ...moons, '--space', '@bad'], /--space: there is no file/],
    [['sweep', ...moons, ...space, '--layers', '3,8,1'], /3 inputs but the moons data has 2 features/],
    [['arena', '--dataset', 'moons', '--layers', '2,8,1'], /--budget-steps is required/],
    [['arena', '--dataset', 'moons', '--layers', '2,8,1', '--budget-steps', 'many'], /--budget-steps must be a whole number/],
    [['arena', '--dataset', 'moons', '--layers', '2,8,1', '--budget-steps', '100', '--factor', '2'], /--factor must be a number between 0 and 1/],
    [['arena', '--layers', '2,8,1', '--budget-steps', '100'], /--dataset is required/],
    [['arena', '--dataset', 'moons', '--layers', '2,8,1', '--budget-steps', '100', '--epochs', '5'], /--epochs: the arena's budget sets the epochs/],
  ])('%j', (args, message) => {
    const run = deepwire(args);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(2);
  });

  it('a space file that does not hold a valid space names the field', () => {
    const run = deepwire(['sweep', ...moons, '--space', spaceFile()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--space .*bad-space\.json: space\.learningRate\.min/);
  });

  it('with --json an error is still exactly one JSON object', () => {
    const run = deepwire(['sweep', ...moons, ...space, '--trials', 'x', '--json']);
    expect(run.status).toBe(2);
    expect(onlyJson(run.stdout)).toEqual({ error: { message: "--trials must be a whole number from 1 to 1000, got 'x'", exitCode: 2 } });
  });
});
