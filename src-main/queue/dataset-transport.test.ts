import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RunSettings, type DataSourceInput } from '@shared/api';
import { loadRunData } from '../services/run-data';
import { canonicalJson, DatasetCache, DatasetError, datasetTtlSeconds, publishDataset } from './dataset-transport';
import { datasetKey, queueSchemaVersion, type TrialJobData } from './protocol';
import { openRedis } from './redis-connection';
import { startRedis, type TestRedis } from './test-redis';

let server: TestRedis;
let redis: Redis;
let folder: string;
const caches: DatasetCache[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = openRedis(server.url);
  folder = await mkdtemp(join(tmpdir(), 'deepwire-dataset-test-'));
});
afterEach(async () => {
  for (const cache of caches.splice(0)) await cache.dispose();
  await redis.flushdb();
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

function settingsWith(data: DataSourceInput): RunSettings {
  return RunSettings.parse({
    data,
    settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: 2 },
    seeds: { data: 1, model: 2 },
    backend: 'ts',
  });
}

function jobFor(settings: RunSettings, fingerprint: string): TrialJobData {
  return { schemaVersion: queueSchemaVersion, key: 'search-1#0', label: 'search-1 · trial 1', design: {}, settings, stepLimit: null, datasetFingerprint: fingerprint };
}

function newCache(): DatasetCache {
  const cache = new DatasetCache(redis);
  caches.push(cache);
  return cache;
}

const xorCsv = 'a,b,y\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n0.1,0.9,yes\n0.9,0.1,yes\n0.9,0.9,no\n0.1,0.1,no\n0.2,0.8,yes\n0.8,0.2,yes\n';
const xorTestCsv = 'a,b,y\n0.05,0.95,yes\n0.95,0.95,no\n0.5,0.1,yes\n';

describe('publishDataset and DatasetCache', () => {
  it('carries a generator as its recipe: stored once under its fingerprint, fetched once, the same settings back', async () => {
    const settings = settingsWith({ kind: 'moons', samples: 120, noise: 0.2 });
    const { fingerprint } = await publishDataset(redis, settings);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse((await redis.get(datasetKey(fingerprint)))!)).toEqual({ kind: 'recipe', source: settings.data });
    // Publishing the same data again (another search) finds the same key and writes nothing new.
    // It expires a week after it was last published (a queue does not keep every search's data for ever).
    expect(await redis.ttl(datasetKey(fingerprint))).toBeGreaterThan(datasetTtlSeconds - 60);
    await redis.expire(datasetKey(fingerprint), 60);
    expect(await publishDataset(redis, settingsWith({ kind: 'moons', samples: 120, noise: 0.2 }))).toEqual({ fingerprint });
    expect(await redis.dbsize()).toBe(1);
    // Publishing it again kept it another week.
    expect(await redis.ttl(datasetKey(fingerprint))).toBeGreaterThan(datasetTtlSeconds - 60);

    const cache = newCache();
    expect(await cache.settingsFor(jobFor(settings, fingerprint))).toEqual(settings);
    // Later trials of the search use the cached payload: it is not fetched again.
    await redis.del(datasetKey(fingerprint));
    expect((await cache.settingsFor(jobFor(settings, fingerprint))).data).toEqual(settings.data);
  });

  it('carries a CSV file and its test file as their text; the worker loads exactly the rows the coordinator would', async () => {
    const path = join(folder, 'xor.csv');
    const testPath = join(folder, 'xor-test.csv');
    await writeFile(path, xorCsv);
    await writeFile(testPath, xorTestCsv);
    const settings = settingsWith({ kind: 'csv', path, testPath, label: 'y' });
    const { fingerprint } = await publishDataset(redis, settings);
    const cache = newCache();
    const onWorker = await cache.settingsFor(jobFor(settings, fingerprint));

    expect(onWorker.data.kind).toBe('csv');
    const workerData = onWorker.data as Extract<RunSettings['data'], { kind: 'csv' }>;
    expect(workerData.path).not.toBe(path);
    expect(workerData.testPath).toBeDefined();
    expect(workerData.label).toBe('y');
    expect({ ...onWorker, data: null }).toEqual({ ...settings, data: null });

    const here = await loadRunData(settings.data);
    const there = await loadRunData(onWorker.data);
    if (!here.ok || !there.ok) throw new Error('both loads succeed');
    expect(there.data!.all).toEqual(here.data!.all);
    expect(there.data!.test).toEqual(here.data!.test);
    expect(there.data!.test!.rows).toBe(3);

    await cache.dispose();
    expect(existsSync(workerData.path)).toBe(false);
  });

  it('gives a CSV without a test file to the worker as csv-text', async () => {
    const path = join(folder, 'plain.csv');
    await writeFile(path, xorCsv);
    const settings = settingsWith({ kind: 'csv', path });
    const { fingerprint } = await publishDataset(redis, settings);
    const onWorker = await newCache().settingsFor(jobFor(settings, fingerprint));
    expect(onWorker.data).toEqual({ kind: 'csv-text', name: 'plain.csv', text: xorCsv });
    const here = await loadRunData(settings.data);
    const there = await loadRunData(onWorker.data);
    if (!here.ok || !there.ok) throw new Error('both loads succeed');
    expect(there.data!.all).toEqual(here.data!.all);
  });

  it('refuses a stored payload that does not hash to the fingerprint, and a missing one, with a sentence', async () => {
    const settings = settingsWith({ kind: 'moons', samples: 120, noise: 0.2 });
    const { fingerprint } = await publishDataset(redis, settings);
    // Someone (or a bug) wrote other data under this fingerprint.
    await redis.set(datasetKey(fingerprint), canonicalJson({ kind: 'recipe', source: { ...settings.data, samples: 121 } }));
    const refused = await newCache()
      .settingsFor(jobFor(settings, fingerprint))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatasetError);
    expect((refused as DatasetError).reason).toBe('mismatch');
    expect((refused as DatasetError).message).toMatch(/does not match it .*never trains on data other than the search's/);

    const missing = await newCache()
      .settingsFor(jobFor(settings, 'f'.repeat(64)))
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DatasetError);
    expect((missing as DatasetError).reason).toBe('missing');
    expect((missing as DatasetError).message).toMatch(/is not in Redis/);
  });

  it('fetches again after a miss, once the coordinator has published the data', async () => {
    const settings = settingsWith({ kind: 'iris' });
    const cache = newCache();
    const { fingerprint } = await publishDataset(redis, settings);
    const stored = (await redis.get(datasetKey(fingerprint)))!;
    await redis.del(datasetKey(fingerprint));
    await expect(cache.settingsFor(jobFor(settings, fingerprint))).rejects.toThrow(/is not in Redis/);
    await redis.set(datasetKey(fingerprint), stored);
    expect((await cache.settingsFor(jobFor(settings, fingerprint))).data).toEqual({ kind: 'iris' });
  });
});
