import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/rng';
import type { Dataset } from './dataset';
import { splitDataset, SplitFractions } from './split';

/** Row i has features (i, −i) and label i mod 3, so every row can be traced after the shuffle. */
function numbered(rows: number): Dataset {
  const x = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
  }
  return { x, y: Int32Array.from({ length: rows }, (_, i) => i % 3), rows, features: 2, classes: 3 };
}

const ids = (data: Dataset | null) => (data ? Array.from({ length: data.rows }, (_, row) => data.x[2 * row]!) : []);

describe('splitDataset', () => {
  it('partitions the rows: sizes round(f·n), nothing lost or repeated, rows kept whole', () => {
    const split = splitDataset(numbered(1000), { train: 0.8, dev: 0.1, test: 0.1 }, createRng(1));
    expect([split.train.rows, split.dev!.rows, split.test!.rows]).toEqual([800, 100, 100]);
    const all = [...ids(split.train), ...ids(split.dev), ...ids(split.test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    for (const part of [split.train, split.dev!, split.test!]) {
      for (let row = 0; row < part.rows; row++) {
        expect(part.x[2 * row + 1]).toBe(-part.x[2 * row]!);
        expect(part.y[row]).toBe(part.x[2 * row]! % 3);
      }
    }
  });

  it('is seeded: the same seed gives the same split, another a different one; the split is shuffled', () => {
    const a = splitDataset(numbered(100), { train: 0.6, dev: 0.2, test: 0.2 }, createRng(4));
    const b = splitDataset(numbered(100), { train: 0.6, dev: 0.2, test: 0.2 }, createRng(4));
    const c = splitDataset(numbered(100), { train: 0.6, dev: 0.2, test: 0.2 }, createRng(5));
    expect(ids(a.train)).toEqual(ids(b.train));
    expect(ids(a.train)).not.toEqual(ids(c.train));
    expect(ids(a.train)).not.toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('1,0,0 keeps everything for training and gives null dev and test', () => {
    const split = splitDataset(numbered(10), { train: 1, dev: 0, test: 0 }, createRng(1));
    expect(split.train.rows).toBe(10);
    expect(split.dev).toBeNull();
    expect(split.test).toBeNull();
  });

  it('gives a positive fraction at least one row, and refuses a split that leaves no training row', () => {
    const split = splitDataset(numbered(5), { train: 0.98, dev: 0.01, test: 0.01 }, createRng(1));
    expect([split.train.rows, split.dev!.rows, split.test!.rows]).toEqual([3, 1, 1]);
    expect(() => splitDataset(numbered(2), { train: 0.5, dev: 0.25, test: 0.25 }, createRng(1))).toThrow(/leaves none for training/);
  });

  it('validates fractions: non-negative, training positive, sum 1 within 1e-9', () => {
    expect(SplitFractions.safeParse({ train: 0.8, dev: 0.1, test: 0.1 }).success).toBe(true);
    expect(SplitFractions.safeParse({ train: 0.7, dev: 0.1, test: 0.2 + 5e-10 }).success).toBe(true);
    expect(SplitFractions.safeParse({ train: 0.8, dev: 0.1, test: 0.2 }).success).toBe(false);
    expect(SplitFractions.safeParse({ train: 0.8, dev: 0.1, test: 0.1 + 1e-8 }).success).toBe(false);
    expect(SplitFractions.safeParse({ train: 1.2, dev: -0.2, test: 0 }).success).toBe(false);
    expect(SplitFractions.safeParse({ train: 0, dev: 0.5, test: 0.5 }).success).toBe(false);
  });
});
