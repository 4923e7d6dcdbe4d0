/**
 * The data options shared by `train` and `gradcheck`: which data set (a generator, mnist, iris or a
 * CSV file), how it is split and normalized, and the seeds. They become the data part of a
 * RunRequest; loading, splitting and normalizing happen in prepareRun. Combinations that make no
 * sense on the command line are refused here, naming the option.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { GeneratorConfig, generatorKinds, isGeneratorKind } from '@shared/data/generators/registry';
import { normalizationKinds } from '@shared/data/normalize';
import { SplitFractions } from '@shared/data/split';
import type { DataSource } from '@shared/training/run-request';
import type { RunSeeds } from '@shared/training/seeds';
import { nonEmptyText, nonNegativeNumber, numberList, oneOf, wholeNumber } from './option-values';
import { UsageError } from './usage-error';

export const builtInDatasets = [...generatorKinds, 'mnist', 'iris'] as const;

const seedValue = (flag: string) => wholeNumber(flag, 0, 4_294_967_295);

export const DataOptions = z.object({
  dataset: nonEmptyText('--dataset').optional(),
  label: nonEmptyText('--label').optional(),
  test: nonEmptyText('--test').optional(),
  split: numberList('--split', 'three fractions TRAIN,DEV,TEST that add up to 1, like 0.8,0.1,0.1', 3, (v) => v >= 0 && v <= 1).optional(),
  normalize: oneOf('--normalize', normalizationKinds).optional(),
  samples: wholeNumber('--samples', 4, 1_000_000).optional(),
  noise: nonNegativeNumber('--noise').optional(),
  seed: seedValue('--seed').optional(),
  dataSeed: seedValue('--data-seed').optional(),
});
export type DataOptions = z.output<typeof DataOptions>;

export const defaultSeed = 1;

/** --seed seeds everything; --data-seed, when given, replaces it for generating and splitting the data. */
export function seedsFrom(options: Pick<DataOptions, 'seed' | 'dataSeed'>): RunSeeds {
  const seed = options.seed ?? defaultSeed;
  return { data: options.dataSeed ?? seed, model: seed };
}

/** The data source --dataset (with --label, --test, --samples, --noise) describes. */
export function dataSourceFrom(options: DataOptions): DataSource {
  if (!options.dataset) throw new UsageError(`--dataset is required: one of ${builtInDatasets.join(', ')}, or a FILE.csv`);
  const name = options.dataset;
  const generated = isGeneratorKind(name);
  if (!generated && (options.samples !== undefined || options.noise !== undefined)) {
    throw new UsageError(`${options.samples !== undefined ? '--samples' : '--noise'} applies to the generated data sets (${generatorKinds.join(', ')}), not to '${name}'`);
  }
  const csv = !generated && name !== 'mnist' && name !== 'iris';
  if (!csv && options.label !== undefined) throw new UsageError(`--label names a column of a CSV file; '${name}' is a built-in data set`);
  if (!csv && options.test !== undefined) throw new UsageError(`--test gives a CSV test set for a CSV --dataset; '${name}' is a built-in data set (use --split)`);
  if (generated) {
    const config = GeneratorConfig.safeParse({ kind: name, ...(options.samples !== undefined && { samples: options.samples }), ...(options.noise !== undefined && { noise: options.noise }) });
    if (!config.success) throw new UsageError(`--noise: ${config.error.issues[0]!.message}`);
    return config.data;
  }
  if (name === 'mnist' || name === 'iris') return { kind: name };
  if (!name.toLowerCase().endsWith('.csv') && !existsSync(name)) {
    throw new UsageError(`--dataset must be one of ${builtInDatasets.join(', ')}, or a CSV file; '${name}' is neither`);
  }
  return { kind: 'csv', path: name, ...(options.label !== undefined && { label: options.label }), ...(options.test !== undefined && { testPath: options.test }) };
}

/** --split as fractions, or `fallback` (undefined: prepareRun's default) when it is absent. */
export function splitFrom(options: Pick<DataOptions, 'split'>, fallback?: SplitFractions): SplitFractions | undefined {
  if (!options.split) return fallback;
  const [train, dev, test] = options.split;
  const checked = SplitFractions.safeParse({ train, dev, test });
  if (!checked.success) throw new UsageError(`--split must be three fractions TRAIN,DEV,TEST with TRAIN > 0 that add up to 1, got '${options.split.join(',')}'`);
  return checked.data;
}
