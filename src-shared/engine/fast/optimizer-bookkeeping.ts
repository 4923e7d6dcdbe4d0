/**
 * The scalar side of an optimizer for the fast path: hyperparameters, step count and Adam's
 * running products Π β (the moments themselves live in WebAssembly memory). Follows
 * ../optimizers.ts exactly, and saves the same OptimizerState, so a run can move between backends.
 */
import { OptimizerConfig, type OptimizerHyperparameters, type OptimizerKind } from '../config';
import { hyperparametersOf, OptimizerState } from '../optimizers';

type Hyper = OptimizerState['hyperparameters'];

/** Defaults for the hyperparameters a kind does not read, so a saved state has every field. */
const UNUSED: Hyper = { beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const HyperSchema = OptimizerState.shape.hyperparameters;

/** Which moment buffers a kind keeps: v (first moment / velocity) and s (second moment). */
export const momentBuffers: Record<OptimizerKind, { v: boolean; s: boolean }> = {
  gd: { v: false, s: false },
  momentum: { v: true, s: false },
  rmsprop: { v: false, s: true },
  adam: { v: true, s: true },
};

export class OptimizerBookkeeping {
  readonly kind: OptimizerKind;
  hyper: Hyper;
  step = 0;
  beta1Power = 1;
  beta2Power = 1;

  constructor(config: OptimizerConfig) {
    const { kind, ...given } = config;
    this.kind = kind;
    this.hyper = { ...UNUSED, ...given };
  }

  /** Starts step t + 1; then 1 − beta1Power and 1 − beta2Power are Adam's corrections for it. */
  advance(): void {
    this.step += 1;
    this.beta1Power *= this.hyper.beta1;
    this.beta2Power *= this.hyper.beta2;
  }

  setHyperparameters(changes: OptimizerHyperparameters): void {
    const next = { ...this.hyper };
    for (const key of hyperparametersOf[this.kind]) {
      const value = changes[key];
      if (value !== undefined) next[key] = value;
    }
    const checked = HyperSchema.safeParse(next);
    if (!checked.success) {
      throw new Error(`Invalid optimizer hyperparameters: β's must be in [0, 1) and ε in (0, 1]; got ${JSON.stringify(changes)}.`);
    }
    this.hyper = checked.data;
  }

  /** The saved form, given each tensor's moments (only after a first step, as the TypeScript engine does). */
  toState(moments: OptimizerState['moments']): OptimizerState {
    return {
      kind: this.kind,
      step: this.step,
      hyperparameters: { ...this.hyper },
      beta1Power: this.beta1Power,
      beta2Power: this.beta2Power,
      moments: this.step > 0 ? moments : {},
    };
  }

  /** Takes the scalars of a state checked by parseOptimizerState. */
  restore(state: OptimizerState): void {
    this.hyper = { ...state.hyperparameters };
    this.step = state.step;
    this.beta1Power = state.beta1Power;
    this.beta2Power = state.beta2Power;
  }
}

/** Validates a saved state (from JSON, a file, IPC) for an optimizer of this kind. */
export function parseOptimizerState(input: unknown, kind: OptimizerKind): OptimizerState {
  const parsed = OptimizerState.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`This is not a saved optimizer state: ${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`.trim());
  }
  const state = parsed.data;
  if (state.kind !== kind) throw new Error(`The saved optimizer state is for ${state.kind}, but this run uses ${kind}.`);
  return state;
}
