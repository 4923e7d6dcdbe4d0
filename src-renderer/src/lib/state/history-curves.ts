/**
 * A stored run's chart data: its per-step points from training:get (in pages, following nextStep)
 * and, when the host kept no epoch reports with them, its per-epoch metrics from history turned
 * into the epoch reports the charts already draw.
 */
import type { Client, EpochMetrics, TrainingProgress } from '@shared/api';
import type { ChartRun } from '../charts/chart-run';
import { StreamedRun } from './training-stream';

/** The end-of-epoch metrics history keeps, as the charts' epoch reports. */
export function epochReports(metrics: readonly EpochMetrics[]): TrainingProgress[] {
  return metrics.map((m) => ({
    kind: 'epoch',
    epoch: m.epoch,
    step: m.step,
    stepsPerEpoch: 0,
    loss: m.loss,
    smoothedLoss: m.smoothedLoss,
    learningRate: m.learningRate,
    train: { loss: m.trainLoss, accuracy: m.trainAccuracy },
    dev: m.devLoss === null && m.devAccuracy === null ? null : { loss: m.devLoss, accuracy: m.devAccuracy },
    sampled: false,
    norms: [],
  }));
}

/** A run drawn from its epoch metrics alone (the compare view). */
export function epochChartRun(runId: string, label: string, color: string, metrics: readonly EpochMetrics[]): ChartRun {
  return { runId, label, color, steps: [], reports: epochReports(metrics), interventions: [] };
}

/** Fetches every step of a run; the epoch reports fall back to `metrics`. An error comes back as its message. */
export async function loadRunCurves(
  client: Client,
  runId: string,
  label: string,
  color: string,
  metrics: readonly EpochMetrics[],
): Promise<{ run: StreamedRun; error: string | null }> {
  const run = new StreamedRun(runId, label, color);
  let fromStep: number | null = 1;
  let error: string | null = null;
  while (fromStep !== null) {
    const from: number = fromStep;
    const result = await client.call('training:get', { runId, fromStep: from });
    if (!result.ok) {
      error = result.error.message;
      break;
    }
    run.absorb(result.value);
    fromStep = result.value.nextStep;
  }
  if (!run.reports.some((r) => r.kind === 'epoch')) {
    const steps = run.reports.filter((r) => r.kind === 'step');
    run.reports.length = 0;
    run.reports.push(...[...steps, ...epochReports(metrics)].sort((a, b) => a.step - b.step || (a.kind === 'step' ? -1 : 1)));
  }
  return { run, error };
}
