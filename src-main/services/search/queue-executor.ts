/**
 * The distributed trial executor: one search's trials as BullMQ jobs on a Redis queue of its own
 * ("<coordinator id>-<search id>"), trained by `deepwire worker` processes on any machine. Jobs
 * carry TrialJobData (schema version, design, settings, step limit, the data's fingerprint; the
 * data itself travels once, by fingerprint); their job id is the trial's key, so submitting a
 * trial again (a coordinator that restarted) finds the same job — its result at once if it
 * finished meanwhile. Progress and results come through BullMQ's own events (QueueEvents), and a
 * look at each unfinished job every `pollMs` catches what an event stream can miss (a restart in
 * between, a Redis that lost its data: such a job is added again). A job is tried 3 times (a
 * stalled worker's job goes back to the queue for another); then its trial fails with the
 * worker's error. The coordinator alone writes its history (RemoteRuns).
 *
 * Redis going away does not fail anything: every command waits for the reconnection (ioredis's
 * offline queue), the search stays 'running', and status() says 'unreachable' with a sentence
 * until Redis is back.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { redactQueueUrl, type QueueState, type QueueStatus, type QueueWorker, type RunSettings } from '@shared/api';
import { publishDataset, renewDataset } from '../../queue/dataset-transport';
import { activeQueuesKey, keyPrefix, queueName, queuesChangedChannel, queueSchemaVersion, stopKey, type TrialJobData } from '../../queue/protocol';
import { withTimeout } from '../../queue/bounded-wait';
import { bullConnection, openRedis, scrubPassword, watchRedis, type RedisWatch } from '../../queue/redis-connection';
import { readWorkers, waitingSentence } from './queue-status';
import { QueueTrial } from './queue-trial';
import { trialFacts, type RemoteRuns } from './remote-runs';
import type { TrialEvents, TrialExecutor, TrialHandle, TrialJob } from './trial-executor';

/** Tries of one trial: a stalled or failed try goes back to the queue, twice. */
export const trialAttempts = 3;
/** Between a failed try and the next (short: a failure is usually a lost worker, not a busy one). */
export const retryDelayMs = 1000;
/** Finished jobs stay this long, so a coordinator that was away for days still finds its results. */
export const keepFinishedSeconds = 14 * 24 * 3600;

export interface QueueExecutorOptions {
  /** The queue's URL, password included (it is never logged or shown: see redactQueueUrl). */
  url: string;
  /** The coordinator's database id (queueName): two databases' searches never share a queue. */
  coordinatorId: string;
  searchId: string;
  /** Trials the scheduler keeps on the queue at once: the plan's `parallel` (the workers decide how many train). */
  capacity: number;
  runs: RemoteRuns;
  log?: (line: string) => void;
  /** Told when the queue's state or its workers change. */
  onStatus?: (status: QueueStatus) => void;
  /** Between two looks at the unfinished jobs and the workers (default 1000 ms). */
  pollMs?: number;
}

export class QueueTrialExecutor implements TrialExecutor {
  readonly capacity: number;
  readonly queueName: string;
  private readonly url: string;
  private readonly redis: Redis;
  private readonly watch: RedisWatch;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly trials = new Map<string, QueueTrial>();
  /** Published data sets, by what identifies their rows → their fingerprint. */
  private readonly datasets = new Map<string, Promise<string>>();
  private readonly log: (line: string) => void;
  private readonly timer: ReturnType<typeof setInterval>;
  private state: QueueState = 'connecting';
  private message: string | null = null;
  private workers: QueueWorker[] = [];
  private polling = false;
  private closed = false;

