/*
 * Deepwire's native kernels, the same semantics as the assembly/ sources (the WebAssembly SIMD kernels).
 * This file is compiled once per instruction set: binding.gyp builds it as avx512 / avx2 / sse2
 * (x86-64), neon (arm64) or scalar, with DW_ISA naming the build; every function gets that suffix
 * and the build exports one table, dw_table_<isa>. The code is written with GCC vector extensions
 * over VL floats (16 with AVX-512, 8 with AVX2, 4 otherwise), plus a few intrinsics for masked edges.
 *
 * Not -ffast-math: NaN and ±Inf go through every kernel as they do in the wasm ones (the fused
 * losses rely on it); -ffp-contract=fast lets a·b + c become one FMA (a float32 ulp, as allowed).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels.h"

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#ifndef DW_ISA
#error "DW_ISA must name the instruction set this build is for"
#endif
#define DW_CAT2(a, b) a##_##b
#define DW_CAT(a, b) DW_CAT2(a, b)
#define FN(name) DW_CAT(name, DW_ISA)
#define DW_STR2(x) #x
#define DW_STR(x) DW_STR2(x)

#if defined(__AVX512F__)
#define VL 16
#elif defined(__AVX2__)
#define VL 8
#else
#define VL 4
#endif

typedef float vf __attribute__((vector_size(VL * 4)));
/* The same vector read from any 4-byte aligned address. */
typedef float vfu __attribute__((vector_size(VL * 4), aligned(4), may_alias));

#define INLINE static inline __attribute__((always_inline))

INLINE vf vload(const float *p) { return *(const vfu *)p; }
INLINE void vstore(float *p, vf v) { *(vfu *)p = v; }
#if VL == 16
INLINE vf vsplat(float x) { return (vf){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
#elif VL == 8
INLINE vf vsplat(float x) { return (vf){x, x, x, x, x, x, x, x}; }
#else
INLINE vf vsplat(float x) { return (vf){x, x, x, x}; }
#endif

/* Loads / stores of the first n (0 < n ≤ VL) lanes, never touching memory past them. */
#if defined(__AVX512F__)
INLINE __mmask16 lane_mask(int n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1u); }
INLINE vf vload_n(const float *p, int n) { return (vf)_mm512_maskz_loadu_ps(lane_mask(n), p); }
INLINE void vstore_n(float *p, vf v, int n) { _mm512_mask_storeu_ps(p, lane_mask(n), (__m512)v); }
#elif defined(__AVX2__)
INLINE __m256i lane_mask(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
INLINE vf vload_n(const float *p, int n) { return (vf)_mm256_maskload_ps(p, lane_mask(n)); }
INLINE void vstore_n(float *p, vf v, int n) { _mm256_maskstore_ps(p, lane_mask(n), (__m256)v); }
#else
INLINE vf vload_n(const float *p, int n) {
  float t[VL] = {0};
  memcpy(t, p, (size_t)n * 4);
  return vload(t);
}
INLINE void vstore_n(float *p, vf v, int n) {
  float t[VL];
  vstore(t, v);
  memcpy(p, t, (size_t)n * 4);
}
#endif

/* wasm's f32.max: NaN if either is NaN, and +0 above −0. */
INLINE float wasm_max(float a, float b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a == 0 && b == 0) return signbit(a) ? b : a;
  return a > b ? a : b;
}

/* assembly/math.ts */
INLINE float sigmoid_of(float x) {
  if (x >= 0) return 1.0f / (1.0f + expf(-x));
  float e = expf(x);
  return e / (1.0f + e);
}
INLINE float log1p_exp_neg_abs(float x) { return log1pf(expf(-fabsf(x))); }

/* ================================================================================================
 * GEMM: C (M×N) = op(A)·op(B) (+ bias row, or + C). BLIS-style loops: a row-major A or B is read in
 * place (only its last partial panel is packed); Bᵀ is packed per K block into panels of NR columns
 * (NR = nv·VL), Aᵀ per M block into panels of MR rows, both k-major. The micro-kernel keeps an
 * MR×NR tile of C in MR·nv vector registers; per k it loads nv vectors of B and broadcasts MR
 * values of A. Edge tiles store through lane masks (AVX-512 / AVX2) or a small copy.
 * ================================================================================================ */

enum { MODE_SET = 0, MODE_BIAS = 1, MODE_ACC = 2 };
#define MR_MAX 16

/* K per block: the B micro-panel (kc × NR) stays in L1 (48 KiB on Zen 5) while A panels stream past. */
#define KC_TARGET 256
/* Packed A per block: half of a 1 MiB L2. */
#define MC_BYTES (512 * 1024)
/* Columns per packed B block. */
#define NC_MAX 4096
/* Row-major B read in place: K per block so the block (kc × N) takes at most this much (Zen 5's L2; measured:
 * 512³ runs at ~277 GFLOP/s with one 1 MiB block, ~250–270 with two of 512 KiB). */
#define DIRECT_KB_BYTES (1024 * 1024)
/* …for N up to this (wider rows: a B panel's k rows would span too many pages; pack instead). */
#define DIRECT_N_MAX 1024

/* A micro-kernel: kc steps of C[0..rows)[0..cols) (+)= A·B over one MR×NR tile. A(r, k) is pa[r·lda + k] for the
 * direct forms (row-major A read in place) and the packed panel otherwise; B(k, j) is pb[k·ldb + j] for the
 * direct forms (row-major B read in place), the packed panel (ldb = NR) otherwise. */
typedef void (*ukernel_fn)(int kc, const float *pa, size_t lda, const float *pb, size_t ldb, float *c, size_t ldc, int rows,
                           int cols, int mode, const float *bias);

INLINE void ukernel(const int mr, const int nv, int kc, const float *restrict pa, const size_t sra, const size_t ska,
                    const float *restrict pb, const size_t ldb, float *c, size_t ldc, int rows, int cols, int mode,
                    const float *bias) {
  vf acc[MR_MAX][2];
#pragma GCC unroll 16
  for (int r = 0; r < mr; r++) {
    acc[r][0] = (vf){0};
    acc[r][1] = (vf){0};
  }
  for (int k = 0; k < kc; k++) {
    const vf b0 = vload(pb);
    const vf b1 = nv > 1 ? vload(pb + VL) : (vf){0};
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++) {
      const vf a = vsplat(pa[r * sra]);
      acc[r][0] += a * b0;
      if (nv > 1) acc[r][1] += a * b1;
    }
    pa += ska;
    pb += ldb;
  }
  if (rows == mr && cols == nv * VL) {
    vf b0 = (vf){0}, b1 = (vf){0};
    if (mode == MODE_BIAS) {
      b0 = vload(bias);
      if (nv > 1) b1 = vload(bias + VL);
    }
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++) {
      float *p = c + (size_t)r * ldc;
      vf x0 = acc[r][0], x1 = acc[r][1];
      if (mode == MODE_ACC) {
        x0 += vload(p);
        if (nv > 1) x1 += vload(p + VL);
      } else if (mode == MODE_BIAS) {
        x0 += b0;
        if (nv > 1) x1 += b1;
      }
      vstore(p, x0);
      if (nv > 1) vstore(p + VL, x1);
    }
    return;
  }
  /* An edge tile: only the rows and columns that exist (constant indices, so acc stays in registers). */
