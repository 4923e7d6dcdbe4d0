/*
 * One training step and one inference pass of a program, as WasmTrainer does them in kernel calls
 * (src-shared/engine/fast/wasm-trainer.ts): forward (the first dense layer over the compressed input
 * when it is sparse enough), fused loss + ∂L/∂logits, backward, L2, optimizer update. The same kernel
 * table, in the same order, with the same float32 arguments: the result is what the kernels called
 * one by one from JavaScript compute, bit for bit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"

enum { LOSS_SOFTMAX_CE = 0, LOSS_SIGMOID_BCE = 1, LOSS_SIGMOID_MSE = 2, LOSS_LINEAR_MSE = 3 };
enum { OPT_GD = 0, OPT_MOMENTUM = 1, OPT_RMSPROP = 2, OPT_ADAM = 3 };
enum { FN_RELU = 0, FN_LEAKY = 1, FN_TANH = 2, FN_SIGMOID = 3, FN_LINEAR = 4 };

typedef struct program {
  const int32_t *w;
  int layers, input_size, units, loss, optimizer, n;
  int first_dense, sparse_layer;
} program;

#define LAYER(p, i) ((p)->w + 32 + 8 * (i))

static float bits_to_float(int32_t bits) {
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

/* The shortest decimal that reads back as this float32, as a double: 0.4f gives 0.4, the JS constant it came from. */
static double density_of(dw_density_cache *cache, int32_t bits) {
  if (cache->valid && cache->bits == (uint32_t)bits) return cache->value;
  const float f = bits_to_float(bits);
  double value = (double)f;
  char text[32];
  for (int digits = 1; digits <= 9; digits++) {
    snprintf(text, sizeof text, "%.*g", digits, (double)f);
    if (strtof(text, NULL) == f) {
      value = strtod(text, NULL);
      break;
    }
  }
  cache->bits = (uint32_t)bits;
  cache->value = value;
  cache->valid = 1;
  return value;
}

/* Whether `bytes` at byte offset `offset` lie inside the heap (and the offset is 4-byte aligned). */
static int inside(dw_heap heap, int64_t offset, double bytes) {
  if (offset < 0 || (offset & 3) != 0) return 0;
  return (double)offset + bytes <= (double)heap.length;
}

#define FAIL(...)                                                                                                          \
  do {                                                                                                                     \
    snprintf(error, size, __VA_ARGS__);                                                                                    \
    return error;                                                                                                          \
  } while (0)

