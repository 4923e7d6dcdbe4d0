import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '@shared/engine/rng';
import { DataOptions, prepareData } from './data-options';

const scratch = mkdtempSync(join(tmpdir(), 'deepwire-data-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const prepare = (raw: Record<string, string>, split: [number, number, number] = [0.8, 0.1, 0.1]) => prepareData(DataOptions.parse(raw), createRng(1), { split });

function columnMean(x: Float32Array, rows: number, features: number, feature: number): number {
  let sum = 0;
  for (let row = 0; row < rows; row++) sum += x[row * features + feature]!;
  return sum / rows;
}

describe('prepareData', () => {
  it('splits a generated set and normalizes with statistics of the training rows only', () => {
    const data = prepare({ dataset: 'moons', samples: '500', noise: '0.2' });
    expect([data.train.rows, data.dev!.rows, data.test!.rows]).toEqual([400, 50, 50]);
    expect(data.normalizer.kind).toBe('zscore');
    for (const feature of [0, 1]) expect(columnMean(data.train.x, data.train.rows, 2, feature)).toBeCloseTo(0, 5);
    // dev was scaled with the training mean, so its own mean is not (exactly) zero
    expect([0, 1].some((feature) => Math.abs(columnMean(data.dev!.x, data.dev!.rows, 2, feature)) > 1e-3)).toBe(true);
  });

  it("uses the command's default split when --split is absent, and --normalize none leaves values alone", () => {
    const data = prepare({ dataset: 'iris', normalize: 'none' }, [1, 0, 0]);
    expect(data.train.rows).toBe(150);
    expect(data.dev).toBeNull();
    expect(data.normalizer).toEqual({ kind: 'none' });
    expect(Math.max(...data.train.x)).toBeCloseTo(7.9, 5);
  });

  it('reads a CSV with a named label column and a separate test file', () => {
    writeFileSync(join(scratch, 'train.csv'), 'kind,a,b\nx,1,2\ny,3,4\nx,5,6\ny,7,8\nx,9,10\n');
    writeFileSync(join(scratch, 'test.csv'), 'kind,a,b\ny,1,1\n');
    const data = prepare({ dataset: join(scratch, 'train.csv'), test: join(scratch, 'test.csv'), label: 'kind', split: '0.8,0.2,0' });
    expect(data.featureNames).toEqual(['a', 'b']);
    expect([data.train.rows, data.dev!.rows, data.test!.rows]).toEqual([4, 1, 1]);
    expect(data.train.classNames).toEqual(['x', 'y']);
    expect(Array.from(data.test!.y)).toEqual([1]);
  });

  it('refuses combinations that make no sense, naming the option', () => {
    expect(() => prepare({ dataset: 'iris', samples: '100' })).toThrow(/--samples applies to the generated data sets/);
    expect(() => prepare({ dataset: 'moons', test: 'x.csv' })).toThrow(/--test gives a CSV test set for a CSV --dataset/);
    writeFileSync(join(scratch, 'small.csv'), 'a,y\n1,p\n2,q\n');
    expect(() => prepare({ dataset: join(scratch, 'small.csv'), test: join(scratch, 'small.csv'), split: '0.8,0.1,0.1' })).toThrow(/--split gives a test fraction/);
    expect(() => prepare({ dataset: join(scratch, 'small.csv'), split: '0.5,0.25,0.25' })).toThrow(/--split: .*leaves none for training/);
    writeFileSync(join(scratch, 'other.csv'), 'a,b,y\n1,2,p\n');
    expect(() => prepare({ dataset: join(scratch, 'small.csv'), test: join(scratch, 'other.csv'), split: '1,0,0' })).toThrow(/--test must have the same feature columns/);
  });
});
