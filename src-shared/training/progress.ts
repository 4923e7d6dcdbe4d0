/** What a training run reports while it runs and when it ends. Every number is finite or null. */
import type { Diagnosis } from './diagnosis';
import type { Metrics } from './metrics';

export const finalStatuses = ['completed', 'stopped', 'diverged', 'early-stopped'] as const;
export type FinalStatus = (typeof finalStatuses)[number];
export type TrainingStatus = 'running' | 'paused' | FinalStatus;

export interface LayerNorms {
  /** e.g. "dense1.W" */
  name: string;
  layer: string;
  /** null when not finite. */
  gradNorm: number | null;
  weightNorm: number | null;
}

export interface TrainingProgress {
  /** 'step': every n optimizer steps; 'epoch': at the end of each epoch (full train and dev sets). */
  kind: 'step' | 'epoch';
  /** The epoch the step belongs to, counting from 1; for 'epoch' reports, the epoch just completed. */
  epoch: number;
  /** Optimizer steps taken so far in the run. */
  step: number;
  stepsPerEpoch: number;
  /** The last mini-batch's loss, including the L2 term. */
  loss: number | null;
  /** Exponentially weighted average of the mini-batch losses (bias-corrected). */
  smoothedLoss: number | null;
  /** The rate the last step used (schedule composed with manual changes). */
  learningRate: number;
  /** Data loss and accuracy in inference mode. */
  train: Metrics;
  dev: Metrics | null;
  /** True when train/dev were measured on their first `evaluationRows` rows only (step reports). */
  sampled: boolean;
  norms: LayerNorms[];
}

export interface AppliedAdjustment {
  /** Optimizer steps taken before the change applied. */
  step: number;
  changes: Record<string, number>;
}

export interface TrainingResult {
  status: FinalStatus;
  /** Epochs completed. */
  epochs: number;
  steps: number;
  /** Metrics of the final weights (the restored best ones after early stopping). */
  train: Metrics;
  dev: Metrics | null;
  /** The epoch (from 1) whose weights were kept after early stopping. */
  bestEpoch: number | null;
  learningRate: number;
  /** What went wrong and what to try (divergence). */
  hint: string | null;
  /** null when the run diverged (a broken model has no meaningful bias or variance). */
  diagnosis: Diagnosis | null;
  adjustments: AppliedAdjustment[];
}
