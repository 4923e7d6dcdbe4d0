/** Elementwise activations A = g(Z), with dL/dZ = dL/dA ⊙ g'(Z); each g and g' is one entry of ../activations.ts. */
import { activations, DEFAULT_LEAKY_ALPHA, type ActivationDescriptor } from '../activations';
import type { ActivationKind } from '../spec';
import { allocate, type Dtype, type FloatArray, type ForwardMode } from '../types';
import { ensureCapacity, type Layer } from './layer';

export { DEFAULT_LEAKY_ALPHA, sigmoid } from '../activations';

export class ActivationLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'activation';
  readonly parameters = [];
  readonly state = [];
  readonly outputSize: number;
  readonly alpha: number;
  private readonly descriptor: ActivationDescriptor;
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
    this.descriptor = activations[fn];
    this.output = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
  }

  forward(z: A, batchSize: number, _mode: ForwardMode): A {
    const count = batchSize * this.inputSize;
    const a = (this.output = ensureCapacity(this.output, count));
    this.input = z;
    this.descriptor.forward(z, a, count, this.alpha);
    return a;
  }

  backward(dLdA: A, batchSize: number, needInputGradient: boolean): A | null {
    if (!needInputGradient) return null;
    const z = this.input;
    if (!z) throw new Error(`${this.name}: backward called before forward.`);
    const count = batchSize * this.inputSize;
    const dLdZ = (this.inputGradient = ensureCapacity(this.inputGradient, count));
    this.descriptor.backward(z, this.output, dLdA, dLdZ, count, this.alpha);
    return dLdZ;
  }
}
