import { describe, expect, it } from 'vitest';
import { addRowVector, matMul, matMulTransposeA, matMulTransposeB, sumOfSquares, sumRows, transpose } from './matrix';
import { createRng } from './rng';
import { expectClose } from './testing/tolerance';

/** C[i][j] = Σ_p A[i][p]·B[p][j] straight from the definition, on nested arrays. */
function naiveProduct(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, aip, p) => sum + aip * b[p]![j]!, 0)));
}
const toRows = (flat: ArrayLike<number>, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => flat[i * cols + j]!));
const transposed = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));
const randomArray = (length: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => rng.next() * 2 - 1);
};

describe('matrix kernels', () => {
  it('multiplies a hand-worked 2×3 by 3×2', () => {
    // [1 2 3]   [ 7  8]   [1·7+2·9+3·11  1·8+2·10+3·12]   [ 58  64]
    // [4 5 6] · [ 9 10] = [4·7+5·9+6·11  4·8+5·10+6·12] = [139 154]
    //           [11 12]
    const c = new Float64Array(4);
    matMul(Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(7, 8, 9, 10, 11, 12), c, 2, 3, 2);
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
  });

  it.each([
    [1, 1, 1],
    [3, 5, 4],
    [7, 2, 9],
    [16, 13, 1],
  ])('matMul, matMulTransposeA and matMulTransposeB agree with the definition at %i×%i×%i', (m, k, n) => {
    const a = randomArray(m * k, m + 10 * k);
    const b = randomArray(k * n, 7 * n + k);
    const c = new Float64Array(m * n);
    matMul(a, b, c, m, k, n);
    expectClose(c, naiveProduct(toRows(a, m, k), toRows(b, k, n)).flat(), { rtol: 1e-12, atol: 1e-14 });

    // dW = Xᵀ·dZ with X (m×k), dZ (m×n)
    const dz = randomArray(m * n, 3 * m + n);
    const dw = new Float64Array(k * n);
    matMulTransposeA(a, dz, dw, m, k, n);
    expectClose(dw, naiveProduct(transposed(toRows(a, m, k)), toRows(dz, m, n)).flat(), { rtol: 1e-12, atol: 1e-14 });

    // dX = dZ·Wᵀ with dZ (m×n), W (k×n)
    const w = randomArray(k * n, 5 * k + n);
    const dx = new Float64Array(m * k);
    matMulTransposeB(dz, w, dx, m, n, k);
    expectClose(dx, naiveProduct(toRows(dz, m, n), transposed(toRows(w, k, n))).flat(), { rtol: 1e-12, atol: 1e-14 });
  });

  it('accumulates into the output when asked, and overwrites otherwise', () => {
    const a = randomArray(12, 1);
    const b = randomArray(20, 2);
    const once = new Float64Array(15);
    matMul(a, b, once, 3, 4, 5);
    const twice = Float64Array.from(once);
    matMul(a, b, twice, 3, 4, 5, true);
    expectClose(twice, Array.from(once, (v) => 2 * v), { rtol: 1e-15 });
    const stale = new Float64Array(15).fill(99);
    matMul(a, b, stale, 3, 4, 5);
    expect(Array.from(stale)).toEqual(Array.from(once));

    const dw = new Float64Array(4 * 5).fill(1);
    const dz = randomArray(15, 3);
    const fresh = new Float64Array(20);
    matMulTransposeA(a, dz, fresh, 3, 4, 5);
    matMulTransposeA(a, dz, dw, 3, 4, 5, true);
    expectClose(dw, Array.from(fresh, (v) => v + 1), { rtol: 1e-15 });

    const dx = new Float64Array(3 * 4).fill(2);
    const freshDx = new Float64Array(12);
    matMulTransposeB(dz, b, freshDx, 3, 5, 4);
    matMulTransposeB(dz, b, dx, 3, 5, 4, true);
    expectClose(dx, Array.from(freshDx, (v) => v + 2), { rtol: 1e-15 });
  });

  it('touches only the first m rows of a larger preallocated buffer', () => {
    const a = randomArray(2 * 3, 4);
    const b = randomArray(3 * 2, 5);
    const c = new Float32Array(10).fill(-7);
    matMul(a, b, c, 2, 3, 2);
    expect(Array.from(c.subarray(4))).toEqual([-7, -7, -7, -7, -7, -7]);
  });

  it('works on Float32Array with float32 rounding', () => {
    const a = Float32Array.of(0.1, 0.2, 0.3);
    const b = Float32Array.of(1, 2, 3);
    const c = new Float32Array(1);
    matMul(a, b, c, 1, 3, 1);
    // 0.1 + 0.4 + 0.9 = 1.4 up to float32 rounding of the inputs
    expectClose(c[0]!, 1.4, { rtol: 1e-6 });
  });

  it('broadcasts a bias row, sums rows, squares and transposes', () => {
    const z = Float64Array.of(1, 2, 3, 4, 5, 6);
    addRowVector(z, Float64Array.of(10, 20, 30), 2, 3);
    expect(Array.from(z)).toEqual([11, 22, 33, 14, 25, 36]);
    const sums = new Float64Array(3);
    sumRows(z, sums, 2, 3);
    // 11+14, 22+25, 33+36
    expect(Array.from(sums)).toEqual([25, 47, 69]);
    // 1 + 4 + 9
    expect(sumOfSquares(Float64Array.of(1, -2, 3))).toBe(14);
    const t = new Float64Array(6);
    transpose(Float64Array.of(1, 2, 3, 4, 5, 6), t, 2, 3);
    expect(Array.from(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
