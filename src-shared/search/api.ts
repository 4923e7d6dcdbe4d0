/**
 * PLACEHOLDER API of src-shared/search (issue 11), fixed so the main process, the command line and
 * the renderer can be written against it while the bodies are built. Helper S1 implements every
 * function in its own file (hyperparameters.ts, space.ts, sampler.ts, apply.ts, halving.ts,
 * ranking.ts, narrow.ts, importance.ts, babysitter.ts, budget.ts) and makes this file re-export them;
 * signatures stay as they are here.
 */
import type { HalvingPlan, MetricPair, PandaPolicy, ParamScale, ParamValue, RunSettings, SearchableName, SearchMetric, SearchSpace, Trial, TrialParams } from '../api';
import type { GraphDoc } from '../graph/doc';

const notYet = (): never => {
  throw new Error('src-shared/search is not built yet');
};

// ── hyperparameters.ts: each searchable hyperparameter described once ──
export interface HyperparameterDescriptor {
  /** "Learning rate α" */
  label: string;
  /** The course's tuning priority: 1 (α) first; 2: β, hidden units, mini-batch size; 3: layers, learning-rate decay; 4: Adam's β1, β2, ε (and the rest). */
  priority: 1 | 2 | 3 | 4;
  /** One sentence: what it does and why this scale. */
  help: string;
  /** The scale the editor proposes for it (e.g. learningRate: log 1e-4…1e-1). */
  defaultScale: ParamScale;
  /** The scale kinds that make sense for it (learningRate: log, linear; optimizer: choice). */
  scales: readonly ParamScale['kind'][];
  /** For choice-only names: the values there are. */
  choices?: readonly ParamValue[];
  /** The command line's short name: lr, beta, beta1, beta2, eps, units, layers, batch, decay, l2, keep, optimizer, init, activation, batchnorm. */
  flag: string;
}
export declare const hyperparameters: Record<SearchableName, HyperparameterDescriptor>;
/** Names by priority, then in searchableNames order. */
export const byPriority: () => SearchableName[] = notYet;

// ── space.ts ──
/** Why the space cannot be searched, as sentences naming the hyperparameter (empty: fine). Also checks each value against the engine's bounds. */
export const spaceProblems: (space: SearchSpace) => string[] = notYet;
/** `lr=log:1e-4:1e-1`, `beta=log1m:0.9:0.999`, `units=int:4:64` (or `int-log:4:256`), `decay=linear:0:1`, `optimizer=choice:gd,momentum,adam`, `batchnorm=choice:true,false`. */
export const parseParamFlag: (text: string) => { ok: true; name: SearchableName; scale: ParamScale } | { ok: false; message: string } = notYet;
/** Where a value sits on its scale's own axis: log10(v) for log, log10(1 − v) for log1m, v for linear/int (log10 for int-log), the index for choice. */
export const scaleCoordinate: (scale: ParamScale, value: ParamValue) => number = notYet;
/** The inverse of scaleCoordinate (int rounds, choice picks the nearest index). */
export const valueAt: (scale: ParamScale, coordinate: number) => ParamValue = notYet;
/** The interval a scale spans on its own axis [lo, hi] (choice: [0, n − 1]). */
export const scaleExtent: (scale: ParamScale) => [number, number] = notYet;
/** "1e-4 … 1e-1 (log)" for labels. */
export const describeScale: (scale: ParamScale) => string = notYet;

// ── sampler.ts ──
/** The trials of a plan: random (each hyperparameter drawn independently, seeded) or grid (a lattice over each scale's axis, points taken in an order that covers it evenly). Same seed, same trials. */
export const sampleTrials: (space: SearchSpace, plan: { strategy: 'random' | 'grid'; trials: number; seed: number }) => TrialParams[] = notYet;
/** `count` values of one hyperparameter as the random sampler would draw them (the editor's preview). */
export const previewDraws: (scale: ParamScale, count: number, seed: number) => ParamValue[] = notYet;

// ── apply.ts ──
/**
 * A trial's design and settings: the base with the trial's values put in (learning rate, optimizer
 * and its β's/ε, batch size, decay rate (switching a constant schedule to inverse-time), λ, keep
 * probability of every dropout node, initializer, hidden activation of every activation node,
 * batch norm on/off after each hidden dense node, units of every hidden dense node, number of
 * hidden blocks of a chain) and `epochs`. Refuses (with a sentence) what cannot apply, e.g. keepProb
 * on a design without dropout, or hiddenLayers on a design that is not a simple chain.
 */
