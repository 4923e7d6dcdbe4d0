import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { expectClose } from './testing/tolerance';

/** mulberry32 written independently with BigInt arithmetic mod 2^32 (no imul, no |0 tricks). */
function referenceMulberry32(seed: number): () => number {
  const mod = 2n ** 32n;
  const u32 = (v: bigint): bigint => ((v % mod) + mod) % mod;
  const mul = (a: bigint, b: bigint): bigint => u32(a * b);
  let a = BigInt(seed >>> 0);
  return () => {
    a = u32(a + 0x6d2b79f5n);
    let t = mul(a ^ (a >> 15n), 1n | a);
    t = u32(t + mul(t ^ (t >> 7n), 61n | t)) ^ t;
    return Number(u32(t ^ (t >> 14n))) / 2 ** 32;
  };
}

describe('seeded RNG (mulberry32)', () => {
  it('matches the benchmark anchors’ generator value for value', () => {
    // First four values of mulberry32(1234) printed by /work/shared/bench/common.js
    const anchors = [0.07329497812315822, 0.7034119898453355, 0.9028560190927237, 0.9705493662040681];
    const rng = createRng(1234);
    expect(anchors.map(() => rng.next())).toEqual(anchors);
  });

  it('agrees bit for bit with an independent BigInt implementation over many seeds and draws', () => {
    for (const seed of [0, 1, 7, 42, 2 ** 31 - 1, 2 ** 32 - 1, 123456789]) {
      const rng = createRng(seed);
      const reference = referenceMulberry32(seed);
      for (let i = 0; i < 500; i++) expect(rng.next()).toBe(reference());
    }
  });

  it('draws uniforms in [0, 1) with mean ½ and variance 1/12', () => {
    const rng = createRng(3);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside += 1;
      sum += u;
      sumSquares += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // standard error of the mean = √(1/12)/√n ≈ 0.00091; allow 5 of them
    expectClose(mean, 0.5, { atol: 5 * Math.sqrt(1 / 12 / n), rtol: 0 });
    expectClose(sumSquares / n - mean * mean, 1 / 12, { atol: 0.002, rtol: 0 });
  });

  it('makes normals by Box–Muller from two fresh uniforms, as WORKLOAD.md writes it', () => {
    // From common.js's mulberry32(42): u1 = 0.6011037519201636, u2 = 0.44829055899754167,
    // g = √(−2 ln(1 − u1))·cos(2π u2) = −1.2848381576290195
    expect(createRng(42).normal()).toBe(-1.2848381576290195);
    const rng = createRng(42);
    const uniforms = createRng(42);
    for (let i = 0; i < 100; i++) {
      const u1 = uniforms.next();
      const u2 = uniforms.next();
      expect(rng.normal()).toBe(Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
    }
  });

  it('gives standard normals: mean 0, variance 1', () => {
    const rng = createRng(11);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const g = rng.normal();
      sum += g;
      sumSquares += g * g;
    }
    // SE of the mean 1/√n ≈ 0.0032; SE of the variance √(2/n) ≈ 0.0045; allow 5 SE
    expectClose(sum / n, 0, { atol: 5 / Math.sqrt(n), rtol: 0 });
    expectClose(sumSquares / n, 1, { atol: 5 * Math.sqrt(2 / n), rtol: 0 });
  });

  it('draws integers in [0, n) covering every value', () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });

  it('shuffles exactly like the anchors’ Fisher–Yates', () => {
    // common.js: shuffleInPlace([0..9], mulberry32(7)) → [6, 5, 8, 1, 2, 3, 4, 7, 9, 0]
    expect(createRng(7).shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
    const typed = createRng(7).shuffleInPlace(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(Array.from(typed)).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
  });

  it('forks deterministic streams that differ from the parent', () => {
    const parent = createRng(9);
    const child = parent.fork();
    const again = createRng(9).fork();
    const childValues = Array.from({ length: 20 }, () => child.next());
    expect(Array.from({ length: 20 }, () => again.next())).toEqual(childValues);
    const parentValues = Array.from({ length: 20 }, () => parent.next());
    expect(parentValues).not.toEqual(childValues);
    // the second fork differs from the first
    const secondChild = createRng(9);
    secondChild.fork();
    const second = secondChild.fork();
    expect(Array.from({ length: 20 }, () => second.next())).not.toEqual(childValues);
  });

  it('saves and restores its state to resume the same stream', () => {
    const rng = createRng(21);
    for (let i = 0; i < 13; i++) rng.next();
    const state = rng.getState();
    const expected = Array.from({ length: 10 }, () => rng.next());
    const resumed = createRng(0);
    resumed.setState(JSON.parse(JSON.stringify(state)) as number);
    expect(Array.from({ length: 10 }, () => resumed.next())).toEqual(expected);
    expect(() => resumed.setState(-1)).toThrow(/unsigned 32-bit/);
  });
});
