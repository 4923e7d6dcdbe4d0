import { describe, expect, it } from 'vitest';
import { DataOptions, dataSourceFrom, seedsFrom, splitFrom } from './data-options';

const read = (raw: Record<string, string>) => DataOptions.parse(raw);

describe('the data options as a RunRequest data source', () => {
  it('describes generators with their options, the packaged sets and CSV files', () => {
    expect(dataSourceFrom(read({ dataset: 'moons', samples: '500', noise: '0.2' }))).toEqual({ kind: 'moons', samples: 500, noise: 0.2 });
    expect(dataSourceFrom(read({ dataset: 'blobs' }))).toEqual({ kind: 'blobs', samples: 900, noise: 0.6, classes: 3 });
    expect(dataSourceFrom(read({ dataset: 'iris' }))).toEqual({ kind: 'iris' });
    expect(dataSourceFrom(read({ dataset: 'data.csv', label: 'kind', test: 'test.csv' }))).toEqual({ kind: 'csv', path: 'data.csv', label: 'kind', testPath: 'test.csv' });
  });

  it('refuses combinations that make no sense, naming the option', () => {
    expect(() => dataSourceFrom(read({}))).toThrow(/--dataset is required/);
    expect(() => dataSourceFrom(read({ dataset: 'iris', samples: '100' }))).toThrow(/--samples applies to the generated data sets/);
    expect(() => dataSourceFrom(read({ dataset: 'moons', test: 'x.csv' }))).toThrow(/--test gives a CSV test set for a CSV --dataset/);
    expect(() => dataSourceFrom(read({ dataset: 'moons', label: 'y' }))).toThrow(/--label names a column of a CSV file/);
    expect(() => dataSourceFrom(read({ dataset: 'marbles' }))).toThrow(/--dataset must be one of .*'marbles' is neither/);
    expect(() => dataSourceFrom(read({ dataset: 'moons', noise: '11' }))).toThrow(/^--noise: /);
  });

  it('reads --split, and leaves the default to prepareRun when it is absent', () => {
    expect(splitFrom(read({ split: '0.6,0.2,0.2' }))).toEqual({ train: 0.6, dev: 0.2, test: 0.2 });
    expect(splitFrom(read({}))).toBeUndefined();
    expect(splitFrom(read({}), { train: 1, dev: 0, test: 0 })).toEqual({ train: 1, dev: 0, test: 0 });
    expect(() => splitFrom(read({ split: '0.8,0.3,0.1' }))).toThrow(/--split must be three fractions .* add up to 1, got '0.8,0.3,0.1'/);
  });

  it('--seed seeds data and model; --data-seed replaces it for the data only', () => {
    expect(seedsFrom(read({}))).toEqual({ data: 1, model: 1 });
    expect(seedsFrom(read({ seed: '7' }))).toEqual({ data: 7, model: 7 });
    expect(seedsFrom(read({ seed: '7', dataSeed: '3' }))).toEqual({ data: 3, model: 7 });
  });
});