#pragma GCC unroll 16
  for (int r = 0; r < mr; r++) {
    if (r >= rows) break;
    float *p = c + (size_t)r * ldc;
#pragma GCC unroll 2
    for (int v = 0; v < nv; v++) {
      const int n = cols - v * VL;
      if (n <= 0) break;
      const int w = n < VL ? n : VL;
      vf x = acc[r][v];
      if (mode == MODE_ACC) x += vload_n(p + v * VL, w);
      else if (mode == MODE_BIAS) x += vload_n(bias + v * VL, w);
      vstore_n(p + v * VL, x, w);
    }
  }
}

/* Per tile: packed A and B; direct A and B; packed A, direct B (the last rows); direct A, packed B (the last columns). */
#define UKERNEL(mr, nv)                                                                                                    \
  static void FN(uk_##mr##x##nv)(int kc, const float *pa, size_t lda, const float *pb, size_t ldb, float *c, size_t ldc,   \
                                  int rows, int cols, int mode, const float *bias) {                                       \
    (void)lda, (void)ldb;                                                                                                  \
    ukernel(mr, nv, kc, pa, 1, mr, pb, nv * VL, c, ldc, rows, cols, mode, bias);                                           \
  }                                                                                                                        \
  static void FN(ukdd_##mr##x##nv)(int kc, const float *pa, size_t lda, const float *pb, size_t ldb, float *c, size_t ldc, \
                                    int rows, int cols, int mode, const float *bias) {                                     \
    ukernel(mr, nv, kc, pa, lda, 1, pb, ldb, c, ldc, rows, cols, mode, bias);                                              \
  }                                                                                                                        \
  static void FN(ukpd_##mr##x##nv)(int kc, const float *pa, size_t lda, const float *pb, size_t ldb, float *c, size_t ldc, \
                                    int rows, int cols, int mode, const float *bias) {                                     \
    (void)lda;                                                                                                             \
    ukernel(mr, nv, kc, pa, 1, mr, pb, ldb, c, ldc, rows, cols, mode, bias);                                               \
  }                                                                                                                        \
  static void FN(ukdp_##mr##x##nv)(int kc, const float *pa, size_t lda, const float *pb, size_t ldb, float *c, size_t ldc, \
                                    int rows, int cols, int mode, const float *bias) {                                     \
    (void)ldb;                                                                                                             \
    ukernel(mr, nv, kc, pa, lda, 1, pb, nv * VL, c, ldc, rows, cols, mode, bias);                                          \
  }
