/*
 * deepwire_native: the Node-API face of the kernels. Picks the best kernel table this CPU runs once at
 * load (DEEPWIRE_NATIVE_ISA may force a lower one), and binds tables to a JS ArrayBuffer "heap":
 * every pointer argument is a byte offset into it, as with the WebAssembly memory, and every one is
 * bounds-checked before a kernel runs (a bad offset throws a RangeError instead of corrupting memory).
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "train.h"

/* ---- the tables this build has, best first ---- */

typedef struct isa_entry {
  const char *name;
  const kernel_table *table;
} isa_entry;

#if defined(__x86_64__) || defined(_M_X64)
static const isa_entry all_isas[] = {{"avx512", &dw_table_avx512}, {"avx2", &dw_table_avx2}, {"sse2", &dw_table_sse2}};
static int cpu_runs(const char *name) {
  __builtin_cpu_init();
  if (strcmp(name, "avx512") == 0)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (strcmp(name, "avx2") == 0) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return 1; /* SSE2 is part of x86-64 */
}
#elif defined(__aarch64__)
static const isa_entry all_isas[] = {{"neon", &dw_table_neon}};
static int cpu_runs(const char *name) { (void)name; return 1; /* Advanced SIMD is part of AArch64 */ }
#else
static const isa_entry all_isas[] = {{"scalar", &dw_table_scalar}};
static int cpu_runs(const char *name) { (void)name; return 1; }
#endif
#define ISA_COUNT ((int)(sizeof all_isas / sizeof all_isas[0]))

static const isa_entry *runnable[ISA_COUNT];
static int runnable_count;
static const isa_entry *in_use;

static void detect(void) {
  if (in_use) return;
  for (int i = 0; i < ISA_COUNT; i++)
    if (cpu_runs(all_isas[i].name)) runnable[runnable_count++] = &all_isas[i];
  in_use = runnable[0];
  const char *forced = getenv("DEEPWIRE_NATIVE_ISA");
  if (forced && *forced) {
    for (int i = 0; i < runnable_count; i++)
      if (strcmp(runnable[i]->name, forced) == 0) in_use = runnable[i];
  }
}

/* ---- calls ---- */

#define MAX_ARGS 14

typedef struct binding {
  napi_ref heap;
  const kernel_table *k;
  dw_scratch scratch;
  dw_density_cache density;
  int functions; /* live JS functions that point here */
} binding;

typedef struct call {
  napi_env env;
  binding *b;
  uint8_t *base;
  size_t length;
  napi_value argv[MAX_ARGS];
  size_t argc;
  int failed;
} call;

static void throw_range(call *c, const char *message) {
  if (!c->failed) napi_throw_range_error(c->env, NULL, message);
  c->failed = 1;
}
static void throw_type(call *c, const char *message) {
  if (!c->failed) napi_throw_type_error(c->env, NULL, message);
  c->failed = 1;
}

static int begin(call *c, napi_env env, napi_callback_info info, size_t want) {
  memset(c, 0, sizeof *c);
  c->env = env;
  c->argc = MAX_ARGS;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &c->argc, c->argv, NULL, &data) != napi_ok) return 0;
  c->b = data;
  if (c->argc < want) {
    char message[96];
    snprintf(message, sizeof message, "Expected %zu arguments, got %zu.", want, c->argc);
    throw_type(c, message);
    return 0;
  }
  napi_value heap;
  void *base = NULL;
  size_t length = 0;
  if (napi_get_reference_value(env, c->b->heap, &heap) != napi_ok ||
      napi_get_arraybuffer_info(env, heap, &base, &length) != napi_ok) {
    throw_type(c, "The bound heap is gone.");
    return 0;
  }
  c->base = base;
  c->length = length;
  return 1;
}

static double num(call *c, size_t i) {
  double v = 0;
  if (c->failed) return 0;
  if (napi_get_value_double(c->env, c->argv[i], &v) != napi_ok) throw_type(c, "Expected a number argument.");
  return v;
}
/* ToInt32, as a wasm i32 parameter gets it. */
static int32_t i32(call *c, size_t i) {
  int32_t v = 0;
  if (c->failed) return 0;
  if (napi_get_value_int32(c->env, c->argv[i], &v) != napi_ok) throw_type(c, "Expected a number argument.");
  return v;
}
static float f32(call *c, size_t i) { return (float)num(c, i); }

