/**
 * Every hidden activation as one entry: its forward a = g(z) and its backward dL/dz = dL/da · g'(·)
 * side by side (the micrograd / TensorFlow Playground pairing), with the words a person reads. Each
 * entry loops over whole arrays, so the layer makes one call per pass, not one per element.
 * A new kind is one entry here plus its name in spec.ts's activationKinds; the compiler then names
 * the other tables that must say something about it (the fast path's kernels, the tests' reference).
 */
import { activationKinds, type ActivationKind } from './spec';
import type { FloatArray } from './types';

/** The default leaky-ReLU slope for z < 0 when the spec gives none. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

export interface ActivationDescriptor {
  /** Display name, e.g. "Leaky ReLU". */
  readonly label: string;
  /** One line, in the course's terms. */
  readonly help: string;
  /** Whether g reads the slope α (the editor shows the field, the CLI accepts it). */
  readonly usesAlpha: boolean;
  /** Offered as a hidden-layer activation by the command line's --activation. */
  readonly hidden: boolean;
  /** a = g(z) for the first n values. */
  forward(z: FloatArray, a: FloatArray, n: number, alpha: number): void;
  /** dL/dz = dL/da · g'(·) for the first n values, from z or from a = g(z), whichever is cheaper. */
  backward(z: FloatArray, a: FloatArray, dLdA: FloatArray, dLdZ: FloatArray, n: number, alpha: number): void;
}

export const activations: Record<ActivationKind, ActivationDescriptor> = {
  relu: {
    label: 'ReLU',
    help: 'max(0, z): cheap, and its gradient does not vanish for z > 0.',
    usesAlpha: false,
    hidden: true,
    forward(z, a, n) {
      // a = max(0, z)
      for (let i = 0; i < n; i++) a[i] = z[i]! > 0 ? z[i]! : 0;
    },
    backward(z, _a, dLdA, dLdZ, n) {
      // dL/dz = dL/da · [z > 0]
      for (let i = 0; i < n; i++) dLdZ[i] = z[i]! > 0 ? dLdA[i]! : 0;
    },
  },
  'leaky-relu': {
    label: 'Leaky ReLU',
    help: 'z for z > 0, α·z otherwise: ReLU with a small slope so no unit dies.',
    usesAlpha: true,
    hidden: true,
    forward(z, a, n, alpha) {
      // a = z if z > 0 else α·z
      for (let i = 0; i < n; i++) a[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!;
    },
    backward(z, _a, dLdA, dLdZ, n, alpha) {
      // dL/dz = dL/da · (1 if z > 0 else α)
      for (let i = 0; i < n; i++) dLdZ[i] = z[i]! > 0 ? dLdA[i]! : alpha * dLdA[i]!;
    },
  },
  tanh: {
    label: 'tanh',
    help: 'tanh(z), from −1 to 1 and centred on 0.',
    usesAlpha: false,
    hidden: true,
    forward(z, a, n) {
      // a = tanh(z)
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
    },
    backward(_z, a, dLdA, dLdZ, n) {
      // dL/dz = dL/da · (1 − a²)
      for (let i = 0; i < n; i++) dLdZ[i] = dLdA[i]! * (1 - a[i]! * a[i]!);
    },
  },
  sigmoid: {
    label: 'sigmoid',
    help: '1/(1 + e^−z), from 0 to 1.',
    usesAlpha: false,
    hidden: true,
    forward(z, a, n) {
      // a = 1 / (1 + e^−z)
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]!);
    },
    backward(_z, a, dLdA, dLdZ, n) {
      // dL/dz = dL/da · a(1 − a)
      for (let i = 0; i < n; i++) dLdZ[i] = dLdA[i]! * a[i]! * (1 - a[i]!);
    },
  },
  linear: {
    label: 'linear',
    help: 'z unchanged (no non-linearity).',
    usesAlpha: false,
    hidden: false,
    forward(z, a, n) {
      // a = z
      for (let i = 0; i < n; i++) a[i] = z[i]!;
    },
    backward(_z, _a, dLdA, dLdZ, n) {
      // dL/dz = dL/da
      for (let i = 0; i < n; i++) dLdZ[i] = dLdA[i]!;
    },
  },
};

/** The kinds the command line offers for hidden layers, in spec order. */
export const hiddenActivationKinds: readonly ActivationKind[] = activationKinds.filter((kind) => activations[kind].hidden);

/** σ(z) = 1 / (1 + e^−z), evaluated without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
