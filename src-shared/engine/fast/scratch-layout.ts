/**
 * Where a batch's tensors live in WebAssembly memory for a given row capacity: the input, each
 * layer's output and the gradient with respect to it, the targets, the output activations and
 * the packing scratch of the matrix products. A linear activation computes nothing: its output
 * buffer is its input's, and the gradient buffer before it is the one after it.
 */
import { isIdentityActivation } from './activation-kernels';
import { Arena } from './arena';
import type { NetworkPlan } from './network-plan';

export interface ScratchLayout {
  /** Rows every buffer holds. */
  capacity: number;
  input: number;
  /** Byte offset of layer i's output (rows × its width). */
  outputs: number[];
  /** Byte offset of ∂L/∂(layer i's output); the last one is ∂L/∂logits. */
  gradients: number[];
  targets: number;
  /** Output activations (probabilities or values). */
  predictions: number;
  packA: number;
  packB: number;
  /** The compressed input batch (see assembly/sparse.ts), when a dense layer reads the input. */
  sparse: SparseInputLayout | null;
  /** First byte past the scratch. */
  end: number;
}

export interface SparseInputLayout {
  /** Most nonzeros the buffers hold: past this density the dense product is as fast. */
  limit: number;
  rowStarts: number;
  columns: number;
  values: number;
  colStarts: number;
  rowIndex: number;
  colValues: number;
  cursor: number;
}

/**
 * The zero-skipping products pay off below about 40 % nonzeros (measured at W1's sizes: 20 %
 * takes 0.45× the dense time, and the cost grows with the count); above it the dense kernel runs.
 */
export const SPARSE_MAX_DENSITY = 0.4;

/** Bytes the product kernels pack op(A) (M×K) and op(B) (K×N) into: 4-row and 8-column panels. */
export const packedASize = (m: number, k: number): number => Math.ceil(m / 4) * 4 * k * 4;
export const packedBSize = (k: number, n: number): number => Math.ceil(n / 8) * 8 * k * 4;

export function layoutScratch(plan: NetworkPlan, capacity: number, start: number): ScratchLayout {
  const arena = new Arena(start);
  const input = arena.floats(capacity * plan.inputSize);
  const outputs: number[] = [];
  const gradients: number[] = [];
  let previous = input;
  let packA = 0;
  let packB = 0;
  for (const layer of plan.layers) {
    const width = layer.kind === 'dense' ? layer.outputSize : layer.size;
    gradients.push(arena.floats(capacity * width));
    if (layer.kind === 'activation' && isIdentityActivation(layer.fn)) {
      outputs.push(previous); // a = z: the same buffer
      continue;
    }
    previous = arena.floats(capacity * width);
    outputs.push(previous);
    if (layer.kind === 'dense') {
      const { inputSize: k, outputSize: n } = layer;
      // forward X·W, weight gradient Xᵀ·dZ, input gradient dZ·Wᵀ
      packA = Math.max(packA, packedASize(capacity, k), packedASize(k, capacity), packedASize(capacity, n));
      packB = Math.max(packB, packedBSize(k, n), packedBSize(capacity, n), packedBSize(n, k));
    }
  }
  // A linear activation's input gradient is its output gradient: the layer before it writes nothing
  // of its own and reads the buffer the layer after it fills (back to front, for chains of them).
  for (let i = plan.layers.length - 1; i > 0; i--) {
    const layer = plan.layers[i]!;
    if (layer.kind === 'activation' && isIdentityActivation(layer.fn)) gradients[i - 1] = gradients[i]!;
  }
  const targets = arena.floats(capacity * plan.outputSize);
  const predictions = arena.floats(capacity * plan.outputSize);
  const packAAt = arena.bytes(packA);
  const packBAt = arena.bytes(packB);
  let sparse: SparseInputLayout | null = null;
  if (plan.inputDense >= 0) {
    const limit = Math.ceil(capacity * plan.inputSize * SPARSE_MAX_DENSITY) + 4;
    const cols = plan.inputSize;
    sparse = {
      limit,
      rowStarts: arena.bytes((capacity + 1) * 4),
      columns: arena.bytes(limit * 4),
      values: arena.bytes(limit * 4),
      colStarts: arena.bytes((cols + 1) * 4),
      rowIndex: arena.bytes(limit * 4),
      colValues: arena.bytes(limit * 4),
      cursor: arena.bytes((cols + 1) * 4),
    };
  }
  return { capacity, input, outputs, gradients, targets, predictions, packA: packAAt, packB: packBAt, sparse, end: arena.end };
}
