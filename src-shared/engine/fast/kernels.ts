/**
 * The WebAssembly SIMD kernels (assembly/*.ts, embedded by scripts/build-wasm.mjs): compiled once
 * per process, instantiated once per memory. Pointers are byte offsets into that memory; every
 * tensor is row-major f32. See assembly/ for each formula.
 */
import { decodeBase64 } from './base64';
import { kernelsWasmBase64 } from './kernels-wasm.generated';
import { webAssembly, WASM_MAX_PAGES, type WasmMemory } from './webassembly';

type Ptr = number;

export interface Kernels {
  /** First byte free for tensors: below it live the kernels' own constants. */
  heapBase(): number;
  packedASize(m: number, k: number): number;
  packedBSize(k: number, n: number): number;
  /** C = op(A)·op(B) (+ bias row, or + C when accumulate = 1); transA: A stored K×M, transB: B stored N×K. */
  gemm(a: Ptr, b: Ptr, c: Ptr, m: number, k: number, n: number, transA: number, transB: number, accumulate: number, bias: Ptr, packA: Ptr, packB: Ptr): void;
  /** CSR of X's nonzeros (rowStarts: rows+1 i32, columns: i32, values: f32); returns their count, or −1 past `limit`. */
  compressRows(x: Ptr, rows: number, cols: number, rowStarts: Ptr, columns: Ptr, values: Ptr, limit: number): number;
  /** CSC from that CSR; cursor: cols+1 i32 of scratch. */
  transposeCompressed(rows: number, cols: number, rowStarts: Ptr, columns: Ptr, values: Ptr, colStarts: Ptr, rowIndex: Ptr, colValues: Ptr, cursor: Ptr): void;
  /** out row o = Σ values[t]·B[index[t], :] over t in starts[o]…starts[o+1]−1 (+ bias): X·W from CSR, Xᵀ·dZ from CSC. */
  compressedTimesDense(outRows: number, starts: Ptr, index: Ptr, values: Ptr, b: Ptr, n: number, bias: Ptr, out: Ptr): void;
  reluForward(z: Ptr, a: Ptr, n: number): void;
  reluBackward(z: Ptr, dLdA: Ptr, dLdZ: Ptr, n: number): void;
  leakyReluForward(z: Ptr, a: Ptr, n: number, alpha: number): void;
  leakyReluBackward(z: Ptr, dLdA: Ptr, dLdZ: Ptr, n: number, alpha: number): void;
  tanhForward(z: Ptr, a: Ptr, n: number): void;
  tanhBackward(a: Ptr, dLdA: Ptr, dLdZ: Ptr, n: number): void;
  sigmoidForward(z: Ptr, a: Ptr, n: number): void;
  sigmoidBackward(a: Ptr, dLdA: Ptr, dLdZ: Ptr, n: number): void;
  /** Each returns the unscaled sum of per-element losses and writes p and gradScale·∂/∂z. */
  softmaxCrossEntropy(z: Ptr, y: Ptr, p: Ptr, dLdZ: Ptr, rows: number, units: number, gradScale: number): number;
  sigmoidBinaryCrossEntropy(z: Ptr, y: Ptr, p: Ptr, dLdZ: Ptr, n: number, gradScale: number): number;
  sigmoidSquaredError(z: Ptr, y: Ptr, p: Ptr, dLdZ: Ptr, n: number, gradScale: number): number;
  linearSquaredError(z: Ptr, y: Ptr, p: Ptr, dLdZ: Ptr, n: number, gradScale: number): number;
  softmaxRows(z: Ptr, p: Ptr, rows: number, units: number): void;
  columnSums(dLdZ: Ptr, dLdb: Ptr, rows: number, units: number): void;
  sumOfSquares(x: Ptr, n: number): number;
  addScaled(w: Ptr, dLdW: Ptr, n: number, coefficient: number): void;
  gdUpdate(w: Ptr, g: Ptr, n: number, lr: number): void;
  /** Each (1 − β) is passed computed in f64 (see assembly/optimizers.ts). */
  momentumUpdate(w: Ptr, g: Ptr, v: Ptr, n: number, lr: number, beta: number, oneMinusBeta: number): void;
  rmspropUpdate(w: Ptr, g: Ptr, s: Ptr, n: number, lr: number, beta2: number, oneMinusBeta2: number, epsilon: number): void;
  /** correction1 = 1/(1 − Π β1), correction2 = 1/(1 − Π β2). */
  adamUpdate(w: Ptr, g: Ptr, m: Ptr, v: Ptr, n: number, lr: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, epsilon: number, correction1: number, correction2: number): void;
}

export interface KernelInstance {
  readonly kernels: Kernels;
  readonly memory: WasmMemory;
}

let compiled: object | null | undefined;

/** The compiled module, or null when this host lacks WebAssembly or SIMD128. */
function compiledModule(): object | null {
  if (compiled !== undefined) return compiled;
  const api = webAssembly();
  try {
    compiled = api ? new api.Module(decodeBase64(kernelsWasmBase64)) : null;
  } catch {
    // A host without SIMD128 rejects the module at compile time.
    compiled = null;
  }
  return compiled;
}

/** True when the fast path can run here. */
export function kernelsAvailable(): boolean {
  return compiledModule() !== null;
}

/** A fresh instance on a new memory of `pages` 64 KiB pages; null when the fast path cannot run here. */
export function instantiateKernels(pages: number): KernelInstance | null {
  const api = webAssembly();
  const module = compiledModule();
  if (!api || !module) return null;
  const memory = new api.Memory({ initial: pages, maximum: WASM_MAX_PAGES });
  const instance = new api.Instance(module, { env: { memory } });
  return { kernels: instance.exports as unknown as Kernels, memory };
}
