/**
 * Changes a person can make while a run trains (the "panda" way of tuning): the learning rate, the
 * optimizer's hyperparameters (β's and ε, as the optimizers declare them, with their bounds), L2 λ,
 * the keep probability of every dropout layer, the mini-batch size and the decay. Each is checked
 * against the run, because a β the optimizer does not have, or a keep probability without a dropout
 * layer, would silently do nothing.
 */
import { AdjustmentChanges, TrainingAdjustment } from '../api/training-settings';
import { hyperparameterNames, hyperparametersOf, type OptimizerKind } from '../engine/optimizers/registry';
import type { ModelSpec } from '../engine/spec';

export { AdjustmentChanges, TrainingAdjustment };

/** What an adjustment is checked against: the run's optimizer and, when known, its network. */
export interface AdjustmentTarget {
  optimizer: OptimizerKind;
  /** The network being trained; without it, keepProb is not checked. */
  spec?: ModelSpec;
}

/**
 * Why these changes do not apply to the run, naming each setting that does not (sentences joined),
 * or null when they all do. Takes an optimizer kind alone too (the older form: β's and ε only).
 */
export function adjustmentProblem(changes: AdjustmentChanges, target: AdjustmentTarget | OptimizerKind): string | null {
  const { optimizer, spec } = typeof target === 'string' ? { optimizer: target, spec: undefined } : target;
  const problems: string[] = [];
  const allowed: readonly string[] = hyperparametersOf[optimizer];
  for (const key of hyperparameterNames) {
    if (changes[key] !== undefined && !allowed.includes(key)) {
      const has = allowed.length > 0 ? `it has ${allowed.join(', ')}` : 'it has no β or ε';
      problems.push(`${key} does not apply to the ${optimizer} optimizer (${has}).`);
    }
  }
  if (changes.keepProb !== undefined && spec && dropoutLayers(spec) === 0) {
    problems.push(`keepProb does not apply: this network has no dropout layer (add a Dropout layer to the design and train again).`);
  }
  return problems.length > 0 ? problems.join(' ') : null;
}

/** How many dropout layers the network has (the WebAssembly fast path never runs one). */
export function dropoutLayers(spec: ModelSpec): number {
  return spec.layers.filter((layer) => layer.kind === 'dropout').length;
}

/** The changes without their unset keys, as a run records them. */
export function definedChanges(changes: AdjustmentChanges): AdjustmentChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as AdjustmentChanges;
}
