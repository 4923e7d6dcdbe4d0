/** Which number ranks a search's trials, and the ranking: dev accuracy for classifiers (higher is better), else dev loss (lower). */
import type { MetricPair } from '../api/history';
import type { SearchMetric, Trial } from '../api/search';
import type { GraphDoc } from '../graph/doc';

/** dev-accuracy for classifiers (a sigmoid or softmax output), else dev-loss. */
export function metricFor(design: GraphDoc): SearchMetric {
  return design.nodes.some((node) => node.kind === 'sigmoid-output' || node.kind === 'softmax-output') ? 'dev-accuracy' : 'dev-loss';
}

/** The number the metric ranks by, or null (no dev set, not finite). */
export function metricValue(metric: SearchMetric, dev: MetricPair | null): number | null {
  if (!dev) return null;
  const value = metric === 'dev-accuracy' ? dev.accuracy : dev.loss;
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Whether a is strictly better than b. */
export function isBetter(metric: SearchMetric, a: number, b: number): boolean {
  return metric === 'dev-accuracy' ? a > b : a < b;
}

/** Best first (ties in index order); trials without a metric last, in index order. */
export function rankTrials(metric: SearchMetric, trials: readonly Trial[]): Trial[] {
  return [...trials].sort((a, b) => {
    const ma = usable(a.metric);
    const mb = usable(b.metric);
    if (ma === null || mb === null) return ma === mb ? a.index - b.index : ma === null ? 1 : -1;
    if (isBetter(metric, ma, mb)) return -1;
    if (isBetter(metric, mb, ma)) return 1;
    return a.index - b.index;
  });
}

function usable(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
