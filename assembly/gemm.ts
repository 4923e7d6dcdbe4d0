// Matrix product C = op(A)·op(B) (+ bias, or + C) on f32 tensors in linear memory, for the three
// products a dense layer needs: X·W (forward), dZ·Wᵀ (input gradient) and Xᵀ·dZ (weight gradient).
//
// Why it is shaped like this: both operands are first copied ("packed") into panels laid out in the
// exact order the micro-kernel reads them, so the hot loop does only contiguous loads whatever the
// transposes were. The micro-kernel keeps a 4×8 tile of C in 8 f32x4 registers (4 rows × 2 vectors);
// per k it loads 2 vectors of B and splats 4 values of A. Larger tiles spill registers in V8.
//
// Packed layouts (K = shared dimension):
//   A panel p (rows 4p…4p+3):  element (row 4p+r, k) at packA + (p·K + k)·16 + r·4
//   B panel q (cols 8q…8q+7):  element (k, col 8q+c) at packB + (q·K + k)·32 + c·4
// Rows/columns beyond M or N are zero in the panels; the edge tiles store only what exists.
//
// Every pointer is a byte offset into memory; every matrix is row-major.

const MR: i32 = 4;
const NR: i32 = 8;
/** Packed A per block of rows: a quarter of a 1 MiB L2, leaving room for B and C. */
const L2_BLOCK_BYTES: i32 = 256 * 1024;

// One 4×8 tile for edge cases: the kernel writes it here, then copies the part that exists.
const edgeTile: usize = memory.data(MR * NR * 4, 16);

/** Bytes of packing scratch that gemm needs for A (M×K) and for B (K×N). */
export function packedASize(M: i32, K: i32): i32 {
  return ((M + MR - 1) / MR) * MR * K * 4;
}
export function packedBSize(K: i32, N: i32): i32 {
  return ((N + NR - 1) / NR) * NR * K * 4;
}

/**
 * C (M×N) = op(A) · op(B), where op(A) is M×K and op(B) is K×N.
 * transA: A is stored K×M (so op(A) = Aᵀ); transB: B is stored N×K.
 * accumulate ≠ 0: C += product; else C = product (+ bias[j] on every row when bias ≠ 0).
 * packA/packB: scratch of packedASize(M, K) / packedBSize(K, N) bytes.
 */
export function gemm(
  a: usize, b: usize, c: usize, M: i32, K: i32, N: i32,
  transA: i32, transB: i32, accumulate: i32, bias: usize, packA: usize, packB: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (transA) packRowsOfTransposed(a, M, K, packA);
  else packRows(a, M, K, packA);
  if (transB) packColumnsOfTransposed(b, K, N, packB);
  else packColumns(b, K, N, packB);

  const panelsM = (M + MR - 1) / MR;
  const panelsN = (N + NR - 1) / NR;
  const ldc = <usize>N << 2;
  // A is walked in blocks of rows that fit in L2 next to B (256 KiB of packed A), so the
  // B panel stays in L1 while the A panels of one block stream past it from L2.
  const blockPanels = max(1, L2_BLOCK_BYTES / (MR * 4 * max(K, 1)));
  for (let p0 = 0; p0 < panelsM; p0 += blockPanels) {
    const p1 = min(panelsM, p0 + blockPanels);
    for (let q = 0; q < panelsN; q++) {
      const pb = packB + <usize>q * <usize>K * (NR << 2);
      const col0 = q * NR;
      const cols = min(NR, N - col0);
      const biasAt: usize = bias ? bias + (<usize>col0 << 2) : 0;
      for (let p = p0; p < p1; p++) {
        const pa = packA + <usize>p * <usize>K * (MR << 2);
        const row0 = p * MR;
        const rows = min(MR, M - row0);
        const at = c + <usize>row0 * ldc + (<usize>col0 << 2);
        microKernel(pa, pb, K, at, ldc, rows, cols, accumulate, biasAt);
      }
    }
  }
}

