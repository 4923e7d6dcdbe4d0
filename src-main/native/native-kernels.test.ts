// The native kernels (native/, a Node-API addon) against float64 references computed here, for every
// instruction set this CPU runs (bindHeap(heap, isa)), and the native trainStep / inference against the
// same step done by calling the kernels one by one (WasmTrainer's order). Skips, with the reason, when
// the addon was not built.
import { describe, expect, it } from 'vitest';
import { createRng } from '@shared/engine/rng';
import { expectClose } from '@shared/engine/testing/tolerance';
import { instantiateKernels, type Kernels } from '@shared/engine/fast/kernels';
import { packedASize, packedBSize } from '@shared/engine/fast/scratch-layout';
import type { NativeKernels } from '@shared/engine/fast/native-kernels';
import { interfaceProblem, loadNativeAddon } from './addon';
import { nativeInterfaceVersion, type NativeAddon, type NativeIsa } from './native-addon-types';

function loadAddon(): NativeAddon | null {
  const load = loadNativeAddon();
  if (load.ok) return load.addon;
  console.log(`Skipping the native kernel tests: ${load.reason}.`);
  return null;
}
const addon = loadAddon();

const rng = createRng(20260301);
const random = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
/** Values with ~`zeros` of them exactly 0 (some −0), like an MNIST batch. */
const sparseRandom = (n: number, zeros: number): Float32Array =>
  Float32Array.from({ length: n }, () => (rng.next() < zeros ? (rng.next() < 0.1 ? -0 : 0) : rng.next()));
const f32 = Math.fround;

/** A bump allocator over one ArrayBuffer. */
class Heap {
  readonly buffer: ArrayBuffer;
  readonly f: Float32Array;
  readonly i: Int32Array;
  private top: number;
  constructor(
    bytes: number,
    private readonly start = 64,
  ) {
    this.top = start;
    this.buffer = new ArrayBuffer(bytes);
    this.f = new Float32Array(this.buffer);
    this.i = new Int32Array(this.buffer);
  }
  reset(): void {
    this.top = this.start;
  }
  alloc(floats: number): number {
    const at = this.top;
    this.top += Math.ceil((floats * 4) / 64) * 64 + 64;
    if (this.top > this.buffer.byteLength) throw new Error('test heap too small');
    return at;
  }
  put(values: ArrayLike<number>): number {
    const at = this.alloc(values.length);
    this.f.set(values, at >> 2);
    return at;
  }
  read(at: number, n: number): Float32Array {
    return this.f.slice(at >> 2, (at >> 2) + n);
  }
}

const heap = new Heap(64 << 20);

// ---- gemm ----

const gemmShapes: [string, number, number, number][] = [
  ['tiny', 1, 1, 1],
  ['tall', 300, 7, 5],
  ['wide', 3, 500, 260],
  ['odd', 37, 53, 29],
  ['W1 forward', 64, 784, 128],
  ['W1 dW', 784, 64, 128],
  ['W1 dX', 64, 128, 784],
  ['W1 layer 2', 64, 128, 64],
  ['W1 output', 64, 64, 10],
  ['N = 17', 13, 33, 17],
  ['K past a block', 29, 600, 40],
];

function gemmCase(k: NativeKernels, M: number, K: number, N: number, transA: number, transB: number): void {
  heap.reset();
  const A = random(M * K);
  const B = random(K * N);
  const bias = random(N);
  const a = (i: number, p: number): number => A[transA ? p * M + i : i * K + p]!;
  const b = (p: number, j: number): number => B[transB ? j * K + p : p * N + j]!;
  const product = new Float64Array(M * N);
  let magnitude = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let m = 0;
      for (let p = 0; p < K; p++) {
        const t = a(i, p) * b(p, j);
        s += t;
        m += Math.abs(t);
      }
      product[i * N + j] = s;
      magnitude = Math.max(magnitude, m);
    }
  }
  const tolerance = { rtol: 1e-5, atol: K * 2 ** -23 * magnitude + 2 ** -22 };
  const aAt = heap.put(A);
  const bAt = heap.put(B);
  const biasAt = heap.put(bias);
  const guard = 32;
  const region = heap.put(new Float32Array(guard + M * N + guard).fill(777));
  const cAt = region + guard * 4;
  const guardsIntact = (): void => {
    const all = heap.read(region, guard + M * N + guard);
    for (let g = 0; g < guard; g++) {
      expect(all[g]).toBe(777);
      expect(all[guard + M * N + g]).toBe(777);
    }
  };

  k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 0, 0, 0, 0);
  expectClose(heap.read(cAt, M * N), product, { ...tolerance, label: 'C = op(A)·op(B)' });
  k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 0, biasAt, 0, 0);
  expectClose(heap.read(cAt, M * N), product.map((v, idx) => v + bias[idx % N]!), { ...tolerance, label: 'with bias' });
  const before = heap.read(cAt, M * N);
  k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 1, biasAt, 0, 0);
  expectClose(heap.read(cAt, M * N), product.map((v, idx) => v + before[idx]!), { ...tolerance, label: 'accumulate' });
  guardsIntact();
}

// ---- references of the exact compressRows rule (assembly/sparse.ts) ----

