/**
 * `deepwire predict (RUN_ID | --model FILE) --data FILE.csv [--json]`: a trained model applied to
 * the raw rows of a CSV (the training file's feature columns, found by header name; the model's
 * own normalization applied). With --json exactly {"predictions": [[p0, p1, …], …]}: each row's
 * output activations, one row per data row (a single sigmoid unit gives [p]); otherwise a table.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { csvMaxBytes, describeBytes } from '@shared/data/csv';
import { describePrediction, modelInputs, predictRaw, readPredictionRows } from '@shared/training/predict';
import { table } from './history-command';
import { chosenModel, ModelArgumentOptions } from './model-argument';
import { describeOptionIssues, nonEmptyText } from './option-values';
import type { CommandOutput } from './train-command';
import { exitCodes, UsageError } from './usage-error';

export const PredictCommandOptions = ModelArgumentOptions.extend({
  data: nonEmptyText('--data'),
  json: z.boolean().optional(),
}).strict();

export function predictCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  if (raw.data === undefined) throw new UsageError('--data FILE.csv is required: the rows to predict, with the feature columns the model was trained on');
  const parsed = PredictCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const model = chosenModel(options, 'predict', output.stderr);
  const inputs = modelInputs(model.document);
  const rows = readPredictionRows(readCsvText(options.data), inputs);
  if (!rows.ok) throw new UsageError(`--data ${options.data}: ${rows.message}`);
  // Said on stderr, so --json's stdout stays the one object.
  if (rows.note) output.stderr.write(`deepwire predict: ${rows.note}\n`);
  const predictions = predictRaw(model.document, rows.x, rows.rows);
  if (options.json) {
    output.stdout(`${JSON.stringify({ predictions })}\n`);
    return exitCodes.ok;
  }
  const units = predictions[0]?.length ?? 0;
  const activation = model.document.spec.output.activation;
  const valueHeader = activation === 'linear' ? 'value' : 'class';
  const outputHeaders = Array.from({ length: units }, (_, unit) => (activation === 'linear' ? `y${unit}` : activation === 'sigmoid' && units === 1 ? 'p' : `p${unit}`));
  const body = predictions.map((outputs, index) => [String(rows.sourceRows[index]), describePrediction(model.document, inputs.classNames, outputs), ...outputs.map((value) => value.toFixed(4))]);
  output.stdout(`${model.origin} (${model.name}) on ${rows.rows} row(s) of ${options.data}, columns ${rows.columns.join(', ')}:\n${table([['row', valueHeader, ...outputHeaders], ...body])}\n`);
  return exitCodes.ok;
}

/** The file's text; a missing, unreadable or too large file is a --data error naming it. */
function readCsvText(path: string): string {
  let size: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw new UsageError(`--data: '${path}' is a folder, not a CSV file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `--data: there is no file '${path}'` : `--data: '${path}' could not be read (${code ?? String(error)})`);
  }
  if (size > csvMaxBytes) throw new UsageError(`--data: '${path}' is ${describeBytes(size)}; at most ${describeBytes(csvMaxBytes)} can be read`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--data: '${path}' could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
