/**
 * `deepwire worker` as a user runs it (the built out/main/cli.js, its trials in built worker
 * threads) against a real redis-server with a password: it trains a job a coordinator enqueued,
 * SIGTERM lets the current trial finish and exits 0 (its presence removed), a second signal exits
 * 130 at once and puts the trial back in the queue; bad options exit 2 naming the option, and the
 * password is never printed. Needs `npx electron-vite build` first (npm test builds before it tests).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrialResult, workerKey } from '../queue/protocol';
import { moonsSettings, TestCoordinator } from '../queue/queue-fixtures';
import { startRedis, type TestRedis } from '../queue/test-redis';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');
const password = 'hunter2-not-for-logs';

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` before this test.`);
});

interface RunningWorker {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves once stderr matches. */
  said(pattern: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let server: TestRedis;
let coordinator: TestCoordinator;
let url: string;

beforeEach(async () => {
  server = await startRedis({ args: ['--requirepass', password] });
  url = `redis://:${password}@127.0.0.1:${server.port}`;
  coordinator = new TestCoordinator(url);
  await coordinator.ready();
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await coordinator?.close();
  await server?.stop();
});

function startWorker(args: string[]): RunningWorker {
  const child = spawn(process.execPath, [cli, 'worker', ...args], { cwd: root });
  children.push(child);
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(stderr)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    said: (pattern) => (pattern.test(stderr) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve }))),
    exited,
  };
}

describe('deepwire worker', () => {
  it('trains a queued trial; SIGTERM while it trains lets it finish and report, removes its presence and exits 0', async () => {
    const job = await coordinator.add(await coordinator.trialJob('trial#1', moonsSettings(300, 400)));
    const worker = startWorker(['--queue', url, '--concurrency', '1', '--name', 'cli-worker']);
    await worker.said(/trial trial#1 \(.*\) started, try 1/);
    expect(await coordinator.redis.hget(workerKey('cli-worker'), 'busy')).toBe('1');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(result).toMatchObject({ worker: 'cli-worker', state: 'completed', epochs: 300, steps: 300 * 20 });
    expect(result.reports).toHaveLength(300);
    // The signal was taken while the trial trained: it ended after the worker said it was leaving.
    const said = worker.stderr();
    expect(said.indexOf('leaving: no new trials')).toBeGreaterThan(-1);
    expect(said.indexOf('trial trial#1 ended completed: 6000 steps, 300 epochs')).toBeGreaterThan(said.indexOf('leaving: no new trials'));
    expect(worker.stderr()).toMatch(/left after 1 trial/);
    expect(await coordinator.redis.exists(workerKey('cli-worker'))).toBe(0);
    expect(worker.stderr()).toContain(`redis://:***@127.0.0.1:${server.port}`);
    expect(worker.stderr()).not.toContain(password);
  }, 60_000);

  it('a second signal leaves at once with 130 and puts the trial back in the queue', async () => {
    const job = await coordinator.add(await coordinator.trialJob('trial#2', moonsSettings(100_000, 400)));
    const worker = startWorker(['--queue', url, '--concurrency', '1', '--name', 'cli-worker-2']);
    await worker.said(/trial trial#2 .* started/);
    worker.child.kill('SIGTERM');
    await worker.said(/leaving: no new trials/);
    worker.child.kill('SIGINT');
    expect(await worker.exited).toBe(130);
    const back = (await coordinator.queue.getJob(job.id!))!;
    expect(await back.getState()).toBe('waiting');
    expect(back.attemptsMade).toBe(0);
    expect(worker.stderr()).toMatch(/leaving at once: the current trials go back to the queue/);
    expect(worker.stderr()).not.toContain(password);
  }, 60_000);
  it('a worker killed mid-trial (SIGKILL) has its trial found stalled within seconds and trained again by another', async () => {
    const attempts: number[] = [];
    coordinator.events.on('progress', ({ data }) => attempts.push((data as { attempt: number }).attempt));
    const job = await coordinator.add(await coordinator.trialJob('trial#3', moonsSettings(300, 400)));
    const doomed = startWorker(['--queue', url, '--concurrency', '1', '--name', 'doomed']);
    await doomed.said(/trial trial#3 .* started, try 1/);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const rescuer = startWorker(['--queue', url, '--concurrency', '1', '--name', 'rescuer']);
    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(result).toMatchObject({ worker: 'rescuer', state: 'completed', epochs: 300 });
    expect(rescuer.stderr()).toMatch(/trial trial#3 .* started, try 2/);
    expect(attempts.at(-1)).toBe(2);
    rescuer.child.kill('SIGTERM');
    expect(await rescuer.exited).toBe(0);
  }, 60_000);
});

describe('deepwire worker options', () => {
  function run(args: string[]) {
    const result = spawnSync(process.execPath, [cli, 'worker', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stderr: result.stderr };
  }

  it('exits 2 naming --queue for a URL that is not a queue, without printing its password', () => {
    const bad = run(['--queue', `http://user:${password}@10.0.0.5:6379`]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--queue must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(bad.stderr).not.toContain(password);
    const port = run(['--queue', `redis://:${password}@10.0.0.5:99999`]);
    expect(port.status).toBe(2);
    expect(port.stderr).toContain(`got 'redis://:***@10.0.0.5:99999'`);
    expect(port.stderr).not.toContain(password);
  });

  it('exits 2 naming --concurrency for a count that is not one, and --queue when it is missing', () => {
    const concurrency = run(['--queue', 'redis://127.0.0.1:6379', '--concurrency', 'two']);
    expect(concurrency.status).toBe(2);
    expect(concurrency.stderr).toMatch(/--concurrency must be a whole number from 1 to 256, got 'two'/);
    const missing = run([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--queue is required/);
  });

  it('documents rediss://, a password and the warning in its help', () => {
    const help = spawnSync(process.execPath, [cli, 'worker', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/rediss:\/\/deepwire:s3cret@/);
    expect(help.stdout).toMatch(/Never expose Redis .* without TLS and a password/s);
  });
});
