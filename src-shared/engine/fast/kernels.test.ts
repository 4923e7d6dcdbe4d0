// Every WebAssembly kernel against a plain float64 reference computed from the same float32
// inputs, on sizes that are and are not multiples of the SIMD width (4) and the tile (4×8).
import { beforeEach, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../rng';
import { Arena } from './arena';
import { instantiateKernels, type KernelInstance } from './kernels';
import { packedASize, packedBSize } from './scratch-layout';

const instance: KernelInstance = instantiateKernels(512)!; // 32 MiB
const k = instance.kernels;
const heap = (): Float32Array => new Float32Array(instance.memory.buffer);
let arena = new Arena(k.heapBase());
// One seeded stream for the whole file: deterministic, whatever runs first.
const rng: Rng = createRng(20251125);

beforeEach(() => {
  arena = new Arena(k.heapBase());
});

/** Copies values into fresh memory; returns the byte offset. */
function put(values: ArrayLike<number>): number {
  const at = arena.floats(values.length);
  heap().set(values, at >> 2);
  return at;
}
const read = (at: number, n: number): Float32Array => heap().slice(at >> 2, (at >> 2) + n);
const random = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: (i: number) => number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= tolerance(i))) throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (|error| ${error} > ${tolerance(i)})`);
  }
}

describe('gemm: C = op(A)·op(B)', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 7, 3], [3, 5, 7], [4, 8, 8], [5, 9, 17], [8, 4, 16], [13, 31, 9], [33, 2, 12], [37, 64, 10], [64, 130, 70],
    // K = 900: A is walked in blocks of 72 rows (256 KiB packed), so 301 rows take 5 blocks, the last partial
    [301, 900, 20],
  ];
  const transposes: [number, number][] = [[0, 0], [1, 0], [0, 1], [1, 1]];

  for (const [M, K, N] of sizes) {
    for (const [transA, transB] of transposes) {
      it(`${M}×${K}×${N}, transA=${transA} transB=${transB}, with and without bias, and accumulating`, () => {
        const A = random(M * K);
        const B = random(K * N);
        const bias = random(N);
        // A(i, p) and B(p, j) of the logical product, read from the stored layout
        const a = (i: number, p: number): number => A[transA ? p * M + i : i * K + p]!;
        const b = (p: number, j: number): number => B[transB ? j * K + p : p * N + j]!;
        const reference = new Float64Array(M * N);
        const magnitude = new Float64Array(M * N);
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            for (let p = 0; p < K; p++) {
              reference[i * N + j]! += a(i, p) * b(p, j);
              magnitude[i * N + j]! += Math.abs(a(i, p) * b(p, j));
            }
          }
        }
        // float32 summation of K terms: error ≤ K·2⁻²⁴·Σ|a·b| (the classic bound), plus the bias' own rounding
        const tolerance = (i: number): number => K * 2 ** -24 * magnitude[i]! + 2 ** -23;

        const aAt = put(A);
        const bAt = put(B);
        const biasAt = put(bias);
        // C sits between two guard bands that must stay untouched (edge tiles write through a scratch tile).
        const guard = 64;
        const region = put(new Float32Array(guard + M * N + guard).fill(777));
        const cAt = region + guard * 4;
        const packA = arena.bytes(packedASize(M, K));
        const packB = arena.bytes(packedBSize(K, N));

        k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 0, 0, packA, packB);
        expectClose(read(cAt, M * N), reference, tolerance);

        k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 0, biasAt, packA, packB);
        expectClose(read(cAt, M * N), reference.map((v, i) => v + bias[i % N]!), tolerance);

        // accumulate: C (= product + bias from the call above) += product
        k.gemm(aAt, bAt, cAt, M, K, N, transA, transB, 1, 0, packA, packB);
        expectClose(read(cAt, M * N), reference.map((v, i) => 2 * v + bias[i % N]!), (i) => 2 * tolerance(i));

        const guards = [...read(region, guard), ...read(cAt + M * N * 4, guard)];
        expect(guards.every((v) => v === 777)).toBe(true);
      });
    }
  }

  it('the dense-layer products at the W1 sizes (forward, weight gradient, input gradient)', () => {
    const X = random(64 * 784);
    const W = random(784 * 128, 0.05);
    const dZ = random(64 * 128, 0.01);
    const xAt = put(X);
    const wAt = put(W);
    const dzAt = put(dZ);
    const out = arena.floats(784 * 128);
    const packA = arena.bytes(packedASize(784, 128));
    const packB = arena.bytes(packedBSize(784, 128));
    // spot-check entries against float64 dot products (the full references take too long in a test)
    const probes = Array.from({ length: 50 }, () => [Math.floor(rng.next() * 64), Math.floor(rng.next() * 784), Math.floor(rng.next() * 128)] as const);

    k.gemm(xAt, wAt, out, 64, 784, 128, 0, 0, 0, 0, packA, packB); // Z = X·W
    let c = read(out, 64 * 128);
    for (const [i, , j] of probes) {
      let sum = 0;
      for (let p = 0; p < 784; p++) sum += X[i * 784 + p]! * W[p * 128 + j]!;
      expect(c[i * 128 + j]).toBeCloseTo(sum, 4);
    }
    k.gemm(xAt, dzAt, out, 784, 64, 128, 1, 0, 0, 0, packA, packB); // dW = Xᵀ·dZ
    c = read(out, 784 * 128);
    for (const [, p, j] of probes) {
      let sum = 0;
      for (let i = 0; i < 64; i++) sum += X[i * 784 + p]! * dZ[i * 128 + j]!;
      expect(c[p * 128 + j]).toBeCloseTo(sum, 5);
    }
    k.gemm(dzAt, wAt, out, 64, 128, 784, 0, 1, 0, 0, packA, packB); // dX = dZ·Wᵀ
    c = read(out, 64 * 784);
    for (const [i, p] of probes) {
      let sum = 0;
      for (let j = 0; j < 128; j++) sum += dZ[i * 128 + j]! * W[p * 128 + j]!;
      expect(c[i * 784 + p]).toBeCloseTo(sum, 6);
    }
  });

  it('reports the packing scratch sizes the TypeScript layout reserves', () => {
    for (const [m, n] of [[1, 1], [4, 8], [5, 9], [64, 784], [784, 64], [3, 130]] as const) {
      expect(k.packedASize(m, n)).toBe(packedASize(m, n));
      expect(k.packedBSize(m, n)).toBe(packedBSize(m, n));
    }
  });
});

describe('activations', () => {
  // 4·9 + 3 values: the SIMD body and the scalar tail; exact zeros included (the relu kink)
  const n = 39;
  const z = random(n, 6);
  z[3] = 0;
  z[37] = 0;
  const dLdA = random(n);

  const cases: { name: string; alpha?: number; f: (z: number) => number; dfdz: (z: number, a: number) => number; byOutput?: boolean }[] = [
    { name: 'relu', f: (v) => (v > 0 ? v : 0), dfdz: (v) => (v > 0 ? 1 : 0) },
    { name: 'leakyRelu', alpha: 0.2, f: (v) => (v > 0 ? v : 0.2 * v), dfdz: (v) => (v > 0 ? 1 : 0.2) },
    { name: 'tanh', f: Math.tanh, dfdz: (_v, a) => 1 - a * a, byOutput: true },
    { name: 'sigmoid', f: (v) => 1 / (1 + Math.exp(-v)), dfdz: (_v, a) => a * (1 - a), byOutput: true },
  ];

  for (const c of cases) {
    it(`${c.name}: forward a = f(z) and backward dL/dz = dL/da·f'`, () => {
      const zAt = put(z);
      const aAt = arena.floats(n);
      const gAt = put(dLdA);
      const outAt = arena.floats(n);
      const forward = k[`${c.name}Forward` as 'reluForward'] as (z: number, a: number, n: number, alpha?: number) => void;
      const backward = k[`${c.name}Backward` as 'reluBackward'] as (x: number, g: number, out: number, n: number, alpha?: number) => void;
      forward(zAt, aAt, n, c.alpha);
      const a = read(aAt, n);
      // within a few float32 ulps of the float64 value
      expectClose(a, Array.from(z, c.f), (i) => 4 * 2 ** -24 * Math.max(Math.abs(a[i]!), 2 ** -10));
      // relu family reads z, tanh and sigmoid read their output a
      backward(c.byOutput ? aAt : zAt, gAt, outAt, n, c.alpha);
      expectClose(read(outAt, n), Array.from(z, (v, i) => dLdA[i]! * c.dfdz(v, a[i]!)), () => 1e-6);
      // in place (dL/dz over dL/da) gives the same
      backward(c.byOutput ? aAt : zAt, gAt, gAt, n, c.alpha);
      expectClose(read(gAt, n), Array.from(z, (v, i) => dLdA[i]! * c.dfdz(v, a[i]!)), () => 1e-6);
    });
  }

  it('tanh and sigmoid saturate to finite values for large |z|', () => {
    const big = Float32Array.of(-100, -30, 30, 100, 1e-30, -1e-30, 0);
    const at = put(big);
    const out = arena.floats(big.length);
    k.tanhForward(at, out, big.length);
    expect(Array.from(read(out, big.length))).toEqual([-1, -1, 1, 1, Math.fround(1e-30), Math.fround(-1e-30), 0]);
    k.sigmoidForward(at, out, big.length);
    const s = read(out, big.length);
    expect(s.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    expect(s[3]).toBe(1);
    expect(s[6]).toBe(0.5);
  });
});

