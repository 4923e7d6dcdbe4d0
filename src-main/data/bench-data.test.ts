import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchDataSha256, sha256, writeBenchData } from './bench-data';

describe('writeBenchData', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepwire-bench-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the six files of WORKLOAD.md with their published sha256 values', () => {
    const hashes = writeBenchData(dir);
    // The expected values are copied from /work/shared/bench/WORKLOAD.md, not computed here.
    expect(hashes).toEqual({
      'mnist-train-x.f32': '1ce07c6cb3672bb4b3540d5b2a5911ad6c3e1e76457262badb011647605642ad',
      'mnist-train-y.u8': '960eaad103eb422b0bc3cce951b12301904750629504dc990c38358e023501ef',
      'mnist-test-x.f32': 'a40180b4e9b4d1243d3a3313b7b7839b8b4b57aa2eedbbf2a30cb5e02382394e',
      'mnist-test-y.u8': 'e7b1fc89a2da061d16dcf3dbba5e0fcc8824ff75118bcfb752b276e765a57a8d',
      'moons-x.f32': '6b3490730b8be89dc41de29aa5ed5447e9ce07406f04c6b9b63a0729be6992a7',
      'moons-y.u8': '6341c54a6b476341b3964a5a203910f629731736bf7fa9508306e3dc1791866a',
    });
    expect(benchDataSha256).toEqual(hashes);
    // What is on disk is what was hashed, with the sizes the shapes imply.
    const trainX = readFileSync(join(dir, 'mnist-train-x.f32'));
    expect(trainX.byteLength).toBe(8000 * 784 * 4);
    expect(sha256(trainX)).toBe(hashes['mnist-train-x.f32']);
    expect(readFileSync(join(dir, 'mnist-test-y.u8')).byteLength).toBe(2000);
    expect(readFileSync(join(dir, 'moons-x.f32')).byteLength).toBe(1000 * 2 * 4);
  });
});
