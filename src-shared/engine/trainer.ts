/**
 * The seam between the training loop and the math. Three backends implement it: the plain
 * TypeScript engine (every model; the test oracle), and the fast path for dense networks on the
 * native kernels or on WebAssembly SIMD (fast/fast-trainer.ts), chosen per run. Matrices are row-major Float32Arrays: x is batchSize × inputSize,
 * y is batchSize × outputUnits (one-hot for softmax, 0/1 for sigmoid, values for linear).
 */
import type { OptimizerHyperparameters } from './config';
import type { ModelSpec } from './spec';

export interface TensorNorms {
  /** e.g. "dense1.W", "dense1.b", "bn1.gamma" */
  name: string;
  /** The layer's name in the spec (editor node id) or a generated one. */
  layer: string;
  gradNorm: number;
  weightNorm: number;
}

export interface WeightsDocument {
  format: 'deepwire-weights';
  version: 1;
  spec: ModelSpec;
  /** name → row-major values, plus batch-norm running statistics. */
  tensors: Record<string, { rows: number; cols: number; values: number[] }>;
}

export interface Trainer {
  readonly spec: ModelSpec;
  readonly backend: 'ts' | 'wasm' | 'native';
  /**
   * One optimizer step on a mini-batch: forward (training mode: dropout on, batch statistics),
   * backward, update with learning rate `learningRate`. Returns the batch's mean loss including the
   * L2 term λ/(2m)·ΣW².
   */
  step(x: Float32Array, y: Float32Array, batchSize: number, learningRate: number): number;
  /** Outputs for n rows in inference mode (dropout off, batch-norm running statistics). */
  predict(x: Float32Array, n: number): Float32Array;
  /**
   * The last dense layer's outputs z for n rows in inference mode, before the output activation:
   * what the fused output losses (losses.ts) take, so metrics compute the engine's own loss.
   */
  logits(x: Float32Array, n: number): Float32Array;
  /** Change β's or ε between steps without resetting the optimizer's state. */
  setHyperparameters(hyper: OptimizerHyperparameters): void;
  /** L2 strength λ from the next step on: it changes both the loss (λ/(2m)·ΣW²) and the gradient ((λ/m)·W). */
  setL2(lambda: number): void;
  /** The keep probability of every dropout layer from the next step on; throws when the network has none. */
  setKeepProb(keepProb: number): void;
  /** Norms of each parameter tensor and of its gradient from the last step. */
  norms(): TensorNorms[];
  exportWeights(): WeightsDocument;
  importWeights(weights: WeightsDocument): void;
  /** Opaque, JSON-safe optimizer state (moments, step count). */
  optimizerState(): unknown;
  restoreOptimizerState(state: unknown): void;
  /** Frees backend resources (WebAssembly memory). */
  dispose(): void;
}
