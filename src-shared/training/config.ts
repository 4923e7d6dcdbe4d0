/**
 * A training run's settings as one plain, JSON-safe object: what the CLI builds from its options,
 * what IPC carries and what the experiment store keeps. Registry values use the engine's stable strings.
 */
import { z } from 'zod';
import { InitializerConfig, OptimizerConfig, ScheduleConfig } from '../engine/config';

export const BatchSizeSetting = z.union([z.number().int().min(1).max(1_000_000), z.literal('full')]);

export const EarlyStoppingConfig = z
  .object({
    /** Epochs without a better dev loss before stopping (the best weights are then restored). */
    patience: z.number().int().min(1).max(10_000),
    /** How much lower a dev loss must be to count as better. */
    minDelta: z.number().min(0).max(1e6).default(0),
  })
  .strict();
export type EarlyStoppingConfig = z.output<typeof EarlyStoppingConfig>;

export const TrainingConfig = z
  .object({
    initializer: InitializerConfig,
    optimizer: OptimizerConfig,
    schedule: ScheduleConfig.default({ kind: 'constant' }),
    /** α0, the base learning rate the schedule decays from. */
    learningRate: z.number().positive().max(100),
    /** L2 weight decay λ (0 = none). */
    l2: z.number().min(0).max(1e4).default(0),
    batchSize: BatchSizeSetting,
    epochs: z.number().int().min(1).max(1_000_000),
    /** Seeds every random choice of the run (initialization, dropout, batch order). */
    seed: z.number().int().min(0).max(0xffffffff),
    earlyStopping: EarlyStoppingConfig.optional(),
    /** The Bayes / human-level error the bias/variance diagnosis measures against (default 0). */
    targetError: z.number().min(0).max(1).optional(),
  })
  .strict();
export type TrainingConfig = z.output<typeof TrainingConfig>;
export type TrainingConfigInput = z.input<typeof TrainingConfig>;
