/**
 * Who won the arena, by how much and at what compute, as data and as the sentence the app and the
 * command line show: "caviar by 2.1 points of dev accuracy, reached at 1,200 of 4,000 steps".
 */
import type { SearchMetric } from '@shared/api';
import { isBetter } from '@shared/search/api';

export interface SideOutcome {
  bestDev: number | null;
  /** Steps spent when bestDev was first reached. */
  reachedAt: number;
}

export interface Verdict {
  winner: 'panda' | 'caviar' | 'tie';
  verdict: string;
}

const steps = (n: number) => n.toLocaleString('en-US');

/** The margin in the metric's own words: points of accuracy, or a dev loss difference. */
function margin(metric: SearchMetric, a: number, b: number): string {
  if (metric === 'dev-accuracy') return `${(Math.abs(a - b) * 100).toFixed(1)} points of dev accuracy`;
  return `${formatLoss(Math.abs(a - b))} lower dev loss`;
}

function formatLoss(value: number): string {
  return value >= 0.01 ? value.toFixed(3) : value.toExponential(2);
}

function describeValue(metric: SearchMetric, value: number): string {
  return metric === 'dev-accuracy' ? `${(value * 100).toFixed(1)} % dev accuracy` : `a dev loss of ${formatLoss(value)}`;
}

export function judge(metric: SearchMetric, budgetSteps: number, panda: SideOutcome, caviar: SideOutcome): Verdict {
  const budget = steps(budgetSteps);
  if (panda.bestDev === null && caviar.bestDev === null) {
    return { winner: 'tie', verdict: `a tie: neither side reached a finite dev metric within ${budget} steps` };
  }
  if (panda.bestDev === null) return { winner: 'caviar', verdict: `caviar: panda reached no finite dev metric; caviar reached ${describeValue(metric, caviar.bestDev!)} at ${steps(caviar.reachedAt)} of ${budget} steps` };
  if (caviar.bestDev === null) return { winner: 'panda', verdict: `panda: caviar reached no finite dev metric; panda reached ${describeValue(metric, panda.bestDev)} at ${steps(panda.reachedAt)} of ${budget} steps` };
  const [p, c] = [panda.bestDev, caviar.bestDev];
  if (!isBetter(metric, p, c) && !isBetter(metric, c, p)) {
    return { winner: 'tie', verdict: `a tie at ${describeValue(metric, p)} (panda at ${steps(panda.reachedAt)}, caviar at ${steps(caviar.reachedAt)} of ${budget} steps)` };
  }
  const winner = isBetter(metric, p, c) ? 'panda' : 'caviar';
  const won = winner === 'panda' ? panda : caviar;
  return { winner, verdict: `${winner} by ${margin(metric, p, c)}, reached at ${steps(won.reachedAt)} of ${budget} steps` };
}
