/** What `deepwire train` reports: the --json object, and the same as text for a person. */
import { backendLabels, type BackendKind } from '@shared/api/training-settings';
import type { LayerSpec, ModelSpec } from '@shared/engine/spec';
import type { Diagnosis } from '@shared/training/diagnosis';
import type { EpochRecord } from '@shared/training/history';
import type { Metrics } from '@shared/training/metrics';
import type { FinalStatus, LastFiniteMetrics } from '@shared/training/progress';
import type { RunSeeds } from '@shared/training/seeds';
import { formatDuration } from './progress-bar';

export interface TrainReport {
  /** The run's id in the experiment database (deepwire show RUN_ID), null with --no-record. */
  runId: string | null;
  status: FinalStatus;
  epochs: number;
  steps: number;
  train: Metrics;
  dev: Metrics | null;
  test: Metrics | null;
  /** The last epoch measured with a finite training loss: after a divergence, what the run had reached. */
  lastFinite: LastFiniteMetrics | null;
  diagnosis: Diagnosis | null;
  durationMs: number;
  bestEpoch: number | null;
  hint: string | null;
  learningRate: number;
  /** The model seed (weights, dropout, batch order); `seeds` has the data seed too. */
  seed: number;
  seeds: RunSeeds;
  /** Which engine took the steps: the native kernels, WebAssembly SIMD or TypeScript. */
  backend: BackendKind;
  model: { inputSize: number; layers: LayerSpec[]; output: ModelSpec['output']; parameters: number };
  dataset: { name: string; features: number; classes: number; rows: { train: number; dev: number; test: number } };
  /** What did not stop the run but should be known (a class missing from the training rows). */
  warnings: string[];
  savedModel: string | null;
  /** One record per epoch, the same ones the app charts (training/history.ts). */
  history: EpochRecord[];
}

const statusWords: Record<FinalStatus, string> = {
  completed: 'completed',
  'early-stopped': 'stopped early (dev loss stopped improving)',
  stopped: 'stopped by you',
  diverged: 'DIVERGED',
};

/** "2 → 16 (tanh) → 16 (tanh) → 1 (sigmoid)" */
export function describeNetwork(model: TrainReport['model']): string {
  const parts = [String(model.inputSize)];
  for (const layer of model.layers) {
    if (layer.kind === 'dense') parts.push(String(layer.units));
    else if (layer.kind === 'activation') parts[parts.length - 1] += ` ${layer.fn}`;
    else if (layer.kind === 'batchnorm') parts[parts.length - 1] += ' +bn';
    else parts[parts.length - 1] += ` +dropout ${layer.keepProb}`;
  }
  parts[parts.length - 1] += ` ${model.output.activation}`;
  return parts.join(' → ');
}

export function formatTrainSummary(report: TrainReport, plannedEpochs: number): string {
  const { rows } = report.dataset;
  const lines = [
    `Network ${describeNetwork(report.model)} (${report.model.parameters} parameters) on ${report.dataset.name}: ${rows.train} train / ${rows.dev} dev / ${rows.test} test rows.`,
    `Training (${backendLabels[report.backend]}) ${statusWords[report.status]} after ${report.epochs}/${plannedEpochs} epochs (${report.steps} steps) in ${formatDuration(report.durationMs)}` +
      (report.bestEpoch !== null ? `; kept the weights of epoch ${report.bestEpoch}.` : '.'),
    '',
    '          loss       accuracy',
    ...metricRows(report),
    '',
  ];
  const { lastFinite } = report;
  if (report.status === 'diverged' && lastFinite) lines.push(`Before it diverged, at epoch ${lastFinite.epoch}:`, ...metricRows(lastFinite), '');
  if (report.hint) lines.push(report.hint, '');
  if (report.diagnosis) {
    lines.push(report.diagnosis.summary);
    if (report.diagnosis.remedies.length > 0) lines.push('What to try:', ...report.diagnosis.remedies.map((remedy) => `  - ${remedy}`));
    lines.push('');
  }
  if (report.savedModel) lines.push(`Saved the model to ${report.savedModel}.`, '');
  return `${lines.join('\n')}`;
}

function metricRows(metrics: Partial<Record<'train' | 'dev' | 'test', Metrics | null>>): string[] {
  return (['train', 'dev', 'test'] as const).flatMap((part) => {
    const measured = metrics[part];
    return measured ? [`  ${part.padEnd(6)}  ${formatLoss(measured.loss).padEnd(9)}  ${formatAccuracy(measured.accuracy)}`] : [];
  });
}

function formatLoss(loss: number | null): string {
  if (loss === null) return '—';
  // Losses of a run on its way to diverging can be huge: keep them short.
  return Math.abs(loss) >= 1e6 ? loss.toExponential(3) : loss.toFixed(4);
}

function formatAccuracy(accuracy: number | null): string {
  return accuracy === null ? '—' : `${(accuracy * 100).toFixed(1)} %`;
}
