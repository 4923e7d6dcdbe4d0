import { describe, expect, it } from 'vitest';
import { assertDatasetShape, classCounts, oneHot, selectRows, type Dataset } from './dataset';

const tiny: Dataset = { x: Float32Array.from([1, 2, 3, 4, 5, 6]), y: Int32Array.from([0, 2, 2]), rows: 3, features: 2, classes: 3, classNames: ['a', 'b', 'c'] };

describe('dataset helpers', () => {
  it('oneHot puts a single 1 in each row at the label', () => {
    expect(Array.from(oneHot([2, 0, 1], 3))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(() => oneHot([3], 3)).toThrow(/outside 0 … 2/);
  });

  it('selectRows copies whole rows in the given order', () => {
    const picked = selectRows(tiny, [2, 0]);
    expect(Array.from(picked.x)).toEqual([5, 6, 1, 2]);
    expect(Array.from(picked.y)).toEqual([2, 0]);
    expect(picked.classes).toBe(3);
    expect(picked.classNames).toEqual(['a', 'b', 'c']);
  });

  it('classCounts counts empty classes as 0', () => {
    expect(classCounts(tiny)).toEqual([1, 0, 2]);
  });

  it('assertDatasetShape catches a label out of range and a short x', () => {
    expect(() => assertDatasetShape(tiny)).not.toThrow();
    expect(() => assertDatasetShape({ ...tiny, y: Int32Array.from([0, 1, 3]) })).toThrow(/label 3/);
    expect(() => assertDatasetShape({ ...tiny, x: new Float32Array(5) })).toThrow(/x has 5 values/);
  });
});
