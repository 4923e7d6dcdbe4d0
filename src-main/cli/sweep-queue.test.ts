/**
 * `deepwire sweep --queue URL` as a user runs it: the built CLI, a real redis-server and two real
 * `deepwire worker` processes. The same seed gives the same trials and the same results as the
 * sweep on this machine (the queue only moves where they train); --json names each trial's
 * worker; a URL that is not one exits 2 naming --queue, without repeating a password.
 * Needs `npx electron-vite build` first.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../queue/test-redis';
import { tempFolder } from '../services/history/test-files';
import type { Trial } from '@shared/api';
import { builtCli, spawnWorker, type WorkerProcess } from '../services/search/queue-fixtures';
import { leaderboardLines } from './leaderboard';

const root = resolve(import.meta.dirname, '../..');
const folder = tempFolder();
let redis: TestRedis | null = null;
let workers: WorkerProcess[] = [];

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  workers = [];
  await redis?.stop();
  redis = null;
}, 60_000);
afterAll(() => folder.remove());

/** Runs the CLI to its end (asynchronously: the workers it waits for are child processes of this one too). */
function deepwire(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [builtCli, ...args], { cwd: root, env: { ...process.env, DEEPWIRE_DATA: folder.file('data') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => done({ status, stdout, stderr }));
  });
}

interface SweepTrial {
  id: number;
  params: Record<string, number | string | boolean>;
  status: string;
  steps: number;
  epochs: number;
  dev: { loss: number | null; accuracy: number | null } | null;
  worker: string | null;
}

const sweep = ['sweep', '--dataset', 'moons', '--samples', '300', '--layers', '2,8,1', '--epochs', '6', '--param', 'lr=log:1e-3:1e-1', '--param', 'units=int:4:16', '--trials', '4', '--parallel', '2', '--seed', '11', '--json', '--no-record'];

function trialsOf(stdout: string): SweepTrial[] {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0]!) as { trials: SweepTrial[] }).trials.sort((a, b) => a.id - b.id);
}

describe('deepwire sweep --queue', () => {
  it('trains the same trials to the same results as on this machine, on two workers, and names each trial’s worker', { timeout: 180_000 }, async () => {
    redis = await startRedis();
    workers = [spawnWorker(redis.url, 'w1'), spawnWorker(redis.url, 'w2')];
    const local = await deepwire(sweep);
    expect(local.status, local.stderr).toBe(0);
    const queued = await deepwire([...sweep, '--queue', redis.url]);
    expect(queued.status, queued.stderr).toBe(0);

    const here = trialsOf(local.stdout);
    const there = trialsOf(queued.stdout);
    expect(there.map((trial) => trial.params)).toEqual(here.map((trial) => trial.params));
    expect(there.map((trial) => [trial.status, trial.epochs, trial.steps])).toEqual(here.map((trial) => [trial.status, trial.epochs, trial.steps]));
    for (const [index, trial] of there.entries()) {
      expect(trial.dev!.loss!).toBeCloseTo(here[index]!.dev!.loss!, 9);
      expect(trial.dev!.accuracy!).toBeCloseTo(here[index]!.dev!.accuracy!, 9);
    }
    expect(here.every((trial) => trial.worker === 'local')).toBe(true);
    expect(there.every((trial) => trial.worker === 'w1' || trial.worker === 'w2')).toBe(true);
  });

  it('refuses a --queue that is not a Redis URL with exit 2 naming --queue, never repeating a password', async () => {
    const wrongScheme = await deepwire([...sweep, '--queue', 'http://10.0.0.5:6379']);
    expect(wrongScheme.status).toBe(2);
    expect(wrongScheme.stderr).toContain('--queue: a queue URL starts with redis:// or rediss:// (TLS), not http://.');
    const wrongPort = await deepwire([...sweep, '--queue', 'redis://lab:hunter2@10.0.0.5:99999']);
    expect(wrongPort.status).toBe(2);
    expect(wrongPort.stderr).toContain('--queue');
    expect(wrongPort.stderr + wrongPort.stdout).not.toContain('hunter2');
  });
});

describe('the leaderboard of a sweep on a queue', () => {
  const trial = (index: number, worker: string): Trial => ({ index, runId: null, params: { learningRate: 0.01 }, status: 'running', epochs: 2, steps: 20, train: null, dev: { loss: 0.3, accuracy: 0.9 }, metric: 0.9, rung: 0, worker, error: null });

  it("names each trial's worker, and keeps this machine's board as it was", () => {
    const queued = leaderboardLines([trial(0, 'lab-2/4711'), trial(1, 'w1')]);
    expect(queued[0]).toMatch(/dev loss {2}worker {6}params$/);
    expect(queued[1]).toMatch(/0\.3000 {2}lab-2\/4711 {2}learningRate 0\.01$/);
    expect(queued[2]).toMatch(/0\.3000 {2}w1 {10}learningRate 0\.01$/);
    const local = leaderboardLines([trial(0, 'local')]);
    expect(local[0]).not.toContain('worker');
    expect(local[1]).toMatch(/0\.3000 {2}learningRate 0\.01$/);
  });
});
