/**
 * --save-model: the trained weights with the training-set normalization and the settings, as one
 * model document (the engine's format). The target is checked before training, so a long run
 * never ends in "cannot write there".
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { serializeModel } from '@shared/engine/model-document';
import type { Trainer } from '@shared/engine/trainer';
import type { Normalizer } from '@shared/data/normalize';
import type { TrainingConfig } from '@shared/training/config';
import type { TrainingResult } from '@shared/training/progress';
import { UsageError } from './usage-error';

/** Refuses a path whose folder does not exist, or that names a folder. */
export function checkModelTarget(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--save-model: the folder '${folder}' does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--save-model: '${path}' is a folder; give a file name such as model.json`);
}

export interface SavedModelContext {
  trainer: Trainer;
  normalizer: Normalizer;
  config: TrainingConfig;
  result: TrainingResult;
  dataset: { name: string; classNames: string[] | null; featureNames: string[] | null };
}

/** Writes the model; returns why it was not saved, or null when it was. */
export function saveModel(path: string, context: SavedModelContext): string | null {
  const { trainer, normalizer, config, result, dataset } = context;
  if (result.status === 'diverged') return 'the run diverged, so there is no usable model to save';
  const text = serializeModel({
    weights: trainer.exportWeights(),
    normalization: normalizer,
    metadata: {
      createdAt: new Date().toISOString(),
      seed: config.seed,
      training: { ...config, dataset: dataset.name, classNames: dataset.classNames, featureNames: dataset.featureNames, status: result.status, epochs: result.epochs },
    },
  });
  try {
    writeFileSync(path, text);
    return null;
  } catch (error) {
    return `it could not be written (${(error as Error).message})`;
  }
}
