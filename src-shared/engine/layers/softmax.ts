/**
 * Softmax over each row, p_j = e^{z_j − max z} / Σ_k e^{z_k − max z}: subtracting the row maximum
 * keeps every exponent ≤ 0, so huge logits cannot overflow and each row sums to 1.
 * As a standalone layer its backward is the Jacobian–vector product; the output layer instead
 * uses the fused softmax + cross-entropy of losses.ts, whose gradient is simply (p − y)/m.
 */
import { allocate, type Dtype, type FloatArray, type ForwardMode } from '../types';
import { ensureCapacity, type Layer } from './layer';

/** Row-wise softmax of the first m rows of z (m × n) into out. */
export function softmaxRows(z: FloatArray, out: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (z[row + j]! > max) max = z[row + j]!;
    // p_j = e^{z_j − max} / Σ_k e^{z_k − max}
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(z[row + j]! - max);
      out[row + j] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let j = 0; j < n; j++) out[row + j]! *= inverse;
  }
}

export class SoftmaxLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'softmax';
  readonly parameters = [];
  readonly state = [];
  readonly outputSize: number;
  private output: A;
  private inputGradient: A;

  constructor(
    readonly name: string,
    readonly inputSize: number,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    this.output = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
  }

  forward(z: A, batchSize: number, _mode: ForwardMode): A {
    this.output = ensureCapacity(this.output, batchSize * this.inputSize);
    softmaxRows(z, this.output, batchSize, this.inputSize);
    return this.output;
  }

  backward(dLdP: A, batchSize: number, needInputGradient: boolean): A | null {
    if (!needInputGradient) return null;
    const n = this.inputSize;
    const p = this.output;
    const dLdZ = (this.inputGradient = ensureCapacity(this.inputGradient, batchSize * n));
    for (let i = 0; i < batchSize; i++) {
      const row = i * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += dLdP[row + j]! * p[row + j]!;
      // dL/dz_j = p_j · (dL/dp_j − Σ_k dL/dp_k · p_k)
      for (let j = 0; j < n; j++) dLdZ[row + j] = p[row + j]! * (dLdP[row + j]! - dot);
    }
    return dLdZ;
  }
}
