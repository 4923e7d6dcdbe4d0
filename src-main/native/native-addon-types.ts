/**
 * The native kernels addon (native/, built by scripts/build-native.mjs into
 * native/build/Release/deepwire_native.node): the WebAssembly kernels' interface over a plain
 * ArrayBuffer heap, plus whole training steps. See /work/notes/NATIVE-CONTRACT.md and native/README.md.
 */
import type { Kernels } from '@shared/engine/fast/kernels';

export type NativeIsa = 'avx512' | 'avx2' | 'sse2' | 'neon' | 'scalar';

export interface NativeAddon {
  /** The kernel table in use (the best this CPU runs, or the one DEEPWIRE_NATIVE_ISA forces). */
  readonly isa: NativeIsa;
  /** Tables this CPU can run, best first. */
  readonly isas: readonly string[];
  /**
   * Kernels over `heap` (kept alive by a reference). Every pointer argument is a byte offset into it,
   * bounds-checked (a RangeError instead of a wild write). Optional isa: run on that table (throws if
   * the CPU lacks it).
   */
  bindHeap(heap: ArrayBuffer, isa?: string): NativeKernels;
  /** Register-only FMA loop on this core at `isa` (default the one in use) for ~`seconds`: GFLOP/s (2 flops per FMA lane). */
  peakGflops(seconds: number, isa?: string): number;
}

export interface NativeKernels extends Kernels {
  /** The table these kernels run on. */
  readonly isa: NativeIsa;
  /**
   * One whole training step of the program at byte offset `program` on `rows` rows already in its
   * input/targets buffers: forward, fused loss + ∂L/∂logits, backward, L2, optimizer update.
   * Returns the mean data loss + λ/(2m)·ΣW², as WasmTrainer.step does. Throws on a bad program.
   */
  trainStep(
    program: number,
    rows: number,
    learningRate: number,
    l2: number,
    h1: number,
    oneMinusH1: number,
    h2: number,
    oneMinusH2: number,
    epsilon: number,
    correction1: number,
    correction2: number,
  ): number;
  /** Forward pass of `rows` input rows (logits in the last layer's output); activate = 1 also writes the predictions. */
  inference(program: number, rows: number, activate: number): void;
}
