/**
 * Inverted dropout: while training, each unit is kept with probability keepProb and scaled by
 * 1/keepProb, so E[output] = input and inference needs no rescaling (it is the identity). The
 * mask is drawn from the injected RNG in forward and the SAME mask multiplies the gradient in
 * backward.
 */
import type { Rng } from '../rng';
import { allocate, type Dtype, type FloatArray, type ForwardMode } from '../types';
import { ensureCapacity, type Layer } from './layer';

export class DropoutLayer<A extends FloatArray> implements Layer<A> {
  readonly kind = 'dropout';
  readonly parameters = [];
  readonly state = [];
  readonly outputSize: number;
  private output: A;
  private inputGradient: A;
  /** mask_ij ∈ {0, 1/keepProb} of the last training pass. */
  private maskValues: A;
  /** Whether the last forward pass applied the mask (backward must then apply it too). */
  private masked = false;
  private keepProbability: number;

  get keepProb(): number {
    return this.keepProbability;
  }

  /** From the next training pass on (a change while training: the mask is redrawn with it). */
  set keepProb(value: number) {
    this.keepProbability = checkedKeepProb(value);
  }

  constructor(
    readonly name: string,
    readonly inputSize: number,
    keepProb: number,
    private readonly rng: Rng,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    this.keepProbability = checkedKeepProb(keepProb);
    this.output = allocate<A>(dtype, 0);
    this.inputGradient = allocate<A>(dtype, 0);
    this.maskValues = allocate<A>(dtype, 0);
  }

  /** The mask of the last training pass (first batchSize × inputSize values are live). */
  get mask(): A {
    return this.maskValues;
  }

  forward(x: A, batchSize: number, mode: ForwardMode): A {
    const count = batchSize * this.inputSize;
    const y = (this.output = ensureCapacity(this.output, count));
    this.masked = mode.training && mode.dropout !== 'off';
    if (!this.masked) {
      for (let i = 0; i < count; i++) y[i] = x[i]!;
      return y;
    }
    if (mode.dropout === 'sample' || this.maskValues.length < count) this.drawMask(count);
    const mask = this.maskValues;
    // y = x ⊙ mask, mask ∈ {0, 1/keepProb}
    for (let i = 0; i < count; i++) y[i] = x[i]! * mask[i]!;
    return y;
  }

  backward(dLdY: A, batchSize: number, needInputGradient: boolean): A | null {
    if (!needInputGradient) return null;
    const count = batchSize * this.inputSize;
    const dLdX = (this.inputGradient = ensureCapacity(this.inputGradient, count));
    if (!this.masked) {
      // identity: dL/dx = dL/dy
      for (let i = 0; i < count; i++) dLdX[i] = dLdY[i]!;
      return dLdX;
    }
    const mask = this.maskValues;
    // dL/dx = dL/dy ⊙ mask (the forward pass's mask)
    for (let i = 0; i < count; i++) dLdX[i] = dLdY[i]! * mask[i]!;
    return dLdX;
  }

  private drawMask(count: number): void {
    const mask = (this.maskValues = ensureCapacity(this.maskValues, count));
    const keep = this.keepProbability;
    const scale = 1 / keep;
    // keep unit when u < keepProb, then scale by 1/keepProb (inverted dropout)
    for (let i = 0; i < count; i++) mask[i] = this.rng.next() < keep ? scale : 0;
  }
}

function checkedKeepProb(keepProb: number): number {
  if (!(keepProb > 0 && keepProb <= 1)) throw new Error(`A dropout keep probability must be in (0, 1], got ${keepProb}.`);
  return keepProb;
}