function compressReference(x: Float32Array, rows: number, cols: number, limit: number): { count: number; starts: number[]; columns: number[]; values: number[] } {
  const starts: number[] = [];
  const columns: number[] = [];
  const values: number[] = [];
  let count = 0;
  for (let r = 0; r < rows; r++) {
    starts.push(count);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      let any = false;
      for (let l = 0; l < 4; l++) any ||= x[r * cols + c + l] !== 0;
      if (!any) continue;
      if (count > limit - 4) return { count: -1, starts, columns, values };
      for (let l = 0; l < 4; l++) {
        const v = x[r * cols + c + l]!;
        if (v !== 0) {
          columns.push(c + l);
          values.push(v);
          count++;
        }
      }
    }
    for (; c < cols; c++) {
      const v = x[r * cols + c]!;
      if (count >= limit) return { count: -1, starts, columns, values };
      if (v !== 0) {
        columns.push(c);
        values.push(v);
        count++;
      }
    }
  }
  starts.push(count);
  return { count, starts, columns, values };
}

// ---- the kernels-in-sequence step (WasmTrainer's calls) over a hand-built program ----

type Act = 'relu' | 'leaky-relu' | 'tanh' | 'sigmoid' | 'linear';
const actCode: Record<Act, number> = { relu: 0, 'leaky-relu': 1, tanh: 2, sigmoid: 3, linear: 4 };
type LayerSpec = { dense: number; bias: boolean } | { act: Act; alpha?: number };
interface NetSpec {
  input: number;
  layers: LayerSpec[];
  loss: 0 | 1 | 2 | 3;
  optimizer: 0 | 1 | 2 | 3;
  sparse: boolean;
}
interface Built {
  program: number;
  words: Int32Array;
  n: number;
  values: number;
  grads: number;
  v: number;
  s: number;
  input: number;
  targets: number;
  predictions: number;
  units: number;
  layers: { kind: 0 | 1; inSize: number; outSize: number; weights: number; bias: number; output: number; gradient: number; fn: number; alpha: number }[];
  weightList: [number, number][];
  sparseLayer: number;
  firstDense: number;
  limit: number;
  sp: number[];
  /** Packing scratch for the wasm gemm (the native one packs into its own buffers). */
  packA: number;
  packB: number;
}

const fround32Bits = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0]!;

function build(h: Heap, spec: NetSpec, rows: number): Built {
  h.reset();
  // parameters
  let offset = 0;
  const place = (len: number): number => {
    const at = offset;
    offset += Math.ceil(len / 16) * 16;
    return at;
  };
  let width = spec.input;
  const plan: { kind: 0 | 1; inSize: number; outSize: number; w: number; b: number; fn: number; alpha: number }[] = [];
  for (const l of spec.layers) {
    if ('dense' in l) {
      const w = place(width * l.dense);
      const b = l.bias ? place(l.dense) : -1;
      plan.push({ kind: 0, inSize: width, outSize: l.dense, w, b, fn: 0, alpha: 0 });
      width = l.dense;
    } else {
      plan.push({ kind: 1, inSize: width, outSize: width, w: -1, b: -1, fn: actCode[l.act], alpha: l.alpha ?? 0.01 });
    }
  }
  const n = offset;
  const values = h.alloc(n);
  const grads = h.alloc(n);
  const v = spec.optimizer === 1 || spec.optimizer === 3 ? h.alloc(n) : -1;
  const s = spec.optimizer === 2 || spec.optimizer === 3 ? h.alloc(n) : -1;
  for (const p of plan) {
    if (p.kind !== 0) continue;
    h.f.set(random(p.inSize * p.outSize, Math.sqrt(6 / (p.inSize + p.outSize))), (values >> 2) + p.w);
    if (p.b >= 0) h.f.set(random(p.outSize, 0.1), (values >> 2) + p.b);
  }
  const input = h.alloc(rows * spec.input);
  const layers: Built['layers'] = [];
  let previous = input;
  for (const p of plan) {
    const gradient = h.alloc(rows * p.outSize);
    let output: number;
    if (p.kind === 1 && p.fn === 4) output = previous;
    else output = h.alloc(rows * p.outSize);
    layers.push({ kind: p.kind, inSize: p.inSize, outSize: p.outSize, weights: p.w >= 0 ? values + p.w * 4 : 0, bias: p.b >= 0 ? values + p.b * 4 : 0, output, gradient, fn: p.fn, alpha: p.alpha });
    previous = output;
  }
  for (let i = layers.length - 1; i > 0; i--) if (layers[i]!.kind === 1 && layers[i]!.fn === 4) layers[i - 1]!.gradient = layers[i]!.gradient;
  const units = width;
  const targets = h.alloc(rows * units);
  const predictions = h.alloc(rows * units);
  const firstDense = layers.findIndex((l) => l.kind === 0);
  const readsInput = firstDense >= 0 && layers.slice(0, firstDense).every((l) => l.kind === 1 && l.fn === 4);
  const sparseLayer = spec.sparse && readsInput ? firstDense : -1;
  const limit = Math.ceil(rows * spec.input * 0.4) + 4;
  const sp = [h.alloc(rows + 1), h.alloc(limit), h.alloc(limit), h.alloc(spec.input + 1), h.alloc(limit), h.alloc(limit), h.alloc(spec.input + 1)];
  const weightList: [number, number][] = plan.filter((p) => p.kind === 0).map((p) => [values + p.w * 4, p.inSize * p.outSize]);
  const words = new Int32Array(32 + 8 * layers.length + 2 * weightList.length);
  words.set([0x44570001, layers.length, spec.input, units, spec.loss, spec.optimizer, n, values, grads, v, s, input, targets, predictions, firstDense, sparseLayer, limit, fround32Bits(0.4), ...sp, weightList.length, 32 + 8 * layers.length]);
  layers.forEach((l, i) => {
    words.set(l.kind === 0 ? [0, l.inSize, l.outSize, l.weights, l.bias, l.output, l.gradient, 0] : [1, l.inSize, l.fn, fround32Bits(l.alpha), 0, l.output, l.gradient, 0], 32 + 8 * i);
  });
  weightList.forEach(([at, len], t) => words.set([at, len], 32 + 8 * layers.length + 2 * t));
  const program = h.alloc(words.length);
  h.i.set(words, program >> 2);
  let packA = 0;
  let packB = 0;
  for (const l of layers) {
    if (l.kind !== 0) continue;
    packA = Math.max(packA, packedASize(rows, l.inSize), packedASize(l.inSize, rows), packedASize(rows, l.outSize));
    packB = Math.max(packB, packedBSize(l.inSize, l.outSize), packedBSize(rows, l.outSize), packedBSize(l.outSize, l.inSize));
  }
  const packAAt = h.alloc(packA / 4);
  const packBAt = h.alloc(packB / 4);
  return { program, words, n, values, grads, v, s, input, targets, predictions, units, layers, weightList, sparseLayer, firstDense, limit, sp, packA: packAAt, packB: packBAt };
}

