/**
 * The contract every layer keeps: forward and backward side by side, buffers owned by the layer
 * and sized for the largest batch seen (growing only when a bigger batch arrives), so a training
 * step allocates nothing.
 */
import type { FloatArray, ForwardMode, ParameterTensor, StateTensor } from '../types';

export interface Layer<A extends FloatArray = FloatArray> {
  readonly name: string;
  readonly kind: 'dense' | 'activation' | 'softmax' | 'batchnorm' | 'dropout';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters: readonly ParameterTensor<A>[];
  readonly state: readonly StateTensor<A>[];
  /**
   * Computes the first batchSize rows of the output from x (batchSize × inputSize) and returns
   * the layer's own output buffer. x must stay unchanged until backward has run.
   */
  forward(x: A, batchSize: number, mode: ForwardMode): A;
  /**
   * Given ∂L/∂output for the batch of the last forward pass, writes every parameter's grad and
   * returns ∂L/∂input in the layer's own buffer (or null when needInputGradient is false, which
   * the first layer uses to skip work nobody reads).
   */
  backward(dLdY: A, batchSize: number, needInputGradient: boolean): A | null;
}

/** Grows a buffer to hold at least `length` values; keeps it when it is already big enough. */
export function ensureCapacity<A extends FloatArray>(buffer: A, length: number): A {
  if (buffer.length >= length) return buffer;
  return (buffer instanceof Float32Array ? new Float32Array(length) : new Float64Array(length)) as A;
}
