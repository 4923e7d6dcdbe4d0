/**
 * The native kernels addon (native/, built by scripts/build-native.mjs into
 * native/build/Release/deepwire_native.node): the WebAssembly kernels' interface over a plain
 * ArrayBuffer heap, plus whole training steps (NativeKernels, in the engine). See native/README.md.
 */
import type { NativeKernels } from '@shared/engine/fast/native-kernels';

export type NativeIsa = 'avx512' | 'avx2' | 'sse2' | 'neon' | 'scalar';

/** The addon interface these sources expect (native/src/addon.c's DW_INTERFACE): raised when a signature changes. */
export const nativeInterfaceVersion = 2;

export interface NativeAddon {
  /** Its interface version (absent before there was one: 1). */
  readonly interface?: number;
  /** The kernel table in use (the best this CPU runs, or the one DEEPWIRE_NATIVE_ISA forces). */
  readonly isa: NativeIsa;
  /** Tables this CPU can run, best first. */
  readonly isas: readonly NativeIsa[];
  /**
   * Kernels over `heap` (kept alive by a reference). Every pointer argument is a byte offset into it,
   * bounds-checked (a RangeError instead of a wild write). Optional isa: run on that table (throws if
   * the CPU lacks it).
   */
  bindHeap(heap: ArrayBuffer, isa?: NativeIsa): NativeKernels & { readonly isa: NativeIsa };
  /** Register-only FMA loop on this core at `isa` (default the one in use) for ~`seconds`: GFLOP/s (2 flops per FMA lane). */
  peakGflops(seconds: number, isa?: NativeIsa): number;
}
