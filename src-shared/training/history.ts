/**
 * The per-epoch records the app's charts draw and `deepwire train --json` prints as "history":
 * one entry per epoch report, so both show the same numbers. Every number is finite or null.
 */
import type { TrainingProgress } from './progress';

export interface EpochRecord {
  /** The epoch just completed, from 1. */
  epoch: number;
  /** The last mini-batch loss of the epoch (including the L2 term), as the epoch report gives it. */
  loss: number | null;
  /** Accuracy on the full training set in inference mode (null for linear outputs). */
  trainAccuracy: number | null;
  /** Data loss and accuracy on the full dev set (null without a dev set). */
  devLoss: number | null;
  devAccuracy: number | null;
  /** The rate the epoch's last step used. */
  learningRate: number;
}

/** One record per epoch report, in order; step reports are left out. */
export function epochHistory(reports: readonly TrainingProgress[]): EpochRecord[] {
  return reports
    .filter((report) => report.kind === 'epoch')
    .map((report) => ({
      epoch: report.epoch,
      loss: finiteOrNull(report.loss),
      trainAccuracy: finiteOrNull(report.train.accuracy),
      devLoss: finiteOrNull(report.dev?.loss ?? null),
      devAccuracy: finiteOrNull(report.dev?.accuracy ?? null),
      learningRate: report.learningRate,
    }));
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