/* The byte offset in argument i as a pointer to `count` 4-byte values (none when count ≤ 0). */
static void *ptr(call *c, size_t i, double count) {
  const int32_t off = i32(c, i);
  if (c->failed) return NULL;
  if (count <= 0) return c->base;
  if (off < 0 || (off & 3) != 0 || (double)off + count * 4 > (double)c->length) {
    char message[160];
    snprintf(message, sizeof message, "Argument %zu: %.0f bytes at byte offset %d are outside the %zu-byte heap (or not 4-byte aligned).", i + 1,
             count * 4, off, c->length);
    throw_range(c, message);
    return NULL;
  }
  return c->base + off;
}
/* An optional pointer (0: none). */
static void *opt_ptr(call *c, size_t i, double count) {
  if (c->failed) return NULL;
  if (i32(c, i) == 0) return NULL;
  return ptr(c, i, count);
}

static napi_value ret_double(napi_env env, double v) {
  napi_value out;
  napi_create_double(env, v, &out);
  return out;
}
static napi_value ret_int(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

#define METHOD(name) static napi_value name(napi_env env, napi_callback_info info)
#define BEGIN(n)                                                                                                            \
  call cc;                                                                                                                  \
  call *c = &cc;                                                                                                            \
  if (!begin(c, env, info, n)) return NULL;                                                                                 \
  const kernel_table *k = c->b->k;                                                                                          \
  (void)k;

METHOD(m_heap_base) {
  (void)info;
  return ret_int(env, 0);
}
METHOD(m_packed_a_size) {
  BEGIN(2);
  const int32_t m = i32(c, 0), kk = i32(c, 1);
  if (c->failed) return NULL;
  return ret_int(env, (int32_t)(((int64_t)(m + 3) / 4) * 4 * kk * 4));
}
METHOD(m_packed_b_size) {
  BEGIN(2);
  const int32_t kk = i32(c, 0), n = i32(c, 1);
  if (c->failed) return NULL;
  return ret_int(env, (int32_t)(((int64_t)(n + 7) / 8) * 8 * kk * 4));
}

METHOD(m_gemm) {
  BEGIN(12);
  const int32_t M = i32(c, 3), K = i32(c, 4), N = i32(c, 5), ta = i32(c, 6), tb = i32(c, 7), acc = i32(c, 8);
  if (c->failed) return NULL;
  if (M <= 0 || N <= 0) return NULL;
  const double kk = K > 0 ? K : 0;
  const float *a = ptr(c, 0, (double)M * kk);
  const float *b = ptr(c, 1, kk * N);
  float *cm = ptr(c, 2, (double)M * N);
  const float *bias = acc ? NULL : opt_ptr(c, 9, N);
  if (c->failed) return NULL;
  if (k->gemm(&c->b->scratch, a, b, cm, M, K, N, ta, tb, acc, bias) != 0) napi_throw_error(env, NULL, "Out of memory for the packing buffers.");
  return NULL;
}

METHOD(m_compress_rows) {
  BEGIN(7);
  const int32_t rows = i32(c, 1), cols = i32(c, 2), limit = i32(c, 6);
  if (c->failed) return NULL;
  const double r = rows > 0 ? rows : 0, cl = cols > 0 ? cols : 0;
  const double slots = fmin(limit > 0 ? limit : 0, r * cl);
  const float *x = ptr(c, 0, r * cl);
  int32_t *starts = ptr(c, 3, r + 1);
  int32_t *columns = ptr(c, 4, slots);
  float *values = ptr(c, 5, slots);
  if (c->failed) return NULL;
  if (rows < 0 || cols < 0) {
    throw_range(c, "rows and cols must be ≥ 0.");
    return NULL;
  }
  return ret_int(env, k->compress_rows(x, rows, cols, starts, columns, values, limit));
}

METHOD(m_transpose_compressed) {
  BEGIN(9);
  const int32_t rows = i32(c, 0), cols = i32(c, 1);
  if (c->failed) return NULL;
  if (rows < 0 || cols < 0) {
    throw_range(c, "rows and cols must be ≥ 0.");
    return NULL;
  }
  const int32_t *starts = ptr(c, 2, rows + 1.0);
  if (c->failed) return NULL;
  const int32_t count = starts[rows];
  if (starts[0] < 0 || count < starts[0]) {
    throw_range(c, "rowStarts is not a valid CSR (it must rise from ≥ 0).");
    return NULL;
  }
  for (int r = 0; r < rows; r++) {
    if (starts[r + 1] < starts[r]) {
      throw_range(c, "rowStarts must not decrease.");
      return NULL;
    }
  }
  const int32_t *columns = ptr(c, 3, count);
  const float *values = ptr(c, 4, count);
  int32_t *col_starts = ptr(c, 5, cols + 1.0);
  int32_t *row_index = ptr(c, 6, count);
  float *col_values = ptr(c, 7, count);
  int32_t *cursor = ptr(c, 8, cols + 1.0);
  if (c->failed) return NULL;
  for (int t = 0; t < count; t++) {
    if ((uint32_t)columns[t] >= (uint32_t)cols) {
      throw_range(c, "A column index in the CSR is outside 0…cols−1.");
      return NULL;
    }
  }
  k->transpose_compressed(rows, cols, starts, columns, values, col_starts, row_index, col_values, cursor);
  return NULL;
}

METHOD(m_compressed_times_dense) {
  BEGIN(8);
  const int32_t out_rows = i32(c, 0), n = i32(c, 5), b_off = i32(c, 4);
  if (c->failed) return NULL;
  if (out_rows <= 0) return NULL;
  const int32_t *starts = ptr(c, 1, out_rows + 1.0);
  if (c->failed) return NULL;
  const int32_t first = starts[0], last = starts[out_rows];
  if (first < 0 || last < first) {
    throw_range(c, "starts is not a valid compressed index (it must rise from ≥ 0).");
    return NULL;
  }
  for (int o = 0; o < out_rows; o++) {
    if (starts[o + 1] < starts[o]) {
      throw_range(c, "starts must not decrease.");
      return NULL;
    }
  }
  const int32_t *index = ptr(c, 2, last);
  const float *values = ptr(c, 3, last);
  const float *bias = opt_ptr(c, 6, n);
  float *out = ptr(c, 7, (double)out_rows * (n > 0 ? n : 0));
  if (c->failed) return NULL;
  if (n <= 0) return NULL;
  int32_t lo = 0, hi = -1;
  if (last > first) {
    lo = hi = index[first];
    for (int t = first; t < last; t++) {
      const int32_t v = index[t];
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  }
  if (lo < 0) {
    throw_range(c, "A row index is negative.");
    return NULL;
  }
  /* B must hold rows 0…hi of n values. */
  const float *b = ptr(c, 4, ((double)hi + 1) * n);
  if (c->failed) return NULL;
  (void)b_off;
  k->compressed_times_dense(out_rows, starts, index, values, b, n, bias, out);
  return NULL;
}

/* Elementwise: (x, y, n) and (x, y, z, n) forms. */
#define UNARY(name, fn)                                                                                                     \
  METHOD(name) {                                                                                                            \
    BEGIN(3);                                                                                                               \
    const int32_t n = i32(c, 2);                                                                                            \
    const float *x = ptr(c, 0, n);                                                                                          \
    float *y = ptr(c, 1, n);                                                                                                \
    if (c->failed || n <= 0) return NULL;                                                                                   \
    k->fn(x, y, n);                                                                                                         \
    return NULL;                                                                                                            \
  }
#define BINARY(name, fn)                                                                                                    \
  METHOD(name) {                                                                                                            \
    BEGIN(4);                                                                                                               \
    const int32_t n = i32(c, 3);                                                                                            \
    const float *x = ptr(c, 0, n);                                                                                          \
    const float *y = ptr(c, 1, n);                                                                                          \
    float *z = ptr(c, 2, n);                                                                                                \
    if (c->failed || n <= 0) return NULL;                                                                                   \
    k->fn(x, y, z, n);                                                                                                      \
    return NULL;                                                                                                            \
  }
UNARY(m_relu_forward, relu_forward)
BINARY(m_relu_backward, relu_backward)
UNARY(m_tanh_forward, tanh_forward)
BINARY(m_tanh_backward, tanh_backward)
UNARY(m_sigmoid_forward, sigmoid_forward)
BINARY(m_sigmoid_backward, sigmoid_backward)

METHOD(m_leaky_relu_forward) {
  BEGIN(4);
  const int32_t n = i32(c, 2);
  const float *z = ptr(c, 0, n);
  float *a = ptr(c, 1, n);
  const float alpha = f32(c, 3);
  if (c->failed || n <= 0) return NULL;
  k->leaky_relu_forward(z, a, n, alpha);
  return NULL;
}
METHOD(m_leaky_relu_backward) {
  BEGIN(5);
  const int32_t n = i32(c, 3);
  const float *z = ptr(c, 0, n);
  const float *g = ptr(c, 1, n);
  float *d = ptr(c, 2, n);
  const float alpha = f32(c, 4);
  if (c->failed || n <= 0) return NULL;
  k->leaky_relu_backward(z, g, d, n, alpha);
  return NULL;
}

METHOD(m_softmax_cross_entropy) {
  BEGIN(7);
  const int32_t rows = i32(c, 4), units = i32(c, 5);
  const double count = rows > 0 && units > 0 ? (double)rows * units : 0;
  const float *z = ptr(c, 0, count), *y = ptr(c, 1, count);
  float *p = ptr(c, 2, count), *d = ptr(c, 3, count);
  const float scale = f32(c, 6);
  if (c->failed) return NULL;
  if (count <= 0) return ret_double(env, 0);
  return ret_double(env, k->softmax_cross_entropy(z, y, p, d, rows, units, scale));
}
#define FUSED(name, fn)                                                                                                     \
  METHOD(name) {                                                                                                            \
    BEGIN(6);                                                                                                               \
    const int32_t n = i32(c, 4);                                                                                            \
    const float *z = ptr(c, 0, n), *y = ptr(c, 1, n);                                                                       \
    float *p = ptr(c, 2, n), *d = ptr(c, 3, n);                                                                             \
    const float scale = f32(c, 5);                                                                                          \
    if (c->failed) return NULL;                                                                                             \
    if (n <= 0) return ret_double(env, 0);                                                                                  \
    return ret_double(env, k->fn(z, y, p, d, n, scale));                                                                    \
  }
FUSED(m_sigmoid_bce, sigmoid_binary_cross_entropy)
FUSED(m_sigmoid_se, sigmoid_squared_error)
FUSED(m_linear_se, linear_squared_error)

METHOD(m_softmax_rows) {
  BEGIN(4);
  const int32_t rows = i32(c, 2), units = i32(c, 3);
  const double count = rows > 0 && units > 0 ? (double)rows * units : 0;
  const float *z = ptr(c, 0, count);
  float *p = ptr(c, 1, count);
  if (c->failed || count <= 0) return NULL;
  k->softmax_rows(z, p, rows, units);
  return NULL;
}
METHOD(m_column_sums) {
  BEGIN(4);
  const int32_t rows = i32(c, 2), units = i32(c, 3);
  if (c->failed) return NULL;
  const double r = rows > 0 ? rows : 0;
  const float *d = ptr(c, 0, units > 0 ? r * units : 0);
  float *out = ptr(c, 1, units);
  if (c->failed || units <= 0) return NULL;
  k->column_sums(d, out, rows > 0 ? rows : 0, units);
  return NULL;
}
METHOD(m_sum_of_squares) {
  BEGIN(2);
  const int32_t n = i32(c, 1);
  const float *x = ptr(c, 0, n);
  if (c->failed) return NULL;
  return ret_double(env, n > 0 ? k->sum_of_squares(x, n) : 0);
}
METHOD(m_add_scaled) {
  BEGIN(4);
  const int32_t n = i32(c, 2);
  const float *w = ptr(c, 0, n);
  float *g = ptr(c, 1, n);
  const float coefficient = f32(c, 3);
  if (c->failed || n <= 0) return NULL;
  k->add_scaled(w, g, n, coefficient);
  return NULL;
}
METHOD(m_gd_update) {
  BEGIN(4);
  const int32_t n = i32(c, 2);
  float *w = ptr(c, 0, n);
  const float *g = ptr(c, 1, n);
  const float lr = f32(c, 3);
  if (c->failed || n <= 0) return NULL;
  k->gd_update(w, g, n, lr);
  return NULL;
}
METHOD(m_momentum_update) {
  BEGIN(7);
  const int32_t n = i32(c, 3);
  float *w = ptr(c, 0, n);
  const float *g = ptr(c, 1, n);
  float *v = ptr(c, 2, n);
  const float lr = f32(c, 4), beta = f32(c, 5), one_minus = f32(c, 6);
  if (c->failed || n <= 0) return NULL;
  k->momentum_update(w, g, v, n, lr, beta, one_minus);
  return NULL;
}
METHOD(m_rmsprop_update) {
  BEGIN(8);
  const int32_t n = i32(c, 3);
  float *w = ptr(c, 0, n);
  const float *g = ptr(c, 1, n);
  float *s = ptr(c, 2, n);
  const float lr = f32(c, 4), beta2 = f32(c, 5), one_minus = f32(c, 6), eps = f32(c, 7);
  if (c->failed || n <= 0) return NULL;
  k->rmsprop_update(w, g, s, n, lr, beta2, one_minus, eps);
  return NULL;
}
METHOD(m_adam_update) {
  BEGIN(13);
  const int32_t n = i32(c, 4);
  float *w = ptr(c, 0, n);
  const float *g = ptr(c, 1, n);
  float *m = ptr(c, 2, n);
  float *v = ptr(c, 3, n);
  const float lr = f32(c, 5), b1 = f32(c, 6), om1 = f32(c, 7), b2 = f32(c, 8), om2 = f32(c, 9), eps = f32(c, 10), c1 = f32(c, 11),
              c2 = f32(c, 12);
  if (c->failed || n <= 0) return NULL;
  k->adam_update(w, g, m, v, n, lr, b1, om1, b2, om2, eps, c1, c2);
  return NULL;
}

/* The step's scalars come in a Float64Array (learning rate, λ, h1, 1 − h1, h2, 1 − h2, ε, 1/(1 − Π β1),
   1/(1 − Π β2)), not as nine number arguments: a double passed to a native function is boxed on V8's heap
   first, and nine boxes a step were most of what a training thread gave its collector. */
#define STEP_SCALARS 9
METHOD(m_train_step) {
  BEGIN(3);
  const int32_t program = i32(c, 0), rows = i32(c, 1);
  if (c->failed) return NULL;
  napi_typedarray_type type;
  size_t count = 0;
  void *data = NULL;
  if (napi_get_typedarray_info(env, c->argv[2], &type, &count, &data, NULL, NULL) != napi_ok || type != napi_float64_array ||
      count < STEP_SCALARS) {
    throw_type(c, "Expected the step's 9 scalars as a Float64Array.");
    return NULL;
  }
  const double *v = data;
  dw_step_scalars x;
  x.learning_rate = v[0];
  x.l2 = v[1];
  x.h1 = v[2];
  x.one_minus_h1 = v[3];
  x.h2 = v[4];
  x.one_minus_h2 = v[5];
  x.epsilon = v[6];
  x.correction1 = v[7];
  x.correction2 = v[8];
  char error[256];
  double loss = 0;
  dw_heap heap = {c->base, c->length};
  if (dw_train_step(k, &c->b->scratch, &c->b->density, heap, program, rows, &x, &loss, error, sizeof error)) {
    napi_throw_error(env, NULL, error);
    return NULL;
  }
  return ret_double(env, loss);
}

METHOD(m_inference) {
  BEGIN(3);
  const int32_t program = i32(c, 0), rows = i32(c, 1), activate = i32(c, 2);
  if (c->failed) return NULL;
  char error[256];
  dw_heap heap = {c->base, c->length};
  if (dw_inference(k, &c->b->scratch, &c->b->density, heap, program, rows, activate, error, sizeof error)) napi_throw_error(env, NULL, error);
  return NULL;
}

/* ---- module ---- */

static const struct {
  const char *name;
  napi_callback fn;
} methods[] = {
    {"heapBase", m_heap_base},
    {"packedASize", m_packed_a_size},
    {"packedBSize", m_packed_b_size},
    {"gemm", m_gemm},
    {"compressRows", m_compress_rows},
    {"transposeCompressed", m_transpose_compressed},
    {"compressedTimesDense", m_compressed_times_dense},
    {"reluForward", m_relu_forward},
    {"reluBackward", m_relu_backward},
    {"leakyReluForward", m_leaky_relu_forward},
    {"leakyReluBackward", m_leaky_relu_backward},
    {"tanhForward", m_tanh_forward},
    {"tanhBackward", m_tanh_backward},
    {"sigmoidForward", m_sigmoid_forward},
    {"sigmoidBackward", m_sigmoid_backward},
    {"softmaxCrossEntropy", m_softmax_cross_entropy},
    {"sigmoidBinaryCrossEntropy", m_sigmoid_bce},
    {"sigmoidSquaredError", m_sigmoid_se},
    {"linearSquaredError", m_linear_se},
    {"softmaxRows", m_softmax_rows},
    {"columnSums", m_column_sums},
    {"sumOfSquares", m_sum_of_squares},
    {"addScaled", m_add_scaled},
    {"gdUpdate", m_gd_update},
    {"momentumUpdate", m_momentum_update},
    {"rmspropUpdate", m_rmsprop_update},
    {"adamUpdate", m_adam_update},
    {"trainStep", m_train_step},
    {"inference", m_inference},
};
#define METHOD_COUNT ((int)(sizeof methods / sizeof methods[0]))

/* Each function holds the binding; the last one collected frees it (the kernels object may go first). */
static void release_binding(napi_env env, void *data, void *hint) {
  (void)hint;
  binding *b = data;
  if (--b->functions > 0) return;
  napi_delete_reference(env, b->heap);
  dw_scratch_free(&b->scratch);
  free(b);
}

static const isa_entry *find_isa(napi_env env, napi_value value, const char *what) {
  size_t length = 0;
  char name[32];
  if (napi_get_value_string_utf8(env, value, name, sizeof name, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "The isa must be a string.");
    return NULL;
  }
  for (int i = 0; i < runnable_count; i++)
    if (strcmp(runnable[i]->name, name) == 0) return runnable[i];
  char message[160];
  snprintf(message, sizeof message, "This CPU cannot run the '%s' kernels (%s).", name, what);
  napi_throw_error(env, NULL, message);
  return NULL;
}

static int is_given(napi_env env, napi_value v) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  return type != napi_undefined && type != napi_null;
}

static napi_value bind_heap(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool is_buffer = false;
  if (argc < 1 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer) {
    napi_throw_type_error(env, NULL, "bindHeap takes an ArrayBuffer.");
    return NULL;
  }
  const isa_entry *isa = in_use;
  if (argc >= 2 && is_given(env, argv[1])) {
    isa = find_isa(env, argv[1], "bindHeap");
    if (!isa) return NULL;
  }
  binding *b = calloc(1, sizeof *b);
  if (!b) {
    napi_throw_error(env, NULL, "Out of memory.");
    return NULL;
  }
  b->k = isa->table;
  napi_create_reference(env, argv[0], 1, &b->heap);
  napi_value object;
  napi_create_object(env, &object);
  for (int i = 0; i < METHOD_COUNT; i++) {
    napi_value fn;
    napi_create_function(env, methods[i].name, NAPI_AUTO_LENGTH, methods[i].fn, b, &fn);
    b->functions++;
    napi_add_finalizer(env, fn, b, release_binding, NULL, NULL);
    napi_set_named_property(env, object, methods[i].name, fn);
  }
  napi_value name;
  napi_create_string_utf8(env, isa->name, NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, object, "isa", name);
  return object;
}

static napi_value peak_gflops(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double seconds = 0.2;
  if (argc >= 1 && napi_get_value_double(env, argv[0], &seconds) != napi_ok) {
    napi_throw_type_error(env, NULL, "peakGflops takes a number of seconds.");
    return NULL;
  }
  if (!(seconds > 0)) seconds = 0.01;
  if (seconds > 10) seconds = 10;
  const isa_entry *isa = in_use;
  if (argc >= 2 && is_given(env, argv[1])) {
    isa = find_isa(env, argv[1], "peakGflops");
    if (!isa) return NULL;
  }
  return ret_double(env, isa->table->peak_gflops(seconds));
}

/* What the JavaScript side may expect of these functions: raised when a signature changes (2: trainStep
   takes its scalars in a Float64Array), so an addon built from older sources is refused, not called wrongly. */
#define DW_INTERFACE 2

static napi_value init(napi_env env, napi_value exports) {
  detect();
  napi_value isa, isas, fn, interface_version;
  napi_create_int32(env, DW_INTERFACE, &interface_version);
  napi_create_string_utf8(env, in_use->name, NAPI_AUTO_LENGTH, &isa);
  napi_create_array_with_length(env, (size_t)runnable_count, &isas);
  for (int i = 0; i < runnable_count; i++) {
    napi_value name;
    napi_create_string_utf8(env, runnable[i]->name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, isas, (uint32_t)i, name);
  }
  napi_object_freeze(env, isas);
  napi_property_descriptor props[] = {
      {"isa", NULL, NULL, NULL, NULL, isa, napi_enumerable, NULL},
      {"isas", NULL, NULL, NULL, NULL, isas, napi_enumerable, NULL},
      {"interface", NULL, NULL, NULL, NULL, interface_version, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, 3, props);
  napi_create_function(env, "bindHeap", NAPI_AUTO_LENGTH, bind_heap, NULL, &fn);
  napi_set_named_property(env, exports, "bindHeap", fn);
  napi_create_function(env, "peakGflops", NAPI_AUTO_LENGTH, peak_gflops, NULL, &fn);
  napi_set_named_property(env, exports, "peakGflops", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
