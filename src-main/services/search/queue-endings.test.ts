/**
 * How a queue trial ends besides completing, with a real redis-server and real `deepwire worker`
 * processes (`npx electron-vite build` first): stopped while it trains (the stop key; the worker
 * stops between steps and its result is the trial's, kept as a stopped run with its model), and
 * failed three times (its data gone from Redis): the trial fails with the worker's sentence.
 */
import { Queue, type Job } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunSettings, SearchPlanInput } from '@shared/api';
import { tempFolder } from '../history/test-files';
import { courseNet } from '../training/service-fixtures';
import { datasetKey, keyPrefix, queueName, type TrialJobData, type WireTrialResult } from '../../queue/protocol';
import { bullConnection, openRedis } from '../../queue/redis-connection';
import { startRedis, type TestRedis } from '../../queue/test-redis';
import { openCoordinator, spawnWorker, type Coordinator, type WorkerProcess } from './queue-fixtures';
import type { StartSearchInput } from './search-service';

const folder = tempFolder();
let redis: TestRedis | null = null;
let workers: WorkerProcess[] = [];
let coordinator: Coordinator | null = null;
let queue: Queue | null = null;
const slow = { timeout: 180_000 };

afterEach(async () => {
  await queue?.close();
  await Promise.all(workers.map((worker) => worker.kill()));
  await coordinator?.close();
  await redis?.stop();
  queue = null;
  workers = [];
  coordinator = null;
  redis = null;
}, 60_000);
afterAll(() => folder.remove());

function queueSearch(url: string, plan: SearchPlanInput): StartSearchInput {
  const settings = {
    data: { kind: 'moons', samples: 1000, noise: 0.1 },
    settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: plan.epochs ?? 10 },
    seeds: { data: 1, model: 2 },
    backend: 'ts',
  } as RunSettings;
  return { name: 'Queue search', design: courseNet(), settings, space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-1 } }, plan, runOn: { kind: 'queue', url } };
}

function openQueue(url: string, name: string): Queue {
  queue = new Queue(name, { connection: bullConnection(url), prefix: keyPrefix });
  queue.on('error', () => undefined);
  return queue;
}

describe('a queue trial', () => {
  it('stopped while it trains ends between steps with the worker’s result: a stopped trial, and a stopped run with its model', slow, async () => {
    redis = await startRedis();
    workers = [spawnWorker(redis.url, 'w1')];
    coordinator = openCoordinator(folder.file('stop.db'));
    const { search } = coordinator;
    // Long enough that it is still training when the stop comes (it is stopped after its first epoch).
    const { searchId } = await search.start(queueSearch(redis.url, { trials: 1, parallel: 1, epochs: 2000, seed: 1 }));
    await coordinator.until((progress) => progress.trials.some((trial) => trial.epochs >= 1) || progress.search.status !== 'running');

    const trial = await search.stopTrial({ searchId, index: 0 });
    expect(trial.status).toBe('stopped');
    expect(trial.worker).toBe('w1');
    expect(trial.epochs).toBeGreaterThanOrEqual(1);
    expect(trial.epochs).toBeLessThan(2000);
    expect((await search.waitFor(searchId)).status).toBe('completed');

    const job = (await openQueue(redis.url, queueName(coordinator.queue.coordinatorId, searchId)).getJob(`${searchId}#0`)) as Job;
    const result = job.returnvalue as WireTrialResult;
    expect(result.state).toBe('stopped');
    expect([result.epochs, result.steps]).toEqual([trial.epochs, trial.steps]);
    coordinator.store.flush();
    const run = coordinator.store.summary(trial.runId!)!;
    expect([run.state, run.epoch, run.step]).toEqual(['stopped', trial.epochs, trial.steps]);
    expect(coordinator.store.model(trial.runId!)).not.toBeNull();
  });

  it('that fails three times (its data gone from Redis) fails with the worker’s sentence', slow, async () => {
    redis = await startRedis();
    coordinator = openCoordinator(folder.file('failed.db'));
    const { search } = coordinator;
    const { searchId } = await search.start(queueSearch(redis.url, { trials: 1, parallel: 1, epochs: 2, seed: 1 }));
    const jobs = openQueue(redis.url, queueName(coordinator.queue.coordinatorId, searchId));
    let waiting = await jobs.getWaiting();
    while (waiting.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      waiting = await jobs.getWaiting();
    }
    // Someone flushed the data set before any worker fetched it.
    const client = openRedis(redis.url);
    await client.del(datasetKey((waiting[0]!.data as TrialJobData).datasetFingerprint));
    client.disconnect();
    workers = [spawnWorker(redis.url, 'w1')];

    expect((await search.waitFor(searchId)).status).toBe('completed');
    const [trial] = search.get({ searchId }).trials;
    expect(trial!.status).toBe('failed');
    expect(trial!.error).toMatch(/^The dataset [0-9a-f]+… is not in Redis \(deepwire:dataset:[0-9a-f]{64}\).* The trial was not trained\.$/);
    const job = (await jobs.getJob(`${searchId}#0`)) as Job;
    expect(job.attemptsMade).toBe(3);
    expect(job.failedReason).toBe(trial!.error);
  });
});
