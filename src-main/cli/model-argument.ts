/**
 * The model `deepwire predict` and `deepwire export` work on: a recorded run's kept model (RUN_ID,
 * from the experiment database, --db) or a model document saved with --save-model (--model FILE).
 * Exactly one of the two; every refusal (no such run, a diverged run, no weights, a damaged file)
 * is the model source's own message, as a usage error.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { ModelDocument } from '@shared/engine/model-document';
import { modelOfFile, modelOfRun } from '../export/model-source';
import { nonEmptyText, optionValue } from './option-values';
import { databaseFile, DatabaseOptions, openStoreFor } from './record-options';
import { UsageError } from './usage-error';

export const ModelArgumentOptions = DatabaseOptions.extend({
  runId: optionValue('RUN_ID', 'a run id like run-12', (raw) => (/^[A-Za-z0-9_.:-]{1,200}$/.test(raw.trim()) ? raw.trim() : undefined)).optional(),
  model: nonEmptyText('--model').optional(),
});
export type ModelArgumentOptions = z.output<typeof ModelArgumentOptions>;

export interface ChosenModel {
  document: ModelDocument;
  /** The design's name or the run's label (a file: "model on <data set>"). */
  name: string;
  /** Where it came from, for messages: "run-3" or the file's path. */
  origin: string;
}

export function chosenModel(options: ModelArgumentOptions, commandName: string, stderr: { write: (text: string) => unknown }): ChosenModel {
  if (options.runId !== undefined && options.model !== undefined) throw new UsageError(`give either a RUN_ID or --model FILE, not both (${options.runId} and --model ${options.model})`);
  if (options.model !== undefined) {
    if (options.db !== undefined) throw new UsageError('--db names the database runs are read from; --model FILE reads the model from its file (give one of them)');
    const source = modelOfFile(options.model);
    if (!source.ok) throw new UsageError(source.message);
    return { document: source.document, name: source.name, origin: options.model };
  }
  const runId = options.runId;
  if (runId === undefined) throw new UsageError("say which model: a RUN_ID ('deepwire history' lists them) or --model FILE (a model saved with 'deepwire train --save-model')");
  const file = databaseFile(options);
  // Reading creates nothing: a database that is not there has no runs.
  if (!existsSync(file)) throw new UsageError(`there is no run ${runId}: nothing is recorded yet (${file} does not exist; give the database with --db FILE)`);
  const { store } = openStoreFor(options, commandName, stderr);
  try {
    const source = modelOfRun(store, runId);
    if (!source.ok) throw new UsageError(source.message);
    return { document: source.document, name: source.name, origin: runId };
  } finally {
    store.close();
  }
}
