/**
 * Step points as columns: one Float64Array holding `count` epochs, then `count` losses (NaN where
 * the loss was not finite: null as a StepPoint), then `count` learning rates, for the steps
 * `fromStep`, `fromStep + 1`, …. A search's trials take tens of thousands of steps a second; as
 * objects each step cost the training thread a clone, main a copy and the collector its garbage.
 * As columns a batch crosses from the thread by transfer (no copy) and its bytes are what the
 * experiment database stores (a step chunk), so a step point becomes an object only where one
 * is read (a chart's page, an event to the window).
 */
import type { StepPoint } from '../api';

export interface StepColumns {
  /** The first step's number (steps count from 1 and are contiguous). */
  fromStep: number;
  count: number;
  /** 3·count values: the epochs, the losses, the learning rates. */
  values: Float64Array;
}

export const stepColumnCount = 3;

/** No steps, starting at `fromStep`. */
export function emptyStepColumns(fromStep: number): StepColumns {
  return { fromStep, count: 0, values: new Float64Array(0) };
}

/** The points (contiguous, in order) as columns. */
export function stepColumnsOf(points: readonly StepPoint[]): StepColumns {
  const builder = new StepColumnsBuilder(points.length);
  for (const point of points) builder.add(point);
  return builder.take() ?? emptyStepColumns(1);
}

/** The points from step `from` (default the first), at most `limit` of them. */
export function stepPointsOf(columns: StepColumns, from = columns.fromStep, limit = Number.POSITIVE_INFINITY): StepPoint[] {
  const { fromStep, count, values } = columns;
  const points: StepPoint[] = [];
  for (let i = Math.max(0, from - fromStep); i < count && points.length < limit; i++) {
    const loss = values[count + i]!;
    points.push({ step: fromStep + i, epoch: values[i]!, loss: Number.isNaN(loss) ? null : loss, learningRate: values[2 * count + i]! });
  }
  return points;
}

/** The step after the last one (fromStep for no steps). */
export function stepAfter(columns: StepColumns): number {
  return columns.fromStep + columns.count;
}

/** The last step's point, or null for no steps. */
export function lastStepPoint(columns: StepColumns): StepPoint | null {
  return columns.count === 0 ? null : stepPointsOf(columns, stepAfter(columns) - 1)[0]!;
}

/** Contiguous parts as one (the first part's start); throws where one does not follow the other. */
export function joinStepColumns(parts: readonly StepColumns[]): StepColumns {
  const nonEmpty = parts.filter((part) => part.count > 0);
  if (nonEmpty.length === 0) return emptyStepColumns(parts[0]?.fromStep ?? 1);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const count = nonEmpty.reduce((sum, part) => sum + part.count, 0);
  const values = new Float64Array(stepColumnCount * count);
  let at = 0;
  for (const [i, part] of nonEmpty.entries()) {
    if (i > 0 && part.fromStep !== stepAfter(nonEmpty[i - 1]!)) throw new Error(`step columns: step ${part.fromStep} follows step ${stepAfter(nonEmpty[i - 1]!) - 1}`);
    for (let column = 0; column < stepColumnCount; column++) values.set(part.values.subarray(column * part.count, (column + 1) * part.count), column * count + at);
    at += part.count;
  }
  return { fromStep: nonEmpty[0]!.fromStep, count, values };
}

/** Steps `start` to `start + count - 1` of the columns (indexes from 0), copied. */
export function sliceStepColumns(columns: StepColumns, start: number, count: number): StepColumns {
  const values = new Float64Array(stepColumnCount * count);
  for (let column = 0; column < stepColumnCount; column++) values.set(columns.values.subarray(column * columns.count + start, column * columns.count + start + count), column * count);
  return { fromStep: columns.fromStep + start, count, values };
}

/** Gathers step points one by one (a training thread's batch) into columns. */
export class StepColumnsBuilder {
  private epochs: Float64Array;
  private losses: Float64Array;
  private rates: Float64Array;
  private count = 0;
  private fromStep = 0;

  constructor(private capacity = 1024) {
    this.epochs = new Float64Array(capacity);
    this.losses = new Float64Array(capacity);
    this.rates = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The next point: its step must follow the last one added. */
  add(point: StepPoint): void {
    this.addStep(point.step, point.epoch, point.loss, point.learningRate);
  }

  /** add() with the point's fields as arguments (what a run's onStep is told: no object a step). */
  addStep(step: number, epoch: number, loss: number | null, learningRate: number): void {
    if (this.count === 0) this.fromStep = step;
    else if (step !== this.fromStep + this.count) throw new Error(`step columns: step ${step} added after step ${this.fromStep + this.count - 1}`);
    if (this.count === this.capacity) this.grow();
    this.epochs[this.count] = epoch;
    this.losses[this.count] = loss !== null && Number.isFinite(loss) ? loss : Number.NaN;
    this.rates[this.count] = Number.isFinite(learningRate) ? learningRate : 0;
    this.count++;
  }

  /** The points added since the last take, as columns of their own (a fresh buffer: it may be transferred), or null for none. */
  take(): StepColumns | null {
    if (this.count === 0) return null;
    const { count } = this;
    const values = new Float64Array(stepColumnCount * count);
    values.set(this.epochs.subarray(0, count), 0);
    values.set(this.losses.subarray(0, count), count);
    values.set(this.rates.subarray(0, count), 2 * count);
    this.count = 0;
    return { fromStep: this.fromStep, count, values };
  }

  private grow(): void {
    this.capacity *= 2;
    for (const key of ['epochs', 'losses', 'rates'] as const) {
      const bigger = new Float64Array(this.capacity);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }
}

/** A run's steps appended part by part, each following the last (a store's steps of a run, or its buffer of them). */
export class StepColumnParts {
  private parts: StepColumns[] = [];
  private total = 0;

  /** `firstStep`: the step the first part must start at. */
  constructor(private firstStep = 1) {}

  get count(): number {
    return this.total;
  }

  /** The step the next part must start at. */
  get nextStep(): number {
    return this.firstStep + this.total;
  }

  /** Throws (naming `owner`) when the part does not start at nextStep. */
  append(columns: StepColumns, owner: string): void {
    if (columns.count === 0) return;
    if (columns.fromStep !== this.nextStep) throw new Error(`${owner} got step ${columns.fromStep} where step ${this.nextStep} was due`);
    this.parts.push(columns);
    this.total += columns.count;
  }

  /** The points from step `from`, at most `limit` of them. */
  points(from = this.firstStep, limit = Number.POSITIVE_INFINITY): StepPoint[] {
    const points: StepPoint[] = [];
    for (const part of this.parts) {
      if (points.length >= limit) break;
      if (stepAfter(part) <= from) continue;
      for (const point of stepPointsOf(part, from, limit - points.length)) points.push(point);
    }
    return points;
  }

  /** Every part as one (kept as the one part from now on, so asking again costs nothing). */
  joined(): StepColumns {
    const whole = joinStepColumns(this.parts.length > 0 ? this.parts : [emptyStepColumns(this.firstStep)]);
    this.parts = whole.count > 0 ? [whole] : [];
    return whole;
  }

  /** Lets go of the parts (written elsewhere); the next part still has to follow them. */
  clear(): void {
    this.firstStep = this.nextStep;
    this.parts = [];
    this.total = 0;
  }
}