#define TILE(mr, nv) {mr, nv, {FN(uk_##mr##x##nv), FN(ukdd_##mr##x##nv), FN(ukpd_##mr##x##nv), FN(ukdp_##mr##x##nv)}}

typedef struct tile_choice {
  int mr, nv;
  ukernel_fn fn[4]; /* indexed by FORM_*: A packed (P) or read in place (D), then B */
} tile_choice;
enum { FORM_PP = 0, FORM_DD = 1, FORM_PD = 2, FORM_DP = 3 };

#if VL == 16
UKERNEL(12, 2)
UKERNEL(8, 2)
UKERNEL(16, 1)
UKERNEL(8, 1)
static const tile_choice wide_tiles[] = {TILE(12, 2), TILE(8, 2)};
static const tile_choice narrow_tiles[] = {TILE(16, 1), TILE(8, 1)};
#elif VL == 8
UKERNEL(6, 2)
UKERNEL(4, 2)
UKERNEL(12, 1)
UKERNEL(6, 1)
static const tile_choice wide_tiles[] = {TILE(6, 2), TILE(4, 2)};
static const tile_choice narrow_tiles[] = {TILE(12, 1), TILE(6, 1)};
#elif defined(__aarch64__)
UKERNEL(8, 2)
UKERNEL(4, 2)
UKERNEL(12, 1)
UKERNEL(8, 1)
static const tile_choice wide_tiles[] = {TILE(8, 2), TILE(4, 2)};
static const tile_choice narrow_tiles[] = {TILE(12, 1), TILE(8, 1)};
#else
UKERNEL(4, 2)
UKERNEL(8, 1)
UKERNEL(4, 1)
static const tile_choice wide_tiles[] = {TILE(4, 2)};
static const tile_choice narrow_tiles[] = {TILE(8, 1), TILE(4, 1)};
#endif

/* The tile for M rows: fewest padded rows, counting ~2 rows' worth of overhead per panel (B loads, loop). */
static tile_choice choose_tile(int M, int N) {
  const tile_choice *list = N <= VL ? narrow_tiles : wide_tiles;
  const int count = N <= VL ? (int)(sizeof narrow_tiles / sizeof narrow_tiles[0]) : (int)(sizeof wide_tiles / sizeof wide_tiles[0]);
  tile_choice best = list[0];
  long best_cost = -1;
  for (int i = 0; i < count; i++) {
    const long panels = (M + list[i].mr - 1) / list[i].mr;
    const long cost = panels * (list[i].mr + 2);
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best = list[i];
    }
  }
  return best;
}

/* Rows ic…ic+mcur−1, k pc…pc+kcur−1 of op(A) into panels of mr rows (k-major, zero rows past the end). */
static void FN(pack_a)(const float *a, int M, int K, int trans_a, int ic, int mcur, int pc, int kcur, int mr, float *dst) {
  for (int ir = 0; ir < mcur; ir += mr) {
    const int rows = mcur - ir < mr ? mcur - ir : mr;
    float *d = dst + (size_t)(ir / mr) * mr * kcur;
    if (!trans_a) {
      /* A stored M×K: each row of the panel is contiguous in memory. */
      for (int r = 0; r < rows; r++) {
        const float *src = a + (size_t)(ic + ir + r) * K + pc;
        for (int k = 0; k < kcur; k++) d[(size_t)k * mr + r] = src[k];
      }
      for (int r = rows; r < mr; r++)
        for (int k = 0; k < kcur; k++) d[(size_t)k * mr + r] = 0;
    } else {
      /* A stored K×M: a panel column is contiguous. */
      for (int k = 0; k < kcur; k++) {
        const float *src = a + (size_t)(pc + k) * M + ic + ir;
        float *o = d + (size_t)k * mr;
        int r = 0;
        for (; r < rows; r++) o[r] = src[r];
        for (; r < mr; r++) o[r] = 0;
      }
    }
  }
}

/* k pc…pc+kcur−1, columns jc…jc+ncur−1 of op(B) into panels of nr columns (k-major, zero columns past the end). */
static void FN(pack_b)(const float *b, int K, int N, int trans_b, int pc, int kcur, int jc, int ncur, int nr, float *dst) {
  for (int jr = 0; jr < ncur; jr += nr) {
    const int cols = ncur - jr < nr ? ncur - jr : nr;
    float *d = dst + (size_t)(jr / nr) * nr * kcur;
    if (!trans_b) {
      /* B stored K×N: a panel row is contiguous. */
      for (int k = 0; k < kcur; k++) {
        const float *src = b + (size_t)(pc + k) * N + jc + jr;
        float *o = d + (size_t)k * nr;
        if (cols == nr) {
          for (int j = 0; j < nr; j += VL) vstore(o + j, vload(src + j));
        } else {
          int j = 0;
          for (; j < cols; j++) o[j] = src[j];
          for (; j < nr; j++) o[j] = 0;
        }
      }
    } else {
      /* B stored N×K: each column of the panel is a contiguous row of B. */
      for (int j = 0; j < cols; j++) {
        const float *src = b + (size_t)(jc + jr + j) * K + pc;
        for (int k = 0; k < kcur; k++) d[(size_t)k * nr + j] = src[k];
      }
      for (int j = cols; j < nr; j++)
        for (int k = 0; k < kcur; k++) d[(size_t)k * nr + j] = 0;
    }
  }
}