// A stored M×K: gather 4 rows at a time, transposing 4×4 blocks with shuffles.
function packRows(a: usize, M: i32, K: i32, dst: usize): void {
  const rowBytes = <usize>K << 2;
  for (let row0 = 0; row0 < M; row0 += MR) {
    const rows = min(MR, M - row0);
    const out = dst + <usize>(row0 / MR) * <usize>K * (MR << 2);
    const r0 = a + <usize>row0 * rowBytes;
    if (rows == MR) {
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const off = <usize>k << 2;
        const x0 = v128.load(r0 + off);
        const x1 = v128.load(r1 + off);
        const x2 = v128.load(r2 + off);
        const x3 = v128.load(r3 + off);
        const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
        const o = out + (<usize>k << 4);
        v128.store(o, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(o, f32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
        v128.store(o, f32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
        v128.store(o, f32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
      }
      for (; k < K; k++) {
        const off = <usize>k << 2;
        const o = out + (<usize>k << 4);
        store<f32>(o, load<f32>(r0 + off));
        store<f32>(o, load<f32>(r1 + off), 4);
        store<f32>(o, load<f32>(r2 + off), 8);
        store<f32>(o, load<f32>(r3 + off), 12);
      }
    } else {
      for (let k = 0; k < K; k++) {
        const o = out + (<usize>k << 4);
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(r0 + <usize>r * rowBytes + (<usize>k << 2)) : 0;
          store<f32>(o + (<usize>r << 2), v);
        }
      }
    }
  }
}

// A stored K×M (op(A) = Aᵀ): the 4 values of a panel column are already contiguous.
function packRowsOfTransposed(a: usize, M: i32, K: i32, dst: usize): void {
  const strideBytes = <usize>M << 2;
  for (let row0 = 0; row0 < M; row0 += MR) {
    const rows = min(MR, M - row0);
    const out = dst + <usize>(row0 / MR) * <usize>K * (MR << 2);
    const src = a + (<usize>row0 << 2);
    if (rows == MR) {
      for (let k = 0; k < K; k++) v128.store(out + (<usize>k << 4), v128.load(src + <usize>k * strideBytes));
    } else {
      for (let k = 0; k < K; k++) {
        const o = out + (<usize>k << 4);
        const s = src + <usize>k * strideBytes;
        for (let r = 0; r < MR; r++) store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(s + (<usize>r << 2)) : <f32>0);
      }
    }
  }
}

// B stored K×N: each panel row is 8 contiguous values of a row of B.
function packColumns(b: usize, K: i32, N: i32, dst: usize): void {
  const rowBytes = <usize>N << 2;
  for (let col0 = 0; col0 < N; col0 += NR) {
    const cols = min(NR, N - col0);
    const out = dst + <usize>(col0 / NR) * <usize>K * (NR << 2);
    const src = b + (<usize>col0 << 2);
    if (cols == NR) {
      for (let k = 0; k < K; k++) {
        const s = src + <usize>k * rowBytes;
        const o = out + (<usize>k << 5);
        v128.store(o, v128.load(s));
        v128.store(o, v128.load(s, 16), 16);
      }
    } else {
      for (let k = 0; k < K; k++) {
        const s = src + <usize>k * rowBytes;
        const o = out + (<usize>k << 5);
        for (let j = 0; j < NR; j++) store<f32>(o + (<usize>j << 2), j < cols ? load<f32>(s + (<usize>j << 2)) : <f32>0);
      }
    }
  }
}

// B stored N×K (op(B) = Bᵀ): 8 rows of the stored matrix become a panel, 4×4 blocks transposed.
function packColumnsOfTransposed(b: usize, K: i32, N: i32, dst: usize): void {
  const rowBytes = <usize>K << 2;
  for (let col0 = 0; col0 < N; col0 += NR) {
    const cols = min(NR, N - col0);
    const out = dst + <usize>(col0 / NR) * <usize>K * (NR << 2);
    const base = b + <usize>col0 * rowBytes;
    if (cols == NR) {
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const off = <usize>k << 2;
        const o = out + (<usize>k << 5);
        transpose4x4Into(base + off, rowBytes, o);
        transpose4x4Into(base + 4 * rowBytes + off, rowBytes, o + 16);
      }
      for (; k < K; k++) {
        const o = out + (<usize>k << 5);
        for (let j = 0; j < NR; j++) store<f32>(o + (<usize>j << 2), load<f32>(base + <usize>j * rowBytes + (<usize>k << 2)));
      }
    } else {
      for (let k = 0; k < K; k++) {
        const o = out + (<usize>k << 5);
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < cols ? load<f32>(base + <usize>j * rowBytes + (<usize>k << 2)) : 0;
          store<f32>(o + (<usize>j << 2), v);
        }
      }
    }
  }
}

