/** Optimizers: one file per kind (gd, momentum, rmsprop, adam), the registry derived from them, and the TypeScript engine's optimizer. */
export type { HyperparameterSpec, Moments, OptimizerDescriptor, UpdateContext } from './descriptor';
export {
  changeHyperparameters,
  hyperparameterDefaults,
  hyperparameterNames,
  hyperparameterShape,
  hyperparameterSpecs,
  hyperparametersOf,
  momentsOf,
  OptimizerConfig,
  optimizerKinds,
  optimizers,
  optimizersWith,
  OptimizerState,
  type HyperparameterName,
  type Hyperparameters,
  type OptimizerHyperparameters,
  type OptimizerKind,
} from './registry';
export { createOptimizer, type Optimizer, type OptimizerParameter } from './optimizer';
/** The per-tensor update of each kind (the descriptors' update functions). */
export { optimizers as optimizerRegistry } from './registry';
