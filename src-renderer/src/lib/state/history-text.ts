/** How the History view words runs: metrics, durations, dates, settings as a readable list, interventions. */
import type { HistoryRunDetail, MetricPair, RecordedIntervention, RunSettings, RunState } from '@shared/api';
import { hyperparameterSpecs, type HyperparameterName } from '@shared/engine/optimizers/registry';
import { formatDuration } from '../panels/run/run-text';

export const statusLabels: Record<RunState, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  'early-stopped': 'Early-stopped',
  stopped: 'Stopped',
  diverged: 'Diverged',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** How a status reads at a glance: live, fine, ended early, or broken. */
export function statusTone(status: RunState): 'live' | 'good' | 'neutral' | 'bad' {
  if (status === 'queued' || status === 'running' || status === 'paused') return 'live';
  if (status === 'completed' || status === 'early-stopped') return 'good';
  if (status === 'stopped' || status === 'interrupted') return 'neutral';
  return 'bad';
}

/** A number as people read settings: up to four significant digits, no trailing zeros (0.001, 1e-8). */
export function formatNumber(value: number): string {
  if (value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6)) return value.toExponential(0).replace('e+', 'e');
  return Number(value.toPrecision(4)).toString();
}

export function formatLossValue(metrics: MetricPair | null | undefined): string {
  return metrics?.loss == null ? '—' : metrics.loss.toPrecision(4);
}

export function formatAccuracyValue(metrics: MetricPair | null | undefined): string {
  return metrics?.accuracy == null ? '—' : `${(metrics.accuracy * 100).toFixed(1)} %`;
}

export function formatDurationMs(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms / 1000);
}

/** "2025-01-02 03:04" in the person's time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "{kind} (name value, …)" for a config object such as an initializer, optimizer or schedule. */
function describeConfig(config: Record<string, unknown>, names: Record<string, string> = {}): string {
  const { kind, ...rest } = config;
  const parts = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${names[name] ?? name} ${typeof value === 'number' ? formatNumber(value) : String(value)}`);
  return parts.length > 0 ? `${String(kind)} (${parts.join(', ')})` : String(kind);
}

const hyperparameterSymbols = Object.fromEntries(Object.entries(hyperparameterSpecs).map(([name, spec]) => [name, name === 'beta' ? 'momentum β' : spec.symbol]));
const scheduleNames = { decayRate: 'decay rate', interval: 'every' };

function describeData(data: RunSettings['data']): string {
  if (data.kind === 'csv') return `CSV file ${data.path}${data.label ? ` (label ${data.label})` : ''}${data.testPath ? `, test file ${data.testPath}` : ''}`;
  if (data.kind === 'csv-text') return `CSV ${data.name}${data.label ? ` (label ${data.label})` : ''}`;
  if (data.kind === 'mnist') return 'MNIST digits';
  if (data.kind === 'iris') return 'Iris flowers';
  return describeConfig(data as Record<string, unknown>);
}

export interface SettingLine {
  name: string;
  value: string;
}

/** A run's settings, one line each, in the order a person sets them up. */
export function settingLines(settings: RunSettings, design: HistoryRunDetail['design']): SettingLine[] {
  const training = settings.settings;
  const split = settings.split;
  const lines: SettingLine[] = [
    { name: 'Data', value: describeData(settings.data) },
    { name: 'Split', value: split ? `train ${formatNumber(split.train * 100)} % · dev ${formatNumber(split.dev * 100)} % · test ${formatNumber(split.test * 100)} %` : 'default (80 / 10 / 10 %)' },
    { name: 'Normalization', value: settings.normalize },
    { name: 'Initializer', value: describeConfig(training.initializer) },
    { name: 'Optimizer', value: describeConfig(training.optimizer, hyperparameterSymbols) },
    { name: 'Learning rate', value: `α₀ ${formatNumber(training.learningRate)}, ${describeConfig(training.schedule, scheduleNames)}` },
    { name: 'L2 λ', value: training.l2 > 0 ? formatNumber(training.l2) : 'none' },
    { name: 'Batch size', value: training.batchSize === 'full' ? 'full batch' : String(training.batchSize) },
    { name: 'Epochs', value: String(training.epochs) },
  ];
  if (training.earlyStopping) lines.push({ name: 'Early stopping', value: `patience ${training.earlyStopping.patience}, min Δ ${formatNumber(training.earlyStopping.minDelta)}` });
  if (training.targetError !== undefined) lines.push({ name: 'Target error', value: formatNumber(training.targetError) });
  lines.push(
    { name: 'Seeds', value: `data ${settings.seeds.data} · model ${settings.seeds.model}` },
    { name: 'Backend', value: settings.backend },
    { name: 'Design', value: design ? `${design.name} (version ${design.version})` : 'not kept' },
  );
  return lines;
}

const changeNames: Record<string, string> = {
  learningRate: 'learning rate',
  l2: 'L2 λ',
  keepProb: 'keep probability',
  batchSize: 'batch size',
  schedule: 'learning-rate decay',
};

function changeValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value && typeof value === 'object' && 'kind' in value) return describeConfig(value as Record<string, unknown>, scheduleNames);
  return String(value);
}

/** "step 120: learning rate 0.1 → 0.05; batch size 32 → 64" */
export function interventionText(intervention: RecordedIntervention): string {
  const changes = Object.entries(intervention.changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const name = changeNames[key] ?? hyperparameterSymbols[key as HyperparameterName] ?? key;
      const before = intervention.previous[key];
      return before === undefined ? `${name} set to ${changeValue(value)}` : `${name} ${changeValue(before)} → ${changeValue(value)}`;
    });
  return `step ${intervention.step}: ${changes.join('; ')}`;
}

/** "Imported 3 runs (1 skipped: run-1 already in history)" */
export function importSummary(result: { imported: readonly string[]; skipped: readonly { runId: string; reason: string }[] }): string {
  const imported = `Imported ${result.imported.length} ${result.imported.length === 1 ? 'run' : 'runs'}`;
  if (result.skipped.length === 0) return imported;
  const reasons = result.skipped.slice(0, 3).map((s) => `${s.runId} ${s.reason}`);
  if (result.skipped.length > 3) reasons.push(`and ${result.skipped.length - 3} more`);
  return `${imported} (${result.skipped.length} skipped: ${reasons.join('; ')})`;
}

/** "N runs" with the right number. */
export function runCount(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'run' : 'runs'}`;
}
