/**
 * The search service: hyperparameter searches ("caviar") over a trial executor, kept in the
 * experiment database. start validates everything before writing (the space, every sampled
 * trial applied to the design, the first trial prepared on its data), records the search with its
 * sampled trials and hands it to a SearchRun (the scheduler). A search a crash left running is
 * marked interrupted when the database is opened here; resume trains only its unfinished trials.
 * search:progress goes out at most 10 times a second per search, with the trials that changed.
 * A search started with runOn {kind: 'queue', url} trains on that Redis queue through a
 * QueueTrialExecutor of its own (kept with the search, so resume reattaches to the same queue);
 * its summary carries the queue's state and workers while it runs, and a change of either is
 * sent as search:progress too.
 */
import { CommandError, redactQueueUrl, StartSearchRequest, type EmitEvent, type EventPayload, type QueueStatus, type SearchDetail, type SearchSummary, type Trial } from '@shared/api';
import { applyParams } from '@shared/search/api';
import type { SqliteDatabase } from '../history/database';
import { checkedDesign } from '../training/design-check';
import { prepareSearch } from './prepare-search';
import type { QueueTrialExecutor } from './queue-executor';
import type { QueueSearches } from './queue-searches';
import { ProgressThrottle } from './progress-throttle';
import { publicTrial, type SearchRecord, type TrialRecord } from './search-rows';
import { SearchRun, type TrialJobPlan } from './search-run';
import { SearchStore } from './search-store';
import { detailOf, summaryOf } from './search-summary';
import type { TrialExecutor } from './trial-executor';
import { fullSteps, trainRowsOf } from './trial-steps';
import type { z } from 'zod';

export interface SearchServiceOptions {
  db: SqliteDatabase;
  executor: TrialExecutor;
  emit: EmitEvent;
  now?: () => Date;
  log?: (line: string) => void;
  /** Between two search:progress messages of one search (default 100 ms). */
  progressIntervalMs?: number;
  /** Searches on a Redis queue (absent: a search asking for one is refused as unavailable here). */
  queue?: QueueSearches;
}

export type SearchProgress = EventPayload<'search:progress'>;
export type StartSearchInput = z.input<typeof StartSearchRequest>;

