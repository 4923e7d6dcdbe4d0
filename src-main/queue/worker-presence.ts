/**
 * A worker's presence in Redis: a hash of QueueWorker fields at workerKey(name), expiring after
 * workerTtlSeconds unless refreshed, so a worker that dies (SIGKILL, lost network) disappears from
 * the coordinator's list by itself. Numbers are stored as decimal strings (Redis hashes hold strings).
 */
import type { Redis } from 'ioredis';
import { workerKey, workerTtlSeconds, type QueueWorker } from './protocol';

export class WorkerPresence {
  private timer: ReturnType<typeof setInterval> | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly describe: () => Omit<QueueWorker, 'lastSeen'>,
    private readonly everyMs = 5000,
  ) {}

  /** Writes the presence now and every everyMs. */
  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
  }

  /** Writes the fields now (a trial started or ended: busy and trialsDone changed). */
  refresh(): Promise<void> {
    // One write at a time; while Redis is away the write waits, and later refreshes are skipped.
    this.writing ??= this.write().finally(() => (this.writing = null));
    return this.writing;
  }

  /** Stops refreshing and removes the hash. */
  async remove(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing?.catch(() => undefined);
    await this.redis.del(workerKey(this.describe().name));
  }

  private async write(): Promise<void> {
    const worker = { ...this.describe(), lastSeen: new Date().toISOString() };
    const key = workerKey(worker.name);
    const fields = Object.fromEntries(Object.entries(worker).map(([field, value]) => [field, String(value)]));
    await this.redis.multi().hset(key, fields).expire(key, workerTtlSeconds).exec().then(
      () => undefined,
      () => undefined,
    );
  }
}
