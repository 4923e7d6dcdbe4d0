/**
 * The arena's caviar side: a search over the request's space on the same design, data and step
 * budget, its trials submitted through the host's trial executor wrapped in a counter, so the
 * side's curve has a point at every epoch of every trial with the steps spent over all trials by
 * then. The trials share the budget: each is planned for ⌈budget / trials⌉ steps in whole epochs
 * (the search reserves a trial's planned steps when it starts, so planning more would leave later
 * trials nothing), and the search's step budget cuts the last one at exactly the budget. Steps a
 * pruned trial did not take return to the budget, but every trial may have started by then: what
 * is left when the search ends goes to its winner, trained on from its kept model (keep the
 * winners), so caviar spends exactly the budget, as panda does.
 */
import type { ParsedRequestOf, RunSummary, SearchDetail, SearchMetric, SearchSummary, Trial } from '@shared/api';
import { ComputeCurve } from './arena-curve';
import { epochsFor } from './arena-steps';
import type { ArenaTraining } from './arena-training';
import type { RunFollower } from './run-follower';
import type { TrialEvents, TrialExecutor, TrialHandle, TrialJob } from './trial-executor';

/** What the arena needs of the search service (SearchService has all of it). */
export interface CaviarSearch {
  start(request: ParsedRequestOf<'search:start'>): SearchSummary | Promise<SearchSummary>;
  get(request: { searchId: string }): SearchDetail | Promise<SearchDetail>;
  stop(request: { searchId: string }): SearchSummary | Promise<SearchSummary>;
  waitFor(searchId: string): Promise<SearchSummary>;
  /** Sends what is still waiting to go out and lets go of its timers (the arena's search service is its own). */
  dispose?(): void;
}

export interface CaviarSideOptions {
  executor: TrialExecutor;
  /** Where the winner trains on with the steps left when the search ends. */
  training: Pick<ArenaTraining, 'continueRun' | 'stop'>;
  follower: RunFollower;
  /** A search service over the given executor (the arena's counting one). */
  createSearch: (executor: TrialExecutor) => CaviarSearch;
  name: string;
  design: Record<string, unknown>;
  settings: ParsedRequestOf<'search:start'>['settings'];
  space: ParsedRequestOf<'search:start'>['space'];
  trials: number;
  parallel: number;
  seed: number;
  halving: boolean;
  budgetSteps: number;
  stepsPerEpoch: number;
  metric: SearchMetric;
  onChange: () => void;
}

/** Successive halving in the arena: rungs at 1, 3, 9, … epochs, a third going on at each. */
export const arenaHalving = { eta: 3, minEpochs: 1 } as const;

export class CaviarSide {
  readonly curve: ComputeCurve;
  readonly runIds: string[] = [];
  readonly log: string[] = [];
  searchId: string | null = null;
  private readonly stepsByTrial = new Map<string, number>();
  private readonly search: CaviarSearch;
  /** Steps the winner took after the search, training on with what was left. */
  private winnerSteps = 0;
  /** The winner's continued run while it trains. */
  private continued: string | null = null;
  private stopped = false;

  constructor(private readonly options: CaviarSideOptions) {
    this.curve = new ComputeCurve(options.metric);
    this.search = options.createSearch(this.countingExecutor(options.executor));
  }

  /** Steps spent over all trials so far. */
  get steps(): number {
    let total = 0;
    for (const steps of this.stepsByTrial.values()) total += steps;
    return total + this.winnerSteps;
  }

  /** Records and starts the search (a space that cannot apply to the design throws here). */
  async start(): Promise<SearchSummary> {
    const { name, design, settings, space, trials, parallel, seed, halving, budgetSteps, stepsPerEpoch } = this.options;
    const share = Math.ceil(budgetSteps / trials);
    const epochs = epochsFor(share, stepsPerEpoch);
    const plan = { strategy: 'random' as const, trials, parallel, seed, epochs, halving: halving ? { ...arenaHalving } : null, budgetSteps };
    const summary = await this.search.start({ name, design, settings, space, plan });
    this.searchId = summary.searchId;
    this.log.push(`${summary.searchId}: ${trials} random trial(s) of up to ${epochs} epoch(s), ${parallel} at once${halving ? ', losers stopped by successive halving (eta 3)' : ''}.`);
    this.options.onChange();
    return summary;
  }