export class SearchService {
  private readonly store: SearchStore;
  private readonly live = new Map<string, SearchRun>();
  /** The queue executor of each live queue search. */
  private readonly queues = new Map<string, QueueTrialExecutor>();
  /** Queues of ended searches being let go (retired or closed): close() closes them too. */
  private readonly lettingGo = new Set<QueueTrialExecutor>();
  private readonly listeners = new Set<(progress: SearchProgress) => void>();
  private readonly throttle: ProgressThrottle;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SearchServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => console.error(line));
    this.store = new SearchStore(options.db, { now: this.now });
    this.throttle = new ProgressThrottle({ send: (searchId, trials) => this.sendProgress(searchId, trials), intervalMs: options.progressIntervalMs ?? 100 });
  }

  /** Searches a crash had left running, marked interrupted when this service opened the database. */
  get interruptedAtOpen(): number {
    return this.store.interruptedAtOpen;
  }

  async start(input: StartSearchInput): Promise<SearchSummary> {
    const request = StartSearchRequest.parse(input);
    const runOn = request.runOn ?? { kind: 'local' };
    if (runOn.kind === 'queue') this.queueSearches();
    if (request.parentId !== undefined && !this.store.search(request.parentId)) throw notFound(request.parentId);
    const prepared = await prepareSearch(request);
    const record: SearchRecord = {
      searchId: this.store.nextSearchId(),
      name: request.name ?? `Search of ${Object.keys(request.space).join(', ')}`,
      status: 'running',
      createdAt: this.now().toISOString(),
      endedAt: null,
      metric: prepared.metric,
      plan: prepared.plan,
      space: request.space,
      design: request.design,
      settings: request.settings,
      parentId: request.parentId ?? null,
      error: null,
      runOn,
    };
    const trials = prepared.trials.map((trial, index) => pendingTrial(index, trial.params));
    this.store.insert(record, trials);
    return this.run(record, trials, new Map(prepared.trials.map((trial, index) => [index, trial])));
  }

  /** Newest first. */
  list(): { searches: SearchSummary[] } {
    return { searches: this.store.list().map((record) => this.summaryOf(record.searchId) ?? summaryOf(record, this.store.trials(record.searchId))) };
  }

  get({ searchId }: { searchId: string }): SearchDetail {
    const run = this.live.get(searchId);
    const record = run?.record ?? this.record(searchId);
    const detail = detailOf(record, run?.trials ?? this.store.trials(searchId), this.store.children(searchId));
    return { ...detail, summary: this.summaryOf(searchId) ?? detail.summary };
  }

  /** Stops what trains or waits; the search ends 'stopped' with what it found. An interrupted search is closed for good (no resume). */
  async stop({ searchId }: { searchId: string }): Promise<SearchSummary> {
    const run = this.live.get(searchId);
    if (run) {
      await run.stop();
      return this.summaryOf(searchId) ?? run.summary();
    }
    const record = this.record(searchId);
    if (record.status === 'interrupted') {
      for (const trial of this.store.trials(searchId)) if (trial.status === 'pending') this.store.updateTrial(searchId, { ...trial, status: 'stopped' }, 'ended');
      this.store.end(searchId, 'stopped', null);
    }
    return summaryOf(this.record(searchId), this.store.trials(searchId));
  }

  async stopTrial({ searchId, index }: { searchId: string; index: number }): Promise<Trial> {
    const run = this.live.get(searchId);
    if (run) return run.stopTrial(index);
    this.record(searchId);
    const trial = this.store.trials(searchId)[index];
    if (!trial) throw new CommandError('not_found', `${searchId} has no trial ${index}.`);
    // A waiting trial of an interrupted search is left out of its resume.
    if (trial.status === 'pending') {
      trial.status = 'stopped';
      this.store.updateTrial(searchId, trial, 'ended');
    }
    return publicTrial(trial);
  }

  /** An interrupted search trains the trials it had not finished; those that had are kept as they were. */
  async resume({ searchId }: { searchId: string }): Promise<SearchSummary> {
    if (this.live.get(searchId)?.status === 'running') throw new CommandError('conflict', `${searchId} is already running.`);
    const record = this.record(searchId);
    if (record.runOn.kind === 'queue') this.queueSearches();
    if (record.status !== 'interrupted') throw new CommandError('conflict', `${searchId} cannot be resumed: it is ${record.status}, and only an interrupted search can be.`);
    this.store.resetUnfinished(searchId);
    const trials = this.store.trials(searchId);
    const jobs = await this.jobsFor(record, trials.filter((trial) => trial.status === 'pending'));
    this.store.claim(searchId);
    Object.assign(record, { status: 'running', endedAt: null, error: null });
    return this.run(record, trials, jobs);
  }

  /**
   * Queue searches this coordinator left behind (it closed or crashed while they ran): their workers
   * trained on, so each is resumed at once on its queue, picking up the results that arrived
   * meanwhile (search:resume does the same by hand). The app and the web host call this when they
   * open the database; `deepwire sweep` does not. Returns the searches it reattached.
   */
  async reattachQueueSearches(): Promise<string[]> {
    if (!this.options.queue) return [];
    const reattached: string[] = [];
    for (const record of this.store.list()) {
      if (record.status !== 'interrupted' || record.runOn.kind !== 'queue' || this.live.has(record.searchId)) continue;
      try {
        await this.resume({ searchId: record.searchId });
        reattached.push(record.searchId);
        this.log(`${record.searchId} reattached to its queue at ${redactQueueUrl(record.runOn.url)}.`);
      } catch (error) {
        this.log(`${record.searchId} could not reattach to its queue at ${redactQueueUrl(record.runOn.url)}: ${error instanceof Error ? error.message : String(error)} (search:resume tries again).`);
      }
    }
    return reattached;
  }

  /** Resolves with the search's summary once it has ended (at once for one that is not running). */
  async waitFor(searchId: string): Promise<SearchSummary> {
    const run = this.live.get(searchId);
    if (run) {
      await run.done;
      return this.summaryOf(searchId) ?? run.summary();
    }
    return summaryOf(this.record(searchId), this.store.trials(searchId));
  }

  /** Every search:progress message, as emitted; returns the unsubscribe. */
  onProgress(listener: (progress: SearchProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** search:queueStatus: who has joined the queue at `url`, or why it cannot be reached. */
  async queueStatus({ url }: { url: string }): Promise<QueueStatus> {
    return this.queueSearches().probe(url);
  }

  /**
   * Shutdown: running searches end 'interrupted' (resumable); the trials' runs are ended by the
   * training service's own dispose, or by their queue executor (its jobs go on training; a resume
   * picks their results up). close() also waits for the queues' connections to close.
   */
  dispose(): void {
    void this.close();
  }

  async close(): Promise<void> {
    for (const run of this.live.values()) run.interrupt();
    const closing = [...this.queues.values(), ...this.lettingGo].map((executor) => executor.close());
    this.throttle.dispose();
    await Promise.allSettled(closing);
  }

  private run(record: SearchRecord, trials: TrialRecord[], jobs: Map<number, TrialJobPlan>): SearchSummary {
    const { searchId } = record;
    let executor: TrialExecutor = this.options.executor;
    if (record.runOn.kind === 'queue') {
      const queue = this.queueSearches().executorFor(searchId, record.runOn.url, record.plan.parallel, () => this.throttle.changed(searchId, []));
      this.queues.set(searchId, queue);
      executor = queue;
    }
    const run = new SearchRun({
      record,
      trials,
      jobs,
      executor,
      store: this.store,
      changed: (indices) => this.throttle.changed(searchId, indices),
      log: this.log,
    });
    this.live.set(searchId, run);
    void run.done.then(async () => {
      const queue = this.queues.get(searchId);
      if (queue) {
        // Ended, it says 'closed' at once (its record's queue), while the queue is let go behind it (close() waits for that).
        this.queues.delete(searchId);
        // An interrupted search's jobs train on (its resume picks them up); an ended one's queue is no longer worked on.
        this.lettingGo.add(queue);
        await (record.status === 'interrupted' ? queue.close() : queue.retire()).catch((error: unknown) => this.log(`${searchId}: ${error instanceof Error ? error.message : String(error)}`));
        this.lettingGo.delete(queue);
      }
      // Its last message goes out after its end; the record then answers from the database.
      setTimeout(() => this.live.get(searchId) === run && this.live.delete(searchId), (this.options.progressIntervalMs ?? 100) * 2);
    });
    run.start();
    return this.summaryOf(searchId) ?? run.summary();
  }

  /** A live search's summary, with its queue's state and workers when it runs on one; null when it is not live. */
  private summaryOf(searchId: string): SearchSummary | null {
    const run = this.live.get(searchId);
    if (!run) return null;
    const queue = this.queues.get(searchId);
    return queue ? { ...run.summary(), queue: queue.status() } : run.summary();
  }

  private queueSearches(): QueueSearches {
    if (!this.options.queue) throw new CommandError('unavailable', 'Searches on a Redis queue are not available here: this host has no experiment database to record their trials in.');
    return this.options.queue;
  }

  private async jobsFor(record: SearchRecord, pending: readonly TrialRecord[]): Promise<Map<number, TrialJobPlan>> {
    const jobs = new Map<number, TrialJobPlan>();
    if (pending.length === 0) return jobs;
    const design = checkedDesign(record.design, 'trained');
    let trainRows: number | null = null;
    for (const trial of pending) {
      const applied = applyParams({ design, settings: record.settings }, trial.params, record.plan.epochs);
      if (!applied.ok) throw new CommandError('invalid_request', `${record.searchId} cannot resume: trial ${trial.index} no longer applies (${applied.message}).`);
      trainRows ??= await trainRowsOf(applied.design, applied.settings);
      jobs.set(trial.index, { design: applied.design, settings: applied.settings, fullSteps: fullSteps(applied.settings, trainRows) });
    }
    return jobs;
  }

  private sendProgress(searchId: string, indices: number[]): void {
    const run = this.live.get(searchId);
    if (!run) return;
    const progress: SearchProgress = { search: this.summaryOf(searchId) ?? run.summary(), trials: indices.map((index) => publicTrial(run.trials[index]!)) };
    this.options.emit('search:progress', progress);
    for (const listener of this.listeners) listener(progress);
  }

  private record(searchId: string): SearchRecord {
    const record = this.store.search(searchId);
    if (!record) throw notFound(searchId);
    return record;
  }
}

function pendingTrial(index: number, params: TrialRecord['params']): TrialRecord {
  return { index, runId: null, params, status: 'pending', epochs: 0, steps: 0, train: null, dev: null, metric: null, rung: 0, worker: null, error: null, rungValues: [] };
}

function notFound(searchId: string): CommandError {
  return new CommandError('not_found', `There is no search ${searchId}; search:list names the searches there are.`);
}
