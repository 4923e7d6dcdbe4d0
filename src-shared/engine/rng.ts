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
  return new Mulberry32(seed >>> 0);
}

/**
 * A class, not an object of closures: each run makes its own generators, and closures made anew
 * for every one were new call targets to the code V8 had optimized for the last run's (a shuffle
 * inlines next()), so every trial of a search deoptimized and compiled it again.
 */
class Mulberry32 implements Rng {
  constructor(private a: number) {}

  // mulberry32: a = (a + 0x6D2B79F5)|0; t = imul(a ^ a>>>15, 1|a); t = (t + imul(t ^ t>>>7, 61|t)) ^ t
  next(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u1 = this.next();
    const u2 = this.next();
    // g = sqrt(−2 ln(1 − u1)) · cos(2π u2); 1 − u1 ∈ (0, 1] so the log is finite
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  shuffleInPlace<T extends { length: number; [index: number]: unknown }>(array: T): T {
    // for i = n−1 … 1: j = ⌊rand·(i+1)⌋; swap(a[i], a[j])
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
    return array;
  }

  fork(): Rng {
    const seedFromParent = Math.floor(this.next() * 4294967296);
    return createRng((seedFromParent ^ FORK_MIX) >>> 0);
  }

  getState(): number {
    return this.a >>> 0;
  }

  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
      throw new Error(`RNG state must be an unsigned 32-bit integer, got ${String(state)}.`);
    }
    this.a = state | 0;
  }
}