describe('output losses fused with their activation', () => {
  /** Central differences of a float64 loss: the independent check that a gradient formula is right. */
  function numericGradient(loss: (z: Float64Array) => number, z: Float64Array): Float64Array {
    const h = 1e-6;
    return z.map((_, i) => {
      const plus = Float64Array.from(z);
      const minus = Float64Array.from(z);
      plus[i]! += h;
      minus[i]! -= h;
      return (loss(plus) - loss(minus)) / (2 * h);
    });
  }

  const rows = 7;
  const units = 5;
  // moderate and extreme logits: the fused forms must stay finite where naive ones overflow
  const z = random(rows * units, 4);
  z[0] = 80;
  z[6] = -90;
  const labels = Array.from({ length: rows }, () => Math.floor(rng.next() * units));
  const oneHot = new Float32Array(rows * units);
  labels.forEach((label, r) => (oneHot[r * units + label] = 1));
  const binary = Float32Array.from({ length: rows * units }, () => (rng.next() < 0.5 ? 0 : 1));
  const values = random(rows * units, 2);

  const softmaxCe = (zz: ArrayLike<number>): number => {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const row = Array.from({ length: units }, (_, j) => zz[r * units + j]!);
      const max = Math.max(...row);
      const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      for (let j = 0; j < units; j++) total -= oneHot[r * units + j]! * (row[j]! - max - logSum);
    }
    return total;
  };
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  const bce = (zz: ArrayLike<number>): number =>
    Array.from(zz).reduce((s, v, i) => s + Math.max(v, 0) - v * binary[i]! + Math.log1p(Math.exp(-Math.abs(v))), 0);
  // squared error with the course's ½: the kernels return Σe² and the gradient of ½Σe²
  const sigmoidSq = (zz: ArrayLike<number>): number => Array.from(zz).reduce((s, v, i) => s + (sig(v) - values[i]!) ** 2, 0) / 2;
  const linearSq = (zz: ArrayLike<number>): number => Array.from(zz).reduce((s, v, i) => s + (v - values[i]!) ** 2, 0) / 2;

  const cases = [
    { name: 'softmaxCrossEntropy', y: oneHot, loss: softmaxCe, sumFactor: 1, p: (zz: Float32Array) => softmaxReference(zz, rows, units), call: (zA: number, yA: number, pA: number, gA: number, s: number) => k.softmaxCrossEntropy(zA, yA, pA, gA, rows, units, s) },
    { name: 'sigmoidBinaryCrossEntropy', y: binary, loss: bce, sumFactor: 1, p: (zz: Float32Array) => Array.from(zz, sig), call: (zA: number, yA: number, pA: number, gA: number, s: number) => k.sigmoidBinaryCrossEntropy(zA, yA, pA, gA, rows * units, s) },
    { name: 'sigmoidSquaredError', y: values, loss: sigmoidSq, sumFactor: 2, p: (zz: Float32Array) => Array.from(zz, sig), call: (zA: number, yA: number, pA: number, gA: number, s: number) => k.sigmoidSquaredError(zA, yA, pA, gA, rows * units, s) },
    { name: 'linearSquaredError', y: values, loss: linearSq, sumFactor: 2, p: (zz: Float32Array) => Array.from(zz), call: (zA: number, yA: number, pA: number, gA: number, s: number) => k.linearSquaredError(zA, yA, pA, gA, rows * units, s) },
  ];

  for (const c of cases) {
    it(`${c.name}: loss sum, outputs and gradient·scale against float64 (gradient also against central differences)`, () => {
      const zAt = put(z);
      const yAt = put(c.y);
      const pAt = arena.floats(z.length);
      const gAt = arena.floats(z.length);
      const scale = 1 / 7;
      const total = c.call(zAt, yAt, pAt, gAt, scale);
      expect(Number.isFinite(total)).toBe(true);
      expect(total).toBeCloseTo(c.sumFactor * c.loss(z), 3);
      expectClose(read(pAt, z.length), c.p(z), () => 1e-6);
      // skip the saturated logits in the numeric check: there the f64 loss itself is flat to rounding
      const numeric = numericGradient(c.loss, Float64Array.from(z));
      const gradient = read(gAt, z.length);
      for (let i = 0; i < z.length; i++) {
        if (Math.abs(z[i]!) > 20) continue;
        expect(gradient[i]! / scale).toBeCloseTo(numeric[i]!, 4);
      }
    });
  }

  it('softmaxRows gives the probabilities of softmaxCrossEntropy', () => {
    const zAt = put(z);
    const pAt = arena.floats(z.length);
    k.softmaxRows(zAt, pAt, rows, units);
    expectClose(read(pAt, z.length), softmaxReference(z, rows, units), () => 1e-6);
  });
});