  /** Waits for the search to end; says how its trials ended. */
  async finish(): Promise<SearchSummary> {
    const searchId = this.searchId!;
    const summary = await this.search.waitFor(searchId);
    const detail = await this.search.get({ searchId });
    this.search.dispose?.();
    const counts = new Map<string, number>();
    for (const trial of detail.trials) counts.set(trial.status, (counts.get(trial.status) ?? 0) + 1);
    const ended = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
    this.log.push(`${searchId} ended ${summary.status}: ${ended}.`);
    const best = detail.trials[0];
    if (best && best.metric !== null) this.log.push(`Best: trial ${best.index} (${Object.entries(best.params).map(([name, value]) => `${name} ${typeof value === 'number' ? Number(value.toPrecision(3)) : String(value)}`).join(', ')}).`);
    this.options.onChange();
    if (summary.status === 'completed' && best?.runId && !this.stopped) await this.spendTheRest(best);
    return summary;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.searchId) await this.search.stop({ searchId: this.searchId });
    if (this.continued) await this.options.training.stop({ runId: this.continued }).catch(() => undefined);
  }

  /** The steps pruned trials gave back after every trial had started: the winner trains on with them, from its kept model. */
  private async spendTheRest(best: Trial): Promise<void> {
    const { budgetSteps, stepsPerEpoch, training, follower } = this.options;
    const rest = budgetSteps - this.steps;
    if (rest <= 0) return;
    let run: RunSummary;
    try {
      run = await training.continueRun({ runId: best.runId!, epochs: epochsFor(rest, stepsPerEpoch) }, { stepLimit: rest });
    } catch (error) {
      this.log.push(`${rest.toLocaleString('en-US')} step(s) were left, but trial ${best.index} could not train on: ${error instanceof Error ? error.message : String(error)}`);
      this.options.onChange();
      return;
    }
    this.continued = run.runId;
    this.runIds.push(run.runId);
    this.log.push(`${rest.toLocaleString('en-US')} step(s) were left (pruned trials gave them back): trial ${best.index} trains on with them as ${run.runId}.`);
    this.options.onChange();
    for await (const event of follower.events(run)) {
      this.winnerSteps = event.kind === 'epoch' ? event.report.step : event.run.step;
      this.curve.add(this.steps, event.kind === 'epoch' ? event.report.dev : null);
      this.options.onChange();
      if (event.kind === 'ended' && event.run.state !== 'completed' && event.run.state !== 'stopped') this.log.push(`${run.runId} ended ${event.run.state}${event.run.error ? `: ${event.run.error}` : '.'}`);
    }
    this.continued = null;
  }

  /** The host's executor, counting each trial's steps and drawing the curve as epochs end. */
  private countingExecutor(inner: TrialExecutor): TrialExecutor {
    return {
      capacity: inner.capacity,
      submit: (job: TrialJob, events: TrialEvents): Promise<TrialHandle> =>
        inner.submit(job, {
          onStarted: (runId, worker) => {
            this.runIds.push(runId);
            this.options.onChange();
            events.onStarted(runId, worker);
          },
          onEpoch: (epoch) => {
            this.stepsByTrial.set(job.key, epoch.steps);
            this.curve.add(this.steps, epoch.dev);
            this.options.onChange();
            events.onEpoch(epoch);
          },
          onEnded: (end) => {
            this.stepsByTrial.set(job.key, end.steps);
            this.curve.add(this.steps, null);
            this.options.onChange();
            events.onEnded(end);
          },
        }),
    };
  }
}
