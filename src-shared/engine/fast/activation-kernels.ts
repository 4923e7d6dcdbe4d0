/**
 * How the fast path runs each activation kind (a Record over the same kinds as ../activations.ts,
 * so a new kind does not compile until it is decided here): its WebAssembly kernels; 'identity'
 * when a = z costs nothing (the scratch layout makes a and z one buffer); or null when the fast
 * path has no kernel for it, and the TypeScript engine trains the model instead.
 */
import type { ActivationKind } from '../spec';
import type { Kernels } from './kernels';

export interface ActivationKernels {
  /** a = g(z) over n values at byte offsets z and a. */
  forward(k: Kernels, z: number, a: number, n: number, alpha: number): void;
  /** dL/dz = dL/da · g'(·) over n values. */
  backward(k: Kernels, z: number, a: number, dLdA: number, dLdZ: number, n: number, alpha: number): void;
}

export const activationKernels: Record<ActivationKind, ActivationKernels | 'identity' | null> = {
  relu: {
    forward: (k, z, a, n) => k.reluForward(z, a, n),
    backward: (k, z, _a, dLdA, dLdZ, n) => k.reluBackward(z, dLdA, dLdZ, n),
  },
  'leaky-relu': {
    forward: (k, z, a, n, alpha) => k.leakyReluForward(z, a, n, alpha),
    backward: (k, z, _a, dLdA, dLdZ, n, alpha) => k.leakyReluBackward(z, dLdA, dLdZ, n, alpha),
  },
  tanh: {
    forward: (k, z, a, n) => k.tanhForward(z, a, n),
    backward: (k, _z, a, dLdA, dLdZ, n) => k.tanhBackward(a, dLdA, dLdZ, n),
  },
  sigmoid: {
    forward: (k, z, a, n) => k.sigmoidForward(z, a, n),
    backward: (k, _z, a, dLdA, dLdZ, n) => k.sigmoidBackward(a, dLdA, dLdZ, n),
  },
  linear: 'identity',
};

/** Whether the fast path runs this kind as a = z in place (no buffer, no kernel). */
export function isIdentityActivation(fn: ActivationKind): boolean {
  return activationKernels[fn] === 'identity';
}
