/**
 * The seeded random number generator every random choice in the engine draws from: mulberry32,
 * bit-for-bit the generator of /work/shared/bench/WORKLOAD.md, so the same seed gives the same run
 * here, in the benchmark anchors and in the WebAssembly fast path.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) by Box–Muller from two fresh uniforms (no cached second value). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates, in place; returns the same array. */
  shuffleInPlace<T extends { length: number; [index: number]: unknown }>(array: T): T;
  /** A new, independent stream whose seed is drawn from this one (advances this stream once). */
  fork(): Rng;
  /** The whole generator state (one 32-bit integer): save it to resume the stream exactly. */
  getState(): number;
  setState(state: number): void;
}

/** A golden-ratio constant mixed into forked seeds so a fork never restarts its parent's sequence. */
const FORK_MIX = 0x9e3779b9;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;

  // mulberry32: a = (a + 0x6D2B79F5)|0; t = imul(a ^ a>>>15, 1|a); t = (t + imul(t ^ t>>>7, 61|t)) ^ t
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    normal() {
      const u1 = next();
      const u2 = next();
      // g = sqrt(−2 ln(1 − u1)) · cos(2π u2); 1 − u1 ∈ (0, 1] so the log is finite
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    },
    int(n) {
      return Math.floor(next() * n);
    },
    shuffleInPlace(array) {
      // for i = n−1 … 1: j = ⌊rand·(i+1)⌋; swap(a[i], a[j])
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const held = array[i];
        array[i] = array[j];
        array[j] = held;
      }
      return array;
    },
    fork() {
      const seedFromParent = Math.floor(next() * 4294967296);
      return createRng((seedFromParent ^ FORK_MIX) >>> 0);
    },
    getState() {
      return a >>> 0;
    },
    setState(state) {
      if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
        throw new Error(`RNG state must be an unsigned 32-bit integer, got ${String(state)}.`);
      }
      a = state | 0;
    },
  };
}
