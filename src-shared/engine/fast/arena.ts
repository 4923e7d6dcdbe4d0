/**
 * A bump allocator for tensors in WebAssembly memory: regions are planned up front, so a training
 * step allocates nothing. The memory grows only when the trainer lays out bigger batch buffers for
 * a batch larger than any before (fast-trainer.ts ensureCapacity); it renews its views then.
 */
import { WASM_PAGE_BYTES } from './webassembly';

/** 64-byte alignment: a cache line, so no tensor shares a line with its neighbour. */
const ALIGN = 64;

export class Arena {
  private top: number;

  constructor(start: number) {
    this.top = alignUp(start);
  }

  /** Reserves `floats` f32 values; returns the byte offset. */
  floats(floats: number): number {
    return this.bytes(floats * 4);
  }

  bytes(bytes: number): number {
    const at = this.top;
    this.top = alignUp(this.top + bytes);
    return at;
  }

  /** Bytes used so far (the end of the last region). */
  get end(): number {
    return this.top;
  }

  /** Pages a memory needs to hold everything reserved so far. */
  get pages(): number {
    return Math.max(1, Math.ceil(this.top / WASM_PAGE_BYTES));
  }
}

export function alignUp(offset: number): number {
  return Math.ceil(offset / ALIGN) * ALIGN;
}
