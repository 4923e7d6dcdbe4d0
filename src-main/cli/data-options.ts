/**
 * The data options shared by `train` and `gradcheck`: which data set (a generator, mnist, iris or
 * a CSV file), how it is split and normalized. Loading, splitting and normalizing happen here;
 * every problem becomes a UsageError naming the option to change.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { Dataset } from '@shared/data/dataset';
import { parseCsv } from '@shared/data/csv';
import { generateDataset, GeneratorConfig, generatorKinds, isGeneratorKind } from '@shared/data/generators/registry';
import { applyNormalizer, fitNormalizer, normalizationKinds, type Normalizer } from '@shared/data/normalize';
import { splitDataset, SplitFractions } from '@shared/data/split';
import type { Rng } from '@shared/engine/rng';
import { loadIris } from '../data/iris';
import { loadMnistDigits } from '../data/mnist';
import { nonEmptyText, nonNegativeNumber, numberList, oneOf, wholeNumber } from './option-values';
import { UsageError } from './usage-error';

export const builtInDatasets = [...generatorKinds, 'mnist', 'iris'] as const;

export const DataOptions = z.object({
  dataset: nonEmptyText('--dataset').optional(),
  label: nonEmptyText('--label').optional(),
  test: nonEmptyText('--test').optional(),
  split: numberList('--split', 'three fractions TRAIN,DEV,TEST that add up to 1, like 0.8,0.1,0.1', 3, (v) => v >= 0 && v <= 1).optional(),
  normalize: oneOf('--normalize', normalizationKinds).optional(),
  samples: wholeNumber('--samples', 4, 1_000_000).optional(),
  noise: nonNegativeNumber('--noise').optional(),
});
export type DataOptions = z.output<typeof DataOptions>;

export interface PreparedData {
  /** What --dataset named (a generator, mnist, iris or the CSV path). */
  name: string;
  train: Dataset;
  dev: Dataset | null;
  test: Dataset | null;
  normalizer: Normalizer;
  featureNames: string[] | null;
}

const maxCsvBytes = 512 * 1024 * 1024;

/** Loads, splits (with `rng`) and normalizes the data the options describe. */
export function prepareData(options: DataOptions, rng: Rng, defaults: { split: [number, number, number] }): PreparedData {
  if (!options.dataset) throw new UsageError(`--dataset is required: one of ${builtInDatasets.join(', ')}, or a FILE.csv`);
  const name = options.dataset;
  const generated = isGeneratorKind(name);
  if (!generated && (options.samples !== undefined || options.noise !== undefined)) {
    throw new UsageError(`${options.samples !== undefined ? '--samples' : '--noise'} applies to the generated data sets (${generatorKinds.join(', ')}), not to '${name}'`);
  }
  const csv = !generated && name !== 'mnist' && name !== 'iris';
  if (!csv && options.label !== undefined) throw new UsageError(`--label names a column of a CSV file; '${name}' is a built-in data set`);
  if (!csv && options.test !== undefined) throw new UsageError(`--test gives a CSV test set for a CSV --dataset; '${name}' is a built-in data set (use --split)`);

  let all: Dataset;
  let featureNames: string[] | null = null;
  if (generated) all = generateDataset(GeneratorConfig.parse({ kind: name, ...definedOnly({ samples: options.samples, noise: options.noise }) }), rng);
  else if (name === 'mnist') all = loadMnistDigits();
  else if (name === 'iris') all = loadIris();
  else {
    const loaded = readCsvOption('--dataset', name, options.label);
    all = loaded.dataset;
    featureNames = loaded.featureNames;
  }

  const fractions = splitFractions(options, defaults.split);
  const parts = splitOrExplain(all, fractions, rng);
  let test = parts.test;
  if (options.test !== undefined) {
    const loaded = readCsvOption('--test', options.test, options.label, all.classNames);
    if (loaded.dataset.features !== all.features || (featureNames && loaded.featureNames.join('\u0000') !== featureNames.join('\u0000'))) {
      throw new UsageError(`--test must have the same feature columns as --dataset (${featureNames?.join(', ') ?? all.features}); ${options.test} has ${loaded.featureNames.join(', ')}`);
    }
    test = loaded.dataset;
  }

  // Fitted on the training rows only, then applied unchanged to dev and test.
  const normalizer = fitNormalizer(options.normalize ?? 'zscore', parts.train);
  const scale = (data: Dataset | null) => data && { ...data, x: applyNormalizer(normalizer, data.x, data.features) };
  return { name, train: scale(parts.train)!, dev: scale(parts.dev), test: scale(test), normalizer, featureNames };
}

function splitOrExplain(data: Dataset, fractions: SplitFractions, rng: Rng) {
  try {
    return splitDataset(data, fractions, rng);
  } catch (error) {
    throw new UsageError(`--split: ${(error as Error).message}`);
  }
}

function splitFractions(options: DataOptions, fallback: [number, number, number]): SplitFractions {
  const separateTest = options.test !== undefined;
  const given = options.split;
  if (given && separateTest && given[2]! > 0) {
    throw new UsageError(`--split gives a test fraction (${given[2]}) but --test already supplies the test set; use --split ${given[0]},${given[1]},0`);
  }
  const [train, dev, test] = given ?? (separateTest ? [fallback[0] + fallback[2], fallback[1], 0] : fallback);
  const checked = SplitFractions.safeParse({ train, dev, test });
  if (!checked.success) {
    throw new UsageError(`--split must be three fractions TRAIN,DEV,TEST with TRAIN > 0 that add up to 1, got '${[train, dev, test].join(',')}'`);
  }
  return checked.data;
}

function readCsvOption(flag: string, path: string, label: string | undefined, classNames?: readonly string[]) {
  if (!path.toLowerCase().endsWith('.csv') && !existsSync(path)) {
    throw new UsageError(`${flag} must be one of ${builtInDatasets.join(', ')}, or a CSV file; '${path}' is neither`);
  }
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`${flag}: there is no file '${path}'`);
  if (statSync(path).size > maxCsvBytes) throw new UsageError(`${flag}: '${path}' is larger than ${maxCsvBytes / 1024 / 1024} MB`);
  const result = parseCsv(readFileSync(path, 'utf8'), { ...definedOnly({ label }), ...(classNames && { classNames }) });
  if (!result.ok) throw new UsageError(`${flag} ${path}: ${result.message}`);
  return result;
}

/** Drops undefined entries so schema defaults apply. */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
