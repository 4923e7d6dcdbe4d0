/**
 * The design and settings every trial of a sweep (and both sides of an arena) start from, given
 * the way `deepwire train` takes them: --dataset (with --split, --samples, …), --layers or
 * --graph, and the training options (--optimizer, --lr, --batch, …). The epochs are the plan's.
 */
import { RunSettings } from '@shared/api';
import type { GraphDoc } from '@shared/graph/doc';
import { layersDesign } from '@shared/training/layers-design';
import { dataSourceFrom, seedsFrom, splitFrom, type DataOptions } from './data-options';
import { modelFrom, type ModelOptions } from './model-options';
import { trainingConfigFrom, type TrainingOptions } from './training-options';
import { UsageError } from './usage-error';

export interface SearchBase {
  design: GraphDoc;
  settings: RunSettings;
}

export function baseFromOptions(options: DataOptions & ModelOptions & TrainingOptions & { backend?: 'auto' | 'ts' | 'wasm' | undefined }): SearchBase {
  const seeds = seedsFrom(options);
  const { seed: _modelSeed, ...settings } = trainingConfigFrom(options, seeds.model);
  const split = splitFrom(options);
  const model = modelFrom(options);
  const parsed = RunSettings.safeParse({
    data: dataSourceFrom(options),
    ...(split && { split }),
    normalize: options.normalize ?? 'zscore',
    settings,
    seeds,
    backend: options.backend ?? 'auto',
  });
  if (!parsed.success) throw new UsageError(`the run settings are not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return { design: model.kind === 'design' ? model.design : layersDesign(model), settings: parsed.data };
}
