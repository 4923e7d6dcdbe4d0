/**
 * The scheduler of one live search: it submits pending trials through the executor, at most
 * plan.parallel at once, in index order; reserves each trial's steps from the step budget before it
 * starts (a trial that would not fit waits while others run and may give steps back; when none
 * runs it gets what is left, and with nothing left it ends 'budget'); keeps each trial's best-epoch
 * metric; prunes clear losers by successive halving at each rung; and ends the search when every
 * trial has ended. Every change is written to the store as it happens and announced by `changed`.
 */
import { CommandError, type RunSettings, type SearchStatus, type Trial } from '@shared/api';
import type { GraphDoc } from '@shared/graph/doc';
import { isBetter, metricValue, rungEpochs, StepBudget, SuccessiveHalving } from '@shared/search/api';
import { publicTrial, type SearchRecord, type TrialRecord } from './search-rows';
import type { SearchStore } from './search-store';
import { isFinished, summaryOf } from './search-summary';
import type { TrialEnd, TrialEpoch, TrialExecutor, TrialHandle } from './trial-executor';
import { trialStatusOf, type StopReason } from './trial-outcome';

/** What the executor needs to train a pending trial. */
export interface TrialJobPlan {
  design: GraphDoc;
  settings: RunSettings;
  fullSteps: number;
}

export interface SearchRunOptions {
  record: SearchRecord;
  /** Every trial of the search (a resumed search includes those that had finished). */
  trials: TrialRecord[];
  /** The trials still to train, by index. */
  jobs: Map<number, TrialJobPlan>;
  executor: TrialExecutor;
  store: SearchStore;
  changed: (trials: number[]) => void;
  log: (line: string) => void;
}

interface Running {
  handle: TrialHandle | null;
  reserved: number;
  reason: StopReason | null;
  ended: boolean;
  whenEnded: Promise<void>;
  markEnded: () => void;
}

