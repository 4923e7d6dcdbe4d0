/**
 * The design and settings every trial of a sweep (and both sides of an arena) start from, given
 * the way `deepwire train` takes them: --dataset (with --split, --samples, …), --layers or
 * --graph, and the training options (--optimizer, --lr, --batch, …). The epochs are the plan's.
 */
import { RunSettings } from '@shared/api';
import type { BackendChoice } from '@shared/api/training-settings';
import type { GraphDoc } from '@shared/graph/doc';
import { layersDesign } from '@shared/training/layers-design';
import { prepareRunWithData } from '../services/run-data';
import { dataSourceFrom, seedsFrom, splitFrom, type DataOptions } from './data-options';
import { modelFrom, modelSubject, type ModelOptions } from './model-options';
import { trainingConfigFrom, type TrainingOptions } from './training-options';
import { UsageError, usageErrorFromSetup } from './usage-error';

export interface SearchBase {
  design: GraphDoc;
  settings: RunSettings;
}

type BaseOptions = DataOptions & ModelOptions & TrainingOptions & { backend?: BackendChoice | undefined };

/**
 * The base, checked against its data as `train` checks it: a design adapts its input to the data,
 * so a --layers network that does not fit (3 inputs for moons' 2 features) is refused here, naming --layers.
 */
export async function checkedBaseFromOptions(options: BaseOptions): Promise<SearchBase> {
  const base = baseFromOptions(options);
  const prepared = await prepareRunWithData({ ...base.settings, model: modelFrom(options) });
  if (!prepared.ok) throw usageErrorFromSetup(prepared, { model: modelSubject(options) });
  prepared.run.trainer.dispose();
  return base;
}

export function baseFromOptions(options: BaseOptions): SearchBase {
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
