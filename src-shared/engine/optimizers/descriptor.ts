/**
 * What one optimizer is, in one place: its hyperparameters (bounds, defaults, help), the moment
 * buffers it keeps and its update. The registry (registry.ts) derives from these the config
 * schema, the saved state's schema, the fast path's bookkeeping, the adjust schema and the
 * command line's flags and help.
 */
import type { NumberRange } from '../bounds';
import type { FloatArray } from '../types';

export interface HyperparameterSpec {
  /** The symbol a person reads: β, β1, β2, ε. */
  readonly symbol: string;
  readonly range: NumberRange;
  readonly default: number;
  /** One line: what it weighs or guards. */
  readonly help: string;
}

/** A tensor's moment buffers, null where the optimizer keeps none. */
export interface Moments {
  v: Float64Array | null;
  s: Float64Array | null;
}

export interface UpdateContext {
  /** 1 − Π β1 and 1 − Π β2 over the steps so far, this step included (Adam's bias corrections). */
  correction1: number;
  correction2: number;
}

export interface OptimizerDescriptor<K extends string = string, H extends string = string> {
  readonly kind: K;
  readonly label: string;
  /** The update rule in one line. */
  readonly help: string;
  readonly hyperparameters: { readonly [P in H]: HyperparameterSpec };
  /** Which moment buffers it keeps: v (first moment / velocity), s (second moment). */
  readonly moments: { readonly v: boolean; readonly s: boolean };
  /** Updates w in place from its gradient dW with learning rate α (moments as declared above). */
  update(w: FloatArray, dW: FloatArray, moments: Moments, alpha: number, hyper: Readonly<Record<H, number>>, context: UpdateContext): void;
}
