/**
 * One side's curve in the arena: the best dev metric reached so far against the optimizer steps
 * spent so far, a point per epoch. It also remembers when the best was first reached, which the
 * verdict reports ("reached at 1,200 of 4,000 steps").
 */
import type { ComputePoint, MetricPair, SearchMetric } from '@shared/api';
import { isBetter, metricValue } from '@shared/search/api';

export class ComputeCurve {
  private readonly pointList: ComputePoint[] = [];
  private bestValue: number | null = null;
  private bestAt = 0;

  constructor(private readonly metric: SearchMetric) {}

  /** An epoch ended somewhere on this side after `steps` steps spent in all, with these dev metrics. */
  add(steps: number, dev: MetricPair | null): void {
    const value = metricValue(this.metric, dev);
    if (value !== null && (this.bestValue === null || isBetter(this.metric, value, this.bestValue))) {
      this.bestValue = value;
      this.bestAt = steps;
    }
    const last = this.pointList.at(-1);
    // Steps never go back: an epoch reported late (another trial's) is drawn at the compute spent by now.
    const at = Math.max(steps, last?.steps ?? 0);
    if (last && last.steps === at) this.pointList[this.pointList.length - 1] = { steps: at, bestDev: this.bestValue };
    else this.pointList.push({ steps: at, bestDev: this.bestValue });
  }

  get points(): ComputePoint[] {
    return [...this.pointList];
  }

  get best(): number | null {
    return this.bestValue;
  }

  /** The steps spent when the best value was first reached (0 before any). */
  get bestReachedAt(): number {
    return this.bestAt;
  }
}