export const applyParams: (base: { design: GraphDoc; settings: RunSettings }, params: TrialParams, epochs: number) => { ok: true; design: GraphDoc; settings: RunSettings } | { ok: false; message: string } = notYet;

// ── ranking.ts ──
/** dev-accuracy for classifiers (a sigmoid or softmax output), else dev-loss. */
export const metricFor: (design: GraphDoc) => SearchMetric = notYet;
/** The number the metric ranks by, or null (no dev set, not finite). */
export const metricValue: (metric: SearchMetric, dev: MetricPair | null) => number | null = notYet;
/** Whether a is strictly better than b. */
export const isBetter: (metric: SearchMetric, a: number, b: number) => boolean = notYet;
/** Best first; trials without a metric last, in index order. */
export const rankTrials: (metric: SearchMetric, trials: readonly Trial[]) => Trial[] = notYet;

// ── halving.ts: successive halving as early stopping (ASHA-style, asynchronous) ──
/** The rung epochs below `epochs`: minEpochs · eta^k. */
export const rungEpochs: (plan: HalvingPlan, epochs: number) => number[] = notYet;
export declare class SuccessiveHalving {
  constructor(plan: HalvingPlan, epochs: number, metric: SearchMetric);
  /**
   * A trial reached `epoch` with `value`: at a rung it goes on only if it is among the best
   * ⌈n / eta⌉ of the n trials that have reached that rung so far (while n < eta, it goes on).
   * Returns 'prune' for a clear loser. Not at a rung: 'continue'.
   */
  report(trialIndex: number, epoch: number, value: number | null): 'continue' | 'prune';
  /** The highest rung index each trial reached. */
  rungOf(trialIndex: number): number;
}

// ── narrow.ts: coarse to fine ──
/** Each hyperparameter's interval on its own axis: the box a search covers (choice: the set of values). */
export type SearchBox = Partial<Record<SearchableName, [number, number] | ParamValue[]>>;
export const boxOf: (space: SearchSpace) => SearchBox = notYet;
/** A narrower space around the best k trials: on each numeric axis the span of their values plus `margin` of it on each side, clipped to the parent; choices keep the values the top k used. */
export const narrowAroundTop: (space: SearchSpace, trials: readonly Trial[], metric: SearchMetric, k: number, margin?: number) => SearchSpace = notYet;
/** The space inside a brushed box (coordinates on each axis), clipped to the parent. */
export const narrowToBox: (space: SearchSpace, box: SearchBox) => SearchSpace = notYet;

// ── importance.ts ──
/** Spearman's rank correlation (average ranks for ties); null with fewer than 3 pairs or no spread. */
export const spearman: (xs: readonly number[], ys: readonly number[]) => number | null = notYet;
/** Per hyperparameter: its Spearman correlation with the metric (on its own axis) and the share of the metric's variance its bins explain (one-way ANOVA η², fANOVA-style main effect). */
export const importance: (space: SearchSpace, trials: readonly Trial[], metric: SearchMetric) => { name: SearchableName; spearman: number | null; varianceExplained: number | null }[] = notYet;

// ── babysitter.ts: panda's scripted policy ──
export type BabysitterAction = { kind: 'none' } | { kind: 'scale-learning-rate'; factor: number; reason: string } | { kind: 'rollback'; factor: number; reason: string };
export declare class Babysitter {
  constructor(policy: PandaPolicy);
  /** After each epoch: halve α after `patience` epochs without a better dev loss; roll back (with α × factor) when the run diverged. */
  observe(observation: { epoch: number; devLoss: number | null; diverged: boolean }): BabysitterAction;
}

// ── budget.ts ──
export declare class StepBudget {
  /** null: no limit. */
  constructor(total: number | null);
  /** Steps a trial that wants `wanted` may take now (reserved until settle): all of them, what is left, or 0. */
  reserve(wanted: number): number;
  /** A trial that reserved `reserved` ended having taken `taken` (≤ reserved): the rest returns to the pool. */
  settle(reserved: number, taken: number): void;
  get spent(): number;
  get remaining(): number | null;
}
