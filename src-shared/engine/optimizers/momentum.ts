/** Momentum, the course's form (no bias correction):  v = β·v + (1−β)·dW;  W −= α·v. */
import type { OptimizerDescriptor } from './descriptor';
import { beta } from './hyperparameters';

export const momentum: OptimizerDescriptor<'momentum', 'beta'> = {
  kind: 'momentum',
  label: 'Momentum',
  help: 'v = β·v + (1−β)·dW;  W −= α·v',
  hyperparameters: { beta },
  moments: { v: true, s: false },
  update(w, dW, moments, alpha, hyper) {
    const v = moments.v!;
    const b = hyper.beta;
    for (let i = 0; i < w.length; i++) {
      // v = β·v + (1−β)·dW
      v[i] = b * v[i]! + (1 - b) * dW[i]!;
      // W −= α·v
      w[i]! -= alpha * v[i]!;
    }
  },
};
