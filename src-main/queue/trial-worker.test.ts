import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceWorkerEntry } from '../services/training/worker-entry';
import { canonicalJson } from './dataset-transport';
import { datasetKey, queuesChangedChannel, queueSchemaVersion, ReceivedProgress, stopKey, TrialResult, workerKey, workerTtlSeconds } from './protocol';
import { moonsSettings, TestCoordinator } from './queue-fixtures';
import { startRedis, type TestRedis } from './test-redis';
import { QueueWorkerProcess } from './trial-worker';
import { loadNativeAddon } from '../native/addon';

let server: TestRedis;
let coordinator: TestCoordinator;
let worker: QueueWorkerProcess | null = null;
const lines: string[] = [];

beforeEach(async () => {
  server = await startRedis();
  coordinator = new TestCoordinator(server.url);
  await coordinator.ready();
});

afterEach(async () => {
  await worker?.forceShutdown().catch(() => undefined);
  worker = null;
  lines.length = 0;
  await coordinator?.close();
  await server?.stop();
});

function startWorker(concurrency = 1): QueueWorkerProcess {
  worker = new QueueWorkerProcess({ url: server.url, concurrency, name: 'test-host/1', worker: sourceWorkerEntry(), log: (line) => lines.push(line), pollMs: 100, presenceEveryMs: 500, progressIntervalMs: 100 });
  worker.start();
  return worker;
}

