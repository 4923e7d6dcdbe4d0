/**
 * The training domain of the contract: the shapes a run reports while it trains and when it ends,
 * as runtime schemas, because they travel as events and are stored. training/progress.ts derives
 * its types from these (api imports no training module, so the schemas live here).
 * Every number is finite (zod's number refuses NaN and ±Infinity) or null.
 */
import { z } from 'zod';
import { AdjustmentChanges } from './training-settings';

const count = z.number().int().min(0);

export const finalStatuses = ['completed', 'stopped', 'diverged', 'early-stopped'] as const;
export const FinalStatus = z.enum(finalStatuses);

export const Metrics = z
  .object({
    /** null when it is not a finite number (a diverged model). */
    loss: z.number().nullable(),
    /** null for linear outputs, which have no classes to be right about. */
    accuracy: z.number().min(0).max(1).nullable(),
  })
  .strict();

export const LayerNorms = z
  .object({
    /** e.g. "dense1.W" */
    name: z.string(),
    layer: z.string(),
    /** null when not finite. */
    gradNorm: z.number().min(0).nullable(),
    weightNorm: z.number().min(0).nullable(),
  })
  .strict();

export const TrainingProgress = z
  .object({
    /** 'step': every n optimizer steps; 'epoch': at the end of each epoch (full train and dev sets). */
    kind: z.enum(['step', 'epoch']),
    /** The epoch the step belongs to, counting from 1; for 'epoch' reports, the epoch just completed. */
    epoch: count,
    /** Optimizer steps taken so far in the run. */
    step: count,
    stepsPerEpoch: count,
    /** The last mini-batch's loss, including the L2 term. */
    loss: z.number().nullable(),
    /** Exponentially weighted average of the mini-batch losses (bias-corrected). */
    smoothedLoss: z.number().nullable(),
    /** The rate the last step used (schedule composed with manual changes). */
    learningRate: z.number().min(0),
    /** Data loss and accuracy in inference mode. */
    train: Metrics,
    dev: Metrics.nullable(),
    /** True when train/dev were measured on their first `evaluationRows` rows only (step reports). */
    sampled: z.boolean(),
    norms: z.array(LayerNorms),
  })
  .strict();

export const AppliedAdjustment = z
  .object({
    /** Optimizer steps taken before the change applied. */
    step: count,
    changes: AdjustmentChanges,
  })
  .strict();

export const diagnosisVerdicts = ['high-bias', 'high-variance', 'high-bias-and-variance', 'fine'] as const;

export const Diagnosis = z
  .object({
    verdict: z.enum(diagnosisVerdicts),
    /** Which gap to work on first, or null when neither is high. */
    focus: z.enum(['bias', 'variance']).nullable(),
    basis: z.enum(['error', 'loss']),
    trainError: z.number(),
    devError: z.number().nullable(),
    targetError: z.number(),
    avoidableBias: z.number(),
    /** null without a dev set. */
    variance: z.number().nullable(),
    biasThreshold: z.number(),
    varianceThreshold: z.number(),
    /** One sentence for a person. */
    summary: z.string(),
    /** The course's remedies for the diagnosed problem(s), most useful first. */
    remedies: z.array(z.string()),
  })
  .strict();

/** The metrics of the last completed epoch whose training loss was finite. */
export const LastFiniteMetrics = z
  .object({
    epoch: count,
    train: Metrics,
    dev: Metrics.nullable(),
  })
  .strict();

export const TrainingResult = z
  .object({
    status: FinalStatus,
    /** Epochs completed. */
    epochs: count,
    steps: count,
    /** Metrics of the final weights (the restored best ones after early stopping). */
    train: Metrics,
    dev: Metrics.nullable(),
    /** The epoch (from 1) whose weights were kept after early stopping. */
    bestEpoch: count.nullable(),
    learningRate: z.number().min(0),
    /** What went wrong and what to try (divergence). */
    hint: z.string().nullable(),
    /** null when the run diverged (a broken model has no meaningful bias or variance). */
    diagnosis: Diagnosis.nullable(),
    adjustments: z.array(AppliedAdjustment),
    /**
     * The last epoch measured with a finite training loss (null when no epoch got that far): after
     * a divergence, what the run had reached before it broke.
     */
    lastFinite: LastFiniteMetrics.nullable(),
  })
  .strict();

export type FinalStatus = z.infer<typeof FinalStatus>;
export type Metrics = z.infer<typeof Metrics>;
export type LayerNorms = z.infer<typeof LayerNorms>;
export type TrainingProgress = z.infer<typeof TrainingProgress>;
export type AppliedAdjustment = z.infer<typeof AppliedAdjustment>;
export type Diagnosis = z.infer<typeof Diagnosis>;
export type LastFiniteMetrics = z.infer<typeof LastFiniteMetrics>;
export type TrainingResult = z.infer<typeof TrainingResult>;
