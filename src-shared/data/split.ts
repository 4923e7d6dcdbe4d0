/**
 * Seeded train/dev/test split. The fractions are validated (non-negative, summing to 1); dev and
 * test may be 0, in which case that part is null rather than an empty data set.
 */
import { z } from 'zod';
import type { Rng } from '../engine/rng';
import { selectRows, type Dataset } from './dataset';

const sumTolerance = 1e-9;

export const SplitFractions = z
  .object({
    train: z.number().gt(0, 'the training fraction must be greater than 0').max(1),
    dev: z.number().min(0, 'the dev fraction cannot be negative').max(1),
    test: z.number().min(0, 'the test fraction cannot be negative').max(1),
  })
  .strict()
  .refine((f) => Math.abs(f.train + f.dev + f.test - 1) <= sumTolerance, {
    message: 'the train, dev and test fractions must add up to 1',
  });
export type SplitFractions = z.infer<typeof SplitFractions>;

export interface DatasetSplit {
  train: Dataset;
  dev: Dataset | null;
  test: Dataset | null;
}

/**
 * Shuffles the row order with `rng` and cuts it: dev and test get round(fraction · rows) rows
 * (at least one when their fraction is positive), training keeps the rest and must keep one.
 */
export function splitDataset(data: Dataset, fractions: SplitFractions, rng: Rng): DatasetSplit {
  const checked = SplitFractions.parse(fractions);
  const devRows = partSize(checked.dev, data.rows);
  const testRows = partSize(checked.test, data.rows);
  const trainRows = data.rows - devRows - testRows;
  if (trainRows < 1) throw new Error(`a split of ${data.rows} rows into dev ${devRows} and test ${testRows} leaves none for training; use more data or smaller dev/test fractions.`);
  const order = rng.shuffleInPlace(Array.from({ length: data.rows }, (_, i) => i));
  return {
    train: selectRows(data, order.slice(0, trainRows)),
    dev: devRows > 0 ? selectRows(data, order.slice(trainRows, trainRows + devRows)) : null,
    test: testRows > 0 ? selectRows(data, order.slice(trainRows + devRows)) : null,
  };
}

function partSize(fraction: number, rows: number): number {
  if (fraction === 0) return 0;
  return Math.max(1, Math.round(fraction * rows));
}
