/**
 * What `deepwire sweep` prints at the end: with --json one object {"sweepId", "status", "metric",
 * "parentId", "space", "trials": [{"id", "runId", "params", "status", "epochs", "steps", "dev",
 * "train", "metric", "worker"}], "best"} with the trials best first (dev accuracy, else dev loss); else the
 * leaderboard as text and how to narrow around the best.
 */
import type { SearchDetail, Trial } from '@shared/api';
import { describeParams, leaderboardLines, metricName, statusLine } from './leaderboard';

export interface SweepTrialJson {
  id: number;
  runId: string | null;
  params: Trial['params'];
  status: Trial['status'];
  epochs: number;
  steps: number;
  dev: Trial['dev'];
  train: Trial['train'];
  metric: number | null;
  /** Who trained it: "local", or a queue worker's "host/pid" (a retried trial: the worker that first reported it). */
  worker: string | null;
}

export function sweepJson(detail: SearchDetail) {
  const trials: SweepTrialJson[] = detail.trials.map((trial) => ({
    id: trial.index,
    runId: trial.runId,
    params: trial.params,
    status: trial.status,
    epochs: trial.epochs,
    steps: trial.steps,
    dev: trial.dev,
    train: trial.train,
    metric: trial.metric,
    worker: trial.worker,
  }));
  const { summary } = detail;
  return {
    sweepId: summary.searchId,
    status: summary.status,
    metric: summary.metric,
    parentId: summary.parentId,
    space: detail.space,
    steps: summary.steps,
    trials,
    best: trials.find((trial) => trial.metric !== null) ?? null,
  };
}

export function sweepText(detail: SearchDetail): string {
  const { summary } = detail;
  const best = detail.trials[0];
  const lines = [statusLine(summary), '', ...leaderboardLines(detail.trials), ''];
  if (best && best.metric !== null) {
    lines.push(`Best: trial ${best.index} (${describeParams(best.params)}), ${metricName(summary.metric)} ${best.metric.toFixed(4)}${best.runId ? `, run ${best.runId} (deepwire show ${best.runId})` : ''}.`);
    lines.push(`Narrow around the best: deepwire sweep --parent ${summary.searchId} --top 3`);
  } else lines.push('No trial reached a dev metric.');
  return `${lines.join('\n')}\n`;
}
