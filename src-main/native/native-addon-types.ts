/** What native/build/Release/deepwire_native.node exports (native/src/addon.c). */
import type { NativeKernels } from '@shared/engine/fast/native-kernels';

export type NativeIsa = 'avx512' | 'avx2' | 'sse2' | 'neon' | 'scalar';

export interface NativeAddon {
  /** The kernel table in use (the best this CPU runs, or DEEPWIRE_NATIVE_ISA's). */
  readonly isa: NativeIsa;
  /** The tables this CPU can run, best first. */
  readonly isas: readonly NativeIsa[];
  /** Kernels over `heap` (pointers are byte offsets into it), on `isa` when given. */
  bindHeap(heap: ArrayBuffer, isa?: NativeIsa): NativeKernels;
  /** A register-only FMA loop on this core for about `seconds`: GFLOP/s (2 flops per lane). */
  peakGflops(seconds: number, isa?: NativeIsa): number;
}