/* Reads and checks the program header and every buffer it names for `rows` rows. */
static const char *load_program(dw_heap heap, int64_t at, int rows, program *p, char *error, size_t size) {
  if (!inside(heap, at, 32 * 4)) FAIL("The program offset %lld is outside the heap or not 4-byte aligned.", (long long)at);
  const int32_t *w = (const int32_t *)(heap.base + at);
  if ((uint32_t)w[0] != DW_PROGRAM_MAGIC) FAIL("Not a Deepwire native program (magic 0x%08x, expected 0x%08x).", (unsigned)w[0], DW_PROGRAM_MAGIC);
  p->w = w;
  p->layers = w[1];
  p->input_size = w[2];
  p->units = w[3];
  p->loss = w[4];
  p->optimizer = w[5];
  p->n = w[6];
  p->first_dense = w[14];
  p->sparse_layer = w[15];
  if (rows < 1) FAIL("rows must be ≥ 1, got %d.", rows);
  if (p->layers < 1) FAIL("The program has %d layers; it needs at least one.", p->layers);
  if (!inside(heap, at, (32.0 + 8.0 * p->layers) * 4)) FAIL("The program's %d layers run past the heap.", p->layers);
  if (p->loss < 0 || p->loss > 3) FAIL("Unknown loss %d.", p->loss);
  if (p->optimizer < 0 || p->optimizer > 3) FAIL("Unknown optimizer %d.", p->optimizer);
  if (p->input_size < 1 || p->units < 1 || p->n < 0) FAIL("Bad sizes in the program (input %d, units %d, n %d).", p->input_size, p->units, p->n);
  const double r = rows;
  if (!inside(heap, w[11], r * p->input_size * 4)) FAIL("The input buffer does not hold %d rows.", rows);
  if (!inside(heap, w[12], r * p->units * 4)) FAIL("The targets buffer does not hold %d rows.", rows);
  if (!inside(heap, w[13], r * p->units * 4)) FAIL("The predictions buffer does not hold %d rows.", rows);
  const double block = 4.0 * p->n;
  if (!inside(heap, w[7], block) || !inside(heap, w[8], block)) FAIL("The parameter or gradient block is outside the heap.");
  if (p->optimizer == OPT_MOMENTUM || p->optimizer == OPT_ADAM) {
    if (!inside(heap, w[9], block)) FAIL("The optimizer's first-moment block is missing or outside the heap.");
  }
  if (p->optimizer == OPT_RMSPROP || p->optimizer == OPT_ADAM) {
    if (!inside(heap, w[10], block)) FAIL("The optimizer's second-moment block is missing or outside the heap.");
  }
  int width = p->input_size;
  for (int i = 0; i < p->layers; i++) {
    const int32_t *l = LAYER(p, i);
    if (l[0] == 0) {
      if (l[1] != width) FAIL("Layer %d reads %d values but the layer before gives %d.", i, l[1], width);
      if (l[2] < 1) FAIL("Layer %d has %d units.", i, l[2]);
      const double weights = 4.0 * l[1] * l[2];
      if (!inside(heap, l[3], weights) || l[3] < w[7] || (double)l[3] + weights > (double)w[7] + block)
        FAIL("Layer %d's weights are not inside the parameter block.", i);
      if (l[4] != 0 && (!inside(heap, l[4], 4.0 * l[2]) || l[4] < w[7] || (double)l[4] + 4.0 * l[2] > (double)w[7] + block))
        FAIL("Layer %d's bias is not inside the parameter block.", i);
      width = l[2];
    } else if (l[0] == 1) {
      if (l[1] != width) FAIL("Activation layer %d has size %d but the layer before gives %d.", i, l[1], width);
      if (l[2] < 0 || l[2] > 4) FAIL("Activation layer %d has unknown function %d.", i, l[2]);
    } else {
      FAIL("Layer %d has unknown kind %d.", i, l[0]);
    }
    if (!inside(heap, l[5], r * width * 4) || !inside(heap, l[6], r * width * 4)) FAIL("Layer %d's output or gradient buffer does not hold %d rows.", i, rows);
  }
  if (width != p->units) FAIL("The last layer gives %d values but the program says %d output units.", width, p->units);
  if (p->first_dense >= p->layers || (p->first_dense >= 0 && LAYER(p, p->first_dense)[0] != 0)) FAIL("w[14] is not a dense layer.");
  if (p->sparse_layer >= 0) {
    if (p->sparse_layer >= p->layers || LAYER(p, p->sparse_layer)[0] != 0 || LAYER(p, p->sparse_layer)[1] != p->input_size)
      FAIL("w[15] is not a dense layer reading the input.");
    const double limit = w[16] > 0 ? w[16] : 0;
    const int cols = p->input_size;
    if (!inside(heap, w[18], (r + 1) * 4) || !inside(heap, w[19], limit * 4) || !inside(heap, w[20], limit * 4) ||
        !inside(heap, w[21], (cols + 1.0) * 4) || !inside(heap, w[22], limit * 4) || !inside(heap, w[23], limit * 4) ||
        !inside(heap, w[24], (cols + 1.0) * 4))
      FAIL("The sparse input buffers are outside the heap.");
  }
  if (w[25] < 0) FAIL("Bad weight-tensor count %d.", w[25]);
  if (w[25] > 0) {
    if (w[26] < 32 || !inside(heap, at + 4LL * w[26], 8.0 * w[25])) FAIL("The weight-tensor list is outside the heap.");
    for (int t = 0; t < w[25]; t++) {
      const int32_t off = w[w[26] + 2 * t], len = w[w[26] + 2 * t + 1];
      if (len < 0 || !inside(heap, off, 4.0 * len) || off < w[7] || (double)off + 4.0 * len > (double)w[7] + block)
        FAIL("Weight tensor %d is not inside the parameter block.", t);
    }
  }
  return NULL;
}

#define F(off) ((float *)(base + (off)))
#define I(off) ((int32_t *)(base + (off)))

