/** How the run panel words a run: its progress, time left, metrics and key settings. */
import type { Metrics, RunSummary } from '@shared/api';
import { onEngine } from '@shared/api/training-settings';

/** Seconds as a person reads a wait: "45 s", "3 min", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time left = steps to go ÷ steps per second; null before the speed is known or once it ended. */
export function secondsLeft(run: Pick<RunSummary, 'step' | 'totalSteps' | 'stepsPerSecond'>): number | null {
  if (!run.stepsPerSecond || run.stepsPerSecond <= 0 || run.step >= run.totalSteps) return null;
  return (run.totalSteps - run.step) / run.stepsPerSecond;
}

/** "Epoch 3 of 100 · step 120 of 4,000 · 55 steps/s on the native kernels · 1 min left" */
export function describeProgress(run: Pick<RunSummary, 'epoch' | 'epochs' | 'step' | 'totalSteps' | 'stepsPerSecond' | 'backend'>): string {
  const parts = [`Epoch ${run.epoch} of ${run.epochs}`, `step ${run.step.toLocaleString('en-US')} of ${run.totalSteps.toLocaleString('en-US')}`];
  // The engine that takes the steps, once the worker has said (auto picks the fastest that runs the network).
  const engine = run.backend ? ` ${onEngine(run.backend)}` : '';
  if (run.stepsPerSecond !== null) parts.push(`${run.stepsPerSecond < 10 ? run.stepsPerSecond.toFixed(1) : Math.round(run.stepsPerSecond)} steps/s${engine}`);
  const left = secondsLeft(run);
  if (left !== null) parts.push(`${formatDuration(left)} left`);
  return parts.join(' · ');
}

/** An accuracy as a percentage with one decimal ("93.5 %"), or a dash. */
export function formatAccuracy(metrics: Metrics | null | undefined): string {
  return metrics?.accuracy == null ? '—' : `${(metrics.accuracy * 100).toFixed(1)} %`;
}

/** A loss to four significant digits, or a dash (not finite, or not measured). */
export function formatLoss(metrics: Metrics | null | undefined): string {
  return metrics?.loss == null ? '—' : metrics.loss.toPrecision(4);
}

/** The settings that tell runs apart in a list: "adam α=0.001 · batch 64 · 100 epochs". */
export function keySettings(run: Pick<RunSummary, 'settings'>): string {
  const { optimizer, learningRate, batchSize, epochs, l2 } = run.settings.settings;
  const parts = [`${optimizer.kind} α=${learningRate}`, batchSize === 'full' ? 'full batch' : `batch ${batchSize}`, `${epochs} epochs`];
  if (l2 > 0) parts.push(`λ=${l2}`);
  return parts.join(' · ');
}

/** What a remedy's copy is called: "Course net (with regularization)". */
const remedySuffixes: Record<string, string> = {
  biggerNetwork: 'bigger',
  trainLonger: 'trained longer',
  betterOptimizer: 'tuned optimizer',
  otherArchitecture: 'other architecture',
  lessRegularization: 'less regularization',
  moreData: 'more data',
  regularize: 'with regularization',
  augment: 'augmented',
  smallerOrEarlyStop: 'early stopping',
};
export function remedyCopyName(name: string, remedyKey: string): string {
  return `${name} (${remedySuffixes[remedyKey] ?? remedyKey})`;
}