static int FN(gemm)(dw_scratch *s, const float *a, const float *b, float *c, int M, int K, int N, int trans_a, int trans_b,
                    int accumulate, const float *bias) {
  if (M <= 0 || N <= 0) return 0;
  if (K <= 0) {
    if (accumulate) return 0;
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) c[(size_t)i * N + j] = bias ? bias[j] + 0.0f : 0.0f;
    return 0;
  }
  const tile_choice tile = choose_tile(M, N);
  const int mr = tile.mr, nr = tile.nv * VL;
  const int nc = N < NC_MAX ? N : NC_MAX;
  /* Row-major operands are read in place (no copy); only their last partial panel is packed. */
  const int direct_a = !trans_a;
  const int direct_b = !trans_b && N <= DIRECT_N_MAX;
  const int kblocks = direct_b ? (int)(((size_t)K * N * 4 + DIRECT_KB_BYTES - 1) / DIRECT_KB_BYTES) : (K + KC_TARGET - 1) / KC_TARGET;
  const int kc = (K + kblocks - 1) / kblocks;
  int mc = MC_BYTES / (kc * 4);
  mc -= mc % mr;
  if (mc < mr) mc = mr;
  if (mc > M) mc = ((M + mr - 1) / mr) * mr;
  const size_t a_floats = direct_a ? (size_t)mr * kc : (size_t)mc * kc;
  const size_t b_floats = direct_b ? (size_t)nr * kc : (size_t)((nc + nr - 1) / nr) * nr * kc;
  float *pa = dw_scratch_grow(&s->pack_a, &s->cap_a, a_floats);
  float *pb = dw_scratch_grow(&s->pack_b, &s->cap_b, b_floats);
  if (!pa || !pb) return -1;
  const int medge = direct_a ? M - M % mr : 0; /* rows before it are read in place */

  for (int jc = 0; jc < N; jc += nc) {
    const int ncur = N - jc < nc ? N - jc : nc;
    const int nedge = direct_b ? ncur - ncur % nr : 0; /* columns (from jc) before it are read in place */
    for (int pc = 0; pc < K; pc += kc) {
      const int kcur = K - pc < kc ? K - pc : kc;
      if (nedge < ncur) FN(pack_b)(b, K, N, trans_b, pc, kcur, jc + nedge, ncur - nedge, nr, pb);
      const int mode = pc > 0 || accumulate ? MODE_ACC : bias ? MODE_BIAS : MODE_SET;
      for (int ic = 0; ic < M; ic += mc) {
        const int mcur = M - ic < mc ? M - ic : mc;
        const int mdirect = medge > ic ? (medge - ic < mcur ? medge - ic : mcur) : 0;
        if (mdirect < mcur) FN(pack_a)(a, M, K, trans_a, ic + mdirect, mcur - mdirect, pc, kcur, mr, pa);
        for (int jr = 0; jr < ncur; jr += nr) {
          const int cols = ncur - jr < nr ? ncur - jr : nr;
          const int db = jr < nedge;
          const float *panel_b = db ? b + (size_t)pc * N + jc + jr : pb + (size_t)((jr - nedge) / nr) * nr * kcur;
          const float *bias_at = mode == MODE_BIAS ? bias + jc + jr : NULL;
          for (int ir = 0; ir < mcur; ir += mr) {
            const int rows = mcur - ir < mr ? mcur - ir : mr;
            const int da = ir < mdirect;
            const float *panel_a = da ? a + (size_t)(ic + ir) * K + pc : pa + (size_t)((ir - mdirect) / mr) * mr * kcur;
            const int form = da ? (db ? FORM_DD : FORM_DP) : (db ? FORM_PD : FORM_PP);
            tile.fn[form](kcur, panel_a, (size_t)K, panel_b, (size_t)N, c + (size_t)(ic + ir) * N + jc + jr, (size_t)N, rows,
                          cols, mode, bias_at);
          }
        }
      }
    }
  }
  return 0;
}

/* ================================================================================================
 * The sparse first layer (assembly/sparse.ts).
 * ================================================================================================ */

