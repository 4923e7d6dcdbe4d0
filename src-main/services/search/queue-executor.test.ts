/**
 * The coordinator's side of a queue, before any worker has joined: a queue search puts its trials
 * on its own queue as jobs of the current schema version (the data published once, by
 * fingerprint), tells workers where to look, is stopped by taking its waiting jobs off again, says
 * 'unreachable' (with a sentence and no password) while Redis is away and 'connected' once it is
 * back, and search:queueStatus reads who has joined. A real redis-server each time.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { activeQueuesKey, datasetKey, keyPrefix, queueName, queueSchemaVersion, workerKey } from '../../queue/protocol';
import { openRedis } from '../../queue/redis-connection';
import { startRedis, type TestRedis } from '../../queue/test-redis';
import { tempFolder } from '../history/test-files';
import { moonsSearch } from './search-fixtures';
import { openCoordinator, queueState, type Coordinator } from './queue-fixtures';
import { probeQueue } from './queue-status';

let redis: TestRedis | null = null;
let coordinator: Coordinator | null = null;
const folder = tempFolder();

beforeEach(() => {
  redis = null;
  coordinator = null;
});

afterEach(async () => {
  await coordinator?.close();
  await redis?.stop();
});

afterAll(() => folder.remove());

describe('a search on a queue with no worker yet', () => {
  it('puts each trial on its own queue as a job of this schema version, publishes the data once and is stopped by taking the waiting jobs off', async () => {
    redis = await startRedis();
    coordinator = openCoordinator(folder.file('waiting.db'));
    const { search } = coordinator;
    const started = await search.start(moonsSearch({ trials: 3, parallel: 2, epochs: 2, seed: 5 }, undefined, { runOn: { kind: 'queue', url: redis.url } }));
    const name = queueName(coordinator.queue.coordinatorId, started.searchId);
    const queue = new Queue(name, { connection: { host: '127.0.0.1', port: redis.port }, prefix: keyPrefix });
    const client = openRedis(redis.url);
    try {
      // Both of the plan's parallel trials wait on the queue (nobody trains them).
      let waiting = await queue.getWaiting();
      while (waiting.length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        waiting = await queue.getWaiting();
      }
      const jobs = waiting.sort((a, b) => a.id!.localeCompare(b.id!));
      expect(jobs.map((job) => job.id)).toEqual([`${started.searchId}#0`, `${started.searchId}#1`]);
      const data = jobs[0]!.data as { schemaVersion: number; key: string; datasetFingerprint: string; stepLimit: number | null };
      expect(data.schemaVersion).toBe(queueSchemaVersion);
      expect(data.key).toBe(`${started.searchId}#0`);
      expect(data.stepLimit).toBeNull();
      expect(jobs[0]!.opts.attempts).toBe(3);
      expect(await client.exists(datasetKey(data.datasetFingerprint))).toBe(1);
      expect(await client.sismember(activeQueuesKey, name)).toBe(1);
      expect(search.get({ searchId: started.searchId }).summary.queue).toMatchObject({ url: redis.url, state: 'connected', workers: [] });

      const stopped = await search.stop({ searchId: started.searchId });
      expect(stopped.status).toBe('stopped');
      expect(search.get({ searchId: started.searchId }).trials.map((trial) => trial.status)).toEqual(['stopped', 'stopped', 'stopped']);
      expect(await queue.getWaiting()).toEqual([]);
      await search.waitFor(started.searchId);
      // The ended search's queue is no longer one workers look at.
      for (;;) {
        if ((await client.sismember(activeQueuesKey, name)) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // It still says where its trials went (and in the list), as a queue nobody watches for it now.
      const closed = { url: redis.url, state: 'closed', message: null, workers: [] };
      expect(search.get({ searchId: started.searchId }).summary.queue).toEqual(closed);
      expect(search.list().searches.find((listed) => listed.searchId === started.searchId)?.queue).toEqual(closed);
    } finally {
      await queue.close();
      client.disconnect();
    }
  });

  it("says 'unreachable' with a sentence (never the password) while Redis is away, keeps running, and 'connected' when it is back", async () => {
    redis = await startRedis({ args: ['--requirepass', 's3cret-word'] });
    const url = `redis://:s3cret-word@127.0.0.1:${redis.port}`;
    coordinator = openCoordinator(folder.file('away.db'));
    const { search } = coordinator;
    const started = await search.start(moonsSearch({ trials: 2, parallel: 1, epochs: 2, seed: 5 }, undefined, { runOn: { kind: 'queue', url } }));
    const connected = await coordinator.until((progress) => progress.search.searchId === started.searchId && progress.search.queue?.state === 'connected');
    expect(connected.search.queue?.url).toBe(`redis://:***@127.0.0.1:${redis.port}`);

    await redis.kill();
    const away = await coordinator.until((progress) => progress.search.queue?.state === 'unreachable');
    expect(away.search.status).toBe('running');
    expect(away.search.queue?.message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${redis.port} is unreachable \\(ECONNREFUSED\\); the search waits and goes on when it returns\\.$`));
    expect(search.get({ searchId: started.searchId }).summary.status).toBe('running');

    await redis.start();
    const back = await coordinator.until((progress) => progress.search.queue?.state === 'connected');
    expect(back.search.queue?.message).toBeNull();
    expect(JSON.stringify(coordinator.progress)).not.toContain('s3cret-word');
    expect(coordinator.logs.join('\n')).not.toContain('s3cret-word');
    await search.stop({ searchId: started.searchId });
    expect(queueState(search.get({ searchId: started.searchId }).summary)).not.toContain('s3cret-word');
  });
});

describe('a coordinator closing while Redis is away', () => {
  it('closes without waiting for Redis, its search interrupted (resumable) and its trials back to pending', async () => {
    redis = await startRedis();
    coordinator = openCoordinator(folder.file('closing-away.db'));
    const { search } = coordinator;
    const started = await search.start(moonsSearch({ trials: 2, parallel: 2, epochs: 2, seed: 5 }, undefined, { runOn: { kind: 'queue', url: redis.url } }));
    await coordinator.until((progress) => progress.search.queue?.state === 'connected');
    await redis.kill();
    await coordinator.until((progress) => progress.search.queue?.state === 'unreachable');
    await coordinator.search.close();
    const summary = search.get({ searchId: started.searchId });
    expect(summary.summary.status).toBe('interrupted');
    expect(summary.trials.map((trial) => trial.status)).toEqual(['pending', 'pending']);
  });
});

describe('a search on a Redis that never answers', () => {
  it('waits, saying so, and is stopped and closed at once', async () => {
    redis = await startRedis();
    const { url } = redis;
    await redis.kill();
    coordinator = openCoordinator(folder.file('never.db'));
    const { search } = coordinator;
    const started = await search.start(moonsSearch({ trials: 2, parallel: 2, epochs: 2, seed: 5 }, undefined, { runOn: { kind: 'queue', url } }));
    const away = await coordinator.until((progress) => progress.search.queue?.state === 'unreachable');
    expect(away.search.status).toBe('running');
    const stopped = await search.stop({ searchId: started.searchId });
    expect(stopped.status).toBe('stopped');
    expect(search.get({ searchId: started.searchId }).trials.map((trial) => trial.status)).toEqual(['stopped', 'stopped']);
    await coordinator.close();
  });
});

describe('search:queueStatus', () => {
  it('lists the workers that joined, busiest first, and says why a Redis cannot be reached', async () => {
    redis = await startRedis();
    const client = openRedis(redis.url);
    const presence = (name: string, busy: number) => ({ name, host: name.split('/')[0]!, pid: name.split('/')[1]!, concurrency: '2', busy: String(busy), trialsDone: '4', backend: 'wasm', lastSeen: '2026-12-03T00:00:00.000Z' });
    await client.hset(workerKey('lab-1/100'), presence('lab-1/100', 0));
    await client.hset(workerKey('lab-2/200'), presence('lab-2/200', 2));
    // Another program's key in a shared Redis is not a worker.
    await client.set('other:key', 'x');
    client.disconnect();

    const status = await probeQueue(redis.url);
    expect(status.state).toBe('connected');
    expect(status.workers.map((worker) => [worker.name, worker.busy, worker.concurrency, worker.trialsDone])).toEqual([
      ['lab-2/200', 2, 2, 4],
      ['lab-1/100', 0, 2, 4],
    ]);

    const port = redis.port;
    await redis.stop();
    redis = null;
    const away = await probeQueue(`redis://user:pa55word@127.0.0.1:${port}`);
    expect(away).toEqual({ url: `redis://user:***@127.0.0.1:${port}`, state: 'unreachable', message: `Redis at 127.0.0.1:${port} is unreachable (ECONNREFUSED).`, workers: [] });
  });
});
