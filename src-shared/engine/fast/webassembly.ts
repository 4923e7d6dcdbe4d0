/**
 * The few WebAssembly JS-API members the fast path uses, typed here because src-shared compiles
 * without DOM or Node types. Read from globalThis rather than declared globally so the same file
 * also type-checks under the renderer's DOM lib (which declares WebAssembly itself).
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` 64 KiB pages; detaches every view on the old buffer. */
  grow(pages: number): number;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

export const WASM_PAGE_BYTES = 65536;
/** 4 GiB / 64 KiB: the most a wasm32 memory can hold. */
export const WASM_MAX_PAGES = 65536;

/** The host's WebAssembly, or null where there is none (then callers use the TypeScript engine). */
export function webAssembly(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api ?? null;
}
