/**
 * `deepwire export (RUN_ID | --model FILE) --format onnx|pytorch|keras --out PATH`: a trained model
 * in a format other tools read. PATH is the main file (model.onnx, model.py); a script's sidecar
 * (the model document it loads) goes beside it as model.model.json. Every file is written to a
 * temporary name first and renamed only when all are complete, so a failure leaves nothing behind.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { exportFormatInfo, exportFormats, exportStem, sidecarPath, type ExportFormat } from '@shared/export/formats';
import { exporters, type ExportedFile } from '../export/exporters';
import { writeFilesAtomically } from '../export/write-files';
import { chosenModel, ModelArgumentOptions } from './model-argument';
import { describeOptionIssues, nonEmptyText, oneOf } from './option-values';
import type { CommandOutput } from './train-command';
import { exitCodes, UsageError } from './usage-error';

export const ExportCommandOptions = ModelArgumentOptions.extend({
  format: oneOf('--format', exportFormats),
  out: nonEmptyText('--out'),
  json: z.boolean().optional(),
}).strict();

/** The --format help: each format with what it is for. */
export const exportFormatHelp = exportFormats.map((format) => `  ${format.padEnd(8)} ${exportFormatInfo[format].label} (${exportFormatInfo[format].extension}${exportFormatInfo[format].sidecar ? ' + its model document .model.json' : ''}): ${exportFormatInfo[format].help}`).join('\n');

export function exportCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  if (raw.format === undefined) throw new UsageError(`--format is required: one of ${exportFormats.join(', ')}`);
  if (raw.out === undefined) throw new UsageError(`--out PATH is required: the file to write (model${exportFormatInfo[(exportFormats as readonly unknown[]).includes(raw.format) ? (raw.format as ExportFormat) : 'onnx'].extension})`);
  const parsed = ExportCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const { format, out } = options;
  const info = exportFormatInfo[format];
  if (!out.toLowerCase().endsWith(info.extension)) throw new UsageError(`--out: the ${info.label} export is a ${info.extension} file; give a path such as ${join(dirname(out), `${exportStem(basename(out).replace(/\.[^.]*$/, ''))}${info.extension}`)}`);
  const folder = dirname(resolve(out));
  // Checked before the model is read, so the message names the real problem; the write checks again.
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--out: the folder '${folder}' does not exist; nothing was written`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: '${out}' is a folder; give a file name such as ${join(out, `model${info.extension}`)}`);
  // A folder where the sidecar goes would fail its rename after the script was in place: refused before anything is written.
  const sidecar = sidecarPath(out);
  if (info.sidecar && existsSync(sidecar) && statSync(sidecar).isDirectory()) throw new UsageError(`--out: '${sidecar}' is a folder, and the ${info.label} script's model document goes there; nothing was written`);

  const model = chosenModel(options, 'export', output.stderr);
  const stem = basename(out).slice(0, -info.extension.length);
  let files: ExportedFile[];
  try {
    files = exporters[format](model.document, { name: model.name, stem });
  } catch (error) {
    // An exporter that cannot express the model is a failure of the export, not of the options.
    output.stderr.write(`deepwire export: the ${info.label} exporter failed on ${model.origin}: ${error instanceof Error ? error.message : String(error)}; nothing was written.\n`);
    if (options.json) output.stdout(`${JSON.stringify({ error: { message: `the ${info.label} exporter failed: ${String(error)}`, exitCode: exitCodes.failed } })}\n`);
    return exitCodes.failed;
  }
  // The exporters name files from the stem; each goes into --out's folder under that name.
  const targets = files.map((file) => ({ path: join(dirname(out), file.fileName), bytes: file.bytes }));
  const written = writeFilesAtomically(targets);
  if (!written.ok) throw new UsageError(`--out: ${written.message}`);
  const paths = targets.map((target) => target.path);
  if (options.json) output.stdout(`${JSON.stringify({ files: paths, format })}\n`);
  else output.stdout(`Exported ${model.origin} (${model.name}) as ${info.label}:\n${paths.map((path) => `  ${path}`).join('\n')}\n`);
  return exitCodes.ok;
}
