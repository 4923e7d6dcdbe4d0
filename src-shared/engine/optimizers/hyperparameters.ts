/** The hyperparameters optimizers share, so the same name means the same bounds and default everywhere. */
import { bounds } from '../bounds';
import type { HyperparameterSpec } from './descriptor';

/** β of an exponentially weighted average of the gradients (momentum). */
export const beta: HyperparameterSpec = { symbol: 'β', range: bounds.beta, default: 0.9, help: 'weight of the past in the average of gradients' };
/** β1 of Adam's first moment. */
export const beta1: HyperparameterSpec = { symbol: 'β1', range: bounds.beta, default: 0.9, help: 'weight of the past in the average of gradients (first moment)' };
/** β2 of the second moment (RMSprop, Adam). */
export const beta2: HyperparameterSpec = { symbol: 'β2', range: bounds.beta, default: 0.999, help: 'weight of the past in the average of squared gradients (second moment)' };
/** ε keeps the division by √s finite. */
export const epsilon: HyperparameterSpec = { symbol: 'ε', range: bounds.epsilon, default: 1e-8, help: 'added to √s so the step stays finite' };
