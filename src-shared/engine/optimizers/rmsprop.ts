/** RMSprop:  s = β2·s + (1−β2)·dW²;  W −= α·dW/(√s + ε). */
import type { OptimizerDescriptor } from './descriptor';
import { beta2, epsilon } from './hyperparameters';

export const rmsprop: OptimizerDescriptor<'rmsprop', 'beta2' | 'epsilon'> = {
  kind: 'rmsprop',
  label: 'RMSprop',
  help: 's = β2·s + (1−β2)·dW²;  W −= α·dW/(√s + ε)',
  hyperparameters: { beta2, epsilon },
  moments: { v: false, s: true },
  update(w, dW, moments, alpha, hyper) {
    const s = moments.s!;
    const b2 = hyper.beta2;
    const eps = hyper.epsilon;
    for (let i = 0; i < w.length; i++) {
      const g = dW[i]!;
      // s = β2·s + (1−β2)·dW²
      s[i] = b2 * s[i]! + (1 - b2) * g * g;
      // W −= α·dW/(√s + ε)
      w[i]! -= (alpha * g) / (Math.sqrt(s[i]!) + eps);
    }
  },
};
