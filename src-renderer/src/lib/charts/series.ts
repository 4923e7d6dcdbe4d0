/**
 * What the charts plot of one run, built incrementally from its growing arrays: each frame only
 * the points that arrived since the last frame are converted (a run of 100,000 steps is not
 * re-read 60 times a second). Pure: no chart.js, no DOM, so it is tested directly.
 */
import { ExponentialAverage } from '@shared/engine/ewa';
import type { LayerNorms, StepPoint, TrainingProgress } from '@shared/api';
import type { XY } from './decimate';

export const DEFAULT_EWA_BETA = 0.98;

/** The smallest value a log axis is given: a gradient norm of exactly 0 (vanished) is drawn here rather than dropped. */
export const LOG_FLOOR = 1e-12;

/** A value a logarithmic axis can draw: finite and positive (0 sits on the floor), else a gap. */
export function logScaleValue(value: number | null): number | null {
  if (value === null || !Number.isFinite(value) || value < 0) return null;
  return Math.max(value, LOG_FLOOR);
}

/**
 * The bias-corrected EWA of a series, v̂_t = v_t / (1 − β^t); a null (non-finite loss) stays a gap and
 * does not enter the average. `average` carries the state when a series is extended piece by piece.
 */
export function appendEwa(out: XY[], points: readonly XY[], average: ExponentialAverage): void {
  for (const { x, y } of points) out.push({ x, y: y === null ? null : average.push(y) });
}

export function ewaSeries(points: readonly XY[], beta: number): XY[] {
  const out: XY[] = [];
  appendEwa(out, points, new ExponentialAverage(beta));
  return out;
}

/** A layer's gradient norm from its tensors': ‖g‖ = √(Σ‖g_t‖²), the norm of all its parameters together. */
export function layerNorms(norms: readonly LayerNorms[]): { name: string; value: number | null }[] {
  const sums = new Map<string, number | null>();
  for (const { layer, gradNorm } of norms) {
    const previous = sums.get(layer);
    if (gradNorm === null || previous === null) sums.set(layer, null);
    else sums.set(layer, (previous ?? 0) + gradNorm * gradNorm);
  }
  return [...sums].map(([name, sum]) => ({ name, value: sum === null ? null : Math.sqrt(sum) }));
}

export type NormGrouping = 'layer' | 'tensor';

export function groupedNorms(norms: readonly LayerNorms[], grouping: NormGrouping): { name: string; value: number | null }[] {
  switch (grouping) {
    case 'layer':
      return layerNorms(norms);
    case 'tensor':
      return norms.map((n) => ({ name: n.name, value: n.gradNorm }));
  }
}

/** Appends (x, y), replacing the last point when it has the same x (a step and an epoch report at one step). */
function put(series: XY[], x: number, y: number | null): void {
  const last = series[series.length - 1];
  if (last && last.x === x) last.y = y;
  else series.push({ x, y });
}

export interface RunSource {
  readonly steps: readonly StepPoint[];
  readonly reports: readonly TrainingProgress[];
  /** Where the run's step 0 and epoch 0 sit on the x axis (a branch drawn over its source). */
  readonly offset?: { readonly step: number; readonly epoch: number };
}

/** One run's curves, kept in step with its arrays by `update`. */
export class RunSeries {
  readonly loss: XY[] = [];
  readonly ewa: XY[] = [];
  readonly learningRate: XY[] = [];
  readonly epochTrainLoss: XY[] = [];
  readonly epochDevLoss: XY[] = [];
  readonly trainAccuracy: XY[] = [];
  readonly devAccuracy: XY[] = [];
  /** Gradient norms per layer or tensor (by the grouping), on log-ready values, by step. */
  readonly norms = new Map<string, XY[]>();

  #average: ExponentialAverage;
  #steps: readonly StepPoint[] | null = null;
  #reports: readonly TrainingProgress[] | null = null;
  #stepsSeen = 0;
  #reportsSeen = 0;
  #stepOffset = 0;
  #epochOffset = 0;

  constructor(
    readonly beta: number = DEFAULT_EWA_BETA,
    readonly grouping: NormGrouping = 'layer',
  ) {
    this.#average = new ExponentialAverage(beta);
  }

  /** Takes in what `run` gained since the last call; returns whether anything changed. */
  update(run: RunSource): boolean {
    // A new offset (a branch's source became known) moves every point: start over.
    const stepOffset = run.offset?.step ?? 0;
    const epochOffset = run.offset?.epoch ?? 0;
    if (stepOffset !== this.#stepOffset || epochOffset !== this.#epochOffset) {
      this.#stepOffset = stepOffset;
      this.#epochOffset = epochOffset;
      this.#resetSteps(run.steps);
      this.#resetReports(run.reports);
    }
    // Arrays replaced or shortened (a backfill after a reload): start over.
    if (run.steps !== this.#steps || run.steps.length < this.#stepsSeen) this.#resetSteps(run.steps);
    if (run.reports !== this.#reports || run.reports.length < this.#reportsSeen) this.#resetReports(run.reports);
    const changed = run.steps.length > this.#stepsSeen || run.reports.length > this.#reportsSeen;
    for (let i = this.#stepsSeen; i < run.steps.length; i++) {
      const { loss, learningRate } = run.steps[i]!;
      const step = run.steps[i]!.step + stepOffset;
      this.loss.push({ x: step, y: loss });
      this.ewa.push({ x: step, y: loss === null ? null : this.#average.push(loss) });
      this.learningRate.push({ x: step, y: learningRate });
    }
    this.#stepsSeen = run.steps.length;
    for (let i = this.#reportsSeen; i < run.reports.length; i++) this.#addReport(run.reports[i]!);
    this.#reportsSeen = run.reports.length;
    return changed;
  }

  #addReport(report: TrainingProgress): void {
    if (report.kind === 'epoch') {
      const epoch = report.epoch + this.#epochOffset;
      put(this.epochTrainLoss, epoch, report.train.loss);
      put(this.epochDevLoss, epoch, report.dev?.loss ?? null);
      put(this.trainAccuracy, epoch, report.train.accuracy);
      put(this.devAccuracy, epoch, report.dev?.accuracy ?? null);
    }
    for (const { name, value } of groupedNorms(report.norms, this.grouping)) {
      let series = this.norms.get(name);
      if (!series) this.norms.set(name, (series = []));
      put(series, report.step + this.#stepOffset, logScaleValue(value));
    }
  }

  #resetSteps(steps: readonly StepPoint[]): void {
    this.#steps = steps;
    this.#stepsSeen = 0;
    this.#average = new ExponentialAverage(this.beta);
    this.loss.length = this.ewa.length = this.learningRate.length = 0;
  }

  #resetReports(reports: readonly TrainingProgress[]): void {
    this.#reports = reports;
    this.#reportsSeen = 0;
    this.epochTrainLoss.length = this.epochDevLoss.length = this.trainAccuracy.length = this.devAccuracy.length = 0;
    this.norms.clear();
  }
}

/** Whether a series has anything to draw (accuracy is all null for a regression). */
export function hasValues(series: readonly XY[]): boolean {
  return series.some((p) => p.y !== null);
}