function softmaxReference(z: ArrayLike<number>, rows: number, units: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: units }, (_, j) => z[r * units + j]!);
    const max = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
    out.push(...row.map((v) => Math.exp(v - max) / sum));
  }
  return out;
}

describe('reductions', () => {
  it('columnSums: the bias gradient Σ_rows dL/dZ, for widths with and without a SIMD tail', () => {
    for (const [rows, units] of [[1, 1], [5, 3], [7, 8], [64, 10], [3, 13]] as const) {
      const g = random(rows * units);
      const out = arena.floats(units);
      k.columnSums(put(g), out, rows, units);
      const expected = Array.from({ length: units }, (_, j) => {
        let s = 0;
        for (let r = 0; r < rows; r++) s += g[r * units + j]!;
        return s;
      });
      expectClose(read(out, units), expected, () => rows * 2 ** -23);
    }
  });

  it('sumOfSquares in float64', () => {
    for (const n of [0, 1, 3, 4, 17, 1000]) {
      const x = random(n, 3);
      expect(k.sumOfSquares(put(x), n)).toBeCloseTo(x.reduce((s, v) => s + v * v, 0), 9);
    }
  });

  it('addScaled: dL/dW += c·W', () => {
    const w = random(11);
    const g = random(11);
    const gAt = put(g);
    k.addScaled(put(w), gAt, 11, 0.25);
    expectClose(read(gAt, 11), Array.from(g, (v, i) => v + 0.25 * w[i]!), () => 2 ** -23);
  });
});

