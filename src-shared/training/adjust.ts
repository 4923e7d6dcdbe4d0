/**
 * Changes a person can make while a run trains (the "panda" way of tuning): the learning rate and
 * the optimizer's hyperparameters (β's and ε, as the optimizers declare them, with their bounds).
 * Each is checked against the run's optimizer, because a β the optimizer does not have would
 * silently do nothing.
 */
import { z } from 'zod';
import { hyperparameterNames, hyperparameterShape, hyperparametersOf, type HyperparameterName, type OptimizerKind } from '../engine/optimizers/registry';

const optionalHyperparameters = Object.fromEntries(Object.entries(hyperparameterShape()).map(([name, schema]) => [name, schema.optional()])) as {
  [P in HyperparameterName]: z.ZodOptional<z.ZodNumber>;
};

export const TrainingAdjustment = z
  .object({ learningRate: z.number().positive().max(100).optional(), ...optionalHyperparameters })
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: 'an adjustment must change at least one setting' });
export type TrainingAdjustment = z.infer<typeof TrainingAdjustment>;

/** Why these changes do not fit an optimizer, or null when they do. */
export function adjustmentProblem(changes: TrainingAdjustment, optimizer: OptimizerKind): string | null {
  const allowed: readonly string[] = hyperparametersOf[optimizer];
  for (const key of hyperparameterNames) {
    if (changes[key] !== undefined && !allowed.includes(key)) {
      const has = allowed.length > 0 ? `it has ${allowed.join(', ')}` : 'it has no β or ε';
      return `${key} does not apply to the ${optimizer} optimizer (${has}).`;
    }
  }
  return null;
}