interface Hyper {
  lr: number;
  l2: number;
  h1: number;
  h2: number;
  eps: number;
}

/** WasmTrainer.forward over the kernels; returns whether the input went through the sparse path. */
function forwardInSequence(k: Kernels, b: Built, rows: number, input: number): boolean {
  let sparse = false;
  let x = input;
  b.layers.forEach((l, i) => {
    if (l.kind === 0) {
      let done = false;
      if (i === b.sparseLayer) {
        const count = k.compressRows(x, rows, l.inSize, b.sp[0]!, b.sp[1]!, b.sp[2]!, Math.min(b.limit, Math.floor(rows * l.inSize * 0.4)));
        sparse = count >= 0;
        if (sparse) {
          k.compressedTimesDense(rows, b.sp[0]!, b.sp[1]!, b.sp[2]!, l.weights, l.outSize, l.bias, l.output);
          done = true;
        }
      }
      if (!done) k.gemm(x, l.weights, l.output, rows, l.inSize, l.outSize, 0, 0, 0, l.bias, b.packA, b.packB);
    } else if (l.fn === 0) k.reluForward(x, l.output, rows * l.inSize);
    else if (l.fn === 1) k.leakyReluForward(x, l.output, rows * l.inSize, l.alpha);
    else if (l.fn === 2) k.tanhForward(x, l.output, rows * l.inSize);
    else if (l.fn === 3) k.sigmoidForward(x, l.output, rows * l.inSize);
    x = l.output;
  });
  return sparse;
}

function stepInSequence(k: Kernels, b: Built, spec: NetSpec, rows: number, hp: Hyper, t: number, input = b.input): number {
  const sparse = forwardInSequence(k, b, rows, input);
  const last = b.layers[b.layers.length - 1]!;
  const count = rows * b.units;
  let loss: number;
  if (spec.loss === 0) loss = k.softmaxCrossEntropy(last.output, b.targets, b.predictions, last.gradient, rows, b.units, 1 / rows) / rows;
  else if (spec.loss === 1) loss = k.sigmoidBinaryCrossEntropy(last.output, b.targets, b.predictions, last.gradient, count, 1 / rows) / rows;
  else if (spec.loss === 2) loss = k.sigmoidSquaredError(last.output, b.targets, b.predictions, last.gradient, count, 1 / rows) / (2 * rows);
  else loss = k.linearSquaredError(last.output, b.targets, b.predictions, last.gradient, count, 1 / rows) / (2 * rows);
  if (b.firstDense >= 0) {
    for (let i = b.layers.length - 1; i >= b.firstDense; i--) {
      const l = b.layers[i]!;
      const x = i > 0 ? b.layers[i - 1]!.output : input;
      const dIn = i > 0 ? b.layers[i - 1]!.gradient : -1;
      if (l.kind === 0) {
        const dW = b.grads + (l.weights - b.values);
        if (i === b.sparseLayer && sparse) {
          k.transposeCompressed(rows, l.inSize, b.sp[0]!, b.sp[1]!, b.sp[2]!, b.sp[3]!, b.sp[4]!, b.sp[5]!, b.sp[6]!);
          k.compressedTimesDense(l.inSize, b.sp[3]!, b.sp[4]!, b.sp[5]!, l.gradient, l.outSize, 0, dW);
        } else k.gemm(x, l.gradient, dW, l.inSize, rows, l.outSize, 1, 0, 0, 0, b.packA, b.packB);
        if (l.bias) k.columnSums(l.gradient, b.grads + (l.bias - b.values), rows, l.outSize);
        if (i > b.firstDense) k.gemm(l.gradient, l.weights, dIn, rows, l.outSize, l.inSize, 0, 1, 0, 0, b.packA, b.packB);
      } else if (i > b.firstDense) {
        const n = rows * l.inSize;
        if (l.fn === 0) k.reluBackward(x, l.gradient, dIn, n);
        else if (l.fn === 1) k.leakyReluBackward(x, l.gradient, dIn, n, l.alpha);
        else if (l.fn === 2) k.tanhBackward(l.output, l.gradient, dIn, n);
        else if (l.fn === 3) k.sigmoidBackward(l.output, l.gradient, dIn, n);
      }
    }
  }
  let penalty = 0;
  if (hp.l2 > 0) {
    let sum = 0;
    for (const [at, len] of b.weightList) {
      k.addScaled(at, b.grads + (at - b.values), len, hp.l2 / rows);
      sum += k.sumOfSquares(at, len);
    }
    penalty = (hp.l2 / (2 * rows)) * sum;
  }
  const c1 = 1 / (1 - hp.h1 ** t);
  const c2 = 1 / (1 - hp.h2 ** t);
  if (spec.optimizer === 0) k.gdUpdate(b.values, b.grads, b.n, hp.lr);
  else if (spec.optimizer === 1) k.momentumUpdate(b.values, b.grads, b.v, b.n, hp.lr, hp.h1, 1 - hp.h1);
  else if (spec.optimizer === 2) k.rmspropUpdate(b.values, b.grads, b.s, b.n, hp.lr, hp.h2, 1 - hp.h2, hp.eps);
  else k.adamUpdate(b.values, b.grads, b.v, b.s, b.n, hp.lr, hp.h1, 1 - hp.h1, hp.h2, 1 - hp.h2, hp.eps, c1, c2);
  return loss + penalty;
}