export class SearchRun {
  readonly record: SearchRecord;
  readonly trials: TrialRecord[];
  private readonly queue: number[];
  private readonly running = new Map<number, Running>();
  private readonly budget: StepBudget;
  private readonly halving: SuccessiveHalving | null;
  private readonly rungs: Set<number>;
  /** Set when the search is being stopped, or the executor shut down (no trial starts after). */
  private closing: Exclude<SearchStatus, 'running' | 'completed'> | null = null;
  private finished = false;
  /** Trials whose epoch progress waits for the next batched write. */
  private readonly dirty = new Set<TrialRecord>();
  private dirtyTimer: ReturnType<typeof setTimeout> | null = null;
  private resolveDone: () => void = () => {};
  /** Resolves once the search has ended (its final status written). */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly options: SearchRunOptions) {
    this.record = options.record;
    this.trials = options.trials;
    const { plan, metric } = this.record;
    this.queue = this.trials.filter((trial) => trial.status === 'pending').map((trial) => trial.index);
    this.budget = new StepBudget(plan.budgetSteps);
    // Steps the finished trials took stay spent.
    const spent = this.trials.filter(isFinished).reduce((sum, trial) => sum + trial.steps, 0);
    if (spent > 0) {
      const reserved = this.budget.reserve(spent);
      this.budget.settle(reserved, reserved);
    }
    this.halving = plan.halving ? new SuccessiveHalving(plan.halving, plan.epochs, metric) : null;
    this.rungs = new Set(plan.halving ? rungEpochs(plan.halving, plan.epochs) : []);
    // A resumed search's rungs hold what its finished trials reached, so the newcomers are measured against them.
    for (const trial of this.trials) if (isFinished(trial)) for (const [epoch, value] of trial.rungValues) this.halving?.report(trial.index, epoch, value);
  }

  get status(): SearchStatus {
    return this.record.status;
  }

  summary() {
    return summaryOf(this.record, this.trials);
  }

  start(): void {
    this.pump();
  }

  /** Stops every trial training or waiting; resolves when the search has ended 'stopped'. */
  async stop(): Promise<void> {
    if (this.finished) return;
    this.closing ??= 'stopped';
    for (const index of this.queue.splice(0)) this.endPending(index, 'stopped', null);
    await Promise.all([...this.running.values()].map((entry) => this.stopRunning(entry, 'stopped')));
    this.finishIfIdle();
    await this.done;
  }

  /** The executor is going away: trials training now will run again on resume. */
  interrupt(): void {
    if (this.finished) return;
    this.closing = 'interrupted';
    this.queue.length = 0;
    this.finishIfIdle();
  }

  async stopTrial(index: number): Promise<Trial> {
    const trial = this.trials[index];
    if (!trial) throw new CommandError('not_found', `${this.record.searchId} has no trial ${index}; its trials are numbered 0 to ${this.trials.length - 1}.`);
    const queued = this.queue.indexOf(index);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.endPending(index, 'stopped', null);
      this.pump();
    }
    const entry = this.running.get(index);
    if (entry) await this.stopRunning(entry, 'stopped');
    return publicTrial(trial);
  }

  private async stopRunning(entry: Running, reason: StopReason): Promise<void> {
    entry.reason ??= reason;
    // A trial still being submitted is stopped as soon as its handle arrives.
    await entry.handle?.stop();
    await entry.whenEnded;
  }

  private pump(): void {
    const { parallel } = this.record.plan;
    while (!this.closing && this.queue.length > 0 && this.running.size < parallel) {
      const index = this.queue[0]!;
      const job = this.options.jobs.get(index)!;
      const { remaining } = this.budget;
      // Running trials may give steps back (pruned, stopped, early-stopped): wait for them before cutting this one short.
      if (remaining !== null && remaining < job.fullSteps && this.running.size > 0) break;
      this.queue.shift();
      const reserved = this.budget.reserve(job.fullSteps);
      if (reserved === 0) {
        this.endPending(index, 'budget', 'The step budget was spent before this trial could start.');
        continue;
      }
      this.launch(index, job, reserved);
    }
    this.finishIfIdle();
  }

  private launch(index: number, job: TrialJobPlan, reserved: number): void {
    let markEnded = () => {};
    const whenEnded = new Promise<void>((resolve) => (markEnded = resolve));
    const entry: Running = { handle: null, reserved, reason: null, ended: false, whenEnded, markEnded };
    this.running.set(index, entry);
    const trial = this.trials[index]!;
    trial.status = 'running';
    this.write(trial, 'started');
    const { searchId } = this.record;
    const limited = this.record.plan.budgetSteps !== null;
    this.options.executor
      .submit(
        { key: `${searchId}#${index}`, label: `${searchId} · trial ${index}`, design: job.design as unknown as Record<string, unknown>, settings: job.settings, stepLimit: limited ? reserved : null },
        {
          onStarted: (runId, worker) => this.guard(() => this.onStarted(trial, runId, worker)),
          onEpoch: (epoch) => this.guard(() => this.onEpoch(trial, entry, epoch)),
          onEnded: (end) => this.guard(() => this.onEnded(trial, entry, end)),
        },
      )
      .then((handle) => {
        entry.handle = handle;
        if (entry.reason && !entry.ended) void handle.stop();
      })
      .catch((error: unknown) => {
        if (entry.ended) return;
        const message = error instanceof Error ? error.message : String(error);
        this.onEnded(trial, entry, { state: 'failed', steps: 0, epochs: 0, train: null, dev: null, error: message, hitStepLimit: false });
      });
  }

  private onStarted(trial: TrialRecord, runId: string, worker: string): void {
    trial.runId = runId;
    trial.worker = worker;
    this.write(trial);
  }

  private onEpoch(trial: TrialRecord, entry: Running, epoch: TrialEpoch): void {
    if (entry.ended) return;
    trial.epochs = epoch.epoch;
    trial.steps = epoch.steps;
    if (epoch.train) trial.train = epoch.train;
    if (epoch.dev) trial.dev = epoch.dev;
    this.keepBest(trial, epoch.dev);
    if (this.halving && !entry.reason) {
      const decision = this.halving.report(trial.index, epoch.epoch, trial.metric);
      trial.rung = this.halving.rungOf(trial.index);
      if (this.rungs.has(epoch.epoch)) trial.rungValues.push([epoch.epoch, trial.metric]);
      if (decision === 'prune') {
        entry.reason = 'pruned';
        void entry.handle?.stop();
      }
      // What a resumed search rebuilds its rungs from is written at once.
      if (this.rungs.has(epoch.epoch)) {
        this.write(trial);
        return;
      }
    }
    this.writeSoon(trial);
  }

  /**
   * An epoch's progress is written with the next batch (at most twice a second), not one UPDATE
   * per epoch: a small trial reports hundreds of epochs a second, and each autocommit would take
   * main-thread time from the workers. A crash loses at most that half second of a trial's
   * progress, which resume retrains anyway (it restarts unfinished trials).
   */
  private writeSoon(trial: TrialRecord): void {
    this.dirty.add(trial);
    this.options.changed([trial.index]);
    if (this.dirtyTimer) return;
    this.dirtyTimer = setTimeout(() => this.writeDirty(), 500);
  }

  private writeDirty(): void {
    if (this.dirtyTimer) clearTimeout(this.dirtyTimer);
    this.dirtyTimer = null;
    const trials = [...this.dirty];
    this.dirty.clear();
    for (const trial of trials) this.options.store.updateTrial(this.record.searchId, trial);
  }

  private onEnded(trial: TrialRecord, entry: Running, end: TrialEnd): void {
    if (entry.ended) return;
    entry.ended = true;
    this.running.delete(trial.index);
    const taken = Math.min(end.steps, entry.reserved);
    this.budget.settle(entry.reserved, taken);
    const status = trialStatusOf(end, entry.reason);
    if (status === null) {
      // Interrupted with the executor: it starts over on resume.
      Object.assign(trial, { status: 'pending', runId: null, epochs: 0, steps: 0, train: null, dev: null, metric: null, rung: 0, rungValues: [], worker: null, error: null });
      this.closing = 'interrupted';
      this.queue.length = 0;
      this.write(trial);
    } else {
      trial.status = status;
      trial.epochs = end.epochs;
      trial.steps = end.steps;
      if (end.train) trial.train = end.train;
      if (end.dev) trial.dev = end.dev;
      this.keepBest(trial, end.dev);
      trial.error = end.error;
      this.write(trial, 'ended');
    }
    entry.markEnded();
    this.pump();
  }

  /** A trial's metric is its best epoch's. */
  private keepBest(trial: TrialRecord, dev: TrialEpoch['dev']): void {
    const value = metricValue(this.record.metric, dev);
    if (value !== null && (trial.metric === null || isBetter(this.record.metric, value, trial.metric))) trial.metric = value;
  }

  private endPending(index: number, status: 'stopped' | 'budget', error: string | null): void {
    const trial = this.trials[index]!;
    trial.status = status;
    trial.error = error;
    this.write(trial, 'ended');
  }

  private finishIfIdle(): void {
    if (this.finished || this.running.size > 0) return;
    if (!this.closing && this.queue.length > 0) return;
    this.finished = true;
    this.writeDirty();
    const status = this.closing ?? 'completed';
    const error = status === 'interrupted' ? 'Deepwire stopped while this search was running; search:resume runs the trials it had not finished.' : null;
    const endedAt = this.options.store.end(this.record.searchId, status, error);
    Object.assign(this.record, { status, endedAt, error });
    this.options.changed([]);
    this.resolveDone();
  }

  private write(trial: TrialRecord, moment?: 'started' | 'ended'): void {
    this.dirty.delete(trial);
    this.options.store.updateTrial(this.record.searchId, trial, moment);
    this.options.changed([trial.index]);
  }

  /** An executor callback must not throw into the executor: what failed is logged, the search goes on. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.log(`${this.record.searchId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
