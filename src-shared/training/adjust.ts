/**
 * Changes a person can make while a run trains (the "panda" way of tuning): the learning rate and
 * the optimizer's β's and ε. Each is checked against the run's optimizer, because a β the
 * optimizer does not have would silently do nothing.
 */
import { z } from 'zod';
import type { OptimizerKind } from '../engine/config';
import { hyperparametersOf } from '../engine/optimizers';

const beta = z.number().min(0).lt(1);

export const TrainingAdjustment = z
  .object({
    learningRate: z.number().positive().max(100).optional(),
    beta: beta.optional(),
    beta1: beta.optional(),
    beta2: beta.optional(),
    epsilon: z.number().positive().max(1).optional(),
  })
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: 'an adjustment must change at least one setting' });
export type TrainingAdjustment = z.infer<typeof TrainingAdjustment>;

/** Why these changes do not fit an optimizer, or null when they do. */
export function adjustmentProblem(changes: TrainingAdjustment, optimizer: OptimizerKind): string | null {
  const allowed: readonly string[] = hyperparametersOf[optimizer];
  for (const key of ['beta', 'beta1', 'beta2', 'epsilon'] as const) {
    if (changes[key] !== undefined && !allowed.includes(key)) {
      const has = allowed.length > 0 ? `it has ${allowed.join(', ')}` : 'it has no β or ε';
      return `${key} does not apply to the ${optimizer} optimizer (${has}).`;
    }
  }
  return null;
}
