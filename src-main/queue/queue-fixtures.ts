/**
 * A coordinator's side of the queue for the worker's tests: a BullMQ Queue and QueueEvents on a
 * test Redis, the queue marked active, datasets published, trial jobs built and added the way the
 * coordinator does (job id = the trial's key, a few attempts).
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { RunSettings, type RunSettingsInput } from '@shared/api';
import { instantiateTemplate } from '@shared/graph/templates';
import { publishDataset } from './dataset-transport';
import { activeQueuesKey, keyPrefix, queueSchemaVersion, type TrialJobData } from './protocol';
import { bullConnection, openRedis } from './redis-connection';

/** The course's three-layer net (2 → … → 1): fits moons. */
export const courseDesign = () => instantiateTemplate('three-layer')! as unknown as Record<string, unknown>;

/** Moons of `samples` points, batches of 16, Adam: epochs × ⌈0.8·samples / 16⌉ steps. */
export function moonsSettings(epochs: number, samples = 200): RunSettings {
  const input: RunSettingsInput = {
    data: { kind: 'moons', samples, noise: 0.1 },
    settings: { initializer: { kind: 'xavier' }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs },
    seeds: { data: 1, model: 2 },
    backend: 'ts',
  };
  return RunSettings.parse(input);
}

export class TestCoordinator {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly redis: Redis;

  constructor(
    readonly url: string,
    readonly name = 'test-search-1',
  ) {
    this.queue = new Queue(name, { connection: bullConnection(url), prefix: keyPrefix });
    this.events = new QueueEvents(name, { connection: bullConnection(url), prefix: keyPrefix });
    this.redis = openRedis(url);
  }

  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    await this.redis.sadd(activeQueuesKey, this.name);
  }

  /** A job as the coordinator makes it, its data published first. */
  async trialJob(key: string, settings: RunSettings, stepLimit: number | null = null): Promise<TrialJobData> {
    const { fingerprint } = await publishDataset(this.redis, settings);
    return { schemaVersion: queueSchemaVersion, key, label: `test · ${key}`, design: courseDesign(), settings, stepLimit, datasetFingerprint: fingerprint };
  }

  add(data: unknown, attempts = 3): Promise<Job> {
    const key = (data as { key?: string }).key ?? 'job';
    return this.queue.add('trial', data, { jobId: key, attempts, removeOnComplete: false, removeOnFail: false });
  }

  async close(): Promise<void> {
    await this.redis.srem(activeQueuesKey, this.name).catch(() => undefined);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.redis.disconnect();
  }
}
