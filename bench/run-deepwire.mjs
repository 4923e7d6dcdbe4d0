// One benchmark process for Deepwire's engine: `node --import tsx bench/run-deepwire.mjs
// --engine=native|native-dense|wasm|wasm-dense|ts --workload=w1|w2|w3|peak` (peak: the native
// kernels' register-only FMA loop, the core's ceiling). Runs the workload exactly as WORKLOAD.md defines it and
// prints one JSON line. scripts/bench.mjs starts these, interleaved with the peers, in rounds.
import { createNativeTrainer, createWasmTrainer } from '../src-shared/engine/fast/fast-trainer.ts';
import { loadNativeAddon } from '../src-main/native/addon.ts';
import { instantiateKernels } from '../src-shared/engine/fast/kernels.ts';
import { Arena } from '../src-shared/engine/fast/arena.ts';
import { packedASize, packedBSize } from '../src-shared/engine/fast/scratch-layout.ts';
import { WASM_PAGE_BYTES } from '../src-shared/engine/fast/webassembly.ts';
import { createTsTrainer } from '../src-shared/engine/ts-trainer.ts';
import { createRng } from '../src-shared/engine/rng.ts';
import { mlpSpec } from '../src-shared/engine/mlp.ts';
import { matMul } from '../src-shared/engine/matrix.ts';
import { createMiniBatches, gatherRows } from '../src-shared/engine/batches.ts';
import { W1, W2, W2_STEPS_PER_EPOCH, W3, gemmInputs, mulberry32, nowSec, parseArgs, threadCpuSec, timeGemm } from './common.mjs';
import { readF32, readU8 } from './data.mjs';

const options = parseArgs(process.argv.slice(2));
// *-dense: the fast trainer without the zero-skipping first layer (the dense product only)
const engine = options.engine ?? 'wasm';
const engines = ['native', 'native-dense', 'wasm', 'wasm-dense', 'ts'];
if (!engines.includes(engine)) throw new Error(`--engine must be one of ${engines.join(', ')}, got ${engine}.`);
const native = engine.startsWith('native');

/** The native addon, or a stop saying why it is missing. */
function nativeAddon() {
  const load = loadNativeAddon();
  if (!load.ok) throw new Error(`The native kernels are unavailable: ${load.reason}.`);
  return load.addon;
}

function createTrainer(spec, initializer, optimizer) {
  const trainerOptions = { initializer, optimizer, l2: 0, rng: createRng(1), zeroSkipping: !engine.endsWith('-dense') };
  if (engine === 'ts') return createTsTrainer(spec, trainerOptions);
  if (native) {
    const trainer = createNativeTrainer(spec, trainerOptions, nativeAddon());
    if (!trainer) throw new Error('The native trainer declined this network.');
    return trainer;
  }
  const trainer = createWasmTrainer(spec, trainerOptions);
  if (!trainer) throw new Error('The WebAssembly trainer is unavailable on this host (no WebAssembly SIMD128).');
  return trainer;
}

/**
 * Runs `epochs` epochs the way the app's training loop does (src-shared/training/run.ts): a fresh
 * permutation per epoch, each batch's rows gathered into preallocated buffers, one step. All timed.
 */
function runEpochs(trainer, x, y, inputs, outputs, batches, epochs, lr, xb, yb) {
  for (let e = 0; e < epochs; e++) {
    const order = batches.nextEpoch();
    for (let b = 0; b < batches.batchesPerEpoch; b++) {
      const start = batches.batchStart(b);
      const end = batches.batchEnd(b);
      gatherRows(x, inputs, order, start, end, xb);
      gatherRows(y, outputs, order, start, end, yb);
      trainer.step(xb, yb, end - start, lr);
    }
  }
}

function accuracy(trainer, x, labels, rows) {
  const p = trainer.predict(x, rows);
  const units = p.length / rows;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let predicted;
    if (units === 1) predicted = p[i] > 0.5 ? 1 : 0;
    else {
      predicted = 0;
      for (let j = 1; j < units; j++) if (p[i * units + j] > p[i * units + predicted]) predicted = j;
    }
    if (predicted === labels[i]) correct++;
  }
  return correct / rows;
}

function oneHot(labels, classes) {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => (out[i * classes + label] = 1));
  return out;
}

// W1: 784 → 128 relu → 64 relu → 10 softmax, He-normal, Adam 1e-3, batch 64, 1 warm-up + 3 timed epochs.
function w1() {
  const trainX = readF32('mnist-train-x.f32');
  const trainY = readU8('mnist-train-y.u8');
  const testX = readF32('mnist-test-x.f32');
  const testY = readU8('mnist-test-y.u8');
  const spec = mlpSpec({ layers: W1.layers, activation: 'relu' });
  const trainer = createTrainer(spec, { kind: 'he' }, { kind: 'adam', beta1: W1.beta1, beta2: W1.beta2, epsilon: W1.epsilon });
  const targets = oneHot(trainY, 10);
  const batches = createMiniBatches(W1.trainRows, W1.batch, createRng(42));
  const xb = new Float32Array(W1.batch * 784);
  const yb = new Float32Array(W1.batch * 10);
  const warm0 = nowSec();
  runEpochs(trainer, trainX, targets, 784, 10, batches, W1.epochsWarm, W1.lr, xb, yb);
  const t0 = nowSec();
  const c0 = threadCpuSec();
  runEpochs(trainer, trainX, targets, 784, 10, batches, W1.epochsTimed, W1.lr, xb, yb);
  const seconds = nowSec() - t0;
  const cpuSeconds = threadCpuSec() - c0;
  const samples = W1.epochsTimed * W1.trainRows;
  return {
    warmupSeconds: t0 - warm0,
    seconds,
    samplesPerSec: samples / seconds,
    cpuSeconds,
    samplesPerCpuSec: samples / cpuSeconds,
    trainAcc: accuracy(trainer, trainX, trainY, W1.trainRows),
    testAcc: accuracy(trainer, testX, testY, W1.testRows),
  };
}