function nativeStep(k: NativeKernels, b: Built, spec: NetSpec, rows: number, hp: Hyper, t: number): number {
  const o = spec.optimizer;
  const h1 = o === 1 || o === 3 ? hp.h1 : 0;
  const h2 = o === 2 || o === 3 ? hp.h2 : 0;
  const scalars = [hp.lr, hp.l2, h1, h1 ? 1 - h1 : 0, h2, h2 ? 1 - h2 : 0, o >= 2 ? hp.eps : 0, o === 3 ? 1 / (1 - hp.h1 ** t) : 0, o === 3 ? 1 / (1 - hp.h2 ** t) : 0];
  return k.trainStep(b.program, rows, Float64Array.from(scalars));
}

function fillBatch(h: Heap, b: Built, spec: NetSpec, rows: number): void {
  h.f.set(sparseRandom(rows * spec.input, 0.8), b.input >> 2);
  const y = new Float32Array(rows * b.units);
  for (let r = 0; r < rows; r++) {
    if (spec.loss === 0) y[r * b.units + Math.floor(rng.next() * b.units)] = 1;
    else for (let j = 0; j < b.units; j++) y[r * b.units + j] = spec.loss === 3 ? rng.next() * 2 - 1 : rng.next() < 0.5 ? 1 : 0;
  }
  h.f.set(y, b.targets >> 2);
}

// ---- the tests ----

describe('the addon interface check', () => {
  it('takes an addon of this interface, and refuses one built from older or newer sources, saying how to rebuild', () => {
    expect(interfaceProblem({ interface: nativeInterfaceVersion }, '/x/deepwire_native.node')).toBeNull();
    // Before there was an interface number: 1.
    expect(interfaceProblem({}, '/x/deepwire_native.node')).toBe(
      `the native kernels at /x/deepwire_native.node were built from older sources (interface 1; this Deepwire needs ${nativeInterfaceVersion}); run \`node scripts/build-native.mjs\` to rebuild them`,
    );
    expect(interfaceProblem({ interface: nativeInterfaceVersion + 1 }, '/x/a.node')).toMatch(/from newer sources/);
  });

  it.skipIf(!addon)('is passed by the addon these sources build', () => {
    expect(addon!.interface).toBe(nativeInterfaceVersion);
  });
});

