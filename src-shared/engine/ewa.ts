/**
 * Exponentially weighted average with bias correction, for smoothing loss and accuracy curves:
 *   v_t = β·v_{t−1} + (1 − β)·x_t,  v_0 = 0,  reported v̂_t = v_t / (1 − β^t)
 * The correction undoes the pull towards the zero start. v̂ is updated by the equivalent recurrence
 *   v̂_t = v̂_{t−1} + (1 − β)/(1 − β^t) · (x_t − v̂_{t−1})
 * whose first gain (1 − β)/(1 − β^1) is exactly 1 in floating point, so v̂_1 = x_1 exactly.
 */
export class ExponentialAverage {
  private v = 0;
  private corrected = Number.NaN;
  /** β^t, kept as a running product so that no power is recomputed. */
  private betaPower = 1;
  private count = 0;

  constructor(readonly beta: number) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`The smoothing β must be in [0, 1), got ${beta}.`);
  }

  /** Adds x_t and returns the bias-corrected average v̂_t. */
  push(x: number): number {
    // v_t = β·v_{t−1} + (1 − β)·x_t
    this.v = this.beta * this.v + (1 - this.beta) * x;
    this.betaPower *= this.beta;
    this.count += 1;
    const previous = this.count === 1 ? 0 : this.corrected;
    // v̂_t = v̂_{t−1} + (1 − β)/(1 − β^t) · (x_t − v̂_{t−1})
    this.corrected = previous + ((1 - this.beta) / (1 - this.betaPower)) * (x - previous);
    return this.corrected;
  }

  /** v̂_t = v_t / (1 − β^t); NaN before the first value. */
  get value(): number {
    return this.corrected;
  }

  /** v_t without bias correction (what the course plots to show why the correction exists). */
  get uncorrected(): number {
    return this.v;
  }

  get steps(): number {
    return this.count;
  }
}

/** Smooths a whole series: element t is v̂_{t+1}. */
export function smoothSeries(values: readonly number[], beta: number): number[] {
  const average = new ExponentialAverage(beta);
  return values.map((x) => average.push(x));
}
