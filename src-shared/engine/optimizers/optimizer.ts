/**
 * The TypeScript engine's optimizer: any kind of the registry, updating parameter tensors in
 * place from their grads, with the step count, Adam's running products Π β and every moment in
 * a JSON-safe state that the fast path (fast/optimizer-bookkeeping.ts) saves in the same form.
 */
import type { z } from 'zod';
import type { FloatArray } from '../types';
import type { Moments, UpdateContext } from './descriptor';
import {
  changeHyperparameters,
  hyperparameterDefaults,
  momentsOf,
  OptimizerConfig,
  optimizers,
  OptimizerState,
  type Hyperparameters,
  type OptimizerHyperparameters,
  type OptimizerKind,
} from './registry';

/** What an optimizer needs of a parameter tensor. */
export interface OptimizerParameter {
  readonly name: string;
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

export interface Optimizer {
  readonly kind: OptimizerKind;
  /** One update of every tensor with learning rate α. */
  step(parameters: readonly OptimizerParameter[], learningRate: number): void;
  /** The current β's and ε (every field; a kind reads only its own, see hyperparametersOf). */
  hyperparameters(): Hyperparameters;
  /** Changes β's or ε between steps; the moments and step count are kept. Keys this kind does not use are ignored. */
  setHyperparameters(hyper: OptimizerHyperparameters): void;
  /** JSON-safe state: hyperparameters, step count and every moment, enough to continue bit for bit. */
  getState(): OptimizerState;
  /** Restores a state from getState (possibly after JSON); throws a readable error when it does not fit. */
  setState(state: unknown): void;
}

/** Builds an optimizer from a config (schema defaults applied, so `{ kind: 'adam' }` is enough). */
export function createOptimizer(input: z.input<typeof OptimizerConfig>): Optimizer {
  const config = OptimizerConfig.parse(input);
  const { kind, ...configured } = config;
  let hyper: Hyperparameters = { ...hyperparameterDefaults, ...configured };
  let step = 0;
  let beta1Power = 1;
  let beta2Power = 1;
  let moments = new Map<string, Moments>();
  const descriptor = optimizers[kind];
  const keeps = momentsOf[kind];

  const momentsFor = (name: string, length: number): Moments => {
    let found = moments.get(name);
    if (!found) {
      found = { v: keeps.v ? new Float64Array(length) : null, s: keeps.s ? new Float64Array(length) : null };
      moments.set(name, found);
    }
    const size = found.v?.length ?? found.s?.length ?? length;
    if (size !== length) throw new Error(`Optimizer state for "${name}" has ${size} values but the tensor has ${length}.`);
    return found;
  };

  return {
    kind,
    step(parameters, learningRate) {
      step += 1;
      beta1Power *= hyper.beta1;
      beta2Power *= hyper.beta2;
      const context: UpdateContext = { correction1: 1 - beta1Power, correction2: 1 - beta2Power };
      for (const p of parameters) descriptor.update(p.value, p.grad, momentsFor(p.name, p.value.length), learningRate, hyper, context);
    },
    hyperparameters: () => ({ ...hyper }),
    setHyperparameters(changes) {
      hyper = changeHyperparameters(kind, hyper, changes);
    },
    getState() {
      const saved: OptimizerState['moments'] = {};
      for (const [name, m] of moments) {
        saved[name] = {};
        if (m.v) saved[name].v = Array.from(m.v);
        if (m.s) saved[name].s = Array.from(m.s);
      }
      return { kind, step, hyperparameters: { ...hyper }, beta1Power, beta2Power, moments: saved };
    },
    setState(input) {
      const parsed = OptimizerState.safeParse(input);
      if (!parsed.success) throw new Error(`This is not a saved optimizer state: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
      const state = parsed.data;
      if (state.kind !== kind) throw new Error(`The saved optimizer state is for ${state.kind}, but this run uses ${kind}.`);
      const restored = new Map<string, Moments>();
      for (const [name, m] of Object.entries(state.moments)) {
        if (keeps.v !== (m.v !== undefined) || keeps.s !== (m.s !== undefined)) {
          throw new Error(`The saved ${kind} state for "${name}" lacks the moments ${kind} keeps.`);
        }
        if (m.v && m.s && m.v.length !== m.s.length) throw new Error(`The saved moments of "${name}" differ in length.`);
        restored.set(name, { v: m.v ? Float64Array.from(m.v) : null, s: m.s ? Float64Array.from(m.s) : null });
      }
      moments = restored;
      hyper = { ...state.hyperparameters };
      step = state.step;
      beta1Power = state.beta1Power;
      beta2Power = state.beta2Power;
    },
  };
}
