import { describe, expect, it } from 'vitest';
import { createMiniBatches, gatherRows } from './batches';
import { createRng } from './rng';

function epochBatches(batches: ReturnType<typeof createMiniBatches>): number[][] {
  const order = batches.nextEpoch();
  return Array.from({ length: batches.batchesPerEpoch }, (_, b) => Array.from(order.subarray(batches.batchStart(b), batches.batchEnd(b))));
}

describe('mini-batches', () => {
  it('keeps the last partial batch: 10 samples in batches of 4 → 4, 4, 2', () => {
    const batches = createMiniBatches(10, 4, createRng(1));
    expect(batches.batchesPerEpoch).toBe(3);
    const sizes = epochBatches(batches).map((b) => b.length);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('visits every sample exactly once per epoch', () => {
    const batches = createMiniBatches(1000, 32, createRng(2));
    // 31 batches of 32 + 1 of 8
    expect(batches.batchesPerEpoch).toBe(32);
    const seen = epochBatches(batches).flat().sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('supports stochastic (size 1) and full-batch gradient descent', () => {
    const single = createMiniBatches(5, 1, createRng(3));
    expect(epochBatches(single).map((b) => b.length)).toEqual([1, 1, 1, 1, 1]);
    const full = createMiniBatches(5, 'full', createRng(3));
    expect(full.batchSize).toBe(5);
    expect(epochBatches(full).map((b) => b.length)).toEqual([5]);
    // a batch larger than the data is the whole data
    expect(createMiniBatches(5, 64, createRng(3)).batchesPerEpoch).toBe(1);
  });

  it('reshuffles every epoch; the same seed gives the same orders', () => {
    const a = createMiniBatches(50, 8, createRng(4));
    const b = createMiniBatches(50, 8, createRng(4));
    const first = Array.from(a.nextEpoch());
    const second = Array.from(a.nextEpoch());
    expect(second).not.toEqual(first);
    expect(Array.from(b.nextEpoch())).toEqual(first);
    expect(Array.from(b.nextEpoch())).toEqual(second);
    expect(first).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps the data order when shuffling is off', () => {
    const batches = createMiniBatches(6, 4, createRng(5), { shuffle: false });
    expect(epochBatches(batches)).toEqual([[0, 1, 2, 3], [4, 5]]);
  });

  it('refuses batch sizes that are not whole numbers ≥ 1', () => {
    expect(() => createMiniBatches(10, 0, createRng(6))).toThrow(/Batch size must be a whole number/);
    expect(() => createMiniBatches(10, 2.5, createRng(6))).toThrow(/Batch size/);
    expect(() => createMiniBatches(0, 2, createRng(6))).toThrow(/at least one sample/);
  });

  it('gathers rows by index into a preallocated buffer', () => {
    // 4 rows × 3 cols: row r = [10r, 10r + 1, 10r + 2]
    const src = Float32Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3));
    const dst = new Float32Array(9).fill(-1);
    gatherRows(src, 3, [3, 0, 2, 1], 1, 3, dst);
    // indices[1..3) = [0, 2]
    expect(Array.from(dst)).toEqual([0, 1, 2, 20, 21, 22, -1, -1, -1]);
    expect(() => gatherRows(src, 3, [0, 1, 2, 3], 0, 4, dst)).toThrow(/do not fit/);
  });
});