/* Whether any of the n floats at p is nonzero (−0 counts as zero, NaN as nonzero: as `v != 0`). */
INLINE int any_nonzero(const float *p, int n) {
  uint32_t bits = 0;
  for (int i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, p + i, 4);
    bits |= u & 0x7fffffffu;
  }
  return bits != 0;
}

static int FN(compress_rows)(const float *x, int rows, int cols, int32_t *row_starts, int32_t *columns, float *values, int limit) {
  int count = 0;
  for (int r = 0; r < rows; r++) {
    row_starts[r] = count;
    const float *row = x + (size_t)r * cols;
    int c = 0;
    for (; c + 16 <= cols; c += 16) {
      /* Sixteen at a time: runs of zeros are skipped whole. */
#if defined(__AVX512F__)
      const __m512 v = _mm512_loadu_ps(row + c);
      const __mmask16 nz = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
      if (!nz) continue;
      const int pop = __builtin_popcount((unsigned)nz);
      if (count + (pop + 3 > 16 ? pop + 3 : 16) <= limit) {
        /* No group of four can hit the limit here, and 16 slots are free: compress in registers. */
        const __m512i idx = _mm512_add_epi32(_mm512_set1_epi32(c), _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        _mm512_storeu_ps(values + count, _mm512_maskz_compress_ps(nz, v));
        _mm512_storeu_si512(columns + count, _mm512_maskz_compress_epi32(nz, idx));
        count += pop;
        continue;
      }
#else
      if (!any_nonzero(row + c, 16)) continue;
#endif
      /* Near the limit: the four-wide steps of the wasm kernel, exactly. */
      for (int g = c; g < c + 16; g += 4) {
        if (!any_nonzero(row + g, 4)) continue;
        if (count > limit - 4) return -1;
        for (int lane = 0; lane < 4; lane++) {
          const float value = row[g + lane];
          columns[count] = g + lane;
          values[count] = value;
          count += value != 0;
        }
      }
    }
    for (; c + 4 <= cols; c += 4) {
      if (!any_nonzero(row + c, 4)) continue;
      if (count > limit - 4) return -1;
      for (int lane = 0; lane < 4; lane++) {
        const float value = row[c + lane];
        columns[count] = c + lane;
        values[count] = value;
        count += value != 0;
      }
    }
    for (; c < cols; c++) {
      const float value = row[c];
      if (count >= limit) return -1;
      columns[count] = c;
      values[count] = value;
      count += value != 0;
    }
  }
  row_starts[rows] = count;
  return count;
}

static void FN(transpose_compressed)(int rows, int cols, const int32_t *row_starts, const int32_t *columns, const float *values,
                                     int32_t *col_starts, int32_t *row_index, float *col_values, int32_t *cursor) {
  memset(cursor, 0, (size_t)(cols + 1) * 4);
  const int count = row_starts[rows];
  for (int t = 0; t < count; t++) cursor[columns[t] + 1]++;
  int sum = 0;
  for (int c = 0; c <= cols; c++) {
    sum += cursor[c];
    col_starts[c] = sum;
    cursor[c] = sum;
  }
  for (int r = 0; r < rows; r++) {
    const int end = row_starts[r + 1];
    for (int t = row_starts[r]; t < end; t++) {
      const int slot = cursor[columns[t]]++;
      row_index[slot] = r;
      col_values[slot] = values[t];
    }
  }
}

/*
 * compressed_times_dense over B in blocks of KB rows (B larger than L1: W in the forward pass): for each
 * block, every output row takes its next nonzeros whose index lies in the block, keeping 8 vectors of its
 * row in registers and the sum between blocks in `out`. Each row's nonzeros are still taken once each, in
 * their order (an index outside the block only pauses the row; the last block takes the rest), from the
 * same starting value: the result is the simple loop's bit for bit. Columns j .. j + 8·VL of B only.
 */
#ifndef CTD_KB
#define CTD_KB 128
#endif
#define CTD_MAX_ROWS 1024
static void FN(ctd_blocked)(int out_rows, const int32_t *starts, const int32_t *index, const float *values, const float *b,
                            int n, const float *bias, float *out, int j, int b_rows) {
  int32_t cursor[CTD_MAX_ROWS];
  const size_t ld = (size_t)n;
  for (int o = 0; o < out_rows; o++) cursor[o] = starts[o];
  for (int k0 = 0; k0 < b_rows; k0 += CTD_KB) {
    const int first_block = k0 == 0, last_block = k0 + CTD_KB >= b_rows;
    const int32_t k1 = last_block ? INT32_MAX : k0 + CTD_KB;
    for (int o = 0; o < out_rows; o++) {
      int t = cursor[o];
      const int end = starts[o + 1];
      if (!first_block && (t >= end || index[t] >= k1)) continue;
      float *out_row = out + (size_t)o * ld + j;
      vf acc[8];
#pragma GCC unroll 8
      for (int v = 0; v < 8; v++) acc[v] = first_block ? (bias ? vload(bias + j + v * VL) : (vf){0}) : vload(out_row + v * VL);
      for (; t < end && index[t] < k1; t++) {
        const vf s = vsplat(values[t]);
        const float *src = b + (size_t)index[t] * ld + j;
#pragma GCC unroll 8
        for (int v = 0; v < 8; v++) acc[v] += s * vload(src + v * VL);
      }
      cursor[o] = t;
#pragma GCC unroll 8
      for (int v = 0; v < 8; v++) vstore(out_row + v * VL, acc[v]);
    }
  }
}

/*
 * out row o = Σ values[t]·B[index[t], :] (+ bias), 8 vectors of columns at a time, then 1, then a masked rest.
 * b_rows > 0: every index is below it (the caller knows B's height), and B's rows larger than L1 are taken
 * in blocks (ctd_blocked, the same result); b_rows ≤ 0: unknown, the simple loop only.
 */
static void FN(compressed_times_dense_rows)(int out_rows, const int32_t *starts, const int32_t *index, const float *values, const float *b,
                                            int b_rows, int n, const float *bias, float *out) {
  const size_t ld = (size_t)n;
  int blocked_to = 0;
  if (b_rows > 0 && out_rows <= CTD_MAX_ROWS && n >= 8 * VL && (size_t)b_rows * ld * 4 > 48 * 1024) {
    /* Blocked when B is larger than the L1 cache and out overlaps nothing it reads. */
    const int count = starts[out_rows] - starts[0];
    const uintptr_t o0 = (uintptr_t)out, o1 = o0 + (size_t)out_rows * ld * 4;
    const uintptr_t b0 = (uintptr_t)b, b1 = b0 + (size_t)b_rows * ld * 4;
    const uintptr_t v0 = (uintptr_t)(values + starts[0]), v1 = v0 + (size_t)count * 4;
    const uintptr_t i0 = (uintptr_t)(index + starts[0]), i1 = i0 + (size_t)count * 4;
    const int apart = (o1 <= b0 || b1 <= o0) && (o1 <= v0 || v1 <= o0) && (o1 <= i0 || i1 <= o0) &&
                      (!bias || (uintptr_t)(bias + n) <= o0 || o1 <= (uintptr_t)bias);
    if (apart) {
      for (; blocked_to + 8 * VL <= n; blocked_to += 8 * VL)
        FN(ctd_blocked)(out_rows, starts, index, values, b, n, bias, out, blocked_to, b_rows);
    }
  }
  for (int o = 0; o < out_rows; o++) {
    const int first = starts[o], last = starts[o + 1];
    float *out_row = out + (size_t)o * ld;
    int j = blocked_to;
    for (; j + 8 * VL <= n; j += 8 * VL) {
      vf acc[8];
#pragma GCC unroll 8
      for (int v = 0; v < 8; v++) acc[v] = bias ? vload(bias + j + v * VL) : (vf){0};
      for (int t = first; t < last; t++) {
        const vf s = vsplat(values[t]);
        const float *src = b + (size_t)index[t] * ld + j;
#pragma GCC unroll 8
        for (int v = 0; v < 8; v++) acc[v] += s * vload(src + v * VL);
      }
#pragma GCC unroll 8
      for (int v = 0; v < 8; v++) vstore(out_row + j + v * VL, acc[v]);
    }
    for (; j + VL <= n; j += VL) {
      vf acc = bias ? vload(bias + j) : (vf){0};
      for (int t = first; t < last; t++) acc += vsplat(values[t]) * vload(b + (size_t)index[t] * ld + j);
      vstore(out_row + j, acc);
    }
    if (j < n) {
      const int w = n - j;
      vf acc = bias ? vload_n(bias + j, w) : (vf){0};
      for (int t = first; t < last; t++) acc += vsplat(values[t]) * vload_n(b + (size_t)index[t] * ld + j, w);
      vstore_n(out_row + j, acc, w);
    }
  }
}

static void FN(compressed_times_dense)(int out_rows, const int32_t *starts, const int32_t *index, const float *values, const float *b,
                                       int n, const float *bias, float *out) {
  FN(compressed_times_dense_rows)(out_rows, starts, index, values, b, 0, n, bias, out);
}

/* ================================================================================================
 * Activations (assembly/activations.ts). Output may alias input: every loop reads an element
 * before writing that same element only.
 * ================================================================================================ */

static void FN(relu_forward)(const float *z, float *a, int n) {
  for (int i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0.0f;
}
static void FN(relu_backward)(const float *z, const float *dlda, float *dldz, int n) {
  for (int i = 0; i < n; i++) dldz[i] = z[i] > 0 ? dlda[i] : 0.0f;
}
static void FN(leaky_relu_forward)(const float *z, float *a, int n, float alpha) {
  for (int i = 0; i < n; i++) {
    const float v = z[i];
    a[i] = v > 0 ? v : alpha * v;
  }
}
static void FN(leaky_relu_backward)(const float *z, const float *dlda, float *dldz, int n, float alpha) {
  for (int i = 0; i < n; i++) {
    const float g = dlda[i];
    dldz[i] = z[i] > 0 ? g : alpha * g;
  }
}
static void FN(tanh_forward)(const float *z, float *a, int n) {
  for (int i = 0; i < n; i++) a[i] = tanhf(z[i]);
}
static void FN(tanh_backward)(const float *a, const float *dlda, float *dldz, int n) {
  for (int i = 0; i < n; i++) {
    const float v = a[i];
    dldz[i] = dlda[i] * (1.0f - v * v);
  }
}
static void FN(sigmoid_forward)(const float *z, float *a, int n) {
  for (int i = 0; i < n; i++) a[i] = sigmoid_of(z[i]);
}
static void FN(sigmoid_backward)(const float *a, const float *dlda, float *dldz, int n) {
  for (int i = 0; i < n; i++) {
    const float v = a[i];
    dldz[i] = dlda[i] * (v * (1.0f - v));
  }
}

/* ================================================================================================
 * Fused output losses (assembly/losses.ts): each returns the unscaled f64 sum of per-element losses.
 * ================================================================================================ */

INLINE float row_max(const float *zr, int units) {
  float m = zr[0];
  for (int j = 1; j < units; j++) m = wasm_max(m, zr[j]);
  return m;
}
INLINE float store_shifted_exp(const float *zr, float *pr, int units, float max) {
  float sum = 0;
  for (int j = 0; j < units; j++) {
    const float e = expf(zr[j] - max);
    pr[j] = e;
    sum += e;
  }
  return sum;
}

static double FN(softmax_cross_entropy)(const float *z, const float *y, float *p, float *dldz, int rows, int units, float grad_scale) {
  double loss = 0;
  for (int r = 0; r < rows; r++) {
    const float *zr = z + (size_t)r * units;
    const float *yr = y + (size_t)r * units;
    float *pr = p + (size_t)r * units;
    float *gr = dldz + (size_t)r * units;
    const float max = row_max(zr, units);
    const float sum = store_shifted_exp(zr, pr, units, max);
    const float log_sum = logf(sum);
    const float inv = 1.0f / sum;
    for (int j = 0; j < units; j++) {
      const float t = yr[j];
      const float prob = pr[j] * inv;
      pr[j] = prob;
      gr[j] = grad_scale * (prob - t);
      if (t != 0) loss -= (double)t * (double)(zr[j] - max - log_sum);
    }
  }
  return loss;
}

static double FN(sigmoid_binary_cross_entropy)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale) {
  double loss = 0;
  for (int i = 0; i < n; i++) {
    const float v = z[i], t = y[i];
    const float prob = sigmoid_of(v);
    p[i] = prob;
    dldz[i] = grad_scale * (prob - t);
    loss += (double)(wasm_max(v, 0) - v * t + log1p_exp_neg_abs(v));
  }
  return loss;
}

static double FN(sigmoid_squared_error)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale) {
  double loss = 0;
  for (int i = 0; i < n; i++) {
    const float prob = sigmoid_of(z[i]);
    const float e = prob - y[i];
    p[i] = prob;
    dldz[i] = grad_scale * e * prob * (1.0f - prob);
    loss += (double)e * (double)e;
  }
  return loss;
}

