/**
 * Successive halving as early stopping, ASHA-style (asynchronous): there is no waiting for a whole
 * rung to fill. A trial arriving at a rung goes on when it is among the best ⌈n / eta⌉ of the n
 * trials that have reached that rung so far, so early arrivals are judged against fewer peers and
 * a clear loser stops as soon as eta trials give it something to lose against.
 */
import type { HalvingPlan, SearchMetric } from '../api/search';
import { isBetter } from './ranking';

/** The rung epochs below `epochs`: minEpochs · eta^k. */
export function rungEpochs(plan: HalvingPlan, epochs: number): number[] {
  const rungs: number[] = [];
  for (let at = plan.minEpochs; at < epochs; at *= plan.eta) rungs.push(at);
  return rungs;
}

export class SuccessiveHalving {
  private readonly rungs: number[];
  /** Per rung, each trial's value when it arrived (null: no metric), in arrival order. */
  private readonly arrivals: Map<number, number | null>[];
  private readonly reached = new Map<number, number>();

  constructor(
    private readonly plan: HalvingPlan,
    epochs: number,
    private readonly metric: SearchMetric,
  ) {
    this.rungs = rungEpochs(plan, epochs);
    this.arrivals = this.rungs.map(() => new Map());
  }

  /**
   * A trial reached `epoch` with `value`: at a rung it goes on only if it is among the best
   * ⌈n / eta⌉ of the n trials that have reached that rung so far (while n < eta, it goes on).
   * Returns 'prune' for a clear loser. Not at a rung: 'continue'. A trial without a value ranks
   * below every trial with one; reported again at the same rung (a resumed search), its value is replaced.
   */
  report(trialIndex: number, epoch: number, value: number | null): 'continue' | 'prune' {
    const rung = this.rungs.indexOf(epoch);
    if (rung < 0) return 'continue';
    const arrivals = this.arrivals[rung]!;
    const own = value !== null && Number.isFinite(value) ? value : null;
    arrivals.set(trialIndex, own);
    this.reached.set(trialIndex, Math.max(this.reached.get(trialIndex) ?? 0, rung + 1));
    const n = arrivals.size;
    if (n < this.plan.eta) return 'continue';
    let better = 0;
    for (const [other, theirs] of arrivals) {
      if (other !== trialIndex && this.beats(theirs, own)) better++;
    }
    // Ties go on: only trials strictly better count against this one.
    return better < Math.ceil(n / this.plan.eta) ? 'continue' : 'prune';
  }

  /** How many rungs the trial has reached: 0 before the first, 1 at the first (minEpochs), and so on. */
  rungOf(trialIndex: number): number {
    return this.reached.get(trialIndex) ?? 0;
  }

  private beats(theirs: number | null, own: number | null): boolean {
    if (theirs === null) return false;
    if (own === null) return true;
    return isBetter(this.metric, theirs, own);
  }
}
