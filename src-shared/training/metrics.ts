/**
 * Loss and accuracy of a trainer on a data set, in inference mode (dropout off, batch-norm running
 * statistics). The loss is the engine's own fused output loss for the spec's (output, loss) pair
 * (engine/losses.ts, the one place each loss formula lives), computed on the logits: the data loss
 * only, without the L2 term, so train and dev losses compare. Accuracy: argmax for softmax (and
 * multi-unit outputs), a 0.5 threshold for one sigmoid unit, none for a linear output.
 */
import { outputLossFor } from '../engine/losses';
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
  const outputLoss = outputLossFor(spec.output.activation, spec.output.loss);
  const predictions = new Float32Array(rows * units);
  let lossSum = 0;
  for (let start = 0; start < rows; start += chunkRows) {
    const count = Math.min(chunkRows, rows - start);
    const logits = trainer.logits(data.x.subarray(start * data.features, (start + count) * data.features), count);
    // the chunk's mean loss, weighted by its rows: Σ over chunks of count·L_chunk = Σ over all rows
    lossSum += count * outputLoss.lossAndGradient(logits, targets.subarray(start * units, (start + count) * units), count, units, null);
    outputLoss.activate(logits, predictions.subarray(start * units, (start + count) * units), count, units);
  }
  const loss = lossSum / rows;
  // NaN outputs (a diverged model) make any accuracy meaningless, so neither number is reported.
  if (!Number.isFinite(loss)) return { loss: null, accuracy: null };
  return { loss, accuracy: predictionAccuracy(spec.output.activation, predictions, data.y.subarray(0, rows), units) };
}
