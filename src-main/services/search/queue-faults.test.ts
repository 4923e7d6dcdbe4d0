/**
 * Faults of a search on a queue, with a real redis-server and real `deepwire worker` processes
 * (the built CLI: `npx electron-vite build` first):
 * - a worker killed (SIGKILL) mid-trial: its trial stalls, is tried again on the other worker, and
 *   every trial starts, reports each epoch and ends exactly once, with one run in history;
 * - a coordinator that closes mid-search and opens again on the same database: the results that
 *   arrived meanwhile are kept, the unfinished trials finish, no job is trained twice, and each
 *   trial keeps one run;
 * - Redis stopped and started again mid-search: the summary says 'unreachable' meanwhile, and the
 *   search completes;
 * - a job of another schema version is refused by the worker with its sentence, without retries.
 */
import { Queue, type Job } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunSettings, SearchPlanInput } from '@shared/api';
import { openRunStore } from '../history/open-run-store';
import { tempFolder } from '../history/test-files';
import { courseNet } from '../training/service-fixtures';
import { activeQueuesKey, keyPrefix, queueName, queueSchemaVersion, type WireTrialResult } from '../../queue/protocol';
import { bullConnection, openRedis } from '../../queue/redis-connection';
import { startRedis, type TestRedis } from '../../queue/test-redis';
import { openCoordinator, spawnWorker, type Coordinator, type WorkerProcess } from './queue-fixtures';
import { QueueTrialExecutor } from './queue-executor';
import { RemoteRuns } from './remote-runs';
import type { StartSearchInput } from './search-service';
import type { TrialEnd, TrialEpoch, TrialJob } from './trial-executor';

const folder = tempFolder();
let redis: TestRedis | null = null;
let workers: WorkerProcess[] = [];
let coordinators: Coordinator[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];

// Real processes train real trials on a shared 2-core machine: generous limits (no assertion is about time).
const slow = { timeout: 180_000 };

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(workers.map((worker) => worker.kill()));
  for (const coordinator of coordinators) await coordinator.close();
  await redis?.stop();
  redis = null;
  workers = [];
  coordinators = [];
}, 60_000);
afterAll(() => folder.remove());

/** Moons of 1,000 points, 50 steps an epoch (a few thousand epochs a second here): trials of 1,000–2,000 epochs are still training after a worker's first progress reports (every 250 ms or so). */
function settings(epochs: number): RunSettings {
  return {
    data: { kind: 'moons', samples: 1000, noise: 0.1 },
    settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs },
    seeds: { data: 1, model: 2 },
    backend: 'ts',
  } as RunSettings;
}

function queueSearch(url: string, plan: SearchPlanInput): StartSearchInput {
  return { name: 'Queue search', design: courseNet(), settings: settings(plan.epochs ?? 10), space: { learningRate: { kind: 'log', min: 1e-3, max: 1e-1 } }, plan, runOn: { kind: 'queue', url } };
}