static double FN(linear_squared_error)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale) {
  double loss = 0;
  for (int i = 0; i < n; i++) {
    const float v = z[i];
    const float e = v - y[i];
    p[i] = v;
    dldz[i] = grad_scale * e;
    loss += (double)e * (double)e;
  }
  return loss;
}

static void FN(softmax_rows)(const float *z, float *p, int rows, int units) {
  for (int r = 0; r < rows; r++) {
    const float *zr = z + (size_t)r * units;
    float *pr = p + (size_t)r * units;
    const float max = row_max(zr, units);
    const float sum = store_shifted_exp(zr, pr, units, max);
    const float inv = 1.0f / sum;
    for (int j = 0; j < units; j++) pr[j] = pr[j] * inv;
  }
}

/* ================================================================================================
 * Reductions (assembly/reductions.ts).
 * ================================================================================================ */

static void FN(column_sums)(const float *dldz, float *dldb, int rows, int units) {
  const size_t ld = (size_t)units;
  int j = 0;
  for (; j + 4 * VL <= units; j += 4 * VL) {
    vf acc[4] = {{0}, {0}, {0}, {0}};
    for (int r = 0; r < rows; r++) {
      const float *p = dldz + (size_t)r * ld + j;
#pragma GCC unroll 4
      for (int v = 0; v < 4; v++) acc[v] += vload(p + v * VL);
    }
#pragma GCC unroll 4
    for (int v = 0; v < 4; v++) vstore(dldb + j + v * VL, acc[v]);
  }
  for (; j < units; j += VL) {
    const int w = units - j < VL ? units - j : VL;
    vf acc = (vf){0};
    for (int r = 0; r < rows; r++) acc += vload_n(dldz + (size_t)r * ld + j, w);
    vstore_n(dldb + j, acc, w);
  }
}

