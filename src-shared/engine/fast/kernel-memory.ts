/**
 * Where a fast trainer's tensors live and which kernels run on them: a WebAssembly instance's
 * memory, or an ArrayBuffer bound to the native kernels. Both grow only between steps (a batch
 * bigger than any before), keeping their contents; the trainer renews its views after.
 */
import type { KernelInstance, Kernels } from './kernels';
import type { NativeBackend, NativeKernels } from './native-kernels';
import { WASM_PAGE_BYTES } from './webassembly';

export interface KernelMemory {
  readonly backend: 'wasm' | 'native';
  readonly kernels: Kernels;
  /** The native kernels' whole-step calls (null for WebAssembly, which takes a step kernel by kernel). */
  readonly fused: NativeKernels | null;
  readonly buffer: ArrayBuffer;
  /** Holds at least `bytes` from now on (contents kept; views on the old buffer may be detached). */
  ensure(bytes: number): void;
}

export function wasmMemory(instance: KernelInstance): KernelMemory {
  return {
    backend: 'wasm',
    kernels: instance.kernels,
    fused: null,
    get buffer() {
      return instance.memory.buffer;
    },
    ensure(bytes) {
      const missing = Math.ceil(bytes / WASM_PAGE_BYTES) - instance.memory.buffer.byteLength / WASM_PAGE_BYTES;
      if (missing > 0) instance.memory.grow(missing);
    },
  };
}

export function nativeMemory(backend: NativeBackend): KernelMemory {
  let buffer = new ArrayBuffer(WASM_PAGE_BYTES);
  let kernels = backend.bindHeap(buffer);
  return {
    backend: 'native',
    get kernels() {
      return kernels;
    },
    get fused() {
      return kernels;
    },
    get buffer() {
      return buffer;
    },
    ensure(bytes) {
      if (bytes <= buffer.byteLength) return;
      // Doubling keeps the copies rare when batches grow one at a time.
      const next = new ArrayBuffer(Math.max(bytes, buffer.byteLength * 2));
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      kernels = backend.bindHeap(buffer);
    },
  };
}