static void activation_forward(const kernel_table *k, int fn, float alpha, const float *z, float *a, int n) {
  switch (fn) {
  case FN_RELU: k->relu_forward(z, a, n); break;
  case FN_LEAKY: k->leaky_relu_forward(z, a, n, alpha); break;
  case FN_TANH: k->tanh_forward(z, a, n); break;
  case FN_SIGMOID: k->sigmoid_forward(z, a, n); break;
  default: break; /* linear: a is z (the layout aliases them) */
  }
}

/* Forward over `rows` rows; returns whether the sparse layer used the compressed input. */
static int forward(const kernel_table *k, dw_scratch *s, dw_density_cache *density, uint8_t *base, const program *p, int rows) {
  const int32_t *w = p->w;
  int sparse = 0;
  int32_t input = w[11];
  for (int i = 0; i < p->layers; i++) {
    const int32_t *l = LAYER(p, i);
    const int32_t output = l[5];
    if (l[0] == 0) {
      const float *bias = l[4] ? F(l[4]) : NULL;
      int used = 0;
      if (i == p->sparse_layer) {
        const double cap = floor((double)rows * p->input_size * density_of(density, w[17]));
        const int limit = (double)w[16] < cap ? w[16] : (int)cap;
        const int count = k->compress_rows(F(input), rows, p->input_size, I(w[18]), I(w[19]), F(w[20]), limit);
        sparse = count >= 0;
        if (sparse) {
          k->compressed_times_dense_rows(rows, I(w[18]), I(w[19]), F(w[20]), F(l[3]), l[1], l[2], bias, F(output));
          used = 1;
        }
      }
      if (!used) k->gemm(s, F(input), F(l[3]), F(output), rows, l[1], l[2], 0, 0, 0, bias);
    } else {
      activation_forward(k, l[2], bits_to_float(l[3]), F(input), F(output), rows * l[1]);
    }
    input = output;
  }
  return sparse;
}