static double FN(sum_of_squares)(const float *x, int n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int i = 0;
  for (; i + 8 <= n; i += 8) {
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) {
      const double v = (double)x[i + j];
      s[j] += v * v;
    }
  }
  double sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; i < n; i++) {
    const double v = (double)x[i];
    sum += v * v;
  }
  return sum;
}

static void FN(add_scaled)(const float *w, float *dldw, int n, float coefficient) {
  for (int i = 0; i < n; i++) dldw[i] = dldw[i] + coefficient * w[i];
}

/* ================================================================================================
 * Optimizers (assembly/optimizers.ts): every quantity is float32 there (the (1 − β) arrive computed in f64).
 * ================================================================================================ */

static void FN(gd_update)(float *w, const float *g, int n, float lr) {
  for (int i = 0; i < n; i++) w[i] = w[i] - lr * g[i];
}

static void FN(momentum_update)(float *w, const float *g, float *v, int n, float lr, float beta, float one_minus_beta) {
  for (int i = 0; i < n; i++) {
    const float vi = beta * v[i] + one_minus_beta * g[i];
    v[i] = vi;
    w[i] = w[i] - lr * vi;
  }
}

static void FN(rmsprop_update)(float *w, const float *g, float *s, int n, float lr, float beta2, float one_minus_beta2, float epsilon) {
  for (int i = 0; i < n; i++) {
    const float gi = g[i];
    const float si = beta2 * s[i] + one_minus_beta2 * (gi * gi);
    s[i] = si;
    w[i] = w[i] - (lr * gi) / (sqrtf(si) + epsilon);
  }
}