  constructor(private readonly options: QueueExecutorOptions) {
    this.url = options.url;
    this.capacity = Math.max(1, options.capacity);
    this.queueName = queueName(options.coordinatorId, options.searchId);
    this.log = options.log ?? ((line) => console.error(line));
    this.redis = openRedis(this.url);
    this.watch = watchRedis(this.redis, this.url, {
      onDown: (message) => this.setState('unreachable', `${message}; ${waitingSentence}`),
      onUp: () => this.setState('connected', null),
    });
    let connectedBefore = false;
    this.redis.on('ready', () => {
      // Connected again (however briefly it was away): a Redis that restarted empty has lost the data sets, so they are published again when needed.
      if (connectedBefore) this.datasets.clear();
      connectedBefore = true;
      this.setState('connected', null);
    });
    // A plain copy: BullMQ makes its own connections (a blocking one for the events) from these options.
    const connection = bullConnection(this.url);
    this.queue = new Queue(this.queueName, { connection, prefix: keyPrefix });
    this.events = new QueueEvents(this.queueName, { connection, prefix: keyPrefix });
    // Their connections' troubles are this.redis's too (same Redis): status() says so once, from there.
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.events.on('progress', ({ jobId, data }) => this.trials.get(jobId)?.onProgress(data));
    this.events.on('completed', ({ jobId, returnvalue }) => this.trials.get(jobId)?.onCompleted(returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.trials.get(jobId)?.onFailed(failedReason));
    this.events.on('stalled', ({ jobId }) => {
      const trial = this.trials.get(jobId);
      if (trial && !trial.ended) this.log(`${trial.job.label}: its worker stopped answering; the trial goes back to the queue for another worker.`);
    });
    this.timer = setInterval(() => void this.poll(), options.pollMs ?? 1000);
    this.timer.unref();
  }

  /** The queue as this coordinator sees it now (the workers as of the last look). */
  status(): QueueStatus {
    return { url: redactQueueUrl(this.url), state: this.state, message: this.message, workers: this.workers };
  }

  async submit(job: TrialJob, events: TrialEvents): Promise<TrialHandle> {
    if (this.closed) throw new Error(`The queue of ${this.options.searchId} is closed.`);
    // Refused here, as a local trial is, before anything goes to the queue.
    const facts = await trialFacts(job);
    const trial = new QueueTrial(job, facts, events, this.options.runs, this.log);
    this.trials.set(job.key, trial);
    trial.whenEnded.then(() => this.trials.get(job.key) === trial && this.trials.delete(job.key), () => undefined);
    void this.attach(trial).catch((error: unknown) => {
      if (this.closed || trial.ended) return;
      // Not a connection problem (those wait): something Redis refused. The trial cannot train.
      trial.onFailed(`The trial could not be put on the queue: ${scrubPassword(error instanceof Error ? error.message : String(error), this.url)}`);
    });
    return { get runId() { return trial.runId; }, stop: () => this.stopTrial(trial) };
  }

  /** The search has ended: workers stop looking at its queue; the jobs (and results) stay until they expire. */
  async retire(): Promise<void> {
    if (!this.closed && this.redis.status === 'ready') await this.redis.srem(activeQueuesKey, this.queueName).catch(() => undefined);
    await this.close();
  }

  /**
   * This coordinator goes away (the app closes, a sweep ends): trials still on the queue end
   * 'interrupted' here — their jobs go on training, and resuming the search picks their results up.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const trial of [...this.trials.values()]) trial.interrupt();
    this.watch.dispose();
    // BullMQ's close waits for Redis to answer; when Redis is away it may wait for ever (a search closing then hung
    // the app's quit). Not long while Redis is away, a few seconds while it is there; then the connections are dropped.
    const closed = Promise.allSettled([this.events.close(), this.queue.close()]);
    if ((await withTimeout(closed, this.redis.status === 'ready' ? 5000 : 500)) === undefined) {
      void this.events.disconnect().catch(() => undefined);
      void this.queue.disconnect().catch(() => undefined);
    }
    this.redis.disconnect();
  }

  /** In the set workers look in; when it was not there yet, idle workers are told at once (they would see it at their next poll). */
  private async markActive(): Promise<void> {
    if ((await this.redis.sadd(activeQueuesKey, this.queueName)) === 1) await this.redis.publish(queuesChangedChannel, this.queueName);
  }

  /** Puts the trial's job on the queue, or finds it there (and its result, if it has one). */
  private async attach(trial: QueueTrial): Promise<void> {
    const { job } = trial;
    // Workers find the queue through this set; added again on every attach (a set: once).
    await this.markActive();
    const existing = (await this.queue.getJob(job.key)) as Job | undefined;
    if (existing) {
      const state = await existing.getState();
      if (state !== 'unknown') {
        trial.phase = 'queued';
        if (state === 'completed') trial.onCompleted(existing.returnvalue);
        else if (state === 'failed') trial.onFailed(existing.failedReason);
        else if (existing.progress && typeof existing.progress === 'object') trial.onProgress(existing.progress);
        if (trial.stopRequested && !trial.ended) await this.stopQueued(trial);
        return;
      }
    }
    await this.add(trial);
  }

  private async add(trial: QueueTrial): Promise<void> {
    const { job } = trial;
    const data: TrialJobData = {
      schemaVersion: queueSchemaVersion,
      key: job.key,
      label: job.label,
      design: job.design,
      settings: job.settings,
      stepLimit: job.stepLimit,
      datasetFingerprint: await this.publish(job.settings),
    };
    // Published once per search, kept as long as its trials are being submitted.
    await renewDataset(this.redis, data.datasetFingerprint);
    // Again here: a Redis that restarted empty has forgotten the set too.
    await this.markActive();
    await this.queue.add('trial', data, {
      jobId: job.key,
      attempts: trialAttempts,
      backoff: { type: 'fixed', delay: retryDelayMs },
      removeOnComplete: { age: keepFinishedSeconds },
      removeOnFail: { age: keepFinishedSeconds },
    });
    if (trial.ended) {
      // Stopped while it was being added (Redis was away): it must not train now.
      if (trial.stopRequested) await this.queue.remove(job.key).catch(() => undefined);
      return;
    }
    trial.phase = 'queued';
    if (trial.stopRequested) await this.stopQueued(trial);
  }

  /** Each data set once per executor (and again after Redis came back, in case it lost it). */
  private publish(settings: RunSettings): Promise<string> {
    const identity = createHash('sha256')
      .update(JSON.stringify([settings.data, settings.split ?? null, settings.seeds.data, settings.normalize]))
      .digest('hex');
    let published = this.datasets.get(identity);
    if (!published) {
      published = publishDataset(this.redis, settings).then((result) => result.fingerprint);
      published.catch(() => this.datasets.delete(identity));
      this.datasets.set(identity, published);
    }
    return published;
  }

  private async stopTrial(trial: QueueTrial): Promise<void> {
    if (!trial.ended) {
      trial.stopRequested = true;
      // Not on the queue yet (Redis away): it ends now, and add() takes it off again if it gets there.
      if (trial.phase === 'submitting') trial.endStopped();
      else await this.stopQueued(trial);
    }
    await trial.whenEnded;
  }

  /** A waiting job is removed (it ends 'stopped' at once); a training one is told to stop between steps, and its result ends it. */
  private async stopQueued(trial: QueueTrial): Promise<void> {
    const key = trial.job.key;
    const state = await this.queue.getJobState(key);
    if (state === 'completed' || state === 'failed') return this.deliver(trial);
    if (state !== 'active' && (await this.queue.remove(key)) === 1) {
      trial.endStopped();
      return;
    }
    // A day is far longer than any wait for a worker's next step; the key must not outlive a stale job forever.
    await this.redis.set(stopKey(key), 'stopped', 'EX', 24 * 3600);
    // It may have finished between the look and the stop.
    if ((await this.queue.getJobState(key)) !== 'active') await this.deliver(trial);
  }

  /** A finished job's outcome, read from the job (for what the events did not say). */
  private async deliver(trial: QueueTrial): Promise<void> {
    if (trial.ended) return;
    const job = (await this.queue.getJob(trial.job.key)) as Job | undefined;
    if (!job) return;
    const state = await job.getState();
    if (state === 'completed') trial.onCompleted(job.returnvalue);
    else if (state === 'failed') trial.onFailed(job.failedReason);
  }

  /** Every pollMs while connected: the workers (for status) and each unfinished job's state. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed || this.redis.status !== 'ready') return;
    this.polling = true;
    try {
      const workers = await readWorkers(this.redis);
      if (presence(workers) !== presence(this.workers)) {
        this.workers = workers;
        this.options.onStatus?.(this.status());
      } else this.workers = workers;
      for (const trial of [...this.trials.values()]) {
        if (trial.phase !== 'queued' || trial.ended) continue;
        const state = await this.queue.getJobState(trial.job.key);
        if (state === 'completed' || state === 'failed') await this.deliver(trial);
        else if (state === 'unknown' && !trial.stopRequested && !this.closed) {
          this.log(`${trial.job.label}: its job is no longer in Redis (did Redis restart without its data?); it is put on the queue again.`);
          await this.add(trial);
        }
      }
    } catch (error) {
      // A connection lost mid-look: status says so; the next look starts over.
      if (this.redis.status === 'ready' && !this.closed) this.log(`the queue ${this.queueName}: ${scrubPassword(error instanceof Error ? error.message : String(error), this.url)}`);
    } finally {
      this.polling = false;
    }
  }

  private setState(state: QueueState, message: string | null): void {
    if (this.closed || (this.state === state && this.message === message)) return;
    this.state = state;
    this.message = message;
    this.options.onStatus?.(this.status());
  }
}

/** What of the workers is worth a new search:progress (their last-seen time changes every few seconds). */
function presence(workers: readonly QueueWorker[]): string {
  return JSON.stringify(workers.map(({ lastSeen: _lastSeen, ...rest }) => rest));
}