/** Glorot-uniform weights U(±√(6/(fan_in+fan_out))) from mulberry32(1), zero biases: WORKLOAD.md's W2 init (the engine's own initializers are normal). */
function glorotUniformWeights(trainer) {
  const rand = mulberry32(1);
  const doc = trainer.exportWeights();
  for (const [name, tensor] of Object.entries(doc.tensors)) {
    const limit = Math.sqrt(6 / (tensor.rows + tensor.cols));
    tensor.values = name.endsWith('.b') ? tensor.values.map(() => 0) : tensor.values.map(() => (rand() * 2 - 1) * limit);
  }
  trainer.importWeights(doc);
}

// W2: 2 → 16 tanh → 16 tanh → 1 sigmoid (BCE), Glorot-uniform, Adam 0.01, batch 32, 5 warm-up + 200 timed epochs.
function w2() {
  const x = readF32('moons-x.f32');
  const labels = readU8('moons-y.u8');
  const spec = mlpSpec({ layers: W2.layers, activation: 'tanh' });
  const trainer = createTrainer(spec, { kind: 'xavier', form: 'fan-avg' }, { kind: 'adam', beta1: W2.beta1, beta2: W2.beta2, epsilon: W2.epsilon });
  glorotUniformWeights(trainer);
  const y = Float32Array.from(labels);
  const batches = createMiniBatches(W2.rows, W2.batch, createRng(42));
  const xb = new Float32Array(W2.batch * 2);
  const yb = new Float32Array(W2.batch);
  runEpochs(trainer, x, y, 2, 1, batches, W2.epochsWarm, W2.lr, xb, yb);
  const t0 = nowSec();
  const c0 = threadCpuSec();
  runEpochs(trainer, x, y, 2, 1, batches, W2.epochsTimed, W2.lr, xb, yb);
  const seconds = nowSec() - t0;
  const cpuSeconds = threadCpuSec() - c0;
  const steps = W2.epochsTimed * W2_STEPS_PER_EPOCH;
  return { seconds, steps, stepsPerSec: steps / seconds, cpuSeconds, stepsPerCpuSec: steps / cpuSeconds, trainAcc: accuracy(trainer, x, labels, W2.rows) };
}

// W3: C = A·B at 64×784×128 and 512×512×512; the product (packing included) lands in memory each time.
function w3() {
  const out = {};
  for (const [M, K, N] of W3.sizes) {
    const { A, B } = gemmInputs(M, K, N);
    let product;
    if (native) {
      const addon = nativeAddon();
      const arena = new Arena(0);
      const a = arena.floats(M * K);
      const b = arena.floats(K * N);
      const c = arena.floats(M * N);
      const heapBuffer = new ArrayBuffer(arena.end);
      const heap = new Float32Array(heapBuffer);
      heap.set(A, a >> 2);
      heap.set(B, b >> 2);
      const kernels = addon.bindHeap(heapBuffer);
      product = () => kernels.gemm(a, b, c, M, K, N, 0, 0, 0, 0, 0, 0);
    } else if (engine !== 'ts') {
      const probe = instantiateKernels(1);
      const arena = new Arena(probe.kernels.heapBase());
      const a = arena.floats(M * K);
      const b = arena.floats(K * N);
      const c = arena.floats(M * N);
      const packA = arena.bytes(packedASize(M, K));
      const packB = arena.bytes(packedBSize(K, N));
      const { kernels, memory } = instantiateKernels(Math.ceil(arena.end / WASM_PAGE_BYTES));
      const heap = new Float32Array(memory.buffer);
      heap.set(A, a >> 2);
      heap.set(B, b >> 2);
      product = () => kernels.gemm(a, b, c, M, K, N, 0, 0, 0, 0, packA, packB);
    } else {
      const C = new Float32Array(M * N);
      product = () => matMul(A, B, C, M, K, N);
    }
    const r = timeGemm(product, M, K, N);
    out[`gflops_${M}x${K}x${N}`] = r.gflops;
    out[`gflopsCpu_${M}x${K}x${N}`] = r.gflopsPerCpuSec;
  }
  return out;
}

// The core's ceiling: the native kernels' register-only FMA loop (no memory traffic) on one thread.
function peak() {
  if (!native) throw new Error('--workload=peak needs --engine=native.');
  const addon = nativeAddon();
  const gflops = [0, 1, 2].map(() => addon.peakGflops(0.3));
  return { isa: addon.isa, peakGflops: Math.max(...gflops) };
}

const workload = options.workload;
const run = { w1, w2, w3, peak }[workload];
if (!run) throw new Error(`--workload must be w1, w2, w3 or peak, got ${workload}.`);
const result = run();
process.stdout.write(`${JSON.stringify({ variant: `deepwire-${engine}`, workload, node: process.version, ...(native && { isa: nativeAddon().isa }), ...result })}\n`);