describe('deepwire worker (in process)', () => {
  it('looks at the active queues at once when a coordinator announces a new one, not only at its next poll', async () => {
    // A poll a minute apart: only the announcement can bring the worker to the second queue within this test.
    worker = new QueueWorkerProcess({ url: server.url, concurrency: 1, name: 'test-host/1', worker: sourceWorkerEntry(), log: (line) => lines.push(line), pollMs: 60_000 });
    worker.start();
    while (!worker.stats.queues.includes(coordinator.name)) await new Promise((resolve) => setTimeout(resolve, 20));
    const later = new TestCoordinator(server.url, 'test-search-2');
    try {
      await later.ready();
      const job = await later.add(await later.trialJob('later#1', moonsSettings(1)));
      await later.redis.publish(queuesChangedChannel, later.name);
      const result = TrialResult.parse(await job.waitUntilFinished(later.events));
      expect(result.state).toBe('completed');
      expect(worker.stats.queues).toContain('test-search-2');
    } finally {
      await later.close();
    }
  });

  it('trains a trial job: a TrialResult with every epoch and the model, its epochs as progress, its presence while it runs', async () => {
    const progress: ReceivedProgress[] = [];
    coordinator.events.on('progress', ({ data }) => progress.push(ReceivedProgress.parse(data)));
    const job = await coordinator.add(await coordinator.trialJob('trial#1', moonsSettings(3)));
    startWorker();

    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(result).toMatchObject({ schemaVersion: queueSchemaVersion, worker: 'test-host/1', state: 'completed', steps: 30, epochs: 3, hitStepLimit: false, error: null });
    expect(result.reports.map((report) => [report.kind, report.epoch, report.step])).toEqual([
      ['epoch', 1, 10],
      ['epoch', 2, 20],
      ['epoch', 3, 30],
    ]);
    expect(result.dev?.loss).toBeGreaterThan(0);
    expect(result.test).not.toBeNull();
    expect(result.model).not.toBeNull();
    // Every epoch went out as progress before the result, the same reports, from this worker, on its first try.
    expect(progress.flatMap((batch) => batch.reports)).toEqual(result.reports.map(({ epoch, step, train, dev }) => ({ epoch, step, train, dev })));
    expect(progress.every((batch) => batch.worker === 'test-host/1' && batch.attempt === 1)).toBe(true);

    const presence = await coordinator.redis.hgetall(workerKey('test-host/1'));
    expect(presence).toMatchObject({ name: 'test-host/1', pid: String(process.pid), concurrency: '1', trialsDone: '1', busy: '0' });
    // The engine that trains here: the native kernels where they built, else WebAssembly.
    expect(presence.backend).toBe(loadNativeAddon().ok ? 'native' : 'wasm');
    expect(Number.isNaN(Date.parse(presence.lastSeen!))).toBe(false);
    const ttl = await coordinator.redis.ttl(workerKey('test-host/1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(workerTtlSeconds);

    await worker!.shutdown();
    expect(await coordinator.redis.exists(workerKey('test-host/1'))).toBe(0);
    expect(lines.some((line) => line.startsWith('trial trial#1 ended completed: 30 steps, 3 epochs'))).toBe(true);
  });

  it('stops a trial at its step limit', async () => {
    const job = await coordinator.add(await coordinator.trialJob('trial#2', moonsSettings(3), 15));
    startWorker();
    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(result).toMatchObject({ state: 'stopped', steps: 15, hitStepLimit: true });
    expect(result.reports.map((report) => report.epoch)).toEqual([1]);
  });

  it('fails a job of another schema version at once, naming both versions, without retrying it', async () => {
    const data = { ...(await coordinator.trialJob('trial#3', moonsSettings(3))), schemaVersion: 999 };
    const job = await coordinator.add(data, 3);
    startWorker();
    await expect(job.waitUntilFinished(coordinator.events)).rejects.toThrow(`This job was made by a Deepwire with queue schema v999; this worker speaks v${queueSchemaVersion}: update one of them.`);
    const failed = (await coordinator.queue.getJob('trial#3'))!;
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsStarted).toBe(1);
    expect(lines).toContain(`trial trial#3 refused: This job was made by a Deepwire with queue schema v999; this worker speaks v${queueSchemaVersion}: update one of them.`);
  });

  it('refuses a trial whose stored dataset does not match its fingerprint, without retrying it', async () => {
    const data = await coordinator.trialJob('trial#4', moonsSettings(3));
    await coordinator.redis.set(datasetKey(data.datasetFingerprint), canonicalJson({ kind: 'recipe', source: { kind: 'moons', samples: 999, noise: 0.1 } }));
    const job = await coordinator.add(data, 3);
    startWorker();
    await expect(job.waitUntilFinished(coordinator.events)).rejects.toThrow(/does not match it .*never trains on data other than the search's/);
    const failed = (await coordinator.queue.getJob('trial#4'))!;
    expect(failed.attemptsStarted).toBe(1);
  });

  it('stops a trial between steps when the coordinator sets its stop key: the result says stopped, with fewer steps', async () => {
    // Far more than it could train before the stop: only the stop can end it.
    const settings = moonsSettings(100_000);
    const job = await coordinator.add(await coordinator.trialJob('trial#5', settings));
    let stopped = false;
    coordinator.events.on('progress', ({ jobId }) => {
      if (stopped || jobId !== 'trial#5') return;
      stopped = true;
      void coordinator.redis.set(stopKey('trial#5'), 'pruned');
    });
    startWorker();
    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(stopped).toBe(true);
    expect(result.state).toBe('stopped');
    expect(result.hitStepLimit).toBe(false);
    expect(result.steps).toBeLessThan(100_000 * 10);
    expect(result.reports.length).toBe(result.epochs);
    expect(result.model).not.toBeNull();
  });

  it('trains at most its concurrency at once over all active queues', async () => {
    const other = new TestCoordinator(server.url, 'test-search-2');
    await other.ready();
    try {
      const jobs = [
        await coordinator.add(await coordinator.trialJob('a#1', moonsSettings(4))),
        await coordinator.add(await coordinator.trialJob('a#2', moonsSettings(4))),
        await other.add(await other.trialJob('b#1', moonsSettings(4))),
        await other.add(await other.trialJob('b#2', moonsSettings(4))),
      ];
      const running = startWorker(2);
      let most = 0;
      const sample = setInterval(() => (most = Math.max(most, running.stats.busy)), 5);
      const results = await Promise.all([jobs[0]!.waitUntilFinished(coordinator.events), jobs[1]!.waitUntilFinished(coordinator.events), jobs[2]!.waitUntilFinished(other.events), jobs[3]!.waitUntilFinished(other.events)]);
      clearInterval(sample);
      expect(results.map((result) => TrialResult.parse(result).state)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(most).toBeLessThanOrEqual(2);
      expect(running.stats.trialsDone).toBe(4);
    } finally {
      await other.close();
    }
  });

  it('says once that Redis is unreachable and once that it is back, then trains what was queued meanwhile', async () => {
    startWorker();
    await until(() => lines.length > 0 || worker!.stats.queues.length > 0);
    await server.kill();
    await until(() => lines.some((line) => line.includes('is unreachable')));
    await server.start();
    // Redis came back empty (no persistence): the coordinator marks its queue active again and submits.
    await coordinator.ready();
    const job = await coordinator.add(await coordinator.trialJob('trial#6', moonsSettings(2)));
    const result = TrialResult.parse(await job.waitUntilFinished(coordinator.events));
    expect(result.state).toBe('completed');
    const redisLines = lines.filter((line) => line.startsWith('Redis at'));
    expect(redisLines).toEqual([`Redis at 127.0.0.1:${server.port} is unreachable (ECONNREFUSED); waiting for it`, `Redis at 127.0.0.1:${server.port} is back; going on`]);
  });
});

/** Waits until `test` holds, checking every 20 ms (a condition, not a time limit: vitest's timeout bounds it). */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 20));
}
