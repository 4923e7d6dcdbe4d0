/** Elementwise activations A = g(Z), with dL/dZ = dL/dA ⊙ g'(Z). */
import type { ActivationKind } from '../spec';
import { allocate, type Dtype, type FloatArray, type ForwardMode } from '../types';
import { ensureCapacity, type Layer } from './layer';

/** The default leaky-ReLU slope for z < 0 when the spec gives none. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

export class ActivationLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'activation';
  readonly parameters = [];
  readonly state = [];
  readonly outputSize: number;
  readonly alpha: number;
  private output: A;
  private inputGradient: A;
  private input: A | null = null;

  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly fn: ActivationKind,
    alpha: number | undefined,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    this.alpha = alpha ?? DEFAULT_LEAKY_ALPHA;
    this.output = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
  }

  forward(z: A, batchSize: number, _mode: ForwardMode): A {
    const count = batchSize * this.inputSize;
    const a = (this.output = ensureCapacity(this.output, count));
    this.input = z;
    const alpha = this.alpha;
    switch (this.fn) {
      case 'relu':
        // a = max(0, z)
        for (let i = 0; i < count; i++) a[i] = z[i]! > 0 ? z[i]! : 0;
        break;
      case 'leaky-relu':
        // a = z if z > 0 else α·z
        for (let i = 0; i < count; i++) a[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!;
        break;
      case 'tanh':
        // a = tanh(z)
        for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]!);
        break;
      case 'sigmoid':
        // a = 1 / (1 + e^−z)
        for (let i = 0; i < count; i++) a[i] = sigmoid(z[i]!);
        break;
      case 'linear':
        // a = z
        for (let i = 0; i < count; i++) a[i] = z[i]!;
        break;
    }
    return a;
  }

  backward(dLdA: A, batchSize: number, needInputGradient: boolean): A | null {
    if (!needInputGradient) return null;
    const z = this.input;
    if (!z) throw new Error(`${this.name}: backward called before forward.`);
    const count = batchSize * this.inputSize;
    const a = this.output;
    const dLdZ = (this.inputGradient = ensureCapacity(this.inputGradient, count));
    const alpha = this.alpha;
    switch (this.fn) {
      case 'relu':
        // dL/dz = dL/da · [z > 0]
        for (let i = 0; i < count; i++) dLdZ[i] = z[i]! > 0 ? dLdA[i]! : 0;
        break;
      case 'leaky-relu':
        // dL/dz = dL/da · (1 if z > 0 else α)
        for (let i = 0; i < count; i++) dLdZ[i] = z[i]! > 0 ? dLdA[i]! : alpha * dLdA[i]!;
        break;
      case 'tanh':
        // dL/dz = dL/da · (1 − a²)
        for (let i = 0; i < count; i++) dLdZ[i] = dLdA[i]! * (1 - a[i]! * a[i]!);
        break;
      case 'sigmoid':
        // dL/dz = dL/da · a(1 − a)
        for (let i = 0; i < count; i++) dLdZ[i] = dLdA[i]! * a[i]! * (1 - a[i]!);
        break;
      case 'linear':
        // dL/dz = dL/da
        for (let i = 0; i < count; i++) dLdZ[i] = dLdA[i]!;
        break;
    }
    return dLdZ;
  }
}

/** σ(z) = 1 / (1 + e^−z), evaluated without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
