/**
 * The scalar side of an optimizer for the fast path: hyperparameters, step count and Adam's
 * running products Π β (the moments themselves live in WebAssembly memory). Follows
 * ../optimizers/optimizer.ts exactly, and saves the same OptimizerState, so a run can move between backends.
 */
import type { OptimizerConfig, OptimizerHyperparameters, OptimizerKind } from '../config';
import { changeHyperparameters, hyperparameterDefaults, momentsOf, OptimizerState, type Hyperparameters } from '../optimizers/registry';

/** Which moment buffers a kind keeps: v (first moment / velocity) and s (second moment); from each optimizer's file. */
export const momentBuffers = momentsOf;

export class OptimizerBookkeeping {
  readonly kind: OptimizerKind;
  hyper: Hyperparameters;
  step = 0;
  beta1Power = 1;
  beta2Power = 1;

  constructor(config: OptimizerConfig) {
    const { kind, ...given } = config;
    this.kind = kind;
    this.hyper = { ...hyperparameterDefaults, ...given };
  }

  /** Starts step t + 1; then 1 − beta1Power and 1 − beta2Power are Adam's corrections for it. */
  advance(): void {
    this.step += 1;
    this.beta1Power *= this.hyper.beta1;
    this.beta2Power *= this.hyper.beta2;
  }

  setHyperparameters(changes: OptimizerHyperparameters): void {
    this.hyper = changeHyperparameters(this.kind, this.hyper, changes);
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
