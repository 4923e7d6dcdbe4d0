/**
 * The native kernels as the engine sees them (the addon itself is platform code: src-main/native
 * loads it and installs it here, once per thread). They are the WebAssembly kernels' functions over
 * a heap the trainer owns (an ArrayBuffer; pointers are byte offsets into it, as in wasm memory),
 * plus a whole training step and an inference pass in one call each, driven by a program the
 * trainer writes into the heap (native-program.ts).
 */
import type { Kernels } from './kernels';
import { fusedUpdateScalarCount } from './optimizer-kernels';

/** How many float64s trainStep's `scalars` holds: the learning rate, λ, then the optimizer's (native/src/addon.c's STEP_SCALARS). */
export const stepScalarCount = 2 + fusedUpdateScalarCount;

export interface NativeKernels extends Kernels {
  /**
   * One step of the program at byte offset `program` on `rows` rows already in its input and target
   * buffers: forward, fused loss, backward, L2, the optimizer's update. Returns the mean data loss
   * plus λ/(2m)·ΣW². `scalars` (stepScalarCount float64s): the learning rate, λ, then the
   * optimizer's as optimizer-kernels.ts's fusedUpdateScalars writes them — in an array, not as
   * arguments: a number passed to a native function is boxed on the heap first, nine a step.
   */
  trainStep(program: number, rows: number, scalars: Float64Array): number;
  /** Logits of `rows` input rows into the last layer's output; with activate = 1, the output activation into predictions too. */
  inference(program: number, rows: number, activate: number): void;
}

export interface NativeBackend {
  /** The instruction set the kernels run on (avx512, avx2, sse2, neon, scalar). */
  readonly isa: string;
  /** Kernels over `heap`, which the caller allocated and keeps; call again after replacing it. */
  bindHeap(heap: ArrayBuffer): NativeKernels;
}

let installed: NativeBackend | null = null;
let missing = 'the native kernels were not loaded in this process';

/** Called by the platform once per thread with the loaded addon, or with why there is none. */
export function installNativeBackend(backend: NativeBackend | { unavailable: string }): void {
  if ('unavailable' in backend) {
    installed = null;
    missing = backend.unavailable;
  } else {
    installed = backend;
  }
}

/** The native kernels of this thread, or why there are none. */
export function nativeBackend(): { ok: true; backend: NativeBackend } | { ok: false; reason: string } {
  return installed ? { ok: true, backend: installed } : { ok: false, reason: missing };
}
