/* The packing buffers of one bound heap. */
#include <stdlib.h>

#include "kernels.h"

float *dw_scratch_grow(float **buffer, size_t *capacity, size_t floats) {
  if (*buffer && *capacity >= floats) return *buffer;
  /* Grow by half again, so a slowly growing shape does not reallocate every call. */
  size_t want = floats + floats / 2 + 64;
  size_t bytes = (want * 4 + 63) & ~(size_t)63;
  float *next = aligned_alloc(64, bytes);
  if (!next) return NULL;
  free(*buffer);
  *buffer = next;
  *capacity = bytes / 4;
  return next;
}

void dw_scratch_free(dw_scratch *s) {
  free(s->pack_a);
  free(s->pack_b);
  s->pack_a = s->pack_b = NULL;
  s->cap_a = s->cap_b = 0;
}
