/**
 * `deepwire history`: the recorded runs, newest first, optionally filtered; with --json exactly
 * {"runs": [{"id", "status", "epochs", "dataset", "createdAt", "train", "dev"}]} where "epochs"
 * counts the epochs actually recorded.
 */
import { z } from 'zod';
import { runStates } from '@shared/api';
import { listRuns, type MetricPair, type RunListRow } from '../services/history/history-queries';
import { describeOptionIssues, nonEmptyText, oneOf, wholeNumber } from './option-values';
import { DatabaseOptions, openForReading } from './record-options';
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
  json: z.boolean().optional(),
}).strict();

export function historyCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  const parsed = HistoryCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const { db, file } = openForReading(options, 'history', output.stderr);
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
