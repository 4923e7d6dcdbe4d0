// The benchmark's shared pieces, written to match the peers' harness (shared bench/common.js) so
// Deepwire's figures compare with theirs: the data PRNG, the workload constants, the GEMM timing
// protocol and the clocks.
import { readdirSync, readFileSync } from 'node:fs';

/** mulberry32, bit for bit as WORKLOAD.md gives it; floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place: for i = n−1 … 1: j = ⌊rand·(i+1)⌋; swap. */
export function shuffleInPlace(array, rand) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const held = array[i];
    array[i] = array[j];
    array[j] = held;
  }
  return array;
}

// Workload constants (WORKLOAD.md).
export const W1 = { epochsWarm: 1, epochsTimed: 3, batch: 64, lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, layers: [784, 128, 64, 10], trainRows: 8000, testRows: 2000 };
export const W2 = { epochsWarm: 5, epochsTimed: 200, batch: 32, lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, layers: [2, 16, 16, 1], rows: 1000 };
/** 31 batches of 32 and one of 8. */
export const W2_STEPS_PER_EPOCH = Math.ceil(W2.rows / W2.batch);
export const W3 = { sizes: [[64, 784, 128], [512, 512, 512]], minBlockSec: 0.2, blocks: 7 };
/** 6·W FLOP per W1 training sample (forward 2W, backward 4W), W = 109,184 weights. */
export const W1_FLOP_PER_SAMPLE = 6 * (784 * 128 + 128 * 64 + 64 * 10);

export const nowSec = () => Number(process.hrtime.bigint()) / 1e9;

/** CPU seconds of the calling thread (10 ms ticks): robust to time-slicing by other processes. */
export function threadCpuSec() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Each round's own ratio (its 2-worker figure over its 1-worker figure, measured back to back):
 * this VM's speed drifts by ±15 % over minutes, which a ratio of medians taken across rounds
 * carries and a ratio within one round mostly cancels. Median and range.
 */
export function roundRatios(ones, twos) {
  const ratios = ones.map((one, i) => twos[i] / one);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/**
 * CPU milliseconds of each thread of a process (this one by default) so far (tid → ms, 10 ms
 * ticks), from /proc/<pid>/task; null where there is no /proc. Node names every thread "node", so
 * the caller tells them apart by what they did (the main thread's tid is the process id).
 */
export function threadCpuMs(pid = process.pid) {
  try {
    const times = new Map();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    }
    return times;
  } catch {
    return null;
  }
}

/**
 * Where `wallMs` of wall time's CPU went (two threadCpuMs() readings): the main thread, the
 * threads busy a fifth of it or more (a search's training threads: a run keeps its thread busy),
 * and every other thread (V8's compiler and collector helpers, libuv's pool, the module loader,
 * an idle spare). Milliseconds; null without /proc.
 */
export function cpuSplit(before, after, wallMs, pid = process.pid) {
  if (!before || !after) return null;
  const split = { main: 0, training: 0, helpers: 0 };
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === pid) split.main += used;
    else if (used >= wallMs / 5) split.training += used;
    else split.helpers += used;
  }
  if (process.env.DEEPWIRE_BENCH_THREADS) process.stderr.write(`${JSON.stringify([...after].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)]).filter(([, ms]) => ms > 0))}\n`);
  return split;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** W3 inputs: uniform [−1, 1) from mulberry32(1000 + M + K + N), as the JS peers draw them. */
export function gemmInputs(M, K, N) {
  const rand = mulberry32(1000 + M + K + N);
  const A = new Float32Array(M * K);
  const B = new Float32Array(K * N);
  for (let i = 0; i < A.length; i++) A[i] = rand() * 2 - 1;
  for (let i = 0; i < B.length; i++) B[i] = rand() * 2 - 1;
  return { A, B };
}

/**
 * Times fn() (one C = A·B) as WORKLOAD.md says: calibrate a repetition count until one block takes
 * ≥ 0.2 s (the calibration is the warm-up), then time 7 blocks; the value is the median block rate.
 */
export function timeGemm(fn, M, K, N, options = W3) {
  const flop = 2 * M * K * N;
  let reps = 1;
  for (;;) {
    const t0 = nowSec();
    for (let r = 0; r < reps; r++) fn();
    const dt = nowSec() - t0;
    if (dt >= options.minBlockSec) break;
    reps = Math.max(reps * 2, Math.ceil(((reps * options.minBlockSec) / Math.max(dt, 1e-6)) * 1.1));
  }
  const rates = [];
  const c0 = threadCpuSec();
  for (let b = 0; b < options.blocks; b++) {
    const t0 = nowSec();
    for (let r = 0; r < reps; r++) fn();
    rates.push((flop * reps) / (nowSec() - t0) / 1e9);
  }
  const cpu = threadCpuSec() - c0;
  return { gflops: median(rates), gflopsPerCpuSec: (flop * reps * options.blocks) / cpu / 1e9 };
}

/** `--name=value` / `--flag` / `--name value` arguments into an object. */
export function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument "${argv[i]}"; options look like --name or --name=value.`);
    if (match[2] !== undefined) options[match[1]] = match[2];
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[match[1]] = argv[++i];
    else options[match[1]] = true;
  }
  return options;
}
