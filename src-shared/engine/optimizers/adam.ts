/**
 * Adam:  v = β1·v + (1−β1)·dW;  s = β2·s + (1−β2)·dW²;  v̂ = v/(1−β1^t);  ŝ = s/(1−β2^t);
 *        W −= α·v̂/(√ŝ + ε).
 * β^t is kept as the running product Π_k β_k (registry.ts), which equals β^t while β is constant
 * and stays the exact bias correction when β is changed between steps (the weights of an EWA
 * whose β varies sum to 1 − Π β_k).
 */
import type { OptimizerDescriptor } from './descriptor';
import { beta1, beta2, epsilon } from './hyperparameters';

export const adam: OptimizerDescriptor<'adam', 'beta1' | 'beta2' | 'epsilon'> = {
  kind: 'adam',
  label: 'Adam',
  help: 'v = β1·v + (1−β1)·dW;  s = β2·s + (1−β2)·dW²;  W −= α·v̂/(√ŝ + ε) with bias-corrected v̂, ŝ',
  hyperparameters: { beta1, beta2, epsilon },
  moments: { v: true, s: true },
  update(w, dW, moments, alpha, hyper, { correction1, correction2 }) {
    const v = moments.v!;
    const s = moments.s!;
    const b1 = hyper.beta1;
    const b2 = hyper.beta2;
    const eps = hyper.epsilon;
    for (let i = 0; i < w.length; i++) {
      const g = dW[i]!;
      // v = β1·v + (1−β1)·dW;  s = β2·s + (1−β2)·dW²
      v[i] = b1 * v[i]! + (1 - b1) * g;
      s[i] = b2 * s[i]! + (1 - b2) * g * g;
      // W −= α·v̂/(√ŝ + ε), v̂ = v/(1−β1^t), ŝ = s/(1−β2^t)
      w[i]! -= (alpha * (v[i]! / correction1)) / (Math.sqrt(s[i]! / correction2) + eps);
    }
  },
};
