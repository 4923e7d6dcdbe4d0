/**
 * How many optimizer steps a trial takes in full: epochs × ⌈train rows / mini-batch⌉, as the
 * training loop counts them (a 'full' batch, or one larger than the rows, is one step an epoch).
 * The train rows are found once per search by preparing its first trial exactly as the training
 * service would (the split does not depend on any searchable hyperparameter).
 */
import { CommandError, type RunSettings } from '@shared/api';
import type { GraphDoc } from '@shared/graph/doc';
import { prepareRun } from '@shared/training/prepare-run';
import type { RunRequest } from '@shared/training/run-request';
import { loadRunData } from '../run-data';

/** The training rows of a run with this design and settings, or a refusal naming what does not fit. */
export async function trainRowsOf(design: GraphDoc, settings: RunSettings): Promise<number> {
  const request = { ...settings, model: { kind: 'design', design } } as RunRequest;
  const loaded = await loadRunData(request.data);
  if (!loaded.ok) throw new CommandError('invalid_request', `The search cannot start (${loaded.field}): ${loaded.message}`);
  const prepared = prepareRun(request, loaded.data);
  if (!prepared.ok) throw new CommandError('invalid_request', `The search cannot start: its first trial cannot train (${prepared.field}): ${prepared.message}`);
  const rows = prepared.run.train.rows;
  prepared.run.trainer.dispose();
  return rows;
}

export function fullSteps(settings: RunSettings, trainRows: number): number {
  const { batchSize, epochs } = settings.settings;
  const batch = batchSize === 'full' ? trainRows : Math.min(batchSize, trainRows);
  return epochs * Math.ceil(trainRows / batch);
}