describe('optimizers, over 11 values (SIMD body and scalar tail), 3 steps each against float64', () => {
  const n = 11;
  const steps = [random(n), random(n), random(n)];
  const w0 = random(n);
  const lr = 0.05;

  function run(update: (w: number, g: number, m: number, v: number, t: number) => void): Float32Array {
    const wAt = put(w0);
    const gAt = arena.floats(n);
    const mAt = put(new Float32Array(n));
    const vAt = put(new Float32Array(n));
    steps.forEach((g, t) => {
      heap().set(g, gAt >> 2);
      update(wAt, gAt, mAt, vAt, t + 1);
    });
    return read(wAt, n);
  }

  it('gd: w −= α·g', () => {
    const expected = Array.from(w0, (w, i) => steps.reduce((acc, g) => acc - lr * g[i]!, w));
    expectClose(run((w, g) => k.gdUpdate(w, g, n, lr)), expected, () => 1e-6);
  });

  it('momentum: v = β·v + (1−β)·g; w −= α·v', () => {
    const beta = 0.9;
    const expected = Array.from(w0, (w, i) => {
      let v = 0;
      for (const g of steps) {
        v = beta * v + (1 - beta) * g[i]!;
        w -= lr * v;
      }
      return w;
    });
    expectClose(run((w, g, v) => k.momentumUpdate(w, g, v, n, lr, beta, 1 - beta)), expected, () => 1e-6);
  });

  it('rmsprop: s = β2·s + (1−β2)·g²; w −= α·g/(√s + ε)', () => {
    const [beta2, epsilon] = [0.99, 1e-8];
    const expected = Array.from(w0, (w, i) => {
      let s = 0;
      for (const g of steps) {
        s = beta2 * s + (1 - beta2) * g[i]! ** 2;
        w -= (lr * g[i]!) / (Math.sqrt(s) + epsilon);
      }
      return w;
    });
    expectClose(run((w, g, _m, s) => k.rmspropUpdate(w, g, s, n, lr, beta2, 1 - beta2, epsilon)), expected, () => 1e-5);
  });

  it('adam with bias correction', () => {
    const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
    const expected = Array.from(w0, (w, i) => {
      let [m, v] = [0, 0];
      steps.forEach((g, t) => {
        m = beta1 * m + (1 - beta1) * g[i]!;
        v = beta2 * v + (1 - beta2) * g[i]! ** 2;
        w -= (lr * (m / (1 - beta1 ** (t + 1)))) / (Math.sqrt(v / (1 - beta2 ** (t + 1))) + epsilon);
      });
      return w;
    });
    const actual = run((w, g, m, v, t) => k.adamUpdate(w, g, m, v, n, lr, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, 1 / (1 - beta1 ** t), 1 / (1 - beta2 ** t)));
    expectClose(actual, expected, () => 1e-5);
  });

  it('adam: two steps worked by hand', () => {
    // w = 1, α = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8
    // t = 1, g = 0.5:  m = 0.05, v = 0.00025, m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
    //                  w = 1 − 0.1·0.5/(√0.25 + 1e-8) = 0.900000002
    // t = 2, g = −1:   m = 0.9·0.05 − 0.1 = −0.055, v = 0.999·0.00025 + 0.001 = 0.00124975
    //                  m̂ = −0.055/0.19 = −0.2894737, v̂ = 0.00124975/0.001999 = 0.6251876, √v̂ = 0.7906881
    //                  w = 0.900000002 + 0.1·0.2894737/0.7906881 = 0.9366104
    const wAt = put([1, 1, 1, 1, 1]); // 4 in the SIMD body, 1 in the tail: both must agree
    const gAt = put([0.5, 0.5, 0.5, 0.5, 0.5]);
    const mAt = put(new Float32Array(5));
    const vAt = put(new Float32Array(5));
    k.adamUpdate(wAt, gAt, mAt, vAt, 5, 0.1, 0.9, 0.1, 0.999, 0.001, 1e-8, 1 / 0.1, 1 / 0.001);
    // each within a few float32 ulps (2⁻²⁴ relative) of the hand-worked value
    const ulps = (value: number) => () => 4 * 2 ** -24 * value;
    expectClose(read(wAt, 5), Array(5).fill(0.900000002), ulps(0.9));
    expectClose(read(mAt, 5), Array(5).fill(0.05), ulps(0.05));
    expectClose(read(vAt, 5), Array(5).fill(0.00025), ulps(0.00025));
    heap().set([-1, -1, -1, -1, -1], gAt >> 2);
    k.adamUpdate(wAt, gAt, mAt, vAt, 5, 0.1, 0.9, 0.1, 0.999, 0.001, 1e-8, 1 / (1 - 0.9 ** 2), 1 / (1 - 0.999 ** 2));
    expectClose(read(mAt, 5), Array(5).fill(-0.055), ulps(0.055));
    expectClose(read(vAt, 5), Array(5).fill(0.00124975), ulps(0.00124975));
    // 0.9366104 is the hand value rounded to 7 digits
    expectClose(read(wAt, 5), Array(5).fill(0.9366104), () => 1e-7);
  });
});

