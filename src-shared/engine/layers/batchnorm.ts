/**
 * Batch normalization over each feature (column) of the batch:
 *   μ = (1/m)Σ x,  σ² = (1/m)Σ (x − μ)²,  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β
 * Training uses the batch's μ and σ² and folds them into running averages with the spec's
 * momentum, running = momentum·running + (1 − momentum)·batch (the course's exponentially
 * weighted average; the biased 1/m variance, as in Keras). Inference uses the running averages.
 */
import { allocate, type Dtype, type FloatArray, type ForwardMode, type ParameterTensor, type StateTensor } from '../types';
import { ensureCapacity, type Layer } from './layer';

export class BatchNormLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'batchnorm';
  readonly outputSize: number;
  readonly gamma: ParameterTensor<A>;
  readonly beta: ParameterTensor<A>;
  readonly runningMean: StateTensor<A>;
  readonly runningVariance: StateTensor<A>;
  readonly parameters: ParameterTensor<A>[];
  readonly state: StateTensor<A>[];
  private output: A;
  private normalized: A;
  private inputGradient: A;
  /** 1/√(σ² + ε) per feature of the last training batch. */
  private readonly inverseStd: A;
  private readonly batchMean: A;
  /** Whether the last forward pass used batch statistics (backward needs them). */
  private lastForwardTraining = false;

  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly momentum: number,
    readonly epsilon: number,
    dtype: Dtype,
  ) {
    const n = inputSize;
    this.outputSize = n;
    const parameter = (suffix: string, role: 'gamma' | 'beta'): ParameterTensor<A> => ({
      name: `${name}.${suffix}`,
      layer: name,
      role,
      rows: 1,
      cols: n,
      value: allocate<A>(dtype, n),
      grad: allocate<A>(dtype, n),
    });
    this.gamma = parameter('gamma', 'gamma');
    this.beta = parameter('beta', 'beta');
    this.gamma.value.fill(1);
    this.runningMean = { name: `${name}.runningMean`, layer: name, rows: 1, cols: n, value: allocate<A>(dtype, n) };
    this.runningVariance = { name: `${name}.runningVar`, layer: name, rows: 1, cols: n, value: allocate<A>(dtype, n) };
    this.runningVariance.value.fill(1);
    this.parameters = [this.gamma, this.beta];
    this.state = [this.runningMean, this.runningVariance];
    this.output = allocate<A>(dtype, 0);
    this.normalized = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
    this.inverseStd = allocate<A>(dtype, n);
    this.batchMean = allocate<A>(dtype, n);
  }

  forward(x: A, batchSize: number, mode: ForwardMode): A {
    const m = batchSize;
    const n = this.inputSize;
    const y = (this.output = ensureCapacity(this.output, m * n));
    const xHat = (this.normalized = ensureCapacity(this.normalized, m * n));
    this.lastForwardTraining = mode.training;

    if (!mode.training) {
      // Inference normalizes with the running statistics.
      this.normalizeAndScale(x, this.runningMean.value, this.runningVariance.value, m, n, xHat, y);
      return y;
    }

    const mean = this.batchMean;
    mean.fill(0);
    // μ = (1/m) Σ_i x_i
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j]! += x[i * n + j]!;
    for (let j = 0; j < n; j++) mean[j]! /= m;
    const variance = this.inverseStd; // reuse the buffer: σ² first, then 1/√(σ² + ε)
    variance.fill(0);
    // σ² = (1/m) Σ_i (x_i − μ)²
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const centered = x[i * n + j]! - mean[j]!;
        variance[j]! += centered * centered;
      }
    }
    for (let j = 0; j < n; j++) variance[j]! /= m;

    if (mode.updateRunningStats) {
      const runningMean = this.runningMean.value;
      const runningVariance = this.runningVariance.value;
      const keep = this.momentum;
      for (let j = 0; j < n; j++) {
        // running = momentum · running + (1 − momentum) · batch
        runningMean[j] = keep * runningMean[j]! + (1 - keep) * mean[j]!;
        runningVariance[j] = keep * runningVariance[j]! + (1 - keep) * variance[j]!;
      }
    }

    this.normalizeAndScale(x, mean, variance, m, n, xHat, y);
    return y;
  }

  /**
   * Fills inverseStd from `variance` (which may be inverseStd itself: each entry is read before it
   * is overwritten), then x̂ and y. Shared by training (batch statistics) and inference (running ones).
   */
  private normalizeAndScale(x: A, mean: A, variance: A, m: number, n: number, xHat: A, y: A): void {
    const gamma = this.gamma.value;
    const beta = this.beta.value;
    for (let j = 0; j < n; j++) this.inverseStd[j] = 1 / Math.sqrt(variance[j]! + this.epsilon);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) {
        // x̂ = (x − μ)/√(σ² + ε);  y = γ·x̂ + β
        const normalized = (x[row + j]! - mean[j]!) * this.inverseStd[j]!;
        xHat[row + j] = normalized;
        y[row + j] = gamma[j]! * normalized + beta[j]!;
      }
    }
  }

  backward(dLdY: A, batchSize: number, needInputGradient: boolean): A | null {
    const m = batchSize;
    const n = this.inputSize;
    const xHat = this.normalized;
    const dLdGamma = this.gamma.grad;
    const dLdBeta = this.beta.grad;
    dLdGamma.fill(0);
    dLdBeta.fill(0);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) {
        // dL/dγ = Σ_i dL/dy_i · x̂_i;  dL/dβ = Σ_i dL/dy_i
        dLdGamma[j]! += dLdY[row + j]! * xHat[row + j]!;
        dLdBeta[j]! += dLdY[row + j]!;
      }
    }
    if (!needInputGradient) return null;
    const dLdX = (this.inputGradient = ensureCapacity(this.inputGradient, m * n));
    const gamma = this.gamma.value;

    if (!this.lastForwardTraining) {
      // Running statistics are constants: dL/dx = dL/dy · γ / √(running σ² + ε)
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) dLdX[i * n + j] = dLdY[i * n + j]! * gamma[j]! * this.inverseStd[j]!;
      }
      return dLdX;
    }

    // With dL/dx̂ = dL/dy·γ, Σ dL/dx̂ = γ·Σ dL/dy = γ·dL/dβ and Σ dL/dx̂·x̂ = γ·dL/dγ, so
    // dL/dx = (1/m)·(1/√(σ²+ε))·(m·dL/dx̂ − Σ_i dL/dx̂_i − x̂·Σ_i dL/dx̂_i·x̂_i)
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const g = gamma[j]!;
        const dLdXHat = dLdY[row + j]! * g;
        dLdX[row + j] = (this.inverseStd[j]! / m) * (m * dLdXHat - g * dLdBeta[j]! - xHat[row + j]! * g * dLdGamma[j]!);
      }
    }
    return dLdX;
  }
}
