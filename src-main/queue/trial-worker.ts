/**
 * The runtime behind `deepwire worker`: it joins a Redis queue URL and trains the trials of every
 * search that has work there. It finds searches by polling the activeQueuesKey set, runs one BullMQ
 * Worker per active queue and keeps the trials it trains at once within its concurrency over all
 * of them. Each job is checked (schema version, shape), its data fetched once per fingerprint and
 * checked, and trained by trainTrial in a worker thread of a TrainingService. Its presence
 * (workerKey) is refreshed every few seconds. Locks are short (a few seconds), so a worker that
 * dies mid-trial has its job found stalled and tried again elsewhere within seconds.
 *
 * shutdown(): takes no new jobs, lets the current trials finish and report, removes its presence.
 * forceShutdown(): moves the current jobs back to their queues at once and ends the threads.
 * Redis going away: everything waits and retries; one line says so, one line when it is back.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { kernelsAvailable } from '@shared/engine/fast/kernels';
import { TrainingService } from '../services/training/training-service';
import type { WorkerEntry } from '../services/training/worker-entry';
import { DatasetCache, DatasetError } from './dataset-transport';
import { activeQueuesKey, keyPrefix, queuesChangedChannel, stopKey, type WireTrialResult } from './protocol';
import { bullConnection, openRedis, redisAddress, scrubPassword, watchRedis, type RedisWatch } from './redis-connection';
import { checkedTrialJob } from './trial-job';
import { trainTrial } from './trial-runner';
import { TrialRunStore } from './trial-run-store';
import { WorkerPresence } from './worker-presence';
import { withTimeout } from './bounded-wait';
import { installNativeKernels } from '../native/install';

export interface QueueWorkerOptions {
  /** redis:// or rediss:// URL (checked with queueUrlProblem by the command). */
  url: string;
  /** Trials trained at once over all queues. */
  concurrency: number;
  /** Default "<hostname>/<pid>". */
  name?: string;
  /** The training worker thread's script. */
  worker: WorkerEntry;
  /** One line per event (trial started or ended, Redis away or back); default standard error. */
  log?: (line: string) => void;
  /** How long a job's lock lasts unless renewed (default 5000 ms): a dead worker's job is stalled after this. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default 1500 ms). */
  stalledIntervalMs?: number;
  /** How many times a job may stall before it fails (default 2). */
  maxStalledCount?: number;
  /** How often the set of active queues is read (default 1000 ms). */
  pollMs?: number;
  /** How often the presence is refreshed (default 5000 ms). */
  presenceEveryMs?: number;
  /** Progress and stop checks of a trial at most this often (default 250 ms). */
  progressIntervalMs?: number;
}

export const defaultLockDurationMs = 5000;
export const defaultStalledIntervalMs = 1500;
export const defaultMaxStalledCount = 2;

type State = 'created' | 'running' | 'draining' | 'stopped' | 'killed';

/** Connection failures BullMQ's own connections report too: the watch already says Redis is away, once. */
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);

export class QueueWorkerProcess {
  readonly name: string;
  readonly concurrency: number;
  private readonly redis: Redis;
  private readonly watch: RedisWatch;
  private readonly store = new TrialRunStore();
  private readonly training: TrainingService;
  private readonly datasets: DatasetCache;
  private readonly presence: WorkerPresence;
  private readonly slots: Slots;
  private readonly queues = new Map<string, Worker>();
  private readonly closing = new Set<Promise<void>>();
  private readonly inFlight = new Set<{ job: Job; token: string }>();
  private readonly log: (line: string) => void;
  private state: State = 'created';
  private poller: Promise<void> | null = null;
  private wake: () => void = () => {};
  /** Subscribed to queuesChangedChannel: wakes the poll when a search puts a new queue up. */
  private announcements: Redis | null = null;
  private ended: Promise<void> | null = null;
  private lastBullError = '';
  private done = 0;

