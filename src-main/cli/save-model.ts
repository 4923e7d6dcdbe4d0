/**
 * --save-model: the trained weights with the training-set normalization and the settings, as one
 * model document (the engine's format). The target is checked before training, so a long run
 * never ends in "cannot write there".
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ModelDocument } from '@shared/engine/model-document';
import { UsageError } from './usage-error';

/** Refuses a path whose folder does not exist, or that names a folder. */
export function checkModelTarget(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--save-model: the folder '${folder}' does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--save-model: '${path}' is a folder; give a file name such as model.json`);
}

/**
 * Writes the run's final model (finalModelDocument: null when the run diverged); returns why it
 * was not saved, or null when it was.
 */
export function saveModel(path: string, model: ModelDocument | null): string | null {
  if (!model) return 'the run diverged, so there is no usable model to save';
  try {
    writeFileSync(path, JSON.stringify(model));
    return null;
  } catch (error) {
    return `it could not be written (${(error as Error).message})`;
  }
}
