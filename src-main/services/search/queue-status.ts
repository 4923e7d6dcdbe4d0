/**
 * Who has joined a queue: the `deepwire worker` processes' presence hashes (workerKey), found by
 * SCAN (a shared Redis may hold many other keys: SCAN never blocks it the way KEYS would), busiest
 * first. search:queueStatus answers for any URL by connecting once, reading them and
 * disconnecting; a Redis that does not answer gives the state 'unreachable' with a sentence.
 */
import type { Redis } from 'ioredis';
import { QueueWorker, redactQueueUrl, type QueueStatus } from '@shared/api';
import { openRedis, redisConnectionMessage } from '../../queue/redis-connection';
import { workerKey } from '../../queue/protocol';

/** How long search:queueStatus waits for a Redis to answer before saying it is unreachable. */
export const statusTimeoutMs = 3000;

/** What a search on an unreachable queue does meanwhile, after the connection's own sentence. */
export const waitingSentence = 'the search waits and goes on when it returns.';

export function unreachableMessage(url: string, error: unknown): string {
  return `${redisConnectionMessage(url, error)}; ${waitingSentence}`;
}

/** The workers whose presence has not expired, busiest first (then by name). */
export async function readWorkers(redis: Redis): Promise<QueueWorker[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', workerKey('*'), 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const workers: QueueWorker[] = [];
  for (const key of new Set(keys)) {
    const worker = workerOf(await redis.hgetall(key));
    if (worker) workers.push(worker);
  }
  return workers.sort((a, b) => b.busy - a.busy || a.name.localeCompare(b.name));
}

/** A presence hash as a QueueWorker (Redis keeps every field as text), or null for one that is not (another version's, half written). */
export function workerOf(hash: Record<string, string>): QueueWorker | null {
  const number = (text: string | undefined) => (text === undefined || text === '' ? Number.NaN : Number(text));
  const parsed = QueueWorker.safeParse({
    name: hash.name,
    host: hash.host,
    pid: number(hash.pid),
    concurrency: number(hash.concurrency),
    busy: number(hash.busy),
    trialsDone: number(hash.trialsDone),
    backend: hash.backend,
    lastSeen: hash.lastSeen,
  });
  return parsed.success ? parsed.data : null;
}

/** search:queueStatus: connects (without starting anything), reads who has joined, disconnects. */
export async function probeQueue(url: string, timeoutMs = statusTimeoutMs): Promise<QueueStatus> {
  const shown = redactQueueUrl(url);
  // No retries and no offline queue: a probe answers now, it does not wait for Redis to come back.
  const redis = openRedis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true, connectTimeout: timeoutMs });
  let lastError: unknown = null;
  redis.on('error', (error: unknown) => (lastError = error));
  try {
    await withTimeout(redis.connect(), timeoutMs, () => new Error(`ETIMEDOUT after ${timeoutMs} ms`));
    const workers = await withTimeout(readWorkers(redis), timeoutMs, () => new Error(`ETIMEDOUT after ${timeoutMs} ms`));
    return { url: shown, state: 'connected', message: workers.length === 0 ? 'Connected; no worker has joined yet (start one with: deepwire worker --queue URL).' : null, workers };
  } catch (error) {
    return { url: shown, state: 'unreachable', message: `${redisConnectionMessage(url, lastError ?? error)}.`, workers: [] };
  } finally {
    redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(error(), { code: 'ETIMEDOUT' })), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