describe.skipIf(!addon)('native addon', () => {
  const a = addon!;

  it('names the tables it runs, best first, and measures a peak', () => {
    expect(a.isas.length).toBeGreaterThan(0);
    expect(a.isas).toContain(a.isa);
    expect(a.peakGflops(0.02)).toBeGreaterThan(0);
    expect(() => a.bindHeap(new ArrayBuffer(64), 'no-such-isa' as NativeIsa)).toThrow(/cannot run/);
  });

  it('throws a RangeError for a pointer outside the heap instead of writing there', () => {
    const k = a.bindHeap(new ArrayBuffer(1024));
    expect(() => k.reluForward(0, 1000, 16)).toThrow(RangeError);
    expect(() => k.gemm(0, 0, 0, 32, 16, 16, 0, 0, 0, 0, 0, 0)).toThrow(RangeError);
    expect(() => k.trainStep(0, 1, new Float64Array(9))).toThrow(/magic/);
    // The scalars must be nine float64s: not numbers, not float32s, not fewer.
    expect(() => (k.trainStep as (...args: unknown[]) => number)(0, 1, 0.1, 0, 0, 0, 0, 0, 0, 0, 0)).toThrow(/9 scalars as a Float64Array/);
    expect(() => (k.trainStep as (...args: unknown[]) => number)(0, 1, new Float32Array(9))).toThrow(/9 scalars as a Float64Array/);
    expect(() => k.trainStep(0, 1, new Float64Array(8))).toThrow(/9 scalars as a Float64Array/);
  });

  for (const isa of addon?.isas ?? []) {
    describe(`${isa} kernels`, () => {
      const k = a.bindHeap(heap.buffer, isa);

      for (const [name, M, K, N] of gemmShapes) {
        for (const [transA, transB] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
          it(`gemm ${name} ${M}×${K}×${N} transA=${transA} transB=${transB}: plain, bias, accumulate`, () => gemmCase(k, M, K, N, transA, transB));
        }
      }
      it('gemm 512³ once', () => gemmCase(k, 512, 512, 512, 0, 0));
      it('gemm with K = 0 writes the bias (or zeros)', () => {
        heap.reset();
        const bias = heap.put([1, 2, 3]);
        const c = heap.put([9, 9, 9, 9, 9, 9]);
        k.gemm(0, 0, c, 2, 0, 3, 0, 0, 0, bias, 0, 0);
        expect(Array.from(heap.read(c, 6))).toEqual([1, 2, 3, 1, 2, 3]);
      });

      for (const [rows, cols] of [[1, 1], [37, 53], [64, 784], [5, 19]] as const) {
        it(`sparse first layer ${rows}×${cols}: compressRows, transposeCompressed, compressedTimesDense`, () => {
          heap.reset();
          const x = sparseRandom(rows * cols, 0.8);
          const n = 70;
          const W = random(cols * n);
          const dZ = random(rows * n);
          const bias = random(n);
          const xAt = heap.put(x), wAt = heap.put(W), dzAt = heap.put(dZ), biasAt = heap.put(bias);
          const limit = rows * cols + 4;
          const rs = heap.alloc(rows + 1), colsAt = heap.alloc(limit), vals = heap.alloc(limit);
          const cs = heap.alloc(cols + 1), ri = heap.alloc(limit), cv = heap.alloc(limit), cursor = heap.alloc(cols + 1);
          const ref = compressReference(x, rows, cols, limit);
          const count = k.compressRows(xAt, rows, cols, rs, colsAt, vals, limit);
          expect(count).toBe(ref.count);
          expect(Array.from(heap.i.slice(rs >> 2, (rs >> 2) + rows + 1))).toEqual(ref.starts);
          expect(Array.from(heap.i.slice(colsAt >> 2, (colsAt >> 2) + count))).toEqual(ref.columns);
          expect(Array.from(heap.read(vals, count))).toEqual(ref.values);
          // Z = X·W + b
          const out = heap.alloc(rows * n);
          k.compressedTimesDense(rows, rs, colsAt, vals, wAt, n, biasAt, out);
          const z = new Float64Array(rows * n);
          for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) {
            let s = bias[j]!;
            for (let p = 0; p < cols; p++) s += x[r * cols + p]! * W[p * n + j]!;
            z[r * n + j] = s;
          }
          expectClose(heap.read(out, rows * n), z, { rtol: 1e-5, atol: 1e-5, label: 'X·W + b' });
          // dW = Xᵀ·dZ
          k.transposeCompressed(rows, cols, rs, colsAt, vals, cs, ri, cv, cursor);
          const dW = heap.alloc(cols * n);
          k.compressedTimesDense(cols, cs, ri, cv, dzAt, n, 0, dW);
          const g = new Float64Array(cols * n);
          for (let p = 0; p < cols; p++) for (let j = 0; j < n; j++) {
            let s = 0;
            for (let r = 0; r < rows; r++) s += x[r * cols + p]! * dZ[r * n + j]!;
            g[p * n + j] = s;
          }
          expectClose(heap.read(dW, cols * n), g, { rtol: 1e-5, atol: 1e-5, label: 'Xᵀ·dZ' });
        });
      }

      it('compressRows gives up (−1) at exactly the limits the wasm kernel does', () => {
        const wasm = instantiateKernels(64)!;
        const wf = new Float32Array(wasm.memory.buffer);
        for (const [rows, cols] of [[8, 784], [3, 37], [16, 64]] as const) {
          heap.reset();
          const x = sparseRandom(rows * cols, 0.7);
          const xAt = heap.put(x);
          const rs = heap.alloc(rows + 1), c = heap.alloc(rows * cols), v = heap.alloc(rows * cols);
          wf.set(x, 1024);
          const total = compressReference(x, rows, cols, 1e9).count;
          for (let limit = Math.max(0, total - 40); limit <= total + 20; limit++) {
            const expected = wasm.kernels.compressRows(4096, rows, cols, 4096 + rows * cols * 4, 4096 + rows * cols * 8 + 64, 4096 + rows * cols * 12 + 128, limit);
            expect(k.compressRows(xAt, rows, cols, rs, c, v, limit), `limit ${limit}`).toBe(expected);
            expect(compressReference(x, rows, cols, limit).count).toBe(expected);
          }
        }
      });

      it('activations and their derivatives, NaN, ±Inf and −0 included', () => {
        heap.reset();
        const n = 133;
        const z = random(n, 6);
        z.set([NaN, Infinity, -Infinity, -0, 0, 1e-40, 80, -80, 100, -100], 0);
        const g = random(n);
        const zAt = heap.put(z), gAt = heap.put(g);
        const out = heap.alloc(n), d = heap.alloc(n);
        const sig = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
        const alpha = f32(0.1);
        const cases: [string, () => void, (x: number) => number][] = [
          ['relu', () => k.reluForward(zAt, out, n), (x) => (x > 0 ? x : 0)],
          ['leaky relu', () => k.leakyReluForward(zAt, out, n, 0.1), (x) => (x > 0 ? x : alpha * x)],
          ['tanh', () => k.tanhForward(zAt, out, n), Math.tanh],
          ['sigmoid', () => k.sigmoidForward(zAt, out, n), sig],
        ];
        for (const [label, run, fn] of cases) {
          run();
          expectClose(heap.read(out, n), Array.from(z, fn), { rtol: 2e-6, atol: 1e-7, label });
        }
        const a = random(n);
        const aAt = heap.put(a);
        const backward: [string, () => void, (i: number) => number][] = [
          ['relu′', () => k.reluBackward(zAt, gAt, d, n), (i) => (z[i]! > 0 ? g[i]! : 0)],
          ['leaky relu′', () => k.leakyReluBackward(zAt, gAt, d, n, 0.1), (i) => (z[i]! > 0 ? g[i]! : alpha * g[i]!)],
          ['tanh′', () => k.tanhBackward(aAt, gAt, d, n), (i) => g[i]! * (1 - a[i]! * a[i]!)],
          ['sigmoid′', () => k.sigmoidBackward(aAt, gAt, d, n), (i) => g[i]! * a[i]! * (1 - a[i]!)],
        ];
        for (const [label, run, fn] of backward) {
          run();
          expectClose(heap.read(d, n), Array.from({ length: n }, (_, i) => fn(i)), { rtol: 2e-6, atol: 1e-7, label });
        }
        // in place
        heap.f.set(z, out >> 2);
        k.reluForward(out, out, n);
        expectClose(heap.read(out, n), Array.from(z, (x) => (x > 0 ? x : 0)), { label: 'relu in place' });
      });

      it('fused losses, softmax rows', () => {
        heap.reset();
        const rows = 7, units = 11, n = rows * units;
        const z = random(n, 8);
        z[3] = 90; // a large logit: nothing overflows
        const y = new Float32Array(n);
        for (let r = 0; r < rows; r++) y[r * units + ((r * 5) % units)] = 1;
        const yb = Float32Array.from({ length: n }, () => rng.next());
        const zAt = heap.put(z), yAt = heap.put(y), ybAt = heap.put(yb), p = heap.alloc(n), d = heap.alloc(n);
        const scale = f32(1 / rows);
        // softmax + CE
        const ce = k.softmaxCrossEntropy(zAt, yAt, p, d, rows, units, 1 / rows);
        const probs = new Float64Array(n);
        let refLoss = 0;
        for (let r = 0; r < rows; r++) {
          const row = Array.from(z.subarray(r * units, (r + 1) * units));
          const max = Math.max(...row);
          const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
          row.forEach((v, j) => {
            probs[r * units + j] = Math.exp(v - max) / sum;
            if (y[r * units + j]) refLoss -= y[r * units + j]! * (v - max - Math.log(sum));
          });
        }
        expectClose(ce, refLoss, { rtol: 1e-5, label: 'CE' });
        expectClose(heap.read(p, n), probs, { rtol: 1e-5, atol: 1e-7, label: 'softmax' });
        expectClose(heap.read(d, n), Array.from(probs, (q, i) => scale * (q - y[i]!)), { rtol: 1e-5, atol: 1e-7, label: 'CE gradient' });
        k.softmaxRows(zAt, p, rows, units);
        expectClose(heap.read(p, n), probs, { rtol: 1e-5, atol: 1e-7, label: 'softmaxRows' });
        // sigmoid + BCE, sigmoid + MSE, linear + MSE
        const sig = Array.from(z, (x) => 1 / (1 + Math.exp(-x)));
        const bce = k.sigmoidBinaryCrossEntropy(zAt, ybAt, p, d, n, 1 / rows);
        expectClose(bce, Array.from(z).reduce((s, x, i) => s + Math.max(x, 0) - x * yb[i]! + Math.log1p(Math.exp(-Math.abs(x))), 0), { rtol: 1e-5, label: 'BCE' });
        expectClose(heap.read(d, n), sig.map((q, i) => scale * (q - yb[i]!)), { rtol: 1e-5, atol: 1e-7, label: 'BCE gradient' });
        const se = k.sigmoidSquaredError(zAt, ybAt, p, d, n, 1 / rows);
        expectClose(se, sig.reduce((s, q, i) => s + (q - yb[i]!) ** 2, 0), { rtol: 1e-5, label: 'sigmoid SE' });
        expectClose(heap.read(d, n), sig.map((q, i) => scale * (q - yb[i]!) * q * (1 - q)), { rtol: 1e-5, atol: 1e-7, label: 'sigmoid SE gradient' });
        const lin = k.linearSquaredError(zAt, ybAt, p, d, n, 1 / rows);
        expectClose(lin, Array.from(z).reduce((s, x, i) => s + (x - yb[i]!) ** 2, 0), { rtol: 1e-6, label: 'linear SE' });
        expectClose(heap.read(p, n), z, { label: 'linear p = z' });
      });

      it('columnSums, sumOfSquares, addScaled', () => {
        heap.reset();
        for (const [rows, units] of [[1, 1], [64, 128], [37, 29], [3, 260]] as const) {
          const d = random(rows * units);
          const dAt = heap.put(d), out = heap.alloc(units);
          k.columnSums(dAt, out, rows, units);
          expectClose(heap.read(out, units), Array.from({ length: units }, (_, j) => {
            let s = 0;
            for (let r = 0; r < rows; r++) s += d[r * units + j]!;
            return s;
          }), { rtol: 1e-5, atol: 1e-5, label: 'columnSums' });
        }
        const n = 1001;
        const w = random(n), g = random(n);
        const wAt = heap.put(w), gAt = heap.put(g);
        expectClose(k.sumOfSquares(wAt, n), w.reduce((s, v) => s + v * v, 0), { rtol: 1e-12, label: 'sumOfSquares' });
        k.addScaled(wAt, gAt, n, 0.3);
        expectClose(heap.read(gAt, n), Array.from(g, (v, i) => v + f32(0.3) * w[i]!), { rtol: 1e-6, atol: 1e-7, label: 'addScaled' });
      });

      it('optimizer updates', () => {
        heap.reset();
        const n = 517;
        const w = random(n), g = random(n), m = random(n, 0.1), v = Float32Array.from(random(n, 0.1), Math.abs);
        const lr = f32(0.01), b1 = f32(0.9), b2 = f32(0.999), om1 = f32(1 - 0.9), om2 = f32(1 - 0.999), eps = f32(1e-7), c1 = f32(1 / (1 - 0.9 ** 3)), c2 = f32(1 / (1 - 0.999 ** 3));
        const put = (): [number, number, number, number] => [heap.put(w), heap.put(g), heap.put(m), heap.put(v)];
        const gd = put();
        k.gdUpdate(gd[0], gd[1], n, 0.01);
        expectClose(heap.read(gd[0], n), Array.from(w, (x, i) => x - lr * g[i]!), { rtol: 1e-6, atol: 1e-8, label: 'gd' });
        const mo = put();
        k.momentumUpdate(mo[0], mo[1], mo[2], n, 0.01, 0.9, 1 - 0.9);
        const vm = Array.from(m, (x, i) => b1 * x + om1 * g[i]!);
        expectClose(heap.read(mo[2], n), vm, { rtol: 1e-6, atol: 1e-8, label: 'momentum v' });
        expectClose(heap.read(mo[0], n), Array.from(w, (x, i) => x - lr * vm[i]!), { rtol: 1e-6, atol: 1e-8, label: 'momentum w' });
        const rp = put();
        k.rmspropUpdate(rp[0], rp[1], rp[3], n, 0.01, 0.999, 1 - 0.999, 1e-7);
        const sr = Array.from(v, (x, i) => b2 * x + om2 * g[i]! * g[i]!);
        expectClose(heap.read(rp[3], n), sr, { rtol: 1e-6, atol: 1e-9, label: 'rmsprop s' });
        expectClose(heap.read(rp[0], n), Array.from(w, (x, i) => x - (lr * g[i]!) / (Math.sqrt(sr[i]!) + eps)), { rtol: 1e-5, atol: 1e-7, label: 'rmsprop w' });
        const [wa, ga, ma, va] = put();
        k.adamUpdate(wa, ga, ma, va, n, 0.01, 0.9, 1 - 0.9, 0.999, 1 - 0.999, 1e-7, 1 / (1 - 0.9 ** 3), 1 / (1 - 0.999 ** 3));
        const am = Array.from(m, (x, i) => b1 * x + om1 * g[i]!);
        const av = Array.from(v, (x, i) => b2 * x + om2 * g[i]! * g[i]!);
        expectClose(heap.read(ma, n), am, { rtol: 1e-6, atol: 1e-8, label: 'adam m' });
        expectClose(heap.read(va, n), av, { rtol: 1e-6, atol: 1e-9, label: 'adam v' });
        expectClose(heap.read(wa, n), Array.from(w, (x, i) => x - (lr * am[i]! * c1) / (Math.sqrt(av[i]! * c2) + eps)), { rtol: 1e-5, atol: 1e-7, label: 'adam w' });
      });

      // trainStep / inference vs the kernels one by one: every activation, loss and optimizer, sparse and dense first layer, L2 on and off.
      const acts: Act[] = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'linear'];
      const cases: NetSpec[] = [];
      acts.forEach((act, i) => {
        cases.push({
          input: i % 2 ? 50 : 784,
          layers: [{ dense: 24, bias: true }, { act }, { dense: 16, bias: i % 2 === 0 }, { act: acts[(i + 2) % 5]! }, { dense: i === 4 ? 1 : 5, bias: true }],
          loss: (i % 4) as NetSpec['loss'],
          optimizer: ((i + 1) % 4) as NetSpec['optimizer'],
          sparse: i !== 3,
        });
      });
      cases.push({ input: 30, layers: [{ act: 'linear' }, { dense: 8, bias: true }, { act: 'relu' }, { dense: 3, bias: false }], loss: 0, optimizer: 0, sparse: true });
      cases.push({ input: 12, layers: [{ act: 'relu' }, { dense: 4, bias: true }], loss: 3, optimizer: 3, sparse: false });
      for (const [index, spec] of cases.entries()) {
        for (const l2 of [0, 0.01]) {
          it(`trainStep = the kernels in sequence: net ${index} (loss ${spec.loss}, optimizer ${spec.optimizer}, sparse ${spec.sparse}), l2 ${l2}`, () => {
            const rows = 19;
            const native = new Heap(8 << 20);
            const seq = new Heap(8 << 20);
            const bn = build(native, spec, rows);
            // the same program and weights in the second heap
            new Uint8Array(seq.buffer).set(new Uint8Array(native.buffer));
            const bs = bn;
            const kn = a.bindHeap(native.buffer, isa);
            const ks = a.bindHeap(seq.buffer, isa);
            const hp: Hyper = { lr: 0.05, l2, h1: 0.9, h2: 0.999, eps: 1e-7 };
            for (let t = 1; t <= 5; t++) {
              fillBatch(native, bn, spec, rows);
              seq.f.set(native.f.subarray(bn.input >> 2, (bn.input >> 2) + rows * spec.input), bs.input >> 2);
              seq.f.set(native.f.subarray(bn.targets >> 2, (bn.targets >> 2) + rows * bn.units), bs.targets >> 2);
              const lossNative = nativeStep(kn, bn, spec, rows, hp, t);
              const lossSeq = stepInSequence(ks, bs, spec, rows, hp, t);
              expectClose(lossNative, lossSeq, { rtol: 1e-6, label: `loss at step ${t}` });
            }
            expectClose(native.read(bn.values, bn.n), seq.read(bs.values, bs.n), { rtol: 1e-6, atol: 1e-9, label: 'parameters after 5 steps' });
            if (bn.v >= 0) expectClose(native.read(bn.v, bn.n), seq.read(bs.v, bs.n), { rtol: 1e-6, atol: 1e-9, label: 'v' });
            // inference, with and without the output activation
            fillBatch(native, bn, spec, rows);
            seq.f.set(native.f.subarray(bn.input >> 2, (bn.input >> 2) + rows * spec.input), bs.input >> 2);
            kn.inference(bn.program, rows, 1);
            forwardInSequence(ks, bs, rows, bs.input);
            const last = bn.layers[bn.layers.length - 1]!;
            const count = rows * bn.units;
            if (spec.loss === 0) ks.softmaxRows(last.output, bs.predictions, rows, bn.units);
            else if (spec.loss === 3) seq.f.copyWithin(bs.predictions >> 2, last.output >> 2, (last.output >> 2) + count);
            else ks.sigmoidForward(last.output, bs.predictions, count);
            expectClose(native.read(last.output, count), seq.read(last.output, count), { rtol: 1e-6, atol: 1e-9, label: 'logits' });
            expectClose(native.read(bn.predictions, count), seq.read(bs.predictions, count), { rtol: 1e-6, atol: 1e-9, label: 'predictions' });
          });
        }
      }

      it('trainStep on the native kernels follows the WebAssembly kernels over 20 steps (float32 tolerance)', () => {
        const spec: NetSpec = { input: 784, layers: [{ dense: 32, bias: true }, { act: 'relu' }, { dense: 16, bias: true }, { act: 'tanh' }, { dense: 10, bias: true }], loss: 0, optimizer: 3, sparse: true };
        const rows = 16;
        const wasm = instantiateKernels(Math.ceil((8 << 20) / 65536))!;
        // Above the wasm kernels' own constants, so one layout serves both.
        const native = new Heap(8 << 20, Math.ceil(wasm.kernels.heapBase() / 64) * 64);
        const b = build(native, spec, rows);
        const wheap = new Uint8Array(wasm.memory.buffer);
        const from = wasm.kernels.heapBase();
        wheap.set(new Uint8Array(native.buffer).subarray(from), from); // same layout, same weights
        const wf = new Float32Array(wasm.memory.buffer);
        const kn = a.bindHeap(native.buffer, isa);
        const hp: Hyper = { lr: 0.01, l2: 0.001, h1: 0.9, h2: 0.999, eps: 1e-7 };
        for (let t = 1; t <= 20; t++) {
          fillBatch(native, b, spec, rows);
          wf.set(native.f.subarray(b.input >> 2, (b.input >> 2) + rows * spec.input), b.input >> 2);
          wf.set(native.f.subarray(b.targets >> 2, (b.targets >> 2) + rows * b.units), b.targets >> 2);
          const ln = nativeStep(kn, b, spec, rows, hp, t);
          const lw = stepInSequence(wasm.kernels, b, spec, rows, hp, t);
          expectClose(ln, lw, { rtol: 1e-4, label: `loss at step ${t}` });
        }
        expectClose(native.read(b.values, b.n), wf.slice(b.values >> 2, (b.values >> 2) + b.n), { rtol: 1e-3, atol: 1e-5, label: 'parameters after 20 steps' });
      });
    });
  }
});
