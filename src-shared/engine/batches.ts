/**
 * Mini-batches as index ranges over a per-epoch permutation: batch size 1 (stochastic), any size,
 * or 'full' (batch gradient descent). The last, partial batch is kept, so every sample is seen
 * exactly once per epoch.
 */
import type { Rng } from './rng';
import type { FloatArray } from './types';

export type BatchSize = number | 'full';

export interface MiniBatches {
  readonly sampleCount: number;
  /** The resolved batch size ('full' becomes sampleCount). */
  readonly batchSize: number;
  /** ⌈n / batchSize⌉: the partial last batch counts. */
  readonly batchesPerEpoch: number;
  /** Sample order of the current epoch. */
  readonly order: Uint32Array;
  /** Starts the next epoch: a fresh permutation from the run's RNG (identity when shuffle is off). */
  nextEpoch(): Uint32Array;
  /** Half-open range [start, end) in `order` of batch b of the current epoch. */
  batchStart(b: number): number;
  batchEnd(b: number): number;
}

export function createMiniBatches(sampleCount: number, size: BatchSize, rng: Rng, options: { shuffle?: boolean } = {}): MiniBatches {
  if (!Number.isInteger(sampleCount) || sampleCount < 1) throw new Error(`A data set needs at least one sample, got ${sampleCount}.`);
  if (size !== 'full' && (!Number.isInteger(size) || size < 1)) {
    throw new Error(`Batch size must be a whole number ≥ 1 or 'full', got ${String(size)}.`);
  }
  const batchSize = size === 'full' ? sampleCount : Math.min(size, sampleCount);
  const shuffle = options.shuffle ?? true;
  const order = new Uint32Array(sampleCount);

  return {
    sampleCount,
    batchSize,
    batchesPerEpoch: Math.ceil(sampleCount / batchSize),
    order,
    nextEpoch() {
      // Start each epoch from the identity so the order depends only on the RNG stream.
      for (let i = 0; i < sampleCount; i++) order[i] = i;
      if (shuffle) rng.shuffleInPlace(order);
      return order;
    },
    batchStart: (b) => b * batchSize,
    batchEnd: (b) => Math.min((b + 1) * batchSize, sampleCount),
  };
}

/**
 * Copies rows src[indices[start]], …, src[indices[end − 1]] (each `cols` wide) into the first
 * end − start rows of dst, a preallocated buffer.
 */
export function gatherRows(src: FloatArray, cols: number, indices: ArrayLike<number>, start: number, end: number, dst: FloatArray): void {
  if ((end - start) * cols > dst.length) {
    throw new Error(`gatherRows: ${end - start} rows of ${cols} do not fit in a buffer of ${dst.length}.`);
  }
  let out = 0;
  for (let r = start; r < end; r++) {
    const from = indices[r]! * cols;
    for (let c = 0; c < cols; c++) dst[out++] = src[from + c]!;
  }
}
