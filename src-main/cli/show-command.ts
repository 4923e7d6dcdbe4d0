/**
 * `deepwire show RUN_ID`: one recorded run with its settings, interventions and per-epoch metrics;
 * with --json the object {"id", "status", "settings", "interventions", "metrics": [{"epoch", "loss", ...}], ...}.
 * A run that is not in the database is a usage error (exit 2) that says where to find the ids.
 */
import { z } from 'zod';
import { onEngine } from '@shared/api/training-settings';
import { showRun, type RunDetail } from '../services/history/history-queries';
import { table } from './history-command';
import { describeOptionIssues, optionValue } from './option-values';
import { DatabaseOptions, openForReading } from './record-options';
import type { CommandOutput } from './train-command';
import { exitCodes, UsageError } from './usage-error';

export const ShowCommandOptions = DatabaseOptions.extend({
  runId: optionValue('RUN_ID', 'a run id like run-12', (raw) => (/^[A-Za-z0-9_.:-]{1,200}$/.test(raw.trim()) ? raw.trim() : undefined)),
  json: z.boolean().optional(),
}).strict();

export function showCommand(raw: Record<string, unknown>, output: CommandOutput): number {
  const parsed = ShowCommandOptions.safeParse(raw);
  if (!parsed.success) throw new UsageError(describeOptionIssues(parsed.error).join('\n'));
  const options = parsed.data;
  const { db, file } = openForReading(options, 'show', output.stderr);
  if (!db) throw new UsageError(`there is no run ${options.runId}: nothing is recorded yet (${file} does not exist; give the database with --db FILE)`);
  let run: RunDetail | null;
  try {
    run = showRun(db, options.runId);
  } finally {
    db.close();
  }
  if (!run) throw new UsageError(`there is no run ${options.runId} in ${file}; 'deepwire history' lists the runs there are`);
  output.stdout(options.json ? `${JSON.stringify(run)}\n` : formatRun(run));
  return exitCodes.ok;
}

const number = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

function formatRun(run: RunDetail): string {
  const lines = [
    `${run.id}  ${run.label}`,
    `  status ${run.status}${run.error ? ` (${run.error})` : ''}, ${run.metrics.length} of ${run.plannedEpochs} epochs recorded, ${run.parameters.toLocaleString('en-US')} parameters`,
    `  created ${run.createdAt}${run.durationMs !== null ? `, took ${(run.durationMs / 1000).toFixed(1)} s` : ''}${run.backend ? ` ${onEngine(run.backend)}` : ''}${run.design ? `, design ${run.design.name} v${run.design.version}` : ''}`,
    ...(run.tags.length > 0 ? [`  tags ${run.tags.join(', ')}`] : []),
    ...(run.notes ? [`  notes ${run.notes}`] : []),
    '',
    'Settings:',
    ...JSON.stringify(run.settings, null, 2).split('\n').map((line) => `  ${line}`),
    '',
  ];
  if (run.interventions.length > 0) {
    lines.push('Interventions:');
    for (const intervention of run.interventions) {
      const changes = Object.entries(intervention.changes).map(([key, value]) => `${key} ${key in intervention.previous ? `${JSON.stringify(intervention.previous[key])} → ` : ''}${JSON.stringify(value)}`);
      lines.push(`  step ${intervention.step}: ${changes.join(', ')}`);
    }
    lines.push('');
  }
  if (run.metrics.length > 0) {
    lines.push('Metrics per epoch:');
    const header = ['epoch', 'step', 'loss', 'lr', 'train loss', 'train acc', 'dev loss', 'dev acc'];
    const rows = run.metrics.map((m) => [String(m.epoch), String(m.step), number(m.loss, 4), String(m.learningRate), number(m.trainLoss, 4), number(m.trainAccuracy, 3), number(m.devLoss, 4), number(m.devAccuracy, 3)]);
    lines.push(...table([header, ...rows]).split('\n').map((line) => `  ${line}`), '');
  }
  return `${lines.join('\n')}\n`;
}
