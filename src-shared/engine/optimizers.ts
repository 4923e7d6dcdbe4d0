/**
 * Optimizers, keyed by OptimizerConfig.kind, updating parameter tensors in place from their grads:
 *   gd        W −= α·dW
 *   momentum  v = β·v + (1−β)·dW;                 W −= α·v            (the course's form, no bias correction)
 *   rmsprop   s = β2·s + (1−β2)·dW²;              W −= α·dW/(√s + ε)
 *   adam      v = β1·v + (1−β1)·dW;  s = β2·s + (1−β2)·dW²;
 *             v̂ = v/(1−β1^t);  ŝ = s/(1−β2^t);   W −= α·v̂/(√ŝ + ε)
 * Adam's β^t is kept as the running product Π_k β_k, which equals β^t while β is constant and
 * stays the exact bias correction when β is changed between steps (the weights of an EWA whose
 * β varies sum to 1 − Π β_k).
 */
import { z } from 'zod';
import { OptimizerConfig, type OptimizerHyperparameters, type OptimizerKind } from './config';
import type { FloatArray } from './types';

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
  hyperparameters(): Required<OptimizerHyperparameters>;
  /** Changes β's or ε between steps; the moments and step count are kept. Keys this kind does not use are ignored. */
  setHyperparameters(hyper: OptimizerHyperparameters): void;
  /** JSON-safe state: hyperparameters, step count and every moment, enough to continue bit for bit. */
  getState(): OptimizerState;
  /** Restores a state from getState (possibly after JSON); throws a readable error when it does not fit. */
  setState(state: unknown): void;
}

type Moments = { v: Float64Array | null; s: Float64Array | null };

const Hyperparameters = z
  .object({ beta: z.number().min(0).lt(1), beta1: z.number().min(0).lt(1), beta2: z.number().min(0).lt(1), epsilon: z.number().positive().max(1) })
  .strict();

export const OptimizerState = z
  .object({
    kind: z.enum(['gd', 'momentum', 'rmsprop', 'adam']),
    step: z.number().int().min(0),
    hyperparameters: Hyperparameters,
    /** Π β1 and Π β2 over the steps taken (Adam's bias correction). */
    beta1Power: z.number().min(0).max(1),
    beta2Power: z.number().min(0).max(1),
    moments: z.record(z.string(), z.object({ v: z.array(z.number()).optional(), s: z.array(z.number()).optional() }).strict()),
  })
  .strict();
export type OptimizerState = z.infer<typeof OptimizerState>;

/** Which moment buffers each kind keeps. */
const momentsOf: Record<OptimizerKind, { v: boolean; s: boolean }> = {
  gd: { v: false, s: false },
  momentum: { v: true, s: false },
  rmsprop: { v: false, s: true },
  adam: { v: true, s: true },
};

/** Which hyperparameters each kind reads. */
export const hyperparametersOf: Record<OptimizerKind, readonly (keyof OptimizerHyperparameters)[]> = {
  gd: [],
  momentum: ['beta'],
  rmsprop: ['beta2', 'epsilon'],
  adam: ['beta1', 'beta2', 'epsilon'],
};

type Hyper = z.infer<typeof Hyperparameters>;
interface UpdateContext {
  hyper: Hyper;
  /** 1 − Π β1, 1 − Π β2 for this step (Adam). */
  correction1: number;
  correction2: number;
}

/** The per-tensor update of each kind. */
export const optimizerRegistry: Record<OptimizerKind, (w: FloatArray, dW: FloatArray, moments: Moments, alpha: number, context: UpdateContext) => void> = {
  gd(w, dW, _moments, alpha) {
    // W −= α·dW
    for (let i = 0; i < w.length; i++) w[i]! -= alpha * dW[i]!;
  },
  momentum(w, dW, moments, alpha, { hyper }) {
    const v = moments.v!;
    const beta = hyper.beta;
    for (let i = 0; i < w.length; i++) {
      // v = β·v + (1−β)·dW
      v[i] = beta * v[i]! + (1 - beta) * dW[i]!;
      // W −= α·v
      w[i]! -= alpha * v[i]!;
    }
  },
  rmsprop(w, dW, moments, alpha, { hyper }) {
    const s = moments.s!;
    const { beta2, epsilon } = hyper;
    for (let i = 0; i < w.length; i++) {
      const g = dW[i]!;
      // s = β2·s + (1−β2)·dW²
      s[i] = beta2 * s[i]! + (1 - beta2) * g * g;
      // W −= α·dW/(√s + ε)
      w[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + epsilon);
    }
  },
  adam(w, dW, moments, alpha, { hyper, correction1, correction2 }) {
    const v = moments.v!;
    const s = moments.s!;
    const { beta1, beta2, epsilon } = hyper;
    for (let i = 0; i < w.length; i++) {
      const g = dW[i]!;
      // v = β1·v + (1−β1)·dW;  s = β2·s + (1−β2)·dW²
      v[i] = beta1 * v[i]! + (1 - beta1) * g;
      s[i] = beta2 * s[i]! + (1 - beta2) * g * g;
      // W −= α·v̂/(√ŝ + ε), v̂ = v/(1−β1^t), ŝ = s/(1−β2^t)
      w[i]! -= (alpha * (v[i]! / correction1)) / (Math.sqrt(s[i]! / correction2) + epsilon);
    }
  },
};

/** Defaults for hyperparameters a kind does not use, so the state always has every field. */
const UNUSED: Hyper = { beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Builds an optimizer from a config (schema defaults applied, so `{ kind: 'adam' }` is enough). */
export function createOptimizer(input: z.input<typeof OptimizerConfig>): Optimizer {
  const config = OptimizerConfig.parse(input);
  const { kind, ...configured } = config;
  let hyper: Hyper = { ...UNUSED, ...configured };
  let step = 0;
  let beta1Power = 1;
  let beta2Power = 1;
  let moments = new Map<string, Moments>();
  const update = optimizerRegistry[kind];
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
      const context: UpdateContext = { hyper, correction1: 1 - beta1Power, correction2: 1 - beta2Power };
      for (const p of parameters) update(p.value, p.grad, momentsFor(p.name, p.value.length), learningRate, context);
    },
    hyperparameters: () => ({ ...hyper }),
    setHyperparameters(changes) {
      const next = { ...hyper };
      for (const key of hyperparametersOf[kind]) {
        const value = changes[key];
        if (value !== undefined) next[key] = value;
      }
      const checked = Hyperparameters.safeParse(next);
      if (!checked.success) {
        throw new Error(`Invalid optimizer hyperparameters: β's must be in [0, 1) and ε in (0, 1]; got ${JSON.stringify(changes)}.`);
      }
      hyper = checked.data;
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
