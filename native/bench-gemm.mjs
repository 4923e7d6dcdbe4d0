// Times the native GEMM on W1's shapes and 512³: GFLOP/s and % of this core's peak, per ISA.
//   node native/bench-gemm.mjs [isa…]     (not part of the test suite)
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('./build/Release/deepwire_native.node');
const isas = process.argv.slice(2).length ? process.argv.slice(2) : addon.isas;
const shapes = [
  // [label, M, K, N, transA, transB]
  ['W1 fwd X·W 64×784×128', 64, 784, 128, 0, 0],
  ['W1 dW Xᵀ·dZ 784×64×128', 784, 64, 128, 1, 0],
  ['W1 dX dZ·Wᵀ 64×128×784', 64, 128, 784, 0, 1],
  ['W1 fwd 64×128×64', 64, 128, 64, 0, 0],
  ['W1 dW 128×64×64', 128, 64, 64, 1, 0],
  ['W1 dX 64×64×128', 64, 64, 128, 0, 1],
  ['W1 fwd 64×64×10', 64, 64, 10, 0, 0],
  ['W1 dW 64×64×10', 64, 64, 10, 1, 0],
  ['W1 dX 64×10×64', 64, 10, 64, 0, 1],
  ['512³', 512, 512, 512, 0, 0],
];
const heap = new ArrayBuffer(16 << 20);
const f = new Float32Array(heap);
for (let i = 0; i < f.length; i++) f[i] = Math.sin(i) * 0.5;
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const isa of isas) {
  const k = addon.bindHeap(heap, isa);
  const peak = median([0, 1, 2].map(() => addon.peakGflops(0.2, isa)));
  console.log(`${isa}: peak ${peak.toFixed(1)} GFLOP/s`);
  for (const [label, M, K, N, ta, tb] of shapes) {
    const a = 0, b = 4 << 20, c = 8 << 20;
    const flops = 2 * M * K * N;
    const reps = Math.max(3, Math.round(2e8 / flops));
    k.gemm(a, b, c, M, K, N, ta, tb, 0, 0, 0, 0);
    const samples = [];
    for (let s = 0; s < 7; s++) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) k.gemm(a, b, c, M, K, N, ta, tb, 0, 0, 0, 0);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e9 / reps);
    }
    const t = median(samples);
    const g = flops / t / 1e9;
    console.log(`  ${label.padEnd(26)} ${(t * 1e6).toFixed(1).padStart(8)} µs ${g.toFixed(1).padStart(7)} GFLOP/s ${((100 * g) / peak).toFixed(0).padStart(4)} %`);
  }
}
