/**
 * PLACEHOLDER (replaced by the visuals engineer's module with this exact API): what a run's
 * pictures show at one step. This stand-in returns no pictures, so the service can call it.
 */
import type { RunVisuals } from '../api/training-runs';
import type { Dataset } from '../data/dataset';
import type { Normalizer } from '../data/normalize';
import type { ModelSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';

export interface VisualsInput {
  trainer: Trainer;
  spec: ModelSpec;
  normalizer: Normalizer;
  train: Dataset;
  dev: Dataset | null;
  classNames: readonly string[] | null;
  step: number;
  epoch: number;
}

export function computeVisuals(input: VisualsInput): RunVisuals {
  return { step: input.step, epoch: input.epoch, boundary: null, confusion: null, gallery: null };
}