const char *dw_train_step(const kernel_table *k, dw_scratch *s, dw_density_cache *density, dw_heap heap, int64_t at, int rows,
                          const dw_step_scalars *x, double *loss_out, char *error, size_t size) {
  program prog;
  program *p = &prog;
  const char *problem = load_program(heap, at, rows, p, error, size);
  if (problem) return problem;
  uint8_t *base = heap.base;
  const int32_t *w = p->w;
  const int32_t values = w[7], grads = w[8];

  /* Allocate the packing buffers before anything changes, so a failure leaves the heap as it was. */
  if (!dw_scratch_grow(&s->pack_a, &s->cap_a, 1) || !dw_scratch_grow(&s->pack_b, &s->cap_b, 1)) FAIL("Out of memory for the packing buffers.");

  const int sparse = forward(k, s, density, base, p, rows);

  /* Fused loss and ∂L/∂logits (loss-kernels.ts): the gradient already divided by m. */
  const int32_t *last = LAYER(p, p->layers - 1);
  const float *logits = F(last[5]);
  float *targets = F(w[12]), *predictions = F(w[13]), *dldz = F(last[6]);
  const float grad_scale = (float)(1.0 / rows);
  const int count = rows * p->units;
  double loss = 0;
  switch (p->loss) {
  case LOSS_SOFTMAX_CE: loss = k->softmax_cross_entropy(logits, targets, predictions, dldz, rows, p->units, grad_scale) / rows; break;
  case LOSS_SIGMOID_BCE: loss = k->sigmoid_binary_cross_entropy(logits, targets, predictions, dldz, count, grad_scale) / rows; break;
  case LOSS_SIGMOID_MSE: loss = k->sigmoid_squared_error(logits, targets, predictions, dldz, count, grad_scale) / (2.0 * rows); break;
  default: loss = k->linear_squared_error(logits, targets, predictions, dldz, count, grad_scale) / (2.0 * rows); break;
  }

  /* Backward, last layer first, down to the first dense layer. */
  if (p->first_dense >= 0) {
    for (int i = p->layers - 1; i >= p->first_dense; i--) {
      const int32_t *l = LAYER(p, i);
      const int32_t dl_dout = l[6];
      const int32_t input = i > 0 ? LAYER(p, i - 1)[5] : w[11];
      const int32_t dl_din = i > 0 ? LAYER(p, i - 1)[6] : -1;
      if (l[0] == 0) {
        float *dldw = F(grads + (l[3] - values));
        if (i == p->sparse_layer && sparse) {
          /* dL/dW = Xᵀ·dL/dZ over X's nonzeros, from X's compressed columns */
          k->transpose_compressed(rows, l[1], I(w[18]), I(w[19]), F(w[20]), I(w[21]), I(w[22]), F(w[23]), I(w[24]));
          k->compressed_times_dense(l[1], I(w[21]), I(w[22]), F(w[23]), F(dl_dout), l[2], NULL, dldw);
        } else {
          k->gemm(s, F(input), F(dl_dout), dldw, l[1], rows, l[2], 1, 0, 0, NULL);
        }
        if (l[4]) k->column_sums(F(dl_dout), F(grads + (l[4] - values)), rows, l[2]);
        if (i > p->first_dense) k->gemm(s, F(dl_dout), F(l[3]), F(dl_din), rows, l[2], l[1], 0, 1, 0, NULL);
      } else if (i > p->first_dense) {
        const int n = rows * l[1];
        const float alpha = bits_to_float(l[3]);
        switch (l[2]) {
        case FN_RELU: k->relu_backward(F(input), F(dl_dout), F(dl_din), n); break;
        case FN_LEAKY: k->leaky_relu_backward(F(input), F(dl_dout), F(dl_din), n, alpha); break;
        case FN_TANH: k->tanh_backward(F(l[5]), F(dl_dout), F(dl_din), n); break;
        case FN_SIGMOID: k->sigmoid_backward(F(l[5]), F(dl_dout), F(dl_din), n); break;
        default: break; /* linear: dL/dz is dL/da (the layout aliases them) */
        }
      }
    }
  }

  /* L2: dW += (λ/m)·W for every weight tensor; the penalty λ/(2m)·ΣW² is taken before the update. */
  double penalty = 0;
  if (x->l2 > 0) {
    double sum = 0;
    const float coefficient = (float)(x->l2 / rows);
    for (int t = 0; t < w[25]; t++) {
      const int32_t off = w[w[26] + 2 * t], len = w[w[26] + 2 * t + 1];
      k->add_scaled(F(off), F(grads + (off - values)), len, coefficient);
      sum += k->sum_of_squares(F(off), len);
    }
    penalty = (x->l2 / (2.0 * rows)) * sum;
  }

  /* The optimizer over the whole block (optimizer-kernels.ts), whether or not anything had a gradient. */
  const float lr = (float)x->learning_rate;
  switch (p->optimizer) {
  case OPT_GD: k->gd_update(F(values), F(grads), p->n, lr); break;
  case OPT_MOMENTUM: k->momentum_update(F(values), F(grads), F(w[9]), p->n, lr, (float)x->h1, (float)x->one_minus_h1); break;
  case OPT_RMSPROP:
    k->rmsprop_update(F(values), F(grads), F(w[10]), p->n, lr, (float)x->h2, (float)x->one_minus_h2, (float)x->epsilon);
    break;
  default:
    k->adam_update(F(values), F(grads), F(w[9]), F(w[10]), p->n, lr, (float)x->h1, (float)x->one_minus_h1, (float)x->h2,
                   (float)x->one_minus_h2, (float)x->epsilon, (float)x->correction1, (float)x->correction2);
    break;
  }
  *loss_out = loss + penalty;
  return NULL;
}

const char *dw_inference(const kernel_table *k, dw_scratch *s, dw_density_cache *density, dw_heap heap, int64_t at, int rows,
                         int activate, char *error, size_t size) {
  program prog;
  program *p = &prog;
  const char *problem = load_program(heap, at, rows, p, error, size);
  if (problem) return problem;
  uint8_t *base = heap.base;
  if (!dw_scratch_grow(&s->pack_a, &s->cap_a, 1) || !dw_scratch_grow(&s->pack_b, &s->cap_b, 1)) FAIL("Out of memory for the packing buffers.");
  forward(k, s, density, base, p, rows);
  if (!activate) return NULL;
  const int32_t *last = LAYER(p, p->layers - 1);
  const float *logits = F(last[5]);
  float *predictions = F(p->w[13]);
  const int count = rows * p->units;
  switch (p->loss) {
  case LOSS_SOFTMAX_CE: k->softmax_rows(logits, predictions, rows, p->units); break;
  case LOSS_SIGMOID_BCE:
  case LOSS_SIGMOID_MSE: k->sigmoid_forward(logits, predictions, count); break;
  default: memmove(predictions, logits, (size_t)count * 4); break;
  }
  return NULL;
}