describe('zero-skipping products with a sparse input batch', () => {
  /** rows × cols with about `density` of the values nonzero. */
  const sparseMatrix = (rows: number, cols: number, density: number): Float32Array =>
    Float32Array.from({ length: rows * cols }, () => (rng.next() < density ? rng.next() * 2 - 1 : 0));

  it('compressRows lists each row’s nonzeros in order; transposeCompressed lists each column’s', () => {
    const [rows, cols] = [9, 23];
    const x = sparseMatrix(rows, cols, 0.3);
    const rowStarts = arena.bytes((rows + 1) * 4);
    const columns = arena.bytes(rows * cols * 4);
    const values = arena.floats(rows * cols);
    const count = k.compressRows(put(x), rows, cols, rowStarts, columns, values, rows * cols);
    const expected = Array.from(x).flatMap((v, i) => (v !== 0 ? [[Math.floor(i / cols), i % cols, v] as const] : []));
    expect(count).toBe(expected.length);
    const i32 = (): Int32Array => new Int32Array(instance.memory.buffer);
    const starts = Array.from(i32().subarray(rowStarts >> 2, (rowStarts >> 2) + rows + 1));
    for (let r = 0; r < rows; r++) expect(starts[r + 1]! - starts[r]!).toBe(expected.filter(([row]) => row === r).length);
    expect(Array.from(i32().subarray(columns >> 2, (columns >> 2) + count))).toEqual(expected.map(([, c]) => c));
    expect(Array.from(read(values, count))).toEqual(expected.map(([, , v]) => v));

    const colStarts = arena.bytes((cols + 1) * 4);
    const rowIndex = arena.bytes(count * 4);
    const colValues = arena.floats(count);
    k.transposeCompressed(rows, cols, rowStarts, columns, values, colStarts, rowIndex, colValues, arena.bytes((cols + 1) * 4));
    const byColumn = [...expected].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    expect(Array.from(i32().subarray(rowIndex >> 2, (rowIndex >> 2) + count))).toEqual(byColumn.map(([r]) => r));
    expect(Array.from(read(colValues, count))).toEqual(byColumn.map(([, , v]) => v));
    expect(i32()[(colStarts >> 2) + cols]).toBe(count);
  });

  it('compressRows gives up (−1) past its limit without writing past it', () => {
    const x = sparseMatrix(6, 10, 0.9);
    const nonzeros = x.filter((v) => v !== 0).length;
    const guard = put(new Float32Array(nonzeros + 8).fill(777));
    const limit = nonzeros - 5;
    const columns = arena.bytes(limit * 4);
    expect(k.compressRows(put(x), 6, 10, arena.bytes(7 * 4), columns, guard, limit)).toBe(-1);
    expect(Array.from(read(guard + limit * 4, nonzeros + 8 - limit)).every((v) => v === 777)).toBe(true);
    expect(k.compressRows(put(x), 6, 10, arena.bytes(7 * 4), arena.bytes(60 * 4), arena.floats(60), 60)).toBe(nonzeros);
  });

  for (const N of [1, 6, 37, 70]) {
    it(`X·W + b and Xᵀ·dZ over the nonzeros equal the float64 products (N = ${N})`, () => {
      const [M, K] = [13, 29];
      const x = sparseMatrix(M, K, 0.25);
      const w = random(K * N);
      const bias = random(N);
      const dZ = random(M * N);
      const rowStarts = arena.bytes((M + 1) * 4);
      const columns = arena.bytes(M * K * 4);
      const values = arena.floats(M * K);
      k.compressRows(put(x), M, K, rowStarts, columns, values, M * K);
      const z = arena.floats(M * N);
      k.compressedTimesDense(M, rowStarts, columns, values, put(w), N, put(bias), z);
      const zRef = Array.from({ length: M * N }, (_, o) => {
        const [i, j] = [Math.floor(o / N), o % N];
        let sum = bias[j]!;
        for (let p = 0; p < K; p++) sum += x[i * K + p]! * w[p * N + j]!;
        return sum;
      });
      expectClose(read(z, M * N), zRef, () => 1e-5);

      const colStarts = arena.bytes((K + 1) * 4);
      const rowIndex = arena.bytes(M * K * 4);
      const colValues = arena.floats(M * K);
      k.transposeCompressed(M, K, rowStarts, columns, values, colStarts, rowIndex, colValues, arena.bytes((K + 1) * 4));
      const dW = put(new Float32Array(K * N).fill(777)); // every entry is written, zero columns included
      k.compressedTimesDense(K, colStarts, rowIndex, colValues, put(dZ), N, 0, dW);
      const dWRef = Array.from({ length: K * N }, (_, o) => {
        const [p, j] = [Math.floor(o / N), o % N];
        let sum = 0;
        for (let i = 0; i < M; i++) sum += x[i * K + p]! * dZ[i * N + j]!;
        return sum;
      });
      expectClose(read(dW, K * N), dWRef, () => 1e-5);
    });
  }
});
