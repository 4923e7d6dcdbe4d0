/**
 * The pictures of a run at one step, computed where the run trains: the decision boundary of a
 * 2-feature classifier over the data's plane, the confusion matrix of a classifier, and a gallery
 * of 28×28 images with their predictions. Every part is null when it does not apply to the data.
 * Coordinates and pixels are in the data's ORIGINAL units (the normalizer inverted), so the picture
 * shows the data as it was loaded; predictions go through the trainer in normalized units.
 */
import type { ConfusionMatrix, DecisionBoundary, ImageGallery, RunVisuals } from '../api/training-runs';
import type { Dataset } from '../data/dataset';
import { applyNormalizer, type Normalizer } from '../data/normalize';
import type { ModelSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';
import { outputUnits } from './targets';

export interface VisualsInput {
  trainer: Trainer;
  spec: ModelSpec;
  normalizer: Normalizer;
  /** Normalized, as the run trains on them. */
  train: Dataset;
  dev: Dataset | null;
  classNames: readonly string[] | null;
  step: number;
  epoch: number;
}

/** Cells per side of the boundary grid: 60² = 3,600 predictions. */
export const boundaryGridSize = 60;
/** Data points drawn on the boundary (evenly strided over the training rows). */
export const boundaryMaxPoints = 400;
/** Margin around the data's range on each side, as a fraction of the range. */
const boundaryMargin = 0.05;
/** Rows predicted per call, so a grid never needs one large activation buffer. */
const predictChunk = 900;
/** Images in the gallery, and their side (MNIST). */
export const galleryImages = 32;
const imageSide = 28;

export function computeVisuals(input: VisualsInput): RunVisuals {
  const classifier = input.spec.output.activation !== 'linear';
  const classes = classCount(input);
  const evaluated = input.dev && input.dev.rows > 0 ? input.dev : input.train;
  const predicted = classifier && classes >= 2 && (evaluated.rows > 0) ? predictClasses(input.trainer, input.spec, evaluated.x, evaluated.rows) : null;
  return {
    step: input.step,
    epoch: input.epoch,
    boundary: classifier && input.train.features === 2 && input.train.rows > 0 ? decisionBoundary(input) : null,
    confusion: predicted ? confusionMatrix(evaluated.y, predicted.classOf, classes, input.classNames) : null,
    gallery: predicted && evaluated.features === imageSide * imageSide ? imageGallery(evaluated, predicted.classOf, input.normalizer) : null,
  };
}

/**
 * The plane around the training data (its range plus a 5 % margin per side) cut into size × size
 * cells, row by row from yMin; each cell is predicted at its centre.
 */
export function decisionBoundary(input: VisualsInput, size = boundaryGridSize): DecisionBoundary {
  const { train, normalizer } = input;
  const original = toOriginalUnits(normalizer, train.x, 2);
  const [xMin, xMax] = paddedRange(original, 0, train.rows);
  const [yMin, yMax] = paddedRange(original, 1, train.rows);
  const grid = new Float32Array(size * size * 2);
  const cellWidth = (xMax - xMin) / size;
  const cellHeight = (yMax - yMin) / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const cell = row * size + col;
      // the cell's centre: xMin + (col + ½)·w, yMin + (row + ½)·h
      grid[cell * 2] = xMin + (col + 0.5) * cellWidth;
      grid[cell * 2 + 1] = yMin + (row + 0.5) * cellHeight;
    }
  }
  const { classOf, confidence } = predictClasses(input.trainer, input.spec, applyNormalizer(normalizer, grid, 2), size * size);

  const shown = Math.min(boundaryMaxPoints, train.rows);
  const points = { x: new Array<number>(shown), y: new Array<number>(shown), label: new Array<number>(shown) };
  for (let i = 0; i < shown; i++) {
    // evenly strided over the rows, so the sample covers the whole set without a random draw
    const r = Math.floor((i * train.rows) / shown);
    points.x[i] = original[r * 2]!;
    points.y[i] = original[r * 2 + 1]!;
    points.label[i] = train.y[r]!;
  }
  return { xMin, xMax, yMin, yMax, size, classOf: Array.from(classOf), confidence: Array.from(confidence), points };
}

