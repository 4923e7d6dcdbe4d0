/**
 * Loss and accuracy of a trainer's predictions on a data set, in inference mode (dropout off,
 * batch-norm running statistics). The loss is the data loss only, with the engine's conventions
 * (mean over rows, summed over units; MSE with the course's ½), and no L2 term, so train and dev
 * losses compare. Accuracy: argmax for softmax (and multi-unit outputs), a 0.5 threshold for one
 * sigmoid unit, none for a linear output.
 */
import type { ModelSpec, OutputKind } from '../engine/spec';
import type { Trainer } from '../engine/trainer';
import type { Dataset } from '../data/dataset';
import { outputUnits, targetsFor } from './targets';

export interface Metrics {
  /** null when it is not a finite number (a diverged model). */
  loss: number | null;
  /** null for linear outputs, which have no classes to be right about. */
  accuracy: number | null;
}

/** Probabilities are clamped this far from 0 and 1 so a confident mistake costs a large, finite loss. */
const probabilityFloor = 1e-12;

/** Mean data loss of predictions (rows × units) against targets. */
export function predictionLoss(output: OutputKind, predictions: Float32Array, targets: Float32Array, rows: number): number {
  let total = 0;
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i]!;
    const y = targets[i]!;
    if (output === 'softmax') {
      // −Σ y·log p
      if (y !== 0) total -= y * Math.log(Math.max(p, probabilityFloor));
    } else if (output === 'sigmoid') {
      // −[y log p + (1−y) log(1−p)]
      const clamped = Math.min(Math.max(p, probabilityFloor), 1 - probabilityFloor);
      total -= y * Math.log(clamped) + (1 - y) * Math.log(1 - clamped);
    } else {
      // ½ (p − y)²
      total += 0.5 * (p - y) * (p - y);
    }
  }
  return total / rows;
}

/** The fraction of rows whose predicted class is the label, or null for linear outputs. */
export function predictionAccuracy(output: OutputKind, predictions: Float32Array, labels: Int32Array, units: number): number | null {
  if (output === 'linear') return null;
  const rows = labels.length;
  let correct = 0;
  for (let row = 0; row < rows; row++) {
    let predicted: number;
    if (units === 1) predicted = predictions[row]! >= 0.5 ? 1 : 0;
    else {
      predicted = 0;
      for (let unit = 1; unit < units; unit++) if (predictions[row * units + unit]! > predictions[row * units + predicted]!) predicted = unit;
    }
    if (predicted === labels[row]) correct++;
  }
  return rows === 0 ? null : correct / rows;
}

/** Rows are predicted in chunks so a large set never needs one huge activation buffer. */
const chunkRows = 2048;

/** Loss and accuracy of `trainer` on the first `rows` rows of `data` (all by default). */
export function evaluate(trainer: Trainer, spec: ModelSpec, data: Dataset, targets: Float32Array = targetsFor(spec, data), rows = data.rows): Metrics {
  if (rows === 0) return { loss: null, accuracy: null };
  const units = outputUnits(spec);
  const predictions = new Float32Array(rows * units);
  for (let start = 0; start < rows; start += chunkRows) {
    const count = Math.min(chunkRows, rows - start);
    const chunk = trainer.predict(data.x.subarray(start * data.features, (start + count) * data.features), count);
    predictions.set(chunk.subarray(0, count * units), start * units);
  }
  const loss = predictionLoss(spec.output.activation, predictions, targets.subarray(0, rows * units), rows);
  // NaN outputs (a diverged model) make any accuracy meaningless, so neither number is reported.
  if (!Number.isFinite(loss)) return { loss: null, accuracy: null };
  return { loss, accuracy: predictionAccuracy(spec.output.activation, predictions, data.y.subarray(0, rows), units) };
}
