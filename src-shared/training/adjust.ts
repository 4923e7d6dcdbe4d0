/**
 * Changes a person can make while a run trains (the "panda" way of tuning): the learning rate and
 * the optimizer's hyperparameters (β's and ε, as the optimizers declare them, with their bounds).
 * Each is checked against the run's optimizer, because a β the optimizer does not have would
 * silently do nothing.
 */
import { TrainingAdjustment } from '../api/training-settings';
import { hyperparameterNames, hyperparametersOf, type OptimizerKind } from '../engine/optimizers/registry';

export { TrainingAdjustment };

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