static void FN(adam_update)(float *w, const float *g, float *m, float *v, int n, float lr, float beta1, float one_minus_beta1,
                            float beta2, float one_minus_beta2, float epsilon, float correction1, float correction2) {
  for (int i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = beta1 * m[i] + one_minus_beta1 * gi;
    const float vi = beta2 * v[i] + one_minus_beta2 * (gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i] - (lr * (mi * correction1)) / (sqrtf(vi * correction2) + epsilon);
  }
}

/* ================================================================================================
 * Peak: independent FMA chains in registers only.
 * ================================================================================================ */

#if VL == 16
#define CHAINS 24
#else
#define CHAINS 12
#endif

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile float peak_sink;

static double FN(peak_gflops)(double seconds) {
  vf acc[CHAINS];
#pragma GCC unroll 24
  for (int i = 0; i < CHAINS; i++) acc[i] = vsplat(1.0f + (float)i * 1e-3f);
  const vf mul = vsplat(0.9999999f), add = vsplat(1e-7f);
  const long chunk = 200000;
  long iterations = 0;
  const double start = now_seconds();
  double elapsed = 0;
  do {
    for (long it = 0; it < chunk; it++) {
#pragma GCC unroll 24
      for (int i = 0; i < CHAINS; i++) {
        acc[i] = acc[i] * mul + add;
        /* Opaque to the optimizer, free at run time: every FMA really runs. */
#if defined(__x86_64__)
        __asm__ volatile("" : "+v"(acc[i]));
#elif defined(__aarch64__)
        __asm__ volatile("" : "+w"(acc[i]));
#endif
      }
    }
    iterations += chunk;
    elapsed = now_seconds() - start;
  } while (elapsed < seconds);
  vf total = (vf){0};
#pragma GCC unroll 24
  for (int i = 0; i < CHAINS; i++) total += acc[i];
  peak_sink = total[0];
  return (double)iterations * CHAINS * VL * 2 / elapsed / 1e9;
}

const kernel_table DW_CAT(dw_table, DW_ISA) = {
    DW_STR(DW_ISA),
    FN(gemm),
    FN(compress_rows),
    FN(transpose_compressed),
    FN(compressed_times_dense),
    FN(compressed_times_dense_rows),
    FN(relu_forward),
    FN(relu_backward),
    FN(leaky_relu_forward),
    FN(leaky_relu_backward),
    FN(tanh_forward),
    FN(tanh_backward),
    FN(sigmoid_forward),
    FN(sigmoid_backward),
    FN(softmax_cross_entropy),
    FN(sigmoid_binary_cross_entropy),
    FN(sigmoid_squared_error),
    FN(linear_squared_error),
    FN(softmax_rows),
    FN(column_sums),
    FN(sum_of_squares),
    FN(add_scaled),
    FN(gd_update),
    FN(momentum_update),
    FN(rmsprop_update),
    FN(adam_update),
    FN(peak_gflops),
};