  constructor(private readonly options: QueueWorkerOptions) {
    this.name = options.name ?? `${hostname()}/${process.pid}`;
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
    this.redis = openRedis(options.url);
    this.watch = watchRedis(this.redis, options.url, {
      onDown: (message) => this.log(`${message}; waiting for it`),
      onUp: () => this.log(`Redis at ${redisAddress(options.url)} is back; going on`),
    });
    // A thread loaded while the worker joins, as the app keeps one: the first trial starts at once.
    // The thread's batches as often as the coordinator is told (progressIntervalMs), not the app's 50 ms: nothing here draws them, and each is a wake-up of this thread.
    this.training = new TrainingService({ emit: () => {}, worker: options.worker, maxConcurrent: this.concurrency, store: this.store, log: this.log, warmSpare: true, workerFlushMs: options.progressIntervalMs ?? 250 });
    this.datasets = new DatasetCache(this.redis);
    this.slots = new Slots(this.concurrency);
    const host = hostname();
    const backend = installNativeKernels().ok ? 'native' : kernelsAvailable() ? 'wasm' : 'ts';
    this.presence = new WorkerPresence(
      this.redis,
      () => ({ name: this.name, host, pid: process.pid, concurrency: this.concurrency, busy: this.slots.busy, trialsDone: this.done, backend }),
      options.presenceEveryMs ?? 5000,
    );
  }

  /** Trials training now and trials ended since start. */
  get stats(): { busy: number; trialsDone: number; queues: string[] } {
    return { busy: this.slots.busy, trialsDone: this.done, queues: [...this.queues.keys()] };
  }

  /** Joins: presence, then looking for active queues every pollMs, and at once when a coordinator says a queue became active. */
  start(): void {
    if (this.state !== 'created') return;
    this.state = 'running';
    this.presence.start();
    this.poller = this.poll();
    this.announcements = this.redis.duplicate();
    this.announcements.on('message', () => this.wake());
    // A subscription failing (Redis away) only costs the wait until the next poll; ioredis subscribes again when it reconnects.
    this.announcements.subscribe(queuesChangedChannel).catch(() => undefined);
  }

  /** Takes no new jobs, lets the current trials finish and report, removes the presence, closes everything. */
  shutdown(): Promise<void> {
    if (this.ended) return this.ended;
    this.state = 'draining';
    this.wake();
    this.ended = (async () => {
      await this.poller;
      const workers = [...this.queues.values()];
      this.queues.clear();
      await Promise.all([...workers.map((worker) => worker.close().catch(() => undefined)), ...this.closing]);
      await this.presence.remove().catch(() => undefined);
      await this.closeResources();
      this.state = 'stopped';
    })();
    return this.ended;
  }

  /** Stops at once: the current jobs go back to their queues (another worker trains them), the threads end. */
  async forceShutdown(): Promise<void> {
    this.state = 'killed';
    this.wake();
    const moved = [...this.inFlight].map(({ job, token }) => job.moveToWait(token));
    // Redis may be away: the jobs' locks then expire and BullMQ's stalled check moves them back.
    await withTimeout(Promise.allSettled(moved), 2000);
    for (const worker of this.queues.values()) void worker.close(true).catch(() => undefined);
    await withTimeout(this.presence.remove().catch(() => undefined), 1000);
    await this.closeResources();
  }

  private async closeResources(): Promise<void> {
    this.announcements?.disconnect();
    this.announcements = null;
    await this.training.dispose();
    await this.datasets.dispose();
    this.watch.dispose();
    await withTimeout(this.redis.quit().catch(() => undefined), 1000);
    this.redis.disconnect();
  }

