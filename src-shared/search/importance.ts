/**
 * Which hyperparameters mattered in a search: Spearman's rank correlation of each with the metric
 * (on its own axis, so a log-drawn α is ranked as drawn), and the share of the metric's variance its
 * bins explain (one-way ANOVA η², the main effect of fANOVA-style analyses).
 */
import type { SearchMetric, Trial } from '../api/search';
import type { ParamScale, SearchableName, SearchSpace } from '../api/search-space';
import { scaleCoordinate, spaceNames } from './space';

export interface Importance {
  name: SearchableName;
  spearman: number | null;
  varianceExplained: number | null;
}

/** Spearman's rank correlation (average ranks for ties); null with fewer than 3 pairs or no spread. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error(`spearman needs pairs: got ${xs.length} x's and ${ys.length} y's.`);
  if (xs.length < 3) return null;
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Ranks from 1, tied values sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const shared = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!.index] = shared;
    start = end + 1;
  }
  return ranks;
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Per hyperparameter: its Spearman correlation with the metric and the variance its bins explain,
 * the most important first (by variance explained, then |Spearman|; unknowns last). A choice of
 * unordered names has no rank correlation (null) unless it has two values.
 */
export function importance(space: SearchSpace, trials: readonly Trial[], metric: SearchMetric): Importance[] {
  void metric; // both metrics are ranked as they are: the sign of Spearman says which way is better.
  const scored = trials.filter((trial) => trial.metric !== null && Number.isFinite(trial.metric));
  const results = spaceNames(space).map((name): Importance => {
    const scale = space[name]!;
    const pairs = scored.flatMap((trial) => {
      const value = trial.params[name];
      if (value === undefined) return [];
      const x = orderedCoordinate(scale, value);
      return [{ x, bin: binKey(scale, value), y: trial.metric! }];
    });
    const ordered = pairs.filter((pair): pair is { x: number; bin: string; y: number } => pair.x !== null && Number.isFinite(pair.x));
    const rho = ordered.length === pairs.length ? spearman(ordered.map((p) => p.x), ordered.map((p) => p.y)) : null;
    const bins = scale.kind === 'choice' ? pairs.map((p) => p.bin) : quantileBins(ordered.map((p) => p.x));
    return { name, spearman: rho, varianceExplained: etaSquared(bins, (scale.kind === 'choice' ? pairs : ordered).map((p) => p.y)) };
  });
  const weight = (value: number | null) => (value === null ? -1 : Math.abs(value));
  return results.sort((a, b) => weight(b.varianceExplained) - weight(a.varianceExplained) || weight(b.spearman) - weight(a.spearman));
}

/** The value's place on an ordered axis, or null for a choice of more than two unordered names. */
function orderedCoordinate(scale: ParamScale, value: Trial['params'][SearchableName] & {}): number | null {
  if (scale.kind !== 'choice') return scaleCoordinate(scale, value);
  if (scale.values.every((v) => typeof v === 'number')) return typeof value === 'number' ? value : null;
  return scale.values.length === 2 ? scaleCoordinate(scale, value) : null;
}

function binKey(scale: ParamScale, value: unknown): string {
  return scale.kind === 'choice' ? JSON.stringify(value) : '';
}

/** Equal-count bins over the sorted coordinates: about √n bins, 2 to 10. */
function quantileBins(xs: readonly number[]): string[] {
  const count = Math.max(2, Math.min(10, Math.floor(Math.sqrt(xs.length))));
  const ranks = averageRanks(xs);
  // Tied coordinates share a rank and so a bin.
  return ranks.map((rank) => String(Math.min(count - 1, Math.floor(((rank - 1) * count) / xs.length))));
}

/** η² = between-bin sum of squares / total sum of squares; null with fewer than 3 values or no spread. */
function etaSquared(bins: readonly string[], ys: readonly number[]): number | null {
  if (ys.length < 3) return null;
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  const total = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  if (total === 0) return null;
  const groups = new Map<string, number[]>();
  bins.forEach((bin, i) => {
    const group = groups.get(bin);
    if (group) group.push(ys[i]!);
    else groups.set(bin, [ys[i]!]);
  });
  let between = 0;
  for (const group of groups.values()) {
    const groupMean = group.reduce((s, y) => s + y, 0) / group.length;
    between += group.length * (groupMean - mean) ** 2;
  }
  return Math.min(1, between / total);
}
