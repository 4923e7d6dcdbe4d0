import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../engine/rng';
import { moons } from './moons';

const sha256 = (bytes: ArrayBufferView) => createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex');

describe('moons', () => {
  it('reproduces the benchmark set of WORKLOAD.md byte for byte (n=1000, noise 0.1, mulberry32(7))', () => {
    const data = moons(1000, 0.1, createRng(7));
    // The sha256 values published in /work/shared/bench/WORKLOAD.md for moons-x.f32 and moons-y.u8.
    expect(sha256(data.x)).toBe('6b3490730b8be89dc41de29aa5ed5447e9ce07406f04c6b9b63a0729be6992a7');
    expect(sha256(Uint8Array.from(data.y))).toBe('6341c54a6b476341b3964a5a203910f629731736bf7fa9508306e3dc1791866a');
  });
});
