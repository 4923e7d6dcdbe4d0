/*
 * Deepwire native kernels: one table of function pointers per instruction set.
 * kernels.c is compiled once per ISA (avx512, avx2, sse2 on x86-64; neon on arm64; scalar elsewhere)
 * with DW_ISA naming it; each build exports only `dw_table_<isa>`. Pointers here are real pointers
 * (the addon turns the heap's byte offsets into them after a bounds check).
 */
#ifndef DEEPWIRE_KERNELS_H
#define DEEPWIRE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Packing buffers of one bound heap (grown on demand, 64-byte aligned). */
typedef struct dw_scratch {
  float *pack_a;
  size_t cap_a; /* floats */
  float *pack_b;
  size_t cap_b;
} dw_scratch;

/* Returns a buffer of at least `floats` floats, or NULL when out of memory. */
float *dw_scratch_grow(float **buffer, size_t *capacity, size_t floats);
void dw_scratch_free(dw_scratch *s);

typedef struct kernel_table {
  const char *name;
  /* 0 on success, −1 when the packing buffers could not be allocated. */
  int (*gemm)(dw_scratch *s, const float *a, const float *b, float *c, int m, int k, int n, int trans_a, int trans_b,
              int accumulate, const float *bias);
  int (*compress_rows)(const float *x, int rows, int cols, int32_t *row_starts, int32_t *columns, float *values, int limit);
  void (*transpose_compressed)(int rows, int cols, const int32_t *row_starts, const int32_t *columns, const float *values,
                               int32_t *col_starts, int32_t *row_index, float *col_values, int32_t *cursor);
  void (*compressed_times_dense)(int out_rows, const int32_t *starts, const int32_t *index, const float *values, const float *b,
                                 int n, const float *bias, float *out);
  /* compressed_times_dense when every index is below b_rows (B's height): B is read in L1-sized blocks, the same result */
  void (*compressed_times_dense_rows)(int out_rows, const int32_t *starts, const int32_t *index, const float *values, const float *b,
                                      int b_rows, int n, const float *bias, float *out);
  void (*relu_forward)(const float *z, float *a, int n);
  void (*relu_backward)(const float *z, const float *dlda, float *dldz, int n);
  void (*leaky_relu_forward)(const float *z, float *a, int n, float alpha);
  void (*leaky_relu_backward)(const float *z, const float *dlda, float *dldz, int n, float alpha);
  void (*tanh_forward)(const float *z, float *a, int n);
  void (*tanh_backward)(const float *a, const float *dlda, float *dldz, int n);
  void (*sigmoid_forward)(const float *z, float *a, int n);
  void (*sigmoid_backward)(const float *a, const float *dlda, float *dldz, int n);
  double (*softmax_cross_entropy)(const float *z, const float *y, float *p, float *dldz, int rows, int units, float grad_scale);
  double (*sigmoid_binary_cross_entropy)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale);
  double (*sigmoid_squared_error)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale);
  double (*linear_squared_error)(const float *z, const float *y, float *p, float *dldz, int n, float grad_scale);
  void (*softmax_rows)(const float *z, float *p, int rows, int units);
  void (*column_sums)(const float *dldz, float *dldb, int rows, int units);
  double (*sum_of_squares)(const float *x, int n);
  void (*add_scaled)(const float *w, float *dldw, int n, float coefficient);
  void (*gd_update)(float *w, const float *g, int n, float lr);
  void (*momentum_update)(float *w, const float *g, float *v, int n, float lr, float beta, float one_minus_beta);
  void (*rmsprop_update)(float *w, const float *g, float *s, int n, float lr, float beta2, float one_minus_beta2, float epsilon);
  void (*adam_update)(float *w, const float *g, float *m, float *v, int n, float lr, float beta1, float one_minus_beta1,
                      float beta2, float one_minus_beta2, float epsilon, float correction1, float correction2);
  /* Register-only FMA loop for ~seconds: GFLOP/s (2 flops per FMA lane; mul + add on SSE2). */
  double (*peak_gflops)(double seconds);
} kernel_table;

#if defined(__x86_64__) || defined(_M_X64)
extern const kernel_table dw_table_avx512;
extern const kernel_table dw_table_avx2;
extern const kernel_table dw_table_sse2;
#elif defined(__aarch64__)
extern const kernel_table dw_table_neon;
#else
extern const kernel_table dw_table_scalar;
#endif

#endif
