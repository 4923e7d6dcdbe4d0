/** Gradient descent:  W −= α·dW. */
import type { OptimizerDescriptor } from './descriptor';

export const gd: OptimizerDescriptor<'gd', never> = {
  kind: 'gd',
  label: 'Gradient descent',
  help: 'W −= α·dW',
  hyperparameters: {},
  moments: { v: false, s: false },
  update(w, dW, _moments, alpha) {
    // W −= α·dW
    for (let i = 0; i < w.length; i++) w[i]! -= alpha * dW[i]!;
  },
};
