/**
 * `deepwire history`: the recorded runs, newest first, optionally filtered; with --json exactly
 * {"runs": [{"id", "status", "epochs", "dataset", "createdAt", "train", "dev"}]} where "epochs"
 * counts the epochs actually recorded. --export FILE writes the selected runs as a runs file,
 * --import FILE adds a runs file's runs (checked whole first: a bad file changes nothing).
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { runStates } from '@shared/api';
import { openDatabase } from '../services/history/database';
import { exportRuns, importRuns, parseArchive } from '../services/history/run-archive';
import { listRuns, type MetricPair, type RunListRow } from '../services/history/history-queries';
import { describeOptionIssues, nonEmptyText, oneOf, wholeNumber } from './option-values';
import { databaseFile, DatabaseOptions, openForReading } from './record-options';
import type { CommandOutput } from './train-command';
import { exitCodes, UsageError } from './usage-error';

export const defaultHistoryLimit = 20;
export const maxHistoryLimit = 10_000;

export const HistoryCommandOptions = DatabaseOptions.extend({
  status: oneOf('--status', runStates).optional(),
  dataset: nonEmptyText('--dataset').optional(),
  tag: nonEmptyText('--tag').optional(),
  search: nonEmptyText('--search').optional(),
  limit: wholeNumber('--limit', 1, maxHistoryLimit).optional(),
  export: nonEmptyText('--export').optional(),
  import: nonEmptyText('--import').optional(),
  json: z.boolean().optional(),
}).strict();

/** A runs file above this is refused before it is read (it is parsed whole in memory). */
export const maxImportBytes = 1024 ** 3;

export function historyCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  const parsed = HistoryCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  if (options.import !== undefined) return importCommand(options, output);
  const { db, file } = openForReading(options, 'history', output.stderr);
  if (options.export !== undefined) {
    const target = options.export;
    const selected = db ? listRuns(db, { status: options.status, dataset: options.dataset, tag: options.tag, text: options.search, limit: options.limit ?? Number.MAX_SAFE_INTEGER, offset: 0 }).runs.map((run) => run.id) : [];
    const archive = db ? exportRuns(db, selected) : exportRuns(null, []);
    db?.close();
    // Written beside the target and renamed: an interrupted export never leaves half a file under the name.
    const partial = `${target}.partial`;
    try {
      writeFileSync(partial, JSON.stringify(archive));
      renameSync(partial, target);
    } catch (error) {
      throw new UsageError(`--export ${target}: cannot write it (${error instanceof Error ? error.message : String(error)})`);
    }
    output.stdout(options.json ? `${JSON.stringify({ exported: selected, file: target })}\n` : `Exported ${selected.length} run(s) to ${target}.\n`);
    return exitCodes.ok;
  }
  let runs: RunListRow[] = [];
  let total = 0;
  if (db) {
    try {
      ({ runs, total } = listRuns(db, { status: options.status, dataset: options.dataset, tag: options.tag, text: options.search, limit: options.limit ?? defaultHistoryLimit, offset: 0 }));
    } finally {
      db.close();
    }
  }
  if (options.json) {
    output.stdout(`${JSON.stringify({ runs: runs.map(({ id, status, epochs, dataset, createdAt, train, dev }) => ({ id, status, epochs, dataset, createdAt, train, dev })) })}\n`);
    return exitCodes.ok;
  }
  if (runs.length === 0) {
    output.stdout(db ? `No runs${options.status || options.dataset || options.tag || options.search ? ' match' : ' are recorded'} in ${file}.\n` : `No runs are recorded yet (${file} does not exist).\n`);
    return exitCodes.ok;
  }
  const header = ['run', 'status', 'epochs', 'data set', 'created', 'train loss', 'train acc', 'dev loss', 'dev acc', 'label'];
  const rows = runs.map((run) => [run.id, run.status, `${run.epochs}/${run.plannedEpochs}`, run.dataset, run.createdAt.slice(0, 19).replace('T', ' '), ...metricCells(run.train), ...metricCells(run.dev), run.label]);
  output.stdout(`${table([header, ...rows])}${total > runs.length ? `\n${runs.length} of ${total} runs (--limit shows more).` : ''}\n`);
  return exitCodes.ok;
}

function metricCells(metrics: MetricPair | null): [string, string] {
  return [metrics?.loss != null ? metrics.loss.toFixed(4) : '—', metrics?.accuracy != null ? metrics.accuracy.toFixed(3) : '—'];
}

/** Columns padded to their widest cell (the last column is not padded). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

function importCommand(options: z.output<typeof HistoryCommandOptions>, output: CommandOutput): number {
  const source = options.import!;
  for (const [flag, given] of [['--export', options.export], ['--status', options.status], ['--dataset', options.dataset], ['--tag', options.tag], ['--search', options.search], ['--limit', options.limit]] as const) {
    if (given !== undefined) throw new UsageError(`${flag} selects runs to list or export; --import adds every run of its file (give them separately)`);
  }
  if (!existsSync(source) || !statSync(source).isFile()) throw new UsageError(`--import: there is no file '${source}'`);
  const size = statSync(source).size;
  if (size > maxImportBytes) throw new UsageError(`--import ${source}: the file is ${size.toLocaleString('en-US')} bytes; a runs file can be at most ${maxImportBytes.toLocaleString('en-US')} (export fewer runs per file)`);
  const parsed = parseArchive(readFileSync(source, 'utf8'));
  if (!parsed.ok) throw new UsageError(`--import ${source}: ${parsed.message}. Nothing was imported.`);
  const file = databaseFile(options);
  const opened = openDatabase(file);
  if (!opened.ok) throw new UsageError(`--db ${file}: ${opened.message}`);
  for (const notice of opened.notices) output.stderr.write(`deepwire history: ${notice}\n`);
  let outcome;
  try {
    outcome = importRuns(opened.db, parsed.archive);
  } finally {
    opened.db.close();
  }
  if (options.json) output.stdout(`${JSON.stringify(outcome)}\n`);
  else {
    const added = outcome.imported.map(({ from, to }) => (from === to ? to : `${from} as ${to}`)).join(', ');
    output.stdout(`Imported ${outcome.imported.length} run(s) into ${file}${added ? `: ${added}` : ''}.${outcome.skipped.length > 0 ? ` ${outcome.skipped.length} were there already: ${outcome.skipped.join(', ')}.` : ''}\n`);
  }
  return exitCodes.ok;
}