  private async poll(): Promise<void> {
    const every = this.options.pollMs ?? 1000;
    while (this.state === 'running') {
      try {
        // While Redis is away this waits (the client's offline queue) rather than fail.
        const names = await this.redis.smembers(activeQueuesKey);
        if (this.state === 'running') this.follow(new Set(names));
      } catch (error) {
        this.log(`Could not read the active queues: ${scrubPassword(error instanceof Error ? error.message : String(error), this.options.url)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, every);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Starts a BullMQ Worker for each newly active queue; lets those no longer active finish and close. */
  private follow(active: Set<string>): void {
    for (const name of active) if (!this.queues.has(name)) this.queues.set(name, this.workerFor(name));
    for (const [name, worker] of this.queues) {
      if (active.has(name)) continue;
      this.queues.delete(name);
      const closed = worker.close().catch(() => undefined);
      this.closing.add(closed);
      void closed.then(() => this.closing.delete(closed));
    }
  }

  private workerFor(queue: string): Worker {
    const worker = new Worker(queue, (job, token) => this.process(queue, job, token ?? ''), {
      connection: bullConnection(this.options.url),
      prefix: keyPrefix,
      name: this.name,
      // Each queue may take as many as the whole worker; the slots keep the total within it.
      concurrency: this.concurrency,
      lockDuration: this.options.lockDurationMs ?? defaultLockDurationMs,
      stalledInterval: this.options.stalledIntervalMs ?? defaultStalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount ?? defaultMaxStalledCount,
      autorun: true,
    });
    worker.on('error', (error) => this.onQueueError(queue, error));
    return worker;
  }

  private onQueueError(queue: string, error: Error): void {
    const code = (error as { code?: unknown }).code;
    if (!this.watch.reachable || (typeof code === 'string' && connectionCodes.has(code)) || /Connection is closed/i.test(error.message)) return;
    const line = `queue ${queue}: ${scrubPassword(error.message, this.options.url)}`;
    if (line === this.lastBullError) return;
    this.lastBullError = line;
    this.log(line);
  }

  private async process(queue: string, job: Job, token: string): Promise<WireTrialResult> {
    let key = job.id ?? '?';
    try {
      const data = checkedTrialJob(job.data);
      key = data.key;
      const settings = await this.datasets.settingsFor(data).catch((error: unknown) => {
        // Data that does not match its fingerprint stays wrong however often it is tried.
        if (error instanceof DatasetError && error.reason !== 'missing') throw new UnrecoverableError(error.message);
        throw error;
      });
      const release = await this.slots.acquire();
      const flight = { job, token };
      this.inFlight.add(flight);
      void this.presence.refresh();
      try {
        const attempt = Math.max(1, job.attemptsStarted);
        const result = await trainTrial(
          { training: this.training, store: this.store, worker: this.name, progressIntervalMs: this.options.progressIntervalMs ?? 250 },
          {
            job: data,
            settings,
            attempt,
            channel: {
              send: (progress) => job.updateProgress(progress),
              stopRequested: async () => (await this.redis.exists(stopKey(job.id!))) === 1,
            },
            onRunStarted: () => this.log(`trial ${key} (${data.label}) started, try ${attempt}, from ${queue}`),
          },
        );
        this.done += 1;
        this.log(`trial ${key} ended ${result.state}${result.hitStepLimit ? ' (its step budget)' : ''}: ${result.steps} steps, ${result.epochs} epochs${describeDev(result)}`);
        return result;
      } finally {
        release();
        this.inFlight.delete(flight);
        void this.presence.refresh();
      }
    } catch (error) {
      if (this.state === 'killed') return new Promise<never>(() => {});
      const message = error instanceof Error ? error.message : String(error);
      this.log(`trial ${key} ${error instanceof UnrecoverableError ? 'refused' : 'failed'}: ${message}`);
      throw error;
    }
  }
}

function describeDev(result: WireTrialResult): string {
  if (!result.dev) return '';
  const loss = result.dev.loss === null ? 'not finite' : result.dev.loss.toPrecision(4);
  const accuracy = result.dev.accuracy === null ? '' : `, dev accuracy ${(result.dev.accuracy * 100).toFixed(1)} %`;
  return `, dev loss ${loss}${accuracy}`;
}

/** At most `size` holders at once; the others wait in order. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  get busy(): number {
    return this.used;
  }

  async acquire(): Promise<() => void> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.used += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (used stays the same).
      if (next) next();
      else this.used -= 1;
    };
  }
}
