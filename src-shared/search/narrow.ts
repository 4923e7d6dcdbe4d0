/**
 * Coarse to fine: a child search's space inside its parent's, either around the best trials or
 * inside a box brushed on the plots. Intervals live on each scale's own axis (log10 α,
 * log10(1 − β), …), so "a bit around the best" means the same on a log scale as on a linear one.
 */
import type { SearchMetric, Trial } from '../api/search';
import type { ParamScale, ParamValue, SearchableName, SearchSpace } from '../api/search-space';
import { rankTrials } from './ranking';
import { scaleCoordinate, scaleExtent, spaceNames } from './space';

/** Each hyperparameter's interval on its own axis: the box a search covers (choice: the set of values). */
export type SearchBox = Partial<Record<SearchableName, [number, number] | ParamValue[]>>;

export function boxOf(space: SearchSpace): SearchBox {
  const box: SearchBox = {};
  for (const name of spaceNames(space)) {
    const scale = space[name]!;
    box[name] = scale.kind === 'choice' ? [...scale.values] : scaleExtent(scale);
  }
  return box;
}

/**
 * A narrower space around the best k trials: on each numeric axis the span of their values plus
 * `margin` of it on each side (of the parent's width when they all share one value), clipped to the
 * parent; choices keep the values the top k used. Without trials that have a metric, the parent's space.
 */
export function narrowAroundTop(space: SearchSpace, trials: readonly Trial[], metric: SearchMetric, k: number, margin = 0.1): SearchSpace {
  const top = rankTrials(metric, trials)
    .filter((trial) => trial.metric !== null && Number.isFinite(trial.metric))
    .slice(0, Math.max(1, k));
  if (top.length === 0) return { ...space };
  const child: SearchSpace = {};
  for (const name of spaceNames(space)) {
    const scale = space[name]!;
    const values = top.map((trial) => trial.params[name]).filter((value): value is ParamValue => value !== undefined);
    if (values.length === 0) {
      child[name] = scale;
      continue;
    }
    if (scale.kind === 'choice') {
      child[name] = { kind: 'choice', values: scale.values.filter((value) => values.includes(value)) };
      continue;
    }
    const coordinates = values.map((value) => scaleCoordinate(scale, value)).filter(Number.isFinite);
    if (coordinates.length === 0) {
      child[name] = scale;
      continue;
    }
    const lo = Math.min(...coordinates);
    const hi = Math.max(...coordinates);
    const [parentLo, parentHi] = scaleExtent(scale);
    const pad = margin * (hi > lo ? hi - lo : parentHi - parentLo);
    const numbers = values.filter((value): value is number => typeof value === 'number');
    child[name] = scaleInside(scale, [lo - pad, hi + pad], numbers);
  }
  return child;
}

/** The space inside a brushed box (coordinates on each axis), clipped to the parent. An axis the box misses entirely keeps the parent's scale. */
export function narrowToBox(space: SearchSpace, box: SearchBox): SearchSpace {
  const child: SearchSpace = {};
  for (const name of spaceNames(space)) {
    const scale = space[name]!;
    const brushed = box[name];
    if (brushed === undefined) {
      child[name] = scale;
      continue;
    }
    if (scale.kind === 'choice') {
      const listed = brushed as readonly ParamValue[];
      const kept = scale.values.filter((value) => listed.includes(value));
      child[name] = kept.length > 0 ? { kind: 'choice', values: kept } : scale;
      continue;
    }
    const coordinates = (brushed as readonly ParamValue[]).filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
    if (coordinates.length === 0) {
      child[name] = scale;
      continue;
    }
    const lo = Math.max(Math.min(...coordinates), scaleExtent(scale)[0]);
    const hi = Math.min(Math.max(...coordinates), scaleExtent(scale)[1]);
    child[name] = lo <= hi ? scaleInside(scale, [lo, hi], []) : scale;
  }
  return child;
}

/**
 * The numeric scale of the same kind spanning [lo, hi] on the parent's axis, clipped to the
 * parent, in the parent's own numbers at a clipped end (no rounding slip outside it), and widened
 * to hold every value in `mustHold` (the top trials' values).
 */
function scaleInside(parent: Exclude<ParamScale, { kind: 'choice' }>, [lo, hi]: [number, number], mustHold: readonly number[]): ParamScale {
  const [parentLo, parentHi] = scaleExtent(parent);
  const clippedLo = Math.max(lo, parentLo);
  const clippedHi = Math.min(hi, parentHi);
  const fromAxis = (coordinate: number): number => {
    switch (parent.kind) {
      case 'log':
        return 10 ** coordinate;
      case 'log1m':
        return 1 - 10 ** coordinate;
      case 'linear':
        return coordinate;
      case 'int':
        return parent.log ? 10 ** coordinate : coordinate;
    }
  };
  // On a log(1 − β) axis the low coordinate is the high β.
  let [min, max] = parent.kind === 'log1m' ? [fromAxis(clippedHi), fromAxis(clippedLo)] : [fromAxis(clippedLo), fromAxis(clippedHi)];
  if (parent.kind === 'log1m') {
    if (clippedHi >= parentHi) min = parent.min;
    if (clippedLo <= parentLo) max = parent.max;
  } else {
    if (clippedLo <= parentLo) min = parent.min;
    if (clippedHi >= parentHi) max = parent.max;
  }
  if (mustHold.length > 0) {
    min = Math.min(min, ...mustHold);
    max = Math.max(max, ...mustHold);
  }
  min = Math.max(min, parent.min);
  max = Math.min(max, parent.max);
  if (parent.kind === 'int') {
    // The whole numbers inside; a box between two of them takes the nearest one.
    let low = Math.ceil(min - 1e-9);
    let high = Math.floor(max + 1e-9);
    if (low > high) low = high = Math.min(parent.max, Math.max(parent.min, Math.round((min + max) / 2)));
    return { ...parent, min: low, max: high };
  }
  return { ...parent, min, max };
}
