/**
 * The fast path's update per optimizer kind (a Record over the registry's kinds, so a new
 * optimizer does not compile until it is decided here): one call updates the whole flat
 * parameter block, with the moments v and s as the kind keeps them (momentsOf); null when the
 * fast path has no kernel for a kind, and the TypeScript engine trains instead.
 */
import type { Hyperparameters, OptimizerKind } from '../optimizers/registry';
import type { Kernels } from './kernels';

export interface UpdateBlocks {
  /** Byte offsets of the parameter values, their gradients and the moments (−1 where not kept). */
  values: number;
  grads: number;
  v: number;
  s: number;
  /** Floats in each block. */
  n: number;
}

/** Scalars of one step: α, the hyperparameters and Adam's running products Π β1, Π β2 (this step included). */
export interface UpdateScalars {
  learningRate: number;
  hyper: Hyperparameters;
  beta1Power: number;
  beta2Power: number;
}

export type OptimizerKernel = (k: Kernels, blocks: UpdateBlocks, step: UpdateScalars) => void;

export const optimizerKernels: Record<OptimizerKind, OptimizerKernel | null> = {
  gd: (k, { values, grads, n }, { learningRate }) => k.gdUpdate(values, grads, n, learningRate),
  momentum: (k, { values, grads, v, n }, { learningRate, hyper }) => k.momentumUpdate(values, grads, v, n, learningRate, hyper.beta, 1 - hyper.beta),
  rmsprop: (k, { values, grads, s, n }, { learningRate, hyper }) => k.rmspropUpdate(values, grads, s, n, learningRate, hyper.beta2, 1 - hyper.beta2, hyper.epsilon),
  // the kernel multiplies by 1/(1 − Π β) rather than dividing by 1 − Π β
  adam: (k, { values, grads, v, s, n }, { learningRate, hyper, beta1Power, beta2Power }) =>
    k.adamUpdate(values, grads, v, s, n, learningRate, hyper.beta1, 1 - hyper.beta1, hyper.beta2, 1 - hyper.beta2, hyper.epsilon, 1 / (1 - beta1Power), 1 / (1 - beta2Power)),
};

/**
 * What the native kernels' whole step takes of the optimizer, in its argument order: h1, 1 − h1,
 * h2, 1 − h2, ε, 1/(1 − Π β1), 1/(1 − Π β2). Written into the caller's array every step (not a
 * new array a step: the step loop makes no garbage).
 */
export type FusedUpdateScalars = Float64Array;
export const fusedUpdateScalarCount = 7;

/** The same scalars as optimizerKernels passes each kind, in the native step's argument order (unused ones 0). */
export const fusedUpdateScalars: Record<OptimizerKind, (book: { hyper: Hyperparameters; beta1Power: number; beta2Power: number }, out: FusedUpdateScalars) => void> = {
  gd: (_book, out) => out.fill(0),
  momentum: ({ hyper }, out) => setScalars(out, hyper.beta, 1 - hyper.beta, 0, 0, 0, 0, 0),
  rmsprop: ({ hyper }, out) => setScalars(out, 0, 0, hyper.beta2, 1 - hyper.beta2, hyper.epsilon, 0, 0),
  adam: ({ hyper, beta1Power, beta2Power }, out) => setScalars(out, hyper.beta1, 1 - hyper.beta1, hyper.beta2, 1 - hyper.beta2, hyper.epsilon, 1 / (1 - beta1Power), 1 / (1 - beta2Power)),
};

function setScalars(out: FusedUpdateScalars, h1: number, oneMinusH1: number, h2: number, oneMinusH2: number, epsilon: number, correction1: number, correction2: number): void {
  out[0] = h1;
  out[1] = oneMinusH1;
  out[2] = h2;
  out[3] = oneMinusH2;
  out[4] = epsilon;
  out[5] = correction1;
  out[6] = correction2;
}
