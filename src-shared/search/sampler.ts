/**
 * The trials of a search. Random (the course's advice): each hyperparameter drawn independently on
 * its own scale from its own seeded stream, so adding a hyperparameter to a space leaves the draws
 * of the others as they were. Grid: a lattice over each scale's axis, its points taken in an order
 * that spreads them over every axis when the plan asks for fewer trials than the lattice holds.
 */
import { searchableNames, type ParamScale, type ParamValue, type SearchableName, type SearchSpace, type TrialParams } from '../api/search-space';
import { createRng, type Rng } from '../engine/rng';
import { clamp, scaleExtent, spaceNames, valueAt } from './space';

export interface SamplePlan {
  strategy: 'random' | 'grid';
  trials: number;
  seed: number;
}

/** The trials of a plan. Same seed, same trials. A grid over choices alone may hold fewer points than `trials`: each point is one trial. */
export function sampleTrials(space: SearchSpace, plan: SamplePlan): TrialParams[] {
  const names = spaceNames(space);
  return plan.strategy === 'grid' ? gridTrials(space, names, plan.trials, plan.seed) : randomTrials(space, names, plan.trials, plan.seed);
}

/** `count` values of one hyperparameter as the random sampler would draw them (the editor's preview). */
export function previewDraws(scale: ParamScale, count: number, seed: number): ParamValue[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => drawValue(scale, rng));
}

/** One value uniform on the scale's own axis. */
export function drawValue(scale: ParamScale, rng: Rng): ParamValue {
  switch (scale.kind) {
    case 'log':
    case 'log1m':
    case 'linear': {
      const [lo, hi] = scaleExtent(scale);
      return valueAt(scale, lo + rng.next() * (hi - lo));
    }
    case 'int': {
      if (!scale.log) return scale.min + rng.int(scale.max - scale.min + 1);
      // ⌊10^r⌋ with r uniform in [log10 min, log10(max + 1)): each decade of whole numbers is equally likely.
      const lo = Math.log10(scale.min);
      const hi = Math.log10(scale.max + 1);
      return clamp(Math.floor(10 ** (lo + rng.next() * (hi - lo))), scale.min, scale.max);
    }
    case 'choice':
      return scale.values[rng.int(scale.values.length)]!;
  }
}

/** A stream per hyperparameter, from the plan's seed and the name's place in searchableNames. */
function streamFor(seed: number, name: SearchableName): Rng {
  const golden = 0x9e3779b9;
  return createRng((seed ^ Math.imul(searchableNames.indexOf(name) + 1, golden)) >>> 0);
}

function randomTrials(space: SearchSpace, names: readonly SearchableName[], trials: number, seed: number): TrialParams[] {
  const columns = names.map((name) => {
    const rng = streamFor(seed, name);
    return Array.from({ length: trials }, () => drawValue(space[name]!, rng));
  });
  return Array.from({ length: trials }, (_, t) => Object.fromEntries(names.map((name, j) => [name, columns[j]![t]!])) as TrialParams);
}

/** The lattice may hold this many points before the spreading order gives way to seeded draws of distinct points. */
const spreadLatticeLimit = 4096;

function gridTrials(space: SearchSpace, names: readonly SearchableName[], trials: number, seed: number): TrialParams[] {
  const k = pointsPerAxis(names.map((name) => space[name]!), trials);
  const axes = names.map((name) => latticeValues(space[name]!, k));
  const sizes = axes.map((values) => values.length);
  const total = sizes.reduce((product, size) => product * size, 1);
  const picked = total <= trials ? range(total) : total <= spreadLatticeLimit ? spreadOrder(sizes, trials) : distinctDraws(sizes, total, trials, seed);
  return picked.map((point) => {
    const digits = digitsOf(point, sizes);
    return Object.fromEntries(names.map((name, j) => [name, axes[j]![digits[j]!]!])) as TrialParams;
  });
}

/** How many distinct values a scale can offer a lattice (Infinity for continuous scales). */
function capacity(scale: ParamScale): number {
  if (scale.kind === 'choice') return scale.values.length;
  if (scale.kind === 'int') return scale.max - scale.min + 1;
  return scale.min === scale.max ? 1 : Number.POSITIVE_INFINITY;
}

/** The fewest points per numeric axis whose lattice holds `trials` points (or all the axes can offer). */
function pointsPerAxis(scales: readonly ParamScale[], trials: number): number {
  const latticeSize = (k: number) => scales.reduce((product, scale) => product * (scale.kind === 'choice' ? capacity(scale) : Math.min(k, capacity(scale))), 1);
  const widest = Math.max(1, ...scales.filter((scale) => scale.kind !== 'choice').map(capacity));
  let k = 1;
  while (latticeSize(k) < trials && k < Math.min(widest, trials)) k++;
  return k;
}

/** k values evenly spaced on the scale's own axis (ends included); every value of a choice. */
function latticeValues(scale: ParamScale, k: number): ParamValue[] {
  if (scale.kind === 'choice') return [...scale.values];
  if (scale.kind === 'int' && capacity(scale) <= k) return range(capacity(scale)).map((i) => scale.min + i);
  const [lo, hi] = scaleExtent(scale);
  const coordinates = k === 1 ? [(lo + hi) / 2] : range(k).map((i) => lo + ((hi - lo) * i) / (k - 1));
  const values = coordinates.map((c) => valueAt(scale, c));
  return [...new Set(values)];
}

/**
 * `count` lattice points, greedily: each next one the point whose values have been used least so
 * far (ties to the earliest), so every axis's values come up about equally often.
 */
function spreadOrder(sizes: readonly number[], count: number): number[] {
  const total = sizes.reduce((product, size) => product * size, 1);
  const used = sizes.map((size) => new Array<number>(size).fill(0));
  const taken = new Uint8Array(total);
  const digits = range(total).map((point) => digitsOf(point, sizes));
  const order: number[] = [];
  for (let t = 0; t < count; t++) {
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let point = 0; point < total; point++) {
      if (taken[point]) continue;
      let score = 0;
      const d = digits[point]!;
      for (let axis = 0; axis < sizes.length; axis++) score += used[axis]![d[axis]!]!;
      if (score < bestScore) {
        bestScore = score;
        best = point;
      }
    }
    taken[best] = 1;
    order.push(best);
    digits[best]!.forEach((digit, axis) => used[axis]![digit]!++);
  }
  return order;
}

/** A huge lattice: distinct points drawn with the plan's seed. */
function distinctDraws(sizes: readonly number[], total: number, count: number, seed: number): number[] {
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rng.next() * total));
  return [...chosen];
}

/** The point's index on each axis, the first axis varying slowest. */
function digitsOf(point: number, sizes: readonly number[]): number[] {
  const digits = new Array<number>(sizes.length);
  let rest = point;
  for (let axis = sizes.length - 1; axis >= 0; axis--) {
    digits[axis] = rest % sizes[axis]!;
    rest = Math.floor(rest / sizes[axis]!);
  }
  return digits;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
