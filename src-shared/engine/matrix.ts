/**
 * Row-major matrix kernels for the plain TypeScript engine, generic over Float32Array and
 * Float64Array. Every kernel writes into a PREALLOCATED output and takes explicit sizes (buffers
 * may be larger than the data they hold), so a training step allocates nothing.
 *
 * Layout (the engine's one convention): a batch X is m × n_in (one sample per row); a dense
 * layer's weights W are n_in × n_out (fan_in rows, fan_out columns), so
 *   forward   Z  = X·W           (matMul)
 *   backward  dW = Xᵀ·dZ         (matMulTransposeA)
 *   backward  dX = dZ·Wᵀ         (matMulTransposeB)
 * All three run with the innermost loop over contiguous memory (i-k-j order, or a contiguous
 * dot product for the ·Wᵀ case).
 */
import type { FloatArray } from './types';

/** C (m×n) = A (m×k) · B (k×n), or C += A·B when accumulate is true. i-k-j order. */
export function matMul(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      if (aip === 0) continue; // ReLU outputs and dropout make many zeros: skip their whole row of work
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
    }
  }
}

/**
 * C (k×n) = Aᵀ·B with A (m×k), B (m×n), or C += Aᵀ·B. Used for dW = Xᵀ·dZ: each sample's outer
 * product x_iᵀ·dz_i is added row by row, so the inner loop walks contiguous rows of B and C.
 */
export function matMulTransposeA(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const bRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      if (aip === 0) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
    }
  }
}

/**
 * C (m×k) = A·Bᵀ with A (m×n), B (k×n), or C += A·Bᵀ. Used for dX = dZ·Wᵀ: each output is a dot
 * product of two contiguous rows.
 */
export function matMulTransposeB(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, accumulate = false): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * n;
    const cRow = i * k;
    for (let p = 0; p < k; p++) {
      const bRow = p * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += a[aRow + j]! * b[bRow + j]!;
      c[cRow + p] = accumulate ? c[cRow + p]! + sum : sum;
    }
  }
}

/** Z[i, j] += v[j] for the first m rows: broadcasts a bias row over the batch. */
export function addRowVector(z: FloatArray, v: FloatArray, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) z[row + j]! += v[j]!;
  }
}

/** out[j] = Σ_i A[i, j] over the first m rows (the bias gradient db = Σ_i dZ[i, :]). */
export function sumRows(a: FloatArray, out: FloatArray, m: number, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += a[row + j]!;
  }
}

/** Σ v², the squared Euclidean (Frobenius) norm of the first `length` values. */
export function sumOfSquares(v: FloatArray, length = v.length): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += v[i]! * v[i]!;
  return sum;
}

/** C (m×n) = Aᵀ for A (n×m): a plain transpose into a preallocated buffer. */
export function transpose(a: FloatArray, c: FloatArray, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) c[j * rows + i] = a[i * cols + j]!;
  }
}
