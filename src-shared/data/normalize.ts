/**
 * Input normalization, fitted on the training set only and then applied unchanged to dev, test
 * and later predictions (fitting on all data would leak dev/test statistics into training).
 * A fitted normalizer is a plain object, saved with a model so predictions are scaled the same way.
 */
import { z } from 'zod';
import type { Dataset } from './dataset';

export const normalizationKinds = ['zscore', 'minmax', 'none'] as const;
export type NormalizationKind = (typeof normalizationKinds)[number];

const finiteList = z.array(z.number().finite()).max(100_000);

export const Normalizer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** x' = (x − mean) / std */
  z.object({ kind: z.literal('zscore'), mean: finiteList, std: z.array(z.number().finite().positive()).max(100_000) }).strict(),
  /** x' = (x − min) / (max − min), so training values land in [0, 1] */
  z.object({ kind: z.literal('minmax'), min: finiteList, max: finiteList }).strict(),
]);
export type Normalizer = z.infer<typeof Normalizer>;

/** Measures the training rows. A constant feature gets std 1 (or range 1) so it maps to 0, not NaN. */
export function fitNormalizer(kind: NormalizationKind, train: Pick<Dataset, 'x' | 'rows' | 'features'>): Normalizer {
  if (kind === 'none') return { kind };
  const { x, rows, features } = train;
  if (rows === 0) throw new Error('cannot fit a normalizer on an empty training set');
  if (kind === 'zscore') {
    const mean = new Array<number>(features).fill(0);
    const sumSquares = new Array<number>(features).fill(0);
    for (let row = 0; row < rows; row++) for (let f = 0; f < features; f++) mean[f]! += x[row * features + f]!;
    for (let f = 0; f < features; f++) mean[f]! /= rows;
    for (let row = 0; row < rows; row++) {
      for (let f = 0; f < features; f++) {
        const centred = x[row * features + f]! - mean[f]!;
        sumSquares[f]! += centred * centred;
      }
    }
    // Population standard deviation (divide by m), as the course's normalization does.
    const std = sumSquares.map((sum) => Math.sqrt(sum / rows)).map((s) => (s > 1e-12 ? s : 1));
    return { kind, mean, std };
  }
  const min = new Array<number>(features).fill(Infinity);
  const max = new Array<number>(features).fill(-Infinity);
  for (let row = 0; row < rows; row++) {
    for (let f = 0; f < features; f++) {
      const value = x[row * features + f]!;
      if (value < min[f]!) min[f] = value;
      if (value > max[f]!) max[f] = value;
    }
  }
  // A constant feature gets a range of 1 (max = min + 1), so it maps to 0 rather than dividing by 0.
  return { kind, min, max: max.map((high, f) => (high - min[f]! > 1e-12 ? high : min[f]! + 1)) };
}

/** The normalized copy of a rows × features matrix. */
export function applyNormalizer(normalizer: Normalizer, x: Float32Array, features: number): Float32Array {
  if (normalizer.kind === 'none') return x.slice();
  const offset = normalizer.kind === 'zscore' ? normalizer.mean : normalizer.min;
  if (offset.length !== features) throw new Error(`the normalizer was fitted on ${offset.length} features but the data has ${features}`);
  const scale = normalizer.kind === 'zscore' ? normalizer.std : normalizer.max.map((high, f) => high - normalizer.min[f]!);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const f = i % features;
    out[i] = (x[i]! - offset[f]!) / scale[f]!;
  }
  return out;
}

/** The same data set with normalized features. */
export function normalizeDataset(normalizer: Normalizer, data: Dataset): Dataset {
  return { ...data, x: applyNormalizer(normalizer, data.x, data.features) };
}
