// Products with a mostly-zero input batch X (an image's background pixels: ~80 % of MNIST).
// The first dense layer's two products with X, Z = X·W + b and dL/dW = Xᵀ·dL/dZ, then touch
// only the nonzeros: ~5× fewer multiply-adds than the dense kernel on MNIST, same sums (less the
// exact zeros). The trainer compresses X once per step and uses these when X is sparse enough.
//
// Compressed rows (CSR):    rowStarts[r] … rowStarts[r+1]−1 index columns[] (i32) and values[] (f32).
// Compressed columns (CSC): colStarts[c] … colStarts[c+1]−1 index rowIndex[] and colValues[].

/**
 * CSR of X (rows × cols); returns the number of nonzeros, or −1 as soon as they would exceed
 * `limit` (then X is too dense to gain, and columns/values hold `limit` slots, never more).
 */
export function compressRows(x: usize, rows: i32, cols: i32, rowStarts: usize, columns: usize, values: usize, limit: i32): i32 {
  const zero = f32x4.splat(0);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    store<i32>(rowStarts + (<usize>r << 2), count);
    const row = x + (<usize>(r * cols) << 2);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const v = v128.load(row + (<usize>c << 2));
      // Whole runs of zeros are skipped four at a time; the rest is branch-free.
      if (!i32x4.bitmask(f32x4.ne(v, zero))) continue;
      if (count > limit - 4) return -1;
      for (let lane = 0; lane < 4; lane++) {
        const value = load<f32>(row + (<usize>(c + lane) << 2));
        store<i32>(columns + (<usize>count << 2), c + lane);
        store<f32>(values + (<usize>count << 2), value);
        count += i32(value != 0);
      }
    }
    for (; c < cols; c++) {
      const value = load<f32>(row + (<usize>c << 2));
      if (count >= limit) return -1;
      store<i32>(columns + (<usize>count << 2), c);
      store<f32>(values + (<usize>count << 2), value);
      count += i32(value != 0);
    }
  }
  store<i32>(rowStarts + (<usize>rows << 2), count);
  return count;
}

/** CSC from CSR by counting sort (rows stay in order within a column). `cursor`: cols + 1 i32 of scratch. */
export function transposeCompressed(
  rows: i32, cols: i32, rowStarts: usize, columns: usize, values: usize,
  colStarts: usize, rowIndex: usize, colValues: usize, cursor: usize,
): void {
  memory.fill(cursor, 0, <usize>(cols + 1) << 2);
  const count = load<i32>(rowStarts + (<usize>rows << 2));
  for (let t = 0; t < count; t++) {
    const at = cursor + (<usize>(load<i32>(columns + (<usize>t << 2)) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  let sum = 0;
  for (let c = 0; c <= cols; c++) {
    sum += load<i32>(cursor + (<usize>c << 2));
    store<i32>(colStarts + (<usize>c << 2), sum);
    store<i32>(cursor + (<usize>c << 2), sum);
  }
  for (let r = 0; r < rows; r++) {
    const end = load<i32>(rowStarts + (<usize>(r + 1) << 2));
    for (let t = load<i32>(rowStarts + (<usize>r << 2)); t < end; t++) {
      const at = cursor + (<usize>load<i32>(columns + (<usize>t << 2)) << 2);
      const slot = load<i32>(at);
      store<i32>(at, slot + 1);
      store<i32>(rowIndex + (<usize>slot << 2), r);
      store<f32>(colValues + (<usize>slot << 2), load<f32>(values + (<usize>t << 2)));
    }
  }
}

/**
 * out (outRows × N) row o = Σ_{t ∈ starts[o] … starts[o+1]−1} values[t] · B[index[t], :] (+ bias).
 * With CSR of X and B = W it is Z = X·W + b; with CSC of X and B = dL/dZ it is dL/dW = Xᵀ·dL/dZ.
 * 32 columns at a time in 8 f32x4 accumulators, so each output row is written once.
 */
export function compressedTimesDense(outRows: i32, starts: usize, index: usize, values: usize, b: usize, N: i32, bias: usize, out: usize): void {
  const ld = <usize>N << 2;
  for (let o = 0; o < outRows; o++) {
    const first = load<i32>(starts + (<usize>o << 2));
    const last = load<i32>(starts + (<usize>(o + 1) << 2));
    const outRow = out + <usize>o * ld;
    let j = 0;
    for (; j + 32 <= N; j += 32) {
      const col = <usize>j << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      if (bias) {
        a0 = v128.load(bias + col); a1 = v128.load(bias + col, 16); a2 = v128.load(bias + col, 32); a3 = v128.load(bias + col, 48);
        a4 = v128.load(bias + col, 64); a5 = v128.load(bias + col, 80); a6 = v128.load(bias + col, 96); a7 = v128.load(bias + col, 112);
      }
      for (let t = first; t < last; t++) {
        const s = v128.load32_splat(values + (<usize>t << 2));
        const src = b + <usize>load<i32>(index + (<usize>t << 2)) * ld + col;
        a0 = f32x4.add(a0, f32x4.mul(s, v128.load(src)));
        a1 = f32x4.add(a1, f32x4.mul(s, v128.load(src, 16)));
        a2 = f32x4.add(a2, f32x4.mul(s, v128.load(src, 32)));
        a3 = f32x4.add(a3, f32x4.mul(s, v128.load(src, 48)));
        a4 = f32x4.add(a4, f32x4.mul(s, v128.load(src, 64)));
        a5 = f32x4.add(a5, f32x4.mul(s, v128.load(src, 80)));
        a6 = f32x4.add(a6, f32x4.mul(s, v128.load(src, 96)));
        a7 = f32x4.add(a7, f32x4.mul(s, v128.load(src, 112)));
      }
      const dst = outRow + col;
      v128.store(dst, a0); v128.store(dst, a1, 16); v128.store(dst, a2, 32); v128.store(dst, a3, 48);
      v128.store(dst, a4, 64); v128.store(dst, a5, 80); v128.store(dst, a6, 96); v128.store(dst, a7, 112);
    }
    for (; j + 4 <= N; j += 4) {
      const col = <usize>j << 2;
      let a = bias ? v128.load(bias + col) : f32x4.splat(0);
      for (let t = first; t < last; t++) {
        const src = b + <usize>load<i32>(index + (<usize>t << 2)) * ld + col;
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(values + (<usize>t << 2)), v128.load(src)));
      }
      v128.store(outRow + col, a);
    }
    for (; j < N; j++) {
      const col = <usize>j << 2;
      let a: f32 = bias ? load<f32>(bias + col) : 0;
      for (let t = first; t < last; t++) {
        a += load<f32>(values + (<usize>t << 2)) * load<f32>(b + <usize>load<i32>(index + (<usize>t << 2)) * ld + col);
      }
      store<f32>(outRow + col, a);
    }
  }
}
