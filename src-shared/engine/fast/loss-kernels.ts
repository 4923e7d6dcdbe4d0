/**
 * The fast path's fused output losses, by output and loss (a Record over the output kinds like
 * ../losses.ts, so a new output does not compile until it is decided here). Each writes ∂L/∂z
 * (already divided by m) and returns the batch's mean data loss, as the TypeScript engine does.
 */
import type { LossKind, OutputKind } from '../spec';
import type { Kernels } from './kernels';

/** Byte offsets of the logits, targets, predictions and ∂L/∂z, with the batch's shape. */
export interface LossBuffers {
  logits: number;
  targets: number;
  predictions: number;
  dLdZ: number;
  rows: number;
  units: number;
}

type LossKernel = (k: Kernels, b: LossBuffers) => number;

export const lossKernels: Record<OutputKind, Partial<Record<LossKind, LossKernel>>> = {
  softmax: {
    // L = −(1/m) Σ y·log p,  ∂L/∂z = (p − y)/m
    'categorical-crossentropy': (k, b) => k.softmaxCrossEntropy(b.logits, b.targets, b.predictions, b.dLdZ, b.rows, b.units, 1 / b.rows) / b.rows,
  },
  sigmoid: {
    // L = (1/m) Σ [max(z,0) − z·y + log(1 + e^−|z|)],  ∂L/∂z = (σ(z) − y)/m
    'binary-crossentropy': (k, b) => k.sigmoidBinaryCrossEntropy(b.logits, b.targets, b.predictions, b.dLdZ, b.rows * b.units, 1 / b.rows) / b.rows,
    // L = 1/(2m) Σ (σ(z) − y)²,  ∂L/∂z = (ŷ − y)·ŷ(1 − ŷ)/m
    mse: (k, b) => k.sigmoidSquaredError(b.logits, b.targets, b.predictions, b.dLdZ, b.rows * b.units, 1 / b.rows) / (2 * b.rows),
  },
  linear: {
    // L = 1/(2m) Σ (z − y)²,  ∂L/∂z = (z − y)/m
    mse: (k, b) => k.linearSquaredError(b.logits, b.targets, b.predictions, b.dLdZ, b.rows * b.units, 1 / b.rows) / (2 * b.rows),
  },
};