// Reads a 4×4 block (rows `stride` bytes apart) and writes its 4 columns 32 bytes apart
// (the B-panel row pitch), i.e. the transposed block into half of 4 consecutive panel rows.
function transpose4x4Into(src: usize, stride: usize, dst: usize): void {
  const x0 = v128.load(src);
  const x1 = v128.load(src + stride);
  const x2 = v128.load(src + 2 * stride);
  const x3 = v128.load(src + 3 * stride);
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst, f32x4.shuffle(t0, t2, 2, 3, 6, 7), 32);
  v128.store(dst, f32x4.shuffle(t1, t3, 0, 1, 4, 5), 64);
  v128.store(dst, f32x4.shuffle(t1, t3, 2, 3, 6, 7), 96);
}

// The 4×8 tile: 8 accumulators, 2 B vectors and 1 splat of A live per step of k.
function microKernel(
  pa: usize, pb: usize, K: i32, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: i32, bias: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const endA = pa + (<usize>K << 4);
  while (pa < endA) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(s, b0));
    c01 = f32x4.add(c01, f32x4.mul(s, b1));
    s = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, b0));
    c11 = f32x4.add(c11, f32x4.mul(s, b1));
    s = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(s, b0));
    c21 = f32x4.add(c21, f32x4.mul(s, b1));
    s = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(s, b0));
    c31 = f32x4.add(c31, f32x4.mul(s, b1));
    pa += 16;
    pb += 32;
  }

  const full = rows == MR && cols == NR;
  // Edge tiles go through a scratch tile so that nothing outside C is ever touched.
  const dst: usize = full ? c : edgeTile;
  const ld: usize = full ? ldc : NR << 2;
  if (full && accumulate) {
    c00 = f32x4.add(c00, v128.load(dst));
    c01 = f32x4.add(c01, v128.load(dst, 16));
    c10 = f32x4.add(c10, v128.load(dst + ld));
    c11 = f32x4.add(c11, v128.load(dst + ld, 16));
    c20 = f32x4.add(c20, v128.load(dst + 2 * ld));
    c21 = f32x4.add(c21, v128.load(dst + 2 * ld, 16));
    c30 = f32x4.add(c30, v128.load(dst + 3 * ld));
    c31 = f32x4.add(c31, v128.load(dst + 3 * ld, 16));
  } else if (full && bias) {
    const bias0 = v128.load(bias);
    const bias1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, bias0);
    c01 = f32x4.add(c01, bias1);
    c10 = f32x4.add(c10, bias0);
    c11 = f32x4.add(c11, bias1);
    c20 = f32x4.add(c20, bias0);
    c21 = f32x4.add(c21, bias1);
    c30 = f32x4.add(c30, bias0);
    c31 = f32x4.add(c31, bias1);
  }
  v128.store(dst, c00);
  v128.store(dst, c01, 16);
  v128.store(dst + ld, c10);
  v128.store(dst + ld, c11, 16);
  v128.store(dst + 2 * ld, c20);
  v128.store(dst + 2 * ld, c21, 16);
  v128.store(dst + 3 * ld, c30);
  v128.store(dst + 3 * ld, c31, 16);
  if (full) return;

  for (let r = 0; r < rows; r++) {
    const from = edgeTile + (<usize>(r * NR) << 2);
    const to = c + <usize>r * ldc;
    for (let j = 0; j < cols; j++) {
      const off = <usize>j << 2;
      let v = load<f32>(from + off);
      if (accumulate) v += load<f32>(to + off);
      else if (bias) v += load<f32>(bias + off);
      store<f32>(to + off, v);
    }
  }
}
