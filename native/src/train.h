/* One whole training step / inference pass of a "program" (layout: native/README.md, "The program"; written by src-shared/engine/fast/native-program.ts) over a kernel table. */
#ifndef DEEPWIRE_TRAIN_H
#define DEEPWIRE_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "kernels.h"

#define DW_PROGRAM_MAGIC 0x44570001

typedef struct dw_heap {
  uint8_t *base;
  size_t length;
} dw_heap;

/* The max density arrives as float32 bits; the wasm trainer used the double the float32 was written from. */
typedef struct dw_density_cache {
  uint32_t bits;
  double value;
  int valid;
} dw_density_cache;

typedef struct dw_step_scalars {
  double learning_rate, l2, h1, one_minus_h1, h2, one_minus_h2, epsilon, correction1, correction2;
} dw_step_scalars;

/* NULL on success, else why the program cannot run (written to `error`, `size` bytes). */
const char *dw_train_step(const kernel_table *k, dw_scratch *s, dw_density_cache *density, dw_heap heap, int64_t program, int rows,
                          const dw_step_scalars *scalars, double *loss, char *error, size_t size);
const char *dw_inference(const kernel_table *k, dw_scratch *s, dw_density_cache *density, dw_heap heap, int64_t program, int rows,
                         int activate, char *error, size_t size);

#endif