/** counts[true class][predicted class]. */
export function confusionMatrix(labels: Int32Array, predicted: Int32Array, classes: number, names: readonly string[] | null): ConfusionMatrix {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]![predicted[i]!]! += 1;
  const classNames = Array.from({ length: classes }, (_, c) => names?.[c] ?? String(c));
  return { classNames, counts };
}

/** The first images of the set with pixels back in 0–1, and their true and predicted labels. */
function imageGallery(data: Dataset, predicted: Int32Array, normalizer: Normalizer): ImageGallery {
  const count = Math.min(galleryImages, data.rows);
  const pixels = imageSide * imageSide;
  const original = toOriginalUnits(normalizer, data.x.subarray(0, count * pixels), pixels);
  const images = Array.from({ length: count }, (_, i) => Array.from(original.subarray(i * pixels, (i + 1) * pixels), (v) => Math.min(1, Math.max(0, v))));
  return { width: imageSide, height: imageSide, images, label: Array.from(data.y.subarray(0, count)), predicted: Array.from(predicted.subarray(0, count)) };
}

/**
 * Each row's predicted class and the probability the model gives it, as metrics.ts decides the
 * class: a 0.5 threshold for one sigmoid unit (confidence p or 1 − p), else the largest output.
 */
export function predictClasses(trainer: Trainer, spec: ModelSpec, x: Float32Array, rows: number): { classOf: Int32Array; confidence: Float32Array } {
  const units = outputUnits(spec);
  const features = spec.inputSize;
  const classOf = new Int32Array(rows);
  const confidence = new Float32Array(rows);
  for (let start = 0; start < rows; start += predictChunk) {
    const count = Math.min(predictChunk, rows - start);
    const outputs = trainer.predict(x.subarray(start * features, (start + count) * features), count);
    for (let r = 0; r < count; r++) {
      let best = 0;
      let p: number;
      if (units === 1) {
        best = outputs[r]! >= 0.5 ? 1 : 0;
        p = best === 1 ? outputs[r]! : 1 - outputs[r]!;
      } else {
        for (let u = 1; u < units; u++) if (outputs[r * units + u]! > outputs[r * units + best]!) best = u;
        p = outputs[r * units + best]!;
      }
      classOf[start + r] = best;
      // NaN (a broken model) shows as no confidence at all
      confidence[start + r] = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
    }
  }
  return { classOf, confidence };
}

/** Classes a picture distinguishes: the output's units (one sigmoid unit: two), at least the data's. */
function classCount(input: VisualsInput): number {
  const units = outputUnits(input.spec);
  return Math.max(units === 1 ? 2 : units, input.train.classes);
}

/**
 * The inverse of applyNormalizer: zscore x = x'·std + mean; minmax x = x'·(max − min) + min.
 */
export function toOriginalUnits(normalizer: Normalizer, x: Float32Array, features: number): Float32Array {
  if (normalizer.kind === 'none') return x.slice();
  const offset = normalizer.kind === 'zscore' ? normalizer.mean : normalizer.min;
  const scale = normalizer.kind === 'zscore' ? normalizer.std : normalizer.max.map((high, f) => high - normalizer.min[f]!);
  if (offset.length !== features) throw new Error(`the normalizer was fitted on ${offset.length} features but the data has ${features}`);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const f = i % features;
    // x = x'·scale + offset
    out[i] = x[i]! * scale[f]! + offset[f]!;
  }
  return out;
}

/** [min − 5 %, max + 5 %] of one column; a constant column gets ±0.5 around its value. */
function paddedRange(x: Float32Array, column: number, rows: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = x[r * 2 + column]!;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const margin = high > low ? (high - low) * boundaryMargin : 0.5;
  return [low - margin, high + margin];
}