function bullQueue(url: string, name: string): Queue {
  const queue = new Queue(name, { connection: bullConnection(url), prefix: keyPrefix });
  queue.on('error', () => undefined);
  cleanups.push(() => queue.close());
  return queue;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a worker killed mid-trial', () => {
  it('has its trial tried again on the other worker; every trial starts, reports each epoch and ends exactly once, in one run', slow, async () => {
    redis = await startRedis();
    const { url } = redis;
    const opened = openRunStore(folder.file('killed.db'));
    if (!opened.ok) throw new Error(opened.message);
    cleanups.push(() => opened.store.close());
    const executor = new QueueTrialExecutor({ url, coordinatorId: 'killtest', searchId: 'search-1', capacity: 3, runs: new RemoteRuns(opened.db, opened.store), pollMs: 200, log: () => {} });
    cleanups.push(() => executor.close());
    workers = [spawnWorker(url, 'w1'), spawnWorker(url, 'w2')];

    const epochs = 1000;
    const seen = new Map<string, { started: string[]; runIds: Set<string>; epochs: number[]; ended: TrialEnd[] }>();
    const ended: Promise<void>[] = [];
    let firstOnW1: (key: string) => void = () => {};
    const onW1 = new Promise<string>((resolve) => (firstOnW1 = resolve));
    for (let index = 0; index < 3; index += 1) {
      const job: TrialJob = { key: `search-1#${index}`, label: `search-1 · trial ${index}`, design: courseNet(), settings: { ...settings(epochs), seeds: { data: 1, model: 2 + index } }, stepLimit: null };
      const record = { started: [] as string[], runIds: new Set<string>(), epochs: [] as number[], ended: [] as TrialEnd[] };
      seen.set(job.key, record);
      let resolveEnded = () => {};
      ended.push(new Promise<void>((resolve) => (resolveEnded = resolve)));
      await executor.submit(job, {
        onStarted: (runId, worker) => {
          record.started.push(worker);
          record.runIds.add(runId);
        },
        onEpoch: (epoch: TrialEpoch) => {
          record.epochs.push(epoch.epoch);
          if (record.started[0] === 'w1') firstOnW1(job.key);
        },
        onEnded: (end) => {
          record.ended.push(end);
          resolveEnded();
        },
      });
    }
    // w1 has reported an epoch of its trial: it dies now, mid-trial.
    const killedKey = await onW1;
    await workers[0]!.kill('SIGKILL');
    await Promise.all(ended);

    for (const [key, record] of seen) {
      expect(record.ended, key).toHaveLength(1);
      expect(record.runIds.size, key).toBe(1);
      expect(record.ended[0]!.state, key).toBe('completed');
      expect(record.ended[0]!.epochs, key).toBe(epochs);
      // Started once, or (the killed one) again on the worker that took it over, with the same run.
      expect(record.started, key).toEqual(key === killedKey ? ['w1', 'w2'] : [record.started[0]]);
      // Each epoch once, in order, though the killed trial trained its first epochs twice.
      expect(record.epochs, key).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    }
    const queue = bullQueue(url, queueName('killtest', 'search-1'));
    const killedJob = (await queue.getJob(killedKey)) as Job;
    expect(killedJob.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect((killedJob.returnvalue as WireTrialResult).worker).toBe('w2');

    opened.store.flush();
    const runs = opened.db.prepare("SELECT q.job_key AS key, r.status, (SELECT sum(c.report_count) FROM report_chunks c WHERE c.run_id = r.id AND c.kind = 'epoch') AS epochs FROM queue_runs q JOIN runs r ON r.id = q.run_id ORDER BY q.job_key").all();
    expect(runs).toEqual([0, 1, 2].map((index) => ({ key: `search-1#${index}`, status: 'completed', epochs })));
    expect(opened.db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(3);
    // The winner opens like a local trial's run: its trained model is kept (from the last try's result).
    const killedRun = opened.db.prepare('SELECT run_id FROM queue_runs WHERE job_key = ?').pluck().get(killedKey) as string;
    expect(opened.store.model(killedRun)).not.toBeNull();
  });
});

describe('a coordinator that restarts mid-search', () => {
  it('keeps the results that arrived while it was away, finishes the other trials, trains no job twice and keeps one run per trial', slow, async () => {
    redis = await startRedis();
    const { url } = redis;
    const file = folder.file('restart.db');
    workers = [spawnWorker(url, 'w1'), spawnWorker(url, 'w2')];
    const first = openCoordinator(file);
    coordinators.push(first);
    const started = await first.search.start(queueSearch(url, { trials: 4, parallel: 2, epochs: 2000, seed: 3 }));
    const { searchId } = started;
    // Both trials on the queue are training (each has reported an epoch): the coordinator goes away.
    await first.until((progress) => first.search.get({ searchId }).trials.filter((trial) => trial.status === 'running' && trial.epochs >= 1).length === 2 || progress.search.status !== 'running');
    expect(first.search.get({ searchId }).summary.done).toBe(0);
    await first.close();

    // Meanwhile, the workers finish both trials.
    const name = queueName(first.queue.coordinatorId, searchId);
    const queue = bullQueue(url, name);
    await eventually(() => queue.getJobCounts('completed'), (counts) => counts.completed === 2);

    const second = openCoordinator(file);
    coordinators.push(second);
    expect(second.search.get({ searchId }).summary.status).toBe('interrupted');
    // As the app does when it opens the database: the search goes on on its queue by itself.
    expect(await second.search.reattachQueueSearches()).toEqual([searchId]);
    const ended = await second.search.waitFor(searchId);
    expect(ended.status).toBe('completed');
    const detail = second.search.get({ searchId });
    expect(detail.trials.map((trial) => trial.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    const jobs = (await queue.getJobs(['completed'])) as Job[];
    expect(jobs).toHaveLength(4);
    for (const job of jobs) {
      // Nothing trained twice: one try each, and the trial's result is the job's.
      expect(job.attemptsStarted, job.id).toBe(1);
      const trial = detail.trials.find((candidate) => `${searchId}#${candidate.index}` === job.id)!;
      expect(trial.dev, job.id).toEqual((job.returnvalue as WireTrialResult).dev);
      expect(trial.steps, job.id).toBe((job.returnvalue as WireTrialResult).steps);
    }
    second.store.flush();
    const runs = second.db.prepare('SELECT id, status FROM runs ORDER BY seq').all() as { id: string; status: string }[];
    expect(runs.map((run) => run.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(new Set(detail.trials.map((trial) => trial.runId))).toEqual(new Set(runs.map((run) => run.id)));
  });
});

describe('Redis stopped and started again mid-search', () => {
  it("says 'unreachable' while it is away, then the search completes", slow, async () => {
    redis = await startRedis({ persist: true });
    const { url } = redis;
    workers = [spawnWorker(url, 'w1'), spawnWorker(url, 'w2')];
    const coordinator = openCoordinator(folder.file('redis-away.db'));
    coordinators.push(coordinator);
    const started = await coordinator.search.start(queueSearch(url, { trials: 3, parallel: 2, epochs: 2000, seed: 4 }));
    const { searchId } = started;
    await coordinator.until((progress) => progress.trials.some((trial) => trial.epochs >= 1) || progress.search.status !== 'running');
    expect(coordinator.search.get({ searchId }).summary.done).toBe(0);

    await redis.kill();
    const away = await coordinator.until((progress) => progress.search.queue?.state === 'unreachable');
    expect(away.search.status).toBe('running');
    expect(away.search.queue?.message).toMatch(/is unreachable \(ECONNREFUSED\); the search waits and goes on when it returns\./);
    await redis.start();

    const ended = await coordinator.search.waitFor(searchId);
    expect(ended.status).toBe('completed');
    expect(coordinator.search.get({ searchId }).trials.map((trial) => trial.status)).toEqual(['completed', 'completed', 'completed']);
    expect(coordinator.progress.some((progress) => progress.search.queue?.state === 'connected' && coordinator.progress.indexOf(progress) > coordinator.progress.indexOf(away))).toBe(true);
  });
});

describe('Redis restarted empty mid-search', () => {
  it('has the lost jobs (and their data) put on the queue again, and the search completes', slow, async () => {
    redis = await startRedis();
    const { url } = redis;
    workers = [spawnWorker(url, 'w1')];
    const coordinator = openCoordinator(folder.file('redis-empty.db'));
    coordinators.push(coordinator);
    const { searchId } = await coordinator.search.start(queueSearch(url, { trials: 2, parallel: 2, epochs: 2000, seed: 6 }));
    await coordinator.until((progress) => progress.trials.some((trial) => trial.epochs >= 1) || progress.search.status !== 'running');
    expect(coordinator.search.get({ searchId }).summary.done).toBe(0);

    await redis.restart();
    const ended = await coordinator.search.waitFor(searchId);
    expect(ended.status).toBe('completed');
    expect(coordinator.search.get({ searchId }).trials.map((trial) => trial.status)).toEqual(['completed', 'completed']);
    expect(coordinator.logs.join('\n')).toMatch(/its job is no longer in Redis \(did Redis restart without its data\?\); it is put on the queue again\./);
  });
});

describe('a job of another schema version', () => {
  it('is refused by the worker with its sentence, at once (no retries)', slow, async () => {
    redis = await startRedis();
    const { url } = redis;
    workers = [spawnWorker(url, 'w1')];
    const queue = bullQueue(url, 'foreign-search-1');
    await queue.add('trial', { schemaVersion: 999, key: 'search-1#0' }, { jobId: 'search-1#0', attempts: 3 });
    const client = openRedis(url);
    cleanups.push(() => client.disconnect());
    await client.sadd(activeQueuesKey, 'foreign-search-1');

    await eventually(() => queue.getJobState('search-1#0'), (state) => state === 'failed');
    const job = (await queue.getJob('search-1#0')) as Job;
    expect(job.failedReason).toBe(`This job was made by a Deepwire with queue schema v999; this worker speaks v${queueSchemaVersion}: update one of them.`);
    expect(job.attemptsMade).toBe(1);
  });
});
