/** A run's per-epoch metrics as CSV (papaparse's unparse): one header row, an empty cell where a value is missing, every line ended by CRLF. */
import Papa from 'papaparse';
import type { EpochMetrics } from '@shared/api';

export const metricsCsvHeader = ['epoch', 'step', 'loss', 'smoothed_loss', 'learning_rate', 'train_loss', 'train_accuracy', 'dev_loss', 'dev_accuracy'] as const;

export function metricsCsv(metrics: readonly EpochMetrics[]): string {
  const cell = (value: number | null) => (value === null ? '' : value);
  const csv = Papa.unparse({
    fields: [...metricsCsvHeader],
    data: metrics.map((m) => [m.epoch, m.step, cell(m.loss), cell(m.smoothedLoss), m.learningRate, cell(m.trainLoss), cell(m.trainAccuracy), cell(m.devLoss), cell(m.devAccuracy)]),
  });
  // unparse ends the last line only when there are no rows: end it always, as a text file's lines are.
  return csv.endsWith('\r\n') ? csv : `${csv}\r\n`;
}
